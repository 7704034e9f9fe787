"""seedsoil.exercises: feedback for right, wrong, missing and oddly typed answers; never a traceback."""

import re

import numpy as np
import pytest

from seedsoil import course, exercises, feedback
from seedsoil.exercises import check
from seedsoil.feedback import Feedback, choice, items, number

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
    expected = "Answer with one of these, in quotes: 'bone', 'lung' (not the number 3)."
    assert choice("x", 3, "bone", ex).message == expected
    # several right options: each is accepted, the others are not
    assert choice("x", "LUNG", ["bone", "lung"], ex).correct and not choice("x", "lung", ["bone"], ex).correct


def test_items_ordered_and_unordered():
    assert items("x", ["b", "A"], ["a", "b"]).correct is True
    fb = items("x", ["a"], ["a", "b"])
    assert fb.correct is False and "1 missing" in fb.message
    assert "not expected: c" in items("x", ["a", "b", "c"], ["a", "b"]).message
    assert items("x", ["b", "a"], ["a", "b"], ordered=True).message == (
        "You have the right names, but these are out of place: b (you put it 1st; it comes 2nd); "
        "a (you put it 2nd; it comes 1st)."
    )
    assert "list of names" in items("x", "a, b", ["a", "b"]).message


def test_check_no_answer_yet_and_unknown_id():
    fb = check("ex00-1", ...)
    assert fb.correct is None and "Replace the ..." in fb.message
    with pytest.raises(ValueError, match="Unknown exercise id 'ex99-9'"):
        check("ex99-9", 1)


def test_check_turns_a_crash_into_a_hint(monkeypatch):
    def broken(answer):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(feedback.REGISTRY, "ex-broken", broken)
    monkeypatch.setitem(feedback.KINDS, "ex-broken", "number")
    fb = check("ex-broken", 1)
    assert fb.correct is False and "could not be checked" in fb.message


def test_feedback_shows_status_in_words():
    for correct, word in [(True, "Correct"), (False, "Not yet"), (None, "No answer yet")]:
        fb = Feedback("ex", correct, "msg <b>")
        assert word in fb._repr_html_() and word in repr(fb)
        assert "&lt;b&gt;" in fb._repr_html_()  # escaped
    assert bool(Feedback("ex", True, "")) and not bool(Feedback("ex", None, ""))


def test_register_twice_or_without_a_known_kind_is_an_error():
    with pytest.raises(ValueError, match="registered twice"):
        feedback.register("ex00-1", kind="number")(lambda a: None)
    with pytest.raises(ValueError, match="kind must be one of"):
        feedback.register("ex99-1", kind="exercise")


@pytest.mark.parametrize("exercise", feedback.ids())
def test_every_item_declares_the_kind_its_check_is_built_from(exercise):
    """The registry's kind is what the check does: a number check describes itself as a
    NumberSpec, a concept question as a ChoiceSpec, and so on (found through the registry)."""
    expected = {
        "number": feedback.NumberSpec,
        "concept": feedback.ChoiceSpec,
        "items": feedback.ItemsSpec,
        "explain": feedback.ExplainSpec,
        "predict": feedback.PredictSpec,
    }
    kind = feedback.KINDS[exercise]
    described = feedback.spec(exercise)
    if kind in expected:
        assert isinstance(described, expected[kind]), (exercise, kind, described)
    if kind == "ordering":
        assert isinstance(described, feedback.ItemsSpec) and described.ordered
    assert feedback.LESSON_OF[exercise] in {nb.id for nb in course.load().notebooks}


def test_every_registered_exercise_is_used_once_in_a_notebook():
    used = []
    for file in NOTEBOOK_FILES:
        for cell in read_notebook(file).cells:
            if "exercise" in cell.metadata.get("tags", []):
                used += [i for i in exercises.exercise_ids() if f'check("{i}"' in cell.source]
    assert sorted(used) == exercises.exercise_ids()


def test_a_setup_problem_is_never_reported_as_a_wrong_answer(monkeypatch, tmp_path):
    """With the course files missing, a right answer gets 'could not check', not 'Not yet'."""
    right = course.load().total_minutes
    monkeypatch.setenv("SEEDSOIL_DATA", str(tmp_path))  # a folder without the course's files
    fb = check("ex00-1", right)
    assert fb.correct is None and fb.setup_problem
    assert fb.status == "Could not check (setup problem)"
    assert "not a problem with your answer" in fb.message and "pip install" in fb.message
    assert "Not yet" not in str(fb) and "Could not check" in fb._repr_html_()
    # a learner's oddly typed answer is still a hint about the answer
    monkeypatch.delenv("SEEDSOIL_DATA")
    assert check("ex00-1", "lots").correct is False


def test_ex07_3_accepts_either_no_benefit_trial_and_nothing_else():
    check = feedback.REGISTRY["ex09-2"]
    assert check("denovo_primary_surgery").correct and check("DENOVO_PRIMARY_SURGERY_E2108 ").correct
    assert not check("hrpos_1l_cdk46").correct and not check("not a row").correct


def test_ex02_1_accepts_the_cascade_with_or_without_the_optional_dormancy():
    from seedsoil import cascade

    check = feedback.REGISTRY["ex02-1"]
    full = list(cascade.STEPS)
    assert check(full).correct and check([s for s in full if s != "dormancy"]).correct
    assert not check(full[::-1]).correct and not check(full[:-1]).correct


# --- feedback that diagnoses (issue 17) -----------------------------------------------------------


def test_a_fraction_where_a_percentage_was_asked_is_named_and_the_reverse():
    fb = number("x", 0.24, 24.0, abs_tol=0.5, unit="percent")
    assert fb.correct is False and "looks like a fraction" in fb.message and "24" not in fb.message[5:]
    fb = number("x", 28.8, 0.288, abs_tol=0.005)
    assert fb.correct is False and "looks like a percentage" in fb.message
    assert "too high" in number("x", 50, 24.0, abs_tol=0.5, unit="percent").message  # no false diagnosis


@pytest.mark.parametrize(
    ("exercise", "answer", "says"),
    [
        ("ex09-1", 76, "reads the hazard ratio itself as the reduction"),
        ("ex10-2", 90, "that is the relative reduction"),
        ("ex06-2", 76.5, "Risks compound"),
        ("ex06-2", 55.0, "compounded year by year (discrete)"),
        ("ex01-2", 81.7, "the other share"),
        ("ex04-2", 70.6, "the observed percentage"),
        ("ex05-1", 0.09, "one path only"),
        ("ex00-1", len(course.load().notebooks), "how many notebooks"),
        ("ex07-1", 43, "change from ER-negative to ER-positive"),
        ("ex07-1", 22.5, "that is the percentage"),
        ("ex07-5", 100 * 5 / 28, "the observed percentage"),
        ("ex02-4", 0.0018, "the wrong way"),
        ("ex02-3", 5555.56, "colonisation, is missing"),
        ("ex03-1", 7.5, "bone's percent of all the heart's output"),
        ("ex09-1", 0.24, "looks like a fraction"),
    ],
)
def test_typical_wrong_answers_name_their_misconception(exercise, answer, says):
    fb = check(exercise, answer)
    assert fb.correct is False and says in fb.message, fb.message


@pytest.mark.parametrize(
    ("exercise", "answer"),
    [
        ("ex02-2", "Colonization"),
        ("ex03-2", "Seed-and-soil"),
        ("ex01-3", "triple-negative"),
        ("ex04-1", "All new diagnoses"),
    ],
)
def test_spelling_variants_and_spacing_are_accepted(exercise, answer):
    assert check(exercise, answer).correct is True


def test_the_integer_count_answer_to_the_interval_is_right_too():
    assert check("ex04-2", 65.0).correct is True  # 186 of 263 patients
    assert check("ex04-2", 64.83).correct is True  # 0.706 × 263


def test_survival_and_death_questions_use_neutral_wording():
    for exercise, answer in (("ex01-3", "triple_negative"), ("ex09-1", 24), ("ex09-2", "denovo_primary_surgery")):
        fb = check(exercise, answer)
        assert fb.correct is True and fb.status == "Right" and "✔" not in fb._repr_html_()
    assert check("ex09-1", 76).status == "Not quite"
    assert "✔" in check("ex02-2", "colonisation")._repr_html_()  # other exercises keep their tick


def test_a_bare_word_gets_a_hint_about_quotation_marks(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from seedsoil.exercises import friendly_name_errors

    shell = InteractiveShell.instance()
    assert friendly_name_errors(shell)
    shell.run_cell("answer = local")
    out = capsys.readouterr().out
    assert "NameError" in out and 'write it in quotes: answer = "local"' in out


@pytest.mark.parametrize("exercise", feedback.ids("number"))
def test_every_numeric_exercise_names_each_typical_wrong_answer(exercise):
    """Every registered number item (found through the registry, so a new one cannot be left out)
    diagnoses at least one typical wrong answer, and each one it declares is named in the feedback,
    not merely "too high"."""
    described = feedback.spec(exercise)
    assert described.misconceptions, f"{exercise} declares no typical wrong answer"
    for value, explanation in described.misconceptions.items():
        fb = check(exercise, value)
        assert fb.correct is False and explanation.split(".")[0][:40] in fb.message, (exercise, value, fb.message)
        assert not re.search(r"\btoo (high|low)\b", fb.message), (exercise, value, fb.message)


def test_the_bare_word_hint_in_a_real_kernel(tmp_path):
    """Run `answer = local` in a real IPython kernel after the setup import: the learner sees the
    traceback and, under it, the hint about quotation marks."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from seedsoil.exercises import check"),
        nbformat.v4.new_code_cell("answer = local"),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute(cwd=str(tmp_path))
    outputs = nb.cells[1].outputs
    assert any(o.get("ename") == "NameError" for o in outputs)
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert 'write it in quotes: answer = "local"' in text


@pytest.mark.parametrize(
    ("expected", "tolerance", "shown"),
    [
        (5.52995, {"abs_tol": 0.2}, "5.5 percent."),
        (0.183673, {"abs_tol": 0.01}, "0.18 percent."),
        (555555.6, {"rel_tol": 0.01}, "555,556 percent."),
        (0.0555556, {"rel_tol": 0.01}, "0.0556 percent."),
        (480.0, {"abs_tol": 0.5}, "480 percent."),
    ],
)
def test_a_right_number_is_shown_to_the_precision_the_check_can_tell(expected, tolerance, shown):
    from seedsoil.feedback import number

    fb = number("exZZ-1", expected, expected, unit="percent", **tolerance)
    assert fb.correct is True and fb.message.startswith(shown)
