"""Bad input of every kind ends in a clear error or a correct result: library functions, answers
given to check(), damaged data files, the command line. Each case is a row of a reliability review,
numbered as the review numbers it, so that a finding can be traced.

``../shared/reviews/2026-11-reliability.md`` probed 296 bad inputs and faults. Every row it marked
deep crash (DC), wrong result (WR) or silent acceptance (SA), and each of its "10 worst", is
reproduced here with the review's own number and must now end in a clear error written by the
project (its type and the words that name the mistake) or in a correct result. Rows accepted on
purpose are listed, with the reason, in CONTRIBUTING.md ("Bad input: what the review found").

A few findings need a whole build and are reproduced where builds are tested:
3.41 (a failed build is atomic) in test_build_safety.py::test_a_failed_build_leaves_the_previous_course_untouched,
4.4 and 4.5 (a damaged state file, page or asset) in
test_build_safety.py::test_a_damaged_state_file_or_page_is_repaired_by_a_plain_build, and 5.8/5.9 (script
injection) in test_hostile_content.py, which builds the course with hostile strings in every source.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import warnings
from decimal import Decimal
from fractions import Fraction

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from coursekit import glossary
from coursekit.__main__ import main as coursekit
from coursekit.bench import simulate_loop
from seedsoil import cascade, course, data, feedback, lessons, quiz, recurrence, references, render, sites, soil, spread
from seedsoil.exercises import check, exercise_ids
from seedsoil.feedback import items, number, sorting

import markov
from nbtools import ROOT

matplotlib.use("Agg")

S = cascade.ILLUSTRATIVE
CHAIN = spread.illustrative_model()
PER = recurrence.hazard_periods("positive")


class Raises:
    """The row must end in this error type with a message matching ``words``."""

    def __init__(self, kind: type[BaseException] | tuple, words: str):
        self.kind, self.words = kind, words


def _deep(depth: int = 5000) -> list:
    nested: list = []
    for _ in range(depth):
        nested = [nested]
    return nested


class _Unprintable:
    def __str__(self):
        raise RuntimeError("str() fails")

    __repr__ = __str__


def _sums_to_one(series) -> bool:
    return math.isclose(float(series.sum()), 1.0, abs_tol=1e-9) and (series >= 0).all()


def _km_is_right(n: int = 300_000) -> bool:
    cohort = recurrence.simulate_cohort(PER, n=n, seed=1, follow_up=20)
    km = recurrence.kaplan_meier(cohort.time.to_numpy(), cohort.event.to_numpy())
    return km.at_risk.iloc[0] == n and km.survival.is_monotonic_decreasing and 0 < km.survival.iloc[-1] < 1


# (row, what the review tried, the call, Raises(...) or a test of the result)
PUBLIC = [
    (
        "1.7",
        "Decimal('0.5') is a probability",
        lambda: cascade.attrition(1000, {"local_invasion": Decimal("0.5")}),
        lambda r: r.passing.iloc[0] == 500,
    ),
    (
        "1.8",
        "Fraction(1, 2) too",
        lambda: cascade.attrition(1000, {"local_invasion": Fraction(1, 2)}),
        lambda r: r.passing.iloc[0] == 500,
    ),
    (
        "1.13",
        "n_cells beyond 64 bits",
        lambda: cascade.simulate(10**19, S, seed=1),
        Raises(ValueError, r"n_cells.*at most"),
    ),
    ("1.14", "negative seed", lambda: cascade.simulate(1000, S, seed=-1), Raises(ValueError, r"seed.*at least 0")),
    (
        "1.18",
        "infinitely many metastases",
        lambda: cascade.cells_needed(S, metastases=math.inf),
        Raises(ValueError, r"metastases.*finite"),
    ),
    ("1.19", "NaN metastases", lambda: cascade.cells_needed(S, metastases=math.nan), Raises(ValueError, r"metastases")),
    (
        "1.20",
        "a product that underflows is not 'a step has survival 0'",
        lambda: cascade.cells_needed({"local_invasion": 1e-200, "intravasation": 1e-200}),
        Raises(ValueError, r"10\^400 cells would be needed"),
    ),
    (
        "1.20b",
        "small survivals that do not overflow give the number",
        lambda: cascade.cells_needed({"local_invasion": 1e-150, "intravasation": 1e-150}),
        lambda r: math.isclose(r, 1e300, rel_tol=1e-9),
    ),
    (
        "1.22",
        "infinite observed value",
        lambda: soil.enrichment({"bone": math.inf, "liver": 5}),
        Raises(ValueError, r"'bone'.*finite"),
    ),
    (
        "1.27",
        "efficiency_index of nothing",
        lambda: soil.efficiency_index({}),
        Raises(ValueError, r"observed_percent is empty"),
    ),
    (
        "1.28",
        "efficiency_index('bone')",
        lambda: soil.efficiency_index("bone"),
        Raises(TypeError, r"observed_percent must be a dict"),
    ),
    (
        "1.29",
        "efficiency_index(None)",
        lambda: soil.efficiency_index(None),
        Raises(TypeError, r"observed_percent must be a dict"),
    ),
    (
        "1.32",
        "n = infinity",
        lambda: sites.proportion_ci(5, math.inf),
        Raises(ValueError, r"n must be a positive whole number"),
    ),
    ("1.38", "a huge but valid n", lambda: sites.proportion_ci(3, 10**300), lambda r: 0 < r[0] <= r[1] < 1e-299),
    ("1.39", "n beyond a float", lambda: sites.proportion_ci(3, 10**400), Raises(ValueError, r"n must be at most")),
    ("1.45", "no sites to show", lambda: sites.by_subtype(site_order=()), Raises(ValueError, r"site_order is empty")),
    (
        "1.46",
        "a site twice",
        lambda: sites.by_subtype(site_order=("bone", "bone")),
        Raises(ValueError, r"'bone' more than once"),
    ),
    (
        "1.44",
        "one site as text",
        lambda: sites.by_subtype("bone"),
        Raises(TypeError, r"list of names, such as \['bone'\]"),
    ),
    ("1.57", "k = 10**30", lambda: spread.k_step(CHAIN, "breast", 10**30), _sums_to_one),
    (
        "1.x12",
        "k from 10**12 to 10**18",
        lambda: [spread.k_step(CHAIN, "breast", 10**e) for e in (12, 15, 16, 17, 18)],
        lambda r: all(map(_sums_to_one, r)),
    ),
    (
        "p_change_transition",
        "an infinite factor (the review's hypothesis run)",
        lambda: spread.change_transition(CHAIN, "lymph_nodes", "breast", math.inf),
        Raises(ValueError, r"factor must be a finite"),
    ),
    (
        "1.62",
        "negative seed",
        lambda: spread.simulate(CHAIN, "breast", steps=3, n=5, seed=-5),
        Raises(ValueError, r"seed"),
    ),
    (
        "1.64",
        "a site number the chain lacks",
        lambda: spread.occupancy(CHAIN, np.full((3, 2), 7), 1),
        Raises(ValueError, r"site numbers from 0 to 4"),
    ),
    (
        "1.65",
        "negative site numbers",
        lambda: spread.occupancy(CHAIN, np.full((3, 2), -1), 1),
        Raises(ValueError, r"site numbers from 0 to 4"),
    ),
    (
        "1.66",
        "paths of floats",
        lambda: spread.occupancy(CHAIN, np.zeros((3, 2)), 1),
        Raises(ValueError, r"site numbers"),
    ),
    ("1.71", "no absorbing site", lambda: markov.absorption(CHAIN, []), Raises(ValueError, r"absorbing is empty")),
    ("1.72", "one absorbing site as text", lambda: markov.absorption(CHAIN, "bone"), Raises(TypeError, r"\['bone'\]")),
    (
        "1.76",
        "probabilities written as text",
        lambda: spread.fit_metropolis({"a": "0.5", "b": "0.5"}, [("a", "b")]),
        Raises(TypeError, r"target\['a'\] must be a probability"),
    ),
    (
        "1.79",
        "target as a list",
        lambda: spread.fit_metropolis([0.5, 0.5], [("a", "b")]),
        Raises(TypeError, r"target must be a dict"),
    ),
    (
        "1.82",
        "negative steps",
        lambda: simulate_loop(CHAIN, "breast", steps=-1, n=3, seed=1),
        Raises(ValueError, r"steps"),
    ),
    (
        "1.83",
        "negative n",
        lambda: simulate_loop(CHAIN, "breast", steps=3, n=-1, seed=1),
        Raises(ValueError, r"\bn\b"),
    ),
    (
        "1.88",
        "a time written as text",
        lambda: recurrence.cumulative_incidence(PER, times=["5"]),
        Raises(TypeError, r"times must hold numbers only; got '5'"),
    ),
    (
        "1.89",
        "'five'",
        lambda: recurrence.cumulative_incidence(PER, times=["five"]),
        Raises(TypeError, r"times.*'five'"),
    ),
    (
        "1.91",
        "a table of times",
        lambda: recurrence.cumulative_incidence(PER, times=[[1, 2], [3, 4]]),
        Raises(TypeError, r"times must hold numbers"),
    ),
    (
        "1.98",
        "negative seed",
        lambda: recurrence.simulate_cohort(PER, n=10, seed=-1, follow_up=10),
        Raises(ValueError, r"seed"),
    ),
    ("1.101", "times as text", lambda: recurrence.kaplan_meier(["a"], [1]), Raises(TypeError, r"times.*'a'")),
    ("1.x10", "Kaplan-Meier of 300,000 people", _km_is_right, bool),
    (
        "1.114",
        "a percent as text",
        lambda: lessons.where_it_spreads.body_map({"bone": "50"}, "t"),
        Raises(ValueError, r"'bone'.*number between 0 and 100"),
    ),
    (
        "1.115",
        "an empty body map",
        lambda: lessons.where_it_spreads.body_map({}, "t"),
        Raises(ValueError, r"percent_by_site is empty"),
    ),
    (
        "1.116",
        "body_map('bone')",
        lambda: lessons.where_it_spreads.body_map("bone", "t"),
        Raises(TypeError, r"percent_by_site must be a dict"),
    ),
    (
        "1.117",
        "icon_array('50')",
        lambda: lessons.hereditary.icon_array("50", "t", "a", "b"),
        Raises(ValueError, r"percent must be a number"),
    ),
    (
        "1.119",
        "no cells pass",
        lambda: lessons.cascade.funnel(cascade.attrition(1000, S).assign(passing=0.0)),
        Raises(ValueError, r"funnel\(\): no cells pass"),
    ),
    (
        "1.120",
        "negative cells",
        lambda: lessons.cascade.funnel(cascade.attrition(1000, S).assign(passing=-1.0)),
        Raises(ValueError, r"funnel\(\): column 'passing'"),
    ),
    (
        "1.121",
        "a NaN enrichment",
        lambda: lessons.seed_and_soil.enrichment_comparison(pd.DataFrame({"x": [math.nan]}, index=["bone"]), "t"),
        Raises(ValueError, r"enrichment_comparison\(\): column 'x' must hold finite numbers"),
    ),
    (
        "1.122",
        "no runs",
        lambda: lessons.cascade.simulation_histogram([], 1.0, "t"),
        Raises(ValueError, r"counts is empty"),
    ),
    (
        "1.123",
        "a NaN count",
        lambda: lessons.cascade.simulation_histogram([1.5, math.nan], 1.0, "t"),
        Raises(ValueError, r"counts"),
    ),
    (
        "1.124",
        "counts spanning 10**9",
        lambda: lessons.cascade.simulation_histogram([0, 10**9], 1.0, "t"),
        Raises(ValueError, r"more than 1,000 bars"),
    ),
    (
        "1.125",
        "an empty heat map",
        lambda: lessons.where_it_spreads.subtype_heatmap(pd.DataFrame(), "t"),
        Raises(ValueError, r"subtype_heatmap\(\)"),
    ),
    (
        "1.126",
        "an unknown cohort type",
        lambda: lessons.where_it_spreads.site_frequencies(sites.table().assign(cohort_type="martian"), "t"),
        Raises(ValueError, r"'martian'"),
    ),
    (
        "1.127",
        "a trials table without endpoints",
        lambda: lessons.treatment_evidence.forest_plot(data.load("treatments").drop(columns=["endpoint"]), "t"),
        Raises(ValueError, r"'endpoint'"),
    ),
    (
        "1.128",
        "taxonomy('x')",
        lambda: lessons.treatment.taxonomy("x"),
        Raises(TypeError, r"taxonomy\(\) needs a pandas DataFrame"),
    ),
    (
        "1.129",
        "an unknown verdict",
        lambda: lessons.health_claims.claims_network(
            pd.DataFrame({"id": ["c1"], "verdict": ["perhaps"], "sources": ["paget1889"]})
        ),
        Raises(ValueError, r"verdict 'perhaps'"),
    ),
    (
        "1.130",
        "no blood flow",
        lambda: lessons.seed_and_soil.blood_flow(pd.Series(dtype=float), "t"),
        Raises(ValueError, r"blood_flow\(\)"),
    ),
    (
        "1.131",
        "no hazard groups",
        lambda: lessons.recurrence.hazard_chart({}, "t"),
        Raises(ValueError, r"periods_by_group is empty"),
    ),
    (
        "1.133",
        "a value outside its CI",
        lambda: lessons.breast_to_body.survival_chart(
            pd.DataFrame({"subtype": ["a"], "value": [5], "ci_low": [6], "ci_high": [7]}), "t"
        ),
        Raises(ValueError, r"between its ci_low and ci_high"),
    ),
    ("1.136", "cite(['a'])", lambda: references.cite(["a"]), Raises(TypeError, r"citation key is text")),
    (
        "1.137",
        "bibliography('cummings2014')",
        lambda: references.bibliography("cummings2014"),
        Raises(TypeError, r"\['cummings2014'\]"),
    ),
    ("1.138", "bibliography(None)", lambda: references.bibliography(None), Raises(TypeError, r"list of citation keys")),
    (
        "1.x14",
        "a caller's change to load()",
        lambda: (references.load().pop("paget1889"), references.cite("paget1889"))[1],
        lambda r: r.startswith("Paget"),
    ),
    (
        "1.147",
        "a file as the data folder",
        lambda: data.validate_all(data_dir=ROOT / "README.md"),
        Raises(data.DataError, r"README.md.*is a file, not the data folder"),
    ),
    (
        "1.149",
        "a binary course.yml",
        lambda: course.load(ROOT / "figures" / "cascade.png"),
        Raises(course.CourseError, r"cascade.png.*UTF-8"),
    ),
    (
        "1.153",
        "by_file(None)",
        lambda: course.load().by_file(None),
        Raises(TypeError, r"by_file\(\) needs a notebook file name"),
    ),
    (
        "1.154",
        "a notebook from elsewhere",
        lambda: course.load().neighbours("x"),
        Raises(ValueError, r"not a notebook of this course"),
    ),
    (
        "1.156",
        "rename='x'",
        lambda: render.show(pd.DataFrame({"a": [1]}), labels="x"),
        Raises(TypeError, r"labels must be a dict"),
    ),
    (
        "1.161",
        "an infinite expected value (an author's slip)",
        lambda: number("x", 5, math.inf),
        Raises(TypeError, r"expected must be a finite"),
    ),
    (
        "1.163",
        "a name twice",
        lambda: str(items("x", ["a", "a", "b"], ["a", "b"])),
        lambda r: "named more than once: a" in r,
    ),
    (
        "1.164",
        "a generator with an extra name",
        lambda: str(items("x", (n for n in ["a", "b", "z"]), ["a", "b"])),
        lambda r: "not expected: z" in r,
    ),
    (
        "1.165",
        "unknown keys of two types",
        lambda: str(sorting("x", {1: "a", "b": "c"}, {"k": "a"}, {"k": "why"})),
        lambda r: "Not items of this exercise: 1, b." in r,
    ),
    (
        "1.172",
        "a term of punctuation alone",
        lambda: glossary.slug("!!!"),
        lambda r: r.startswith("term-") and len(r) > 5,
    ),
    (
        "1.174",
        "a term in Chinese",
        lambda: (glossary.slug("骨转移"), glossary.slug("μετάσταση"), glossary.slug("Métastase")),
        lambda r: r == ("骨转移", "μετάσταση", "métastase"),
    ),
    (
        "1.x3",
        "quiz answers keyed by two types",
        lambda: str(quiz.check({"q01": "a", 1: "b", "zz": "c"})),
        lambda r: "No such questions: 1, zz." in r,
    ),
    (
        "1.x4",
        "10**9 simulated tumours",
        lambda: cascade.simulate(1000, S, seed=1, runs=10**9),
        Raises(ValueError, r"runs.*1,000,000"),
    ),
    (
        "1.x5",
        "10**9 patients",
        lambda: spread.simulate(CHAIN, "breast", steps=10, n=10**9, seed=1),
        Raises(ValueError, r"fewer patients"),
    ),
    (
        "1.x6",
        "10**9 steps",
        lambda: spread.simulate(CHAIN, "breast", steps=10**9, n=1, seed=1),
        Raises(ValueError, r"fewer steps"),
    ),
    (
        "1.x7",
        "a cohort of 10**9",
        lambda: recurrence.simulate_cohort(PER, n=10**9, seed=1, follow_up=10),
        Raises(ValueError, r"n must be"),
    ),
]


@pytest.mark.parametrize("row, tried, call, expect", PUBLIC, ids=[f"{r[0]} {r[1]}" for r in PUBLIC])
def test_public_functions(row, tried, call, expect):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning is not an answer
        if isinstance(expect, Raises):
            with pytest.raises(expect.kind, match=expect.words) as error:
                call()
            assert type(error.value).__module__ in (
                "builtins",
                "seedsoil.data",
                "seedsoil.course",
                "seedsoil.references",
            )
        else:
            assert expect(call()), f"{row}: wrong result"
    plt.close("all")


def test_the_module_profile_is_read_only_and_a_copy_grades_the_same():
    """1.x13 and 2.35: the review's steps, with the notebook's own binding of ``profile``."""
    before = (str(check("ex02-3", 555556)), str(check("ex02-2", "colonisation")))
    profile = dict(cascade.ILLUSTRATIVE)  # as notebook 02 now binds it
    profile["colonisation"] = 1e-5 / math.prod(p for s, p in profile.items() if s != "colonisation")
    assert (str(check("ex02-3", 555556)), str(check("ex02-2", "colonisation"))) == before
    assert not check("ex02-3", 100000).correct
    with pytest.raises(TypeError):
        cascade.ILLUSTRATIVE["colonisation"] = 0.5  # type: ignore[index]


# --- part 2: check(exercise, answer) ----------------------------------------------------------------

# By kind, from the registry: a new exercise of a kind is probed without editing this file.
NUMBER_IDS = feedback.ids("number")
LIST_IDS = feedback.ids("items") + feedback.ids("ordering")
DICT_IDS = feedback.ids("sorting") + feedback.ids("quiz")

CHECKS = [
    ("2.7", "a 1 MB string", LIST_IDS, lambda: ["x" * 10**6], lambda text: len(text) < 2_000),
    ("2.13", "10**400", NUMBER_IDS, lambda: 10**400, lambda text: "far too high" in text),
    ("2.18", "a 0-d array", LIST_IDS, lambda: np.array(5.0), lambda text: "give one list of names" in text),
    (
        "2.18b",
        "a 0-d array for a number",
        NUMBER_IDS,
        lambda: np.array(5.0),
        lambda text: "too" in text or "Correct" in text,
    ),
    (
        "2.22",
        "an item whose str() fails",
        LIST_IDS,
        lambda: [_Unprintable()],
        lambda text: "names in quotes, but it holds a _Unprintable" in text,
    ),
    (
        "2.22b",
        "a key whose str() fails",
        DICT_IDS,
        lambda: {_Unprintable(): "a"},
        lambda text: "could not be checked" not in text,
    ),
    ("2.25", "a list nested 5000 deep", LIST_IDS, _deep, lambda text: "names in quotes, but it holds a list" in text),
    (
        "2.28",
        "keys of two types",
        DICT_IDS,
        lambda: {"q01": "a", 1: "b", "zz": "c"},
        lambda text: "could not be checked" not in text,
    ),
    (
        "2.31",
        "a step named twice",
        ["ex02-1"],
        lambda: list(cascade.STEPS) + ["arrest"],
        lambda text: "named more than once: arrest" in text,
    ),
    ("2.33", "range(10**7)", LIST_IDS, lambda: range(10**7), lambda text: "more than 1000 items" in text),
    ("2.34", "an endless iterator", LIST_IDS, lambda: itertools.count(), lambda text: "more than 1000 items" in text),
]


@pytest.mark.parametrize("row, tried, ids, answer, expect", CHECKS, ids=[f"{c[0]} {c[1]}" for c in CHECKS])
def test_check_gives_a_hint_a_learner_can_use(row, tried, ids, answer, expect):
    for exercise in exercise_ids():  # as the review did: every answer against every exercise
        feedback = check(exercise, answer())
        text = str(feedback)
        assert not feedback.correct or row == "2.18b", f"{row} {exercise}: {text[:200]}"
        assert "could not be checked" not in text and len(text) < 3_000, f"{row} {exercise}: {text[:200]}"
        assert exercise not in ids or expect(text), f"{row} {exercise}: {text[:300]}"


# --- parts 3 and 4: files, bibliography, manifest; the command line ----------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project whose data, notebooks and guides can be spoiled (assets linked)."""
    copy = tmp_path / "course"
    copy.mkdir()
    for folder in ("templates",):
        (copy / folder).symlink_to(ROOT / folder)
    modules = copy / "node_modules"
    modules.mkdir()
    for entry in (ROOT / "node_modules").iterdir():
        (modules / entry.name).symlink_to(entry)
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, copy / folder)
    for name in ("TEACHING.md", "SETUP.md", "package-lock.json"):
        shutil.copy(ROOT / name, copy / name)
    monkeypatch.setenv("SEEDSOIL_ROOT", str(copy))
    return copy


def _replace(path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert old in raw, f"{old!r} is not in {path}"
    path.write_bytes(raw.replace(old, new, 1))


def _delimited(path, sep: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _first_glossary_row(p) -> bytes:
    return (p / "data" / "glossary.csv").read_bytes().split(b"\n")[1]


def _unknown_first_notebook(p) -> None:
    row = _first_glossary_row(p)
    _replace(p / "data" / "glossary.csv", row, row.rsplit(b",", 2)[0] + b",no_such_notebook," + row.rsplit(b",", 1)[1])


def _drop_type(p) -> None:
    import json

    path = p / "data" / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    del desc["resources"][0]["schema"]["fields"][0]["type"]
    path.write_text(json.dumps(desc), encoding="utf-8")


# (row, what the review did, the spoiling, the words of the one-line error; or None for a file that
# must load like the original, or a test of the loaded table)
FILES = [
    ("3.2", "claims.csv saved with ';'", lambda p: _delimited(p / "data" / "claims.csv", ";"), None),
    ("3.3", "site_effects.csv saved with tabs", lambda p: _delimited(p / "data" / "site_effects.csv", "\t"), None),
    (
        "3.9",
        "site_effects.csv with a header only",
        lambda p: (p / "data" / "site_effects.csv").write_bytes(
            (p / "data" / "site_effects.csv").read_bytes().split(b"\n")[0] + b"\n"
        ),
        r"data/site_effects.csv.*header row but no data rows",
    ),
    (
        "3.15",
        "site_effects.csv saved as Windows-1252",
        lambda p: _replace(p / "data" / "site_effects.csv", b"radiotherapy", "radiothérapie".encode("cp1252")),
        lambda table: table["effect"].str.contains("radiothérapie").any(),
    ),
    (
        "3.22",
        "an unknown first_notebook in glossary.csv",
        _unknown_first_notebook,
        r"data/glossary.csv, row \d+ .*'no_such_notebook' is not a notebook id",
    ),
    ("3.25", "a field without a type", _drop_type, r"datapackage.json.*field .*'type' must be one of"),
    (
        "3.30",
        "references.bib with a Latin-1 byte",
        lambda p: _replace(p / "data" / "references.bib", b"breast", b"br\xe9ast"),
        r"references.bib: line \d+: byte 0xe9 is not UTF-8",
    ),
    (
        "3.35",
        "course.yml names a missing notebook",
        lambda p: _replace(p / "data" / "course.yml", b"file: 00_start_here.ipynb", b"file: 00_start_hear.ipynb"),
        r"course.yml lists 00_start_hear.ipynb, but notebooks/00_start_hear.ipynb does not exist",
    ),
    (
        "3.36",
        "course.yml saved as UTF-16",
        lambda p: (p / "data" / "course.yml").write_bytes(
            (p / "data" / "course.yml").read_text(encoding="utf-8").encode("utf-16")
        ),
        r"course.yml: line 1: byte 0xff is not UTF-8",
    ),
    ("3.39", "TEACHING.md deleted", lambda p: (p / "TEACHING.md").unlink(), r"TEACHING.md is missing"),
    (
        "3.40",
        "a notebook with merge-conflict markers",
        lambda p: (p / "notebooks" / "00_start_here.ipynb").write_text(
            "<<<<<<< HEAD\n" + (p / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"), encoding="utf-8"
        ),
        r"notebooks/00_start_here.ipynb is not a readable notebook: it holds merge-conflict markers",
    ),
    (
        "4.10",
        "node_modules without mathjax",
        lambda p: (p / "node_modules" / "mathjax").unlink(),
        r"lacks mathjax/MathJax.js.*npm ci",
    ),
]


@pytest.mark.parametrize("row, did, spoil, words", FILES, ids=[f"{f[0]} {f[1]}" for f in FILES])
def test_spoiled_files(project, capsys, row, did, spoil, words):
    spoil(project)
    if words is None or callable(words):  # as a spreadsheet saves it: it validates and loads
        assert data.validate_all(project / "data") == []
        for name in data.names(project / "data"):
            table = data.load(name, data_dir=project / "data")
            if words is None:
                pd.testing.assert_frame_equal(table, data.load(name))
        assert words is None or words(data.load("site_effects", data_dir=project / "data"))
        return
    out = project / "_build"
    assert coursekit(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("build stopped: ") and "Traceback" not in err, err
    assert re.search(words, err), err
    assert not out.exists(), "the build wrote a course before it found the mistake"


def test_3_23_terms_in_any_script_get_their_own_anchors(project):
    path = project / "data" / "glossary.csv"
    row = _first_glossary_row(project).decode()
    rest = row.split(",", 1)[1]
    extra = [f"{term},{rest}" for term in ("骨转移", "μετάσταση", "Métastase", "!!!")]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    glossary.check(course.load(project / "data" / "course.yml"), project / "data")
    page = glossary.page(course.load(project / "data" / "course.yml"), project / "data")
    anchors = re.findall(r'<a id="([^"]*)"></a>', page)
    assert "" not in anchors and len(anchors) == len(set(anchors))
    assert {"骨转移", "μετάσταση", "métastase"} <= set(anchors)


def test_3_23_two_terms_with_one_anchor_are_named(project):
    path = project / "data" / "glossary.csv"
    row = _first_glossary_row(project).decode()
    term, rest = row.split(",", 1)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n{term.upper()}!,{rest}\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match=r"row \d+: .* has the same page anchor as"):
        glossary.check(course.load(project / "data" / "course.yml"), project / "data")


@pytest.mark.parametrize(
    "row, argv, words",
    [
        ("4.17", ["build", "--out", "TEACHING.md"], r"TEACHING.md is a file: give a folder"),
        ("4.19", ["outputs", "TEACHING.md"], r"TEACHING.md: not a notebook listed in course.yml"),
        ("4.20", ["outputs", "notebooks/nonexistent.ipynb"], r"nonexistent.ipynb: no such notebook"),
        ("7", ["figures", "nosuchfigure"], r"unknown figure\(s\) nosuchfigure"),
    ],
)
def test_command_line_mistakes_get_one_line(project, monkeypatch, capsys, row, argv, words):
    monkeypatch.chdir(project)
    assert coursekit(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert re.search(words, err), err


def test_4_6_a_read_only_build_folder_gets_one_line_and_debug_the_traceback(project, monkeypatch, capsys):
    """As root (CI) permissions cannot be taken away, so the write fails as it would for a user."""
    from coursekit import build as build_mod

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(project / "_build" / "index.html"))

    monkeypatch.setattr(build_mod, "_build_into", refuse)
    assert coursekit(["build"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"build stopped: Permission denied: {project / '_build' / 'index.html'}"
    with pytest.raises(PermissionError):
        coursekit(["--debug", "build"])


def test_4_15_and_4_16_options_the_command_does_not_have_are_refused_by_name(capsys):
    with pytest.raises(SystemExit) as stop:
        coursekit(["figures", "--dpi", "0"])
    assert stop.value.code == 2 and "unrecognized arguments: --dpi" in capsys.readouterr().err


def test_a_failing_build_names_its_error_in_one_line_not_a_traceback(project, capsys):
    """7: good messages (a duplicate citation key) lose their traceback."""
    bib = project / "data" / "references.bib"
    first = "@" + bib.read_text(encoding="utf-8").split("\n@")[1]  # the first entry, again
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + first + "\n", encoding="utf-8")
    assert coursekit(["build"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "duplicate citation key" in err, err
