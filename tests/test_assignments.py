"""make assignments: nbgrader versions of the lessons, graded by the checks a student runs in class
(issue 29). Three synthetic submissions of lesson 01 (all right, one right, none right) are graded
to their scores, the gradebook exports as CSV, and the feedback carries check()'s own message."""

from __future__ import annotations

import csv
import html

import nbformat
import pytest

from coursekit.assignments import BEGIN, CODE_STUB, END, nbgrader, source_notebook, write_assignments
from seedsoil.exercises import check

from nbtools import ROOT

pytestmark = pytest.mark.full
LESSON = "01_from_breast_to_body"


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _model(cell) -> str:
    return cell.source.split(BEGIN + "\n", 1)[1].split("\n" + END, 1)[0]


def _answer(source_cell, plan: str) -> str:
    """What a student writes in an answer cell: the model answer, a wrong one, or nothing."""
    if plan == "right":
        return _model(source_cell)
    if plan == "wrong":
        return 'answer = "not an answer"'
    return CODE_STUB


def _submission(released, source, plans: dict[str, str]):
    models = {_meta(c)["grade_id"]: c for c in source.cells if _meta(c).get("solution")}
    nb = nbformat.from_dict(released)
    for cell in nb.cells:
        grade_id = _meta(cell).get("grade_id", "")
        if not _meta(cell).get("solution") or cell.cell_type != "code":
            continue
        item = grade_id.removesuffix("-answer")
        assert CODE_STUB in cell.source, grade_id
        cell.source = cell.source.replace(CODE_STUB, _answer(models[grade_id], plans.get(item, "blank")))
    return nb


def test_every_lesson_becomes_a_source_notebook_with_the_checks_as_tests(tmp_path):
    written = write_assignments(ROOT, tmp_path)
    assert len(written) == 14
    for path in written:
        nb = nbformat.read(path, as_version=4)
        tests = [c for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")]
        answers = {_meta(c)["grade_id"] for c in nb.cells if _meta(c).get("solution")}
        for test in tests:  # each test calls the check of the answer cell before it
            item = _meta(test)["grade_id"].removesuffix("-test")
            assert f"{item}-answer" in answers and f'check("{item}", answer)' in test.source
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells), path.name
        assert not any(c.source.startswith("Teacher:") for c in nb.cells), path.name


def test_an_exercise_without_its_stub_is_named():
    from coursekit.assignments import AssignmentError

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('check("ex00-1", answer)', metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell('answer = 1\ncheck("ex00-1", answer)', metadata={"tags": ["solution"]}),
    ]
    with pytest.raises(
        AssignmentError, match=r"notebooks/00_x.ipynb, cell 0: exercise ex00-1 has no 'answer = \.\.\.'"
    ):
        source_notebook(nb, "00_x.ipynb")


def test_three_submissions_are_graded_to_their_scores_and_exported_as_csv(tmp_path):
    out = tmp_path / "grading"
    write_assignments(ROOT, out, ["01"], release=True)
    source = nbformat.read(out / "source" / LESSON / f"{LESSON}.ipynb", as_version=4)
    released = nbformat.read(out / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
    assert BEGIN not in "".join(c.source for c in released.cells)  # no model answer reaches a student
    explain = next(c for c in released.cells if _meta(c).get("grade_id") == "ex01-4-answer")
    assert "check(" not in explain.source  # in class check() shows the model answer: not before a grade
    items = [
        _meta(c)["grade_id"].removesuffix("-test")
        for c in source.cells
        if _meta(c).get("grade") and not _meta(c).get("solution")
    ]
    manual = sum(_meta(c)["points"] for c in source.cells if _meta(c).get("grade") and _meta(c).get("solution"))
    assert items == ["ex01-1", "ex01-2", "ex01-3"] and manual > 0
    plans = {
        "all_right": dict.fromkeys(items, "right"),
        "some_right": {items[0]: "right", items[1]: "wrong", "ex01-4": "right"},  # and an explain answer written
        "none_right": dict.fromkeys(items, "wrong"),
    }
    for student, plan in plans.items():
        folder = out / "submitted" / student / LESSON
        folder.mkdir(parents=True)
        nbformat.write(_submission(released, source, plan), folder / f"{LESSON}.ipynb")
    nbgrader(out, "autograde", LESSON, "--force")
    nbgrader(out, "export")
    with open(out / "grades.csv", encoding="utf-8", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    scores = {student: float(rows[student]["raw_score"]) for student in plans}
    assert scores == {"all_right": 3.0, "some_right": 1.0, "none_right": 0.0}
    assert {float(row["max_score"]) for row in rows.values()} == {3.0 + manual}
    # the course's gradebook keeps practice and hand-marked points apart, and says what awaits marking
    from coursekit.assignments import gradebook

    with open(gradebook(out, out / "gradebook.csv"), encoding="utf-8", newline="") as f:
        ours = {row["student"]: row for row in csv.DictReader(f)}
    assert {s: ours[s]["checked_score"] for s in plans} == {"all_right": "3", "some_right": "1", "none_right": "0"}
    assert {row["checked_max"] for row in ours.values()} == {"3"}
    assert {row["hand_marked_max"] for row in ours.values()} == {f"{manual:g}"}
    assert {row["submitted"] for row in ours.values()} == {"yes"}
    assert ours["all_right"]["awaiting_hand_marking"] == "0"  # the explain answer was left as the stub
    assert ours["some_right"]["awaiting_hand_marking"] == "1"  # a written one awaits the marker
    # the grade's feedback is the check's own message, as the student saw it in class
    nbgrader(out, "generate_feedback", LESSON, "--force")
    page = (out / "feedback" / "some_right" / LESSON / f"{LESSON}.html").read_text(encoding="utf-8")
    said = check("ex01-2", "not an answer").message
    assert html.escape(said, quote=False) in page or said in page
    assert "cdnjs" not in page and '<script src="http' not in page  # nothing from the web
