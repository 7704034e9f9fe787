"""Rows of the December reliability review (`shared/reviews/2026-12-reliability-table.md`), each
reproduced and each ending in a correct result or a clear one-line error (issue 27).

A row's number is the review's. Rows about whole builds, pages and decks are in
test_hostile_content.py (SECURITY), test_tags.py (row 604), test_serve.py (669) and
test_build_safety.py (LOST, HANG); the course.yml rows are in test_course.py.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from seedsoil import (
    cascade,
    claims,
    course,
    data,
    exercises,
    feedback,
    followup,
    inputs,
    living,
    quiz,
    recurrence,
    sites,
    spread,
)
from seedsoil.exercises import check
from seedsoil.lessons import finding_and_following, hereditary, start_here, where_it_spreads
from seedsoil.text import YamlProblem, load_yaml

RIGHT_STEPS = ["local_invasion", "intravasation", "circulation", "arrest", "extravasation", "colonisation"]


def _right_steps():
    return list(cascade.steps().query("not optional")["step"])


HALVES = {"a": 0.5, "b": 0.5}
MILLION = dict.fromkeys(range(1_000_000), "a")


def _periods():
    return recurrence.hazard_periods("positive")


def _pathway_with_a_last_step():
    table = followup.pathway().copy()
    table["leads_to"] = table["leads_to"].astype(object)
    table.loc[table.index[-1], "leads_to"] = pd.NA  # a step that leads nowhere
    return table


def _before_spread_network():
    import networkx as nx

    return sorted(nx.ancestors(course.course_graph(), "spread_network"))


def _explain_items():
    from seedsoil.feedback import KINDS

    return [item for item, kind in KINDS.items() if kind == "explain"]


# (row, what is done, what must come of it): a value to compare with, or an exception type and
# the words its one-line message must hold
CASES = [
    # DEEP: an overflow or a signalling NaN said in words
    (5, lambda: inputs.finite("x", 10**400), (ValueError, "finite number of ordinary size")),
    (6, lambda: inputs.finite("x", Decimal("sNaN")), (ValueError, "finite number of ordinary size")),
    (25, lambda: cascade.attrition(10**400, cascade.ILLUSTRATIVE), (ValueError, "n_cells must be at most")),
    (85, lambda: sites.effects(["bone"]), (TypeError, "one site's name as text")),
    # WRONG: values straight from the course's own tables are numbers too
    (18, lambda: list(inputs.numbers("t", pd.Series([1, 2], dtype="Int64"))), [1.0, 2.0]),
    (
        169,
        lambda: round(
            recurrence.cumulative_incidence(recurrence.hazard_periods("positive"), pd.Series([10], dtype="Int64")).iloc[
                0
            ],
            1,
        ),
        53.5,
    ),
    (71, lambda: sites.proportion_ci(Decimal(5), 10) == sites.proportion_ci(5, 10), True),
    (75, lambda: (sites.proportion_ci(0, 10)[0], sites.proportion_ci(10, 10)[1]), (0.0, 1.0)),
    (207, lambda: followup.her2_category("2+", np.bool_(True)), "HER2-positive"),
    (228, lambda: followup.recist(80, 50, 58, new_lesions=np.bool_(False)), "stable disease"),
    (288, lambda: (data.resource("claims").update(name="changed"), data.resource("claims")["name"])[1], "claims"),
    # SILENT: a contradiction refused
    (212, lambda: followup.her2_category("0", ish_amplified=True), (ValueError, "discordant result")),
    (213, lambda: followup.her2_category("1+", ish_amplified=True), (ValueError, "discordant result")),
    # HANG/OOM: bounded
    (12, lambda: inputs.numbers("x", itertools.count()), (Exception, "")),
    (196, lambda: claims.red_flags("cure " * 10_000_000), (ValueError, "at most 200,000 characters")),
    (587, lambda: load_yaml("a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n", "course.yml"), (YamlProblem, "aliases")),
    # check(): every answer shape ends in Correct, Not yet with a reason, or a type hint
    (386, lambda: check("ex00-1", Decimal(0)).message, "is too low"),
    (399, lambda: check("ex00-2", pd.DataFrame(columns=["start_here", "breast_to_body"])).message, "a whole table"),
    (349, lambda: check("ex00-2", np.array([1.0, 2.0])).message, "names in quotes"),
    (351, lambda: check("ex02-1", np.array([["a", "b"], ["c", "d"]])).message, "2-dimensional array"),
    (352, lambda: check("ex02-1", pd.Series([1, 2])).message, "names in quotes"),
    (356, lambda: check("ex02-1", bytearray(b"local")).message, "list of names"),
    (368, lambda: check("ex00-2", [None, None]).message, "print() results"),
    (369, lambda: check("ex02-1", [0, 1, 2, 3, 4]).message, "names in quotes"),
    (402, lambda: check("ex00-2", ["start_here", "breast_to_body", None]).message, "names in quotes"),
    (420, lambda: check("ex02-1", (s for s in _right_steps())).correct, True),
    (421, lambda: check("ex02-1", pd.Series(_right_steps())).correct, True),
    (422, lambda: check("ex02-1", np.array(_right_steps())).correct, True),
    (425, lambda: check("ex02-1", [None] * 7).message, "names in quotes"),
    (339, lambda: len(check("ex00-3", "x" * 10_000_000).message) < 500, True),
    (275, lambda: feedback.choice("x", "a", "a", {}), (ValueError, "needs options")),
    # DEEP and SILENT rows of the library, December review (second part)
    (76, lambda: sites.proportion_ci(0.706, 263), (ValueError, "give k = 0.706 × 263 = 185.7")),
    (94, lambda: spread.validate([[1 + 1j]], ["a"]), (TypeError, "real numbers (not text or complex)")),
    (95, lambda: spread.validate([["0.5", "0.5"], ["1", "0"]], ["a", "b"]), (TypeError, "not text or complex")),
    (
        143,
        lambda: spread.occupancy(spread.illustrative_model(), np.zeros((1, 0), dtype=int), 0),
        (ValueError, "the 2-D array returned by simulate(), got shape (1, 0)"),
    ),
    (150, lambda: spread.fit_metropolis(HALVES, [("a", "b")], hold="0.5"), (TypeError, "hold must be a number")),
    (151, lambda: spread.fit_metropolis(HALVES, "ab"), (TypeError, "a list of pairs of site names")),
    (152, lambda: spread.fit_metropolis(HALVES, [("a", "b", "c")]), (ValueError, "neighbours[0] must be a pair")),
    (
        161,
        lambda: recurrence.check_periods(_periods().assign(years_from="five")),
        (TypeError, "periods['years_from'] must hold numbers only; got 'five'"),
    ),
    (167, lambda: recurrence.cumulative_incidence(_periods(), [10**400]), (ValueError, "finite numbers of ordinary")),
    (177, lambda: len(recurrence.simulate_cohort(_periods(), n=5, seed=1, follow_up=Decimal(10))), 5),
    (188, lambda: recurrence.kaplan_meier(pd.Series([1, 2, 3], dtype="Int64"), [1, 0, 1])["survival"].iloc[-1], 0.0),
    (
        189,
        lambda: recurrence.kaplan_meier(pd.Series([1, None, 3], dtype="Float64"), [1, 0, 1]),
        (ValueError, "times has a missing value (<NA>)"),
    ),
    (
        190,
        lambda: recurrence.kaplan_meier([1, 2, 3], pd.Series([True, None, False], dtype="boolean")),
        (ValueError, "events has a missing value (<NA>)"),
    ),
    (199, lambda: list(claims.red_flags("Ｍｉｒａｃｌｅ ｃｕｒｅ")["red flag"]), ["miracle wording"]),
    (225, lambda: followup.recist(10**400, 1, 1), (ValueError, "finite number of ordinary size")),
    (
        230,
        lambda: followup.pathway_graph(followup.pathway().drop(columns="leads_to")),
        (ValueError, "missing ['leads_to']"),
    ),
    (231, lambda: len(followup.pathway_graph(_pathway_with_a_last_step())), len(followup.pathway())),
    (247, lambda: living.endocrine_resistance("during adjuvant", 10**400), (ValueError, "finite number of ordinary")),
    (254, lambda: living.participation_ratio(5, 10**400), (ValueError, "finite number of ordinary size")),
    (262, lambda: len(quiz.check({i: "a" for i in range(1_000_000)}).message) < 2_000, True),
    (262, lambda: quiz.check({i: "a" for i in range(1_000_000)}).message, "and 999,995 more"),
    (270, lambda: feedback.number("x", 5, 5, rel_tol=-1), (ValueError, "rel_tol must be 0 or more")),
    (274, lambda: feedback.Feedback("x", "yes", "m"), (TypeError, "correct must be True, False or None")),
    (286, lambda: data.names(data_dir=123), (TypeError, "data_dir must be a path")),
    (298, lambda: course.load(123), (TypeError, "path must be a path")),
    (302, lambda: course.course_graph("x"), (TypeError, "course_graph() needs a course")),
    (313, lambda: where_it_spreads.body_map({"bone": 0.7}, "t"), (ValueError, "look like fractions")),
    (324, lambda: start_here.course_map("x"), (TypeError, "course_graph() needs a course")),
    (
        329,
        lambda: finding_and_following.testing_pathway(pd.DataFrame()),
        (ValueError, "needs a table with the columns"),
    ),
    (332, lambda: type(hereditary.icon_array(10, "$\\frac{$", "yes", "no")).__name__, "Figure"),
    # check() of every item with a dict of a million keys: short feedback
    (377, lambda: max(len(check(item, MILLION).message) for item in exercises.exercise_ids()) < 2_000, True),
    (401, lambda: check("ex00-2", _before_spread_network()).correct, True),
    (414, lambda: check("ex01-2", 18.2).correct, True),  # 2528 of 13832 is 18.28%, within 0.1
    (415, lambda: check("ex01-2", 18.4).message, "too high"),
    (423, lambda: check("ex02-1", iter(_right_steps())).correct, True),
    # eight junk words are not yet an answer to compare with the model
    (497, lambda: {check(i, "a b c d e f g h").self_check for i in _explain_items()}, {False}),
]


@pytest.mark.parametrize("row, action, expected", CASES, ids=[f"row{c[0]}" for c in CASES])
def test_review_row(row, action, expected):
    if isinstance(expected, tuple) and len(expected) == 2 and isinstance(expected[0], type):
        kind, words = expected
        with pytest.raises(kind) as caught:
            action()
        assert words in str(caught.value), f"row {row}: {caught.value}"
        assert "\n" not in str(caught.value).strip() or kind is Exception, f"row {row}: one line"
    elif isinstance(expected, str) and not isinstance(action(), bool) and expected not in ("HER2-positive",):
        assert expected in str(action()), f"row {row}"
    else:
        assert action() == expected, f"row {row}"


def _copy_data(tmp_path):
    import shutil

    from nbtools import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize(
    "row, table, key, value, exercise",
    [
        (537, "treatments", "id", "bone_rt", "ex08-1"),
        (538, "treatments", "id", "hrpos_1l_cdk46", "ex09-1"),
        (539, "disease_course", "quantity", None, "ex01-2"),
    ],
    ids=["row537", "row538", "row539"],
)
def test_a_row_a_check_needs_is_named_by_validate_all_and_never_met_as_a_wrong_answer(
    tmp_path, monkeypatch, row, table, key, value, exercise
):
    """A deleted row that an exercise needs: validate_all() names the exercise, and the learner's
    check() says it is a setup problem, not 'could not be checked (KeyError)'."""
    folder = _copy_data(tmp_path)
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if value is None:  # the de novo row of disease_course
        kept = [ln for ln in lines if "de novo" not in ln]
    else:
        kept = [ln for ln in lines if not ln.startswith(f"{value},")]
    assert len(kept) < len(lines)
    path.write_text("".join(kept), encoding="utf-8")
    monkeypatch.setenv("SEEDSOIL_DATA", str(folder))
    problems = [str(p) for p in data.validate_all()]
    # the exercise that needs the row, or (where another table points at it) the row itself
    assert any(exercise in p or (value and repr(value) in p) for p in problems), problems
    fb = check(exercise, 1)
    assert fb.setup_problem and "setup problem" in fb.message and "could not be checked (" not in fb.message


def _edit_row(folder, table, match, column, value):
    import csv
    import io

    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        if match(r):
            r[column] = value
            break
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    "row, table, match, column, value, words",
    [
        (536, "claims", lambda r: True, "id", "tamoxifen_first_choice ", "has spaces around it"),
        (550, "claims", lambda r: True, "claim", '=HYPERLINK("http://x")', "is a spreadsheet formula"),
        (
            513,
            "recurrence_hazard",
            lambda r: r["note"] == "the peak year",
            "value_percent",
            "0.05",
            "looks like a fraction",
        ),
        (
            540,
            "testing_pathway",
            lambda r: r["id"] == "staging",
            "leads_to",
            "biopsy;nowhere",
            "'nowhere' is not the id",
        ),
    ],
    ids=["row536-row641", "row550", "row513", "row540"],  # 641: the same slip met by the built quiz
)
def test_a_spreadsheets_slip_in_a_cell_is_named(tmp_path, row, table, match, column, value, words):
    folder = _copy_data(tmp_path)
    _edit_row(folder, table, match, column, value)
    problems = [str(p) for p in data.validate(table, folder)]
    assert any(words in p and f"data/{table}.csv" in p for p in problems), f"row {row}: {problems}"


def test_row524_old_mac_line_endings_are_read(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert data.validate("claims", folder) == []
    assert len(data.load("claims", folder)) == len(data.load("claims"))


def test_row220_recist_in_centimetres_is_refused():
    with pytest.raises(ValueError, match="looks like centimetres"):
        followup.recist(3, 2, 2.5)


def test_row617_a_student_copy_keeps_no_script_output():
    import nbformat

    from coursekit.build.student import student_copy

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<script>alert(1)</script><b>ok</b>"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(2)"}),
    ]
    nb.cells = [cell]
    outputs = student_copy(nb).cells[0].outputs
    assert outputs[0].data["text/html"] == "<b>ok</b>" and "application/javascript" not in outputs[1].data


def test_row643_a_wheel_of_another_project_is_refused(tmp_path):
    from coursekit.bundle import bundle

    from nbtools import ROOT

    other = tmp_path / "requests-2.0-py3-none-any.whl"
    other.write_bytes(b"PK")
    with pytest.raises(ValueError, match="not the course's student library"):
        bundle(ROOT, other, tmp_path)


# --- every row accounted for ----------------------------------------------------------------------

#: Every row of the review's table marked SECURITY, LOST, HANG/OOM, WRONG, DEEP or SILENT: its class,
#: and the test file that reproduces it (naming it ``row<N>`` in a test's name, id or docstring; in
#: this file, a row of CASES), or CONTRIBUTING.md for an acceptance documented in its "Bad input" table.
REVIEW = {
    5: ("DEEP", "test_review_rows.py"),
    6: ("DEEP", "test_review_rows.py"),
    12: ("HANG/OOM", "test_review_rows.py"),
    18: ("WRONG", "test_review_rows.py"),
    25: ("DEEP", "test_review_rows.py"),
    71: ("WRONG", "test_review_rows.py"),
    75: ("WRONG", "test_review_rows.py"),
    76: ("SILENT", "test_review_rows.py"),
    85: ("DEEP", "test_review_rows.py"),
    94: ("SILENT", "test_review_rows.py"),
    95: ("SILENT", "test_review_rows.py"),
    143: ("DEEP", "test_review_rows.py"),
    150: ("DEEP", "test_review_rows.py"),
    151: ("DEEP", "test_review_rows.py"),
    152: ("DEEP", "test_review_rows.py"),
    161: ("DEEP", "test_review_rows.py"),
    167: ("DEEP", "test_review_rows.py"),
    169: ("WRONG", "test_review_rows.py"),
    172: ("SILENT", "CONTRIBUTING.md"),
    177: ("WRONG", "test_review_rows.py"),
    188: ("WRONG", "test_review_rows.py"),
    189: ("DEEP", "test_review_rows.py"),
    190: ("DEEP", "test_review_rows.py"),
    196: ("HANG/OOM", "test_review_rows.py"),
    199: ("SILENT", "test_review_rows.py"),
    207: ("WRONG", "test_review_rows.py"),
    212: ("SILENT", "test_review_rows.py"),
    213: ("SILENT", "test_review_rows.py"),
    220: ("SILENT", "test_review_rows.py"),
    225: ("DEEP", "test_review_rows.py"),
    228: ("WRONG", "test_review_rows.py"),
    230: ("DEEP", "test_review_rows.py"),
    231: ("DEEP", "test_review_rows.py"),
    247: ("DEEP", "test_review_rows.py"),
    248: ("SILENT", "CONTRIBUTING.md"),
    254: ("DEEP", "test_review_rows.py"),
    262: ("SILENT", "test_review_rows.py"),
    270: ("DEEP", "test_review_rows.py"),
    274: ("DEEP", "test_review_rows.py"),
    275: ("SILENT", "test_review_rows.py"),
    286: ("DEEP", "test_review_rows.py"),
    288: ("WRONG", "test_review_rows.py"),
    298: ("DEEP", "test_review_rows.py"),
    302: ("DEEP", "test_review_rows.py"),
    313: ("SILENT", "test_review_rows.py"),
    324: ("DEEP", "test_review_rows.py"),
    329: ("DEEP", "test_review_rows.py"),
    332: ("DEEP", "test_review_rows.py"),
    339: ("SILENT", "test_review_rows.py"),
    349: ("DEEP", "test_review_rows.py"),
    351: ("DEEP", "test_review_rows.py"),
    352: ("DEEP", "test_review_rows.py"),
    356: ("DEEP", "test_review_rows.py"),
    368: ("DEEP", "test_review_rows.py"),
    369: ("DEEP", "test_review_rows.py"),
    377: ("SILENT", "test_review_rows.py"),
    386: ("WRONG", "test_review_rows.py"),
    399: ("WRONG", "test_review_rows.py"),
    401: ("DEEP", "test_review_rows.py"),
    402: ("DEEP", "test_review_rows.py"),
    414: ("WRONG", "test_review_rows.py"),
    415: ("WRONG", "test_review_rows.py"),
    420: ("WRONG", "test_review_rows.py"),
    421: ("WRONG", "test_review_rows.py"),
    422: ("WRONG", "test_review_rows.py"),
    423: ("WRONG", "test_review_rows.py"),
    425: ("DEEP", "test_review_rows.py"),
    497: ("SILENT", "test_review_rows.py"),
    513: ("SILENT", "test_review_rows.py"),
    524: ("DEEP", "test_review_rows.py"),
    536: ("WRONG", "test_review_rows.py"),
    537: ("WRONG", "test_review_rows.py"),
    538: ("WRONG", "test_review_rows.py"),
    539: ("WRONG", "test_review_rows.py"),
    540: ("SILENT", "test_review_rows.py"),
    550: ("SILENT", "test_review_rows.py"),
    556: ("SILENT", "test_course.py"),
    557: ("SILENT", "test_course.py"),
    558: ("DEEP", "test_course.py"),
    559: ("SILENT", "test_course.py"),
    560: ("SILENT", "test_course.py"),
    567: ("SILENT", "test_course.py"),
    568: ("SILENT", "test_course.py"),
    570: ("SILENT", "test_course.py"),
    571: ("SILENT", "test_course.py"),
    574: ("SILENT", "test_course.py"),
    576: ("SILENT", "test_course.py"),
    577: ("SILENT", "test_course.py"),
    581: ("SILENT", "test_course.py"),
    587: ("HANG/OOM", "test_review_rows.py"),
    589: ("WRONG", "test_build_safety.py"),
    590: ("WRONG", "test_build_safety.py"),
    604: ("SECURITY", "test_tags.py"),
    606: ("SECURITY", "test_hostile_content.py"),
    607: ("SECURITY", "test_hostile_content.py"),
    608: ("SILENT", "test_hostile_content.py"),
    609: ("SILENT", "test_hostile_content.py"),
    610: ("SECURITY", "test_hostile_content.py"),
    611: ("SILENT", "test_hostile_content.py"),
    612: ("SECURITY", "test_hostile_content.py"),
    614: ("SECURITY", "test_hostile_content.py"),
    617: ("SILENT", "test_review_rows.py"),
    619: ("SECURITY", "test_hostile_content.py"),
    620: ("DEEP", "test_build_safety.py"),
    621: ("DEEP", "test_build_safety.py"),
    622: ("HANG/OOM", "test_build_safety.py"),
    623: ("SILENT", "test_build_safety.py"),
    624: ("HANG/OOM", "test_build_safety.py"),
    625: ("SILENT", "test_build_safety.py"),
    626: ("SILENT", "test_build_safety.py"),
    630: ("SILENT", "test_build_safety.py"),
    636: ("SILENT", "test_build_safety.py"),
    637: ("LOST", "test_build_safety.py"),
    641: ("WRONG", "test_review_rows.py"),
    643: ("SILENT", "test_review_rows.py"),
    645: ("SILENT", "test_build_safety.py"),
    669: ("SILENT", "test_serve.py"),
    670: ("SILENT", "test_serve.py"),
    671: ("DEEP", "test_serve.py"),
    680: ("SILENT", "CONTRIBUTING.md"),
}

TABLE = "2026-12-reliability-table.md"


def test_the_list_is_the_reviews_own():
    """Where the review is at hand (beside the project, as on the team's machines), the list is its
    rows, no more and no fewer."""
    from nbtools import ROOT

    table = ROOT.parent / "shared" / "reviews" / TABLE
    if not table.is_file():
        pytest.skip(f"{table} is not on this machine")
    found = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0].isdigit() and cells[-1] in {"SECURITY", "LOST", "HANG/OOM", "WRONG", "DEEP", "SILENT"}:
            found[int(cells[0])] = cells[-1]
    assert found == {row: kind for row, (kind, _) in REVIEW.items()}


@pytest.mark.parametrize("row", sorted(REVIEW))
def test_every_row_is_reproduced_where_the_list_says(row):
    import re

    from nbtools import ROOT

    _, where = REVIEW[row]
    if where == "CONTRIBUTING.md":
        text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
        section = text[text.index("## Bad input") :]
        assert re.search(rf"^\| {row} \|", section, re.M), f"row {row}: not in CONTRIBUTING's Bad input table"
    elif where == "test_review_rows.py":
        here = (ROOT / "tests" / where).read_text(encoding="utf-8")
        assert row in {case[0] for case in CASES} or re.search(rf"row{row}(?!\d)", here), f"row {row}"
    else:
        text = (ROOT / "tests" / where).read_text(encoding="utf-8")
        assert re.search(rf"row{row}(?!\d)", text), f"row {row}: tests/{where} does not name row{row}"
