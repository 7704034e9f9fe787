"""seedsoil.exercises: feedback for right, wrong, missing and oddly typed answers; never a traceback."""

import numpy as np
import pytest

from seedsoil import exercises
from seedsoil.exercises import Feedback, check, choice, items, number

from nbtools import NOTEBOOK_FILES, read_notebook


def test_number_right_wrong_and_types():
    assert number("x", 10, 10.0).correct is True
    assert number("x", 10.4, 10.0, abs_tol=0.5).correct is True
    assert number("x", np.float64(10.0), 10.0).correct is True
    high = number("x", 12, 10.0, hint="Look again.")
    assert high.correct is False and "too high" in high.message and "Look again." in high.message
    assert "too low" in number("x", 8, 10.0).message
    assert "should be a number" in number("x", "10", 10.0).message
    assert "should be a number" in number("x", True, 1.0).message
    assert "NaN" in number("x", float("nan"), 1.0).message


def test_choice():
    ex = {"bone": "Yes: bone.", "lung": "No: lung is second."}
    assert choice("x", " Bone ", "bone", ex) == Feedback("x", True, "Yes: bone.")
    assert choice("x", "lung", "bone", ex) == Feedback("x", False, "No: lung is second.")
    assert "not an option" in choice("x", "liver", "bone", ex).message
    assert "option strings" in choice("x", 3, "bone", ex).message


def test_items_ordered_and_unordered():
    assert items("x", ["b", "A"], ["a", "b"]).correct is True
    fb = items("x", ["a"], ["a", "b"])
    assert fb.correct is False and "1 missing" in fb.message
    assert "not expected: c" in items("x", ["a", "b", "c"], ["a", "b"]).message
    assert "right order" in items("x", ["b", "a"], ["a", "b"], ordered=True).message
    assert "list of names" in items("x", "a, b", ["a", "b"]).message


def test_check_no_answer_yet_and_unknown_id():
    fb = check("ex00-1", ...)
    assert fb.correct is None and "Replace the ..." in fb.message
    with pytest.raises(ValueError, match="Unknown exercise id 'ex99-9'"):
        check("ex99-9", 1)


def test_check_turns_a_crash_into_a_hint(monkeypatch):
    def broken(answer):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(exercises._REGISTRY, "ex-broken", broken)
    fb = check("ex-broken", 1)
    assert fb.correct is False and "could not be checked" in fb.message


def test_feedback_shows_status_in_words():
    for correct, word in [(True, "Correct"), (False, "Not yet"), (None, "No answer yet")]:
        fb = Feedback("ex", correct, "msg <b>")
        assert word in fb._repr_html_() and word in repr(fb)
        assert "&lt;b&gt;" in fb._repr_html_()  # escaped
    assert bool(Feedback("ex", True, "")) and not bool(Feedback("ex", None, ""))


def test_register_twice_is_an_error():
    with pytest.raises(ValueError, match="registered twice"):
        exercises.register("ex00-1")(lambda a: None)


def test_every_registered_exercise_is_used_once_in_a_notebook():
    used = []
    for file in NOTEBOOK_FILES:
        for cell in read_notebook(file).cells:
            if "exercise" in cell.metadata.get("tags", []):
                used += [i for i in exercises.exercise_ids() if f'check("{i}"' in cell.source]
    assert sorted(used) == exercises.exercise_ids()
