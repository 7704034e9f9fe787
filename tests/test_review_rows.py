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

from seedsoil import cascade, claims, data, feedback, followup, inputs, recurrence, sites
from seedsoil.exercises import check
from seedsoil.text import YamlProblem, load_yaml

RIGHT_STEPS = ["local_invasion", "intravasation", "circulation", "arrest", "extravasation", "colonisation"]


def _right_steps():
    return list(cascade.steps().query("not optional")["step"])


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
    ],
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
