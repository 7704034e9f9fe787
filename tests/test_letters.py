"""One set of answers (issue 25): a multiple-choice exercise has the same options, in the same
order and with the same letters, in the notebook, on the poll slide, in the answer key and in the
lesson plan; check() accepts the letter the room voted for. The quiz's questions likewise."""

from __future__ import annotations

import re

import pytest

from coursekit import answerkey, stamp
from coursekit.cells import OPTIONS, PLANS
from coursekit.polls import load
from seedsoil import quiz
from seedsoil.exercises import check
from seedsoil.feedback import KINDS, LESSON_OF
from seedsoil.text import plain

from nbtools import COURSE, ROOT, read_notebook

POLLS = load()
CONCEPT = sorted(ex for ex in POLLS if KINDS[ex] == "concept")


def _file(exercise: str) -> str:
    return next(nb.file for nb in COURSE.notebooks if nb.id == LESSON_OF[exercise])


@pytest.fixture(scope="module")
def key() -> str:
    return answerkey.answer_key_markdown(COURSE, ROOT, POLLS)


@pytest.fixture(scope="module")
def plans() -> str:
    text = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
    return text.split(PLANS[0])[1].split(PLANS[1])[0]


def test_every_concept_exercise_has_a_poll():
    assert CONCEPT and set(CONCEPT) == {ex for ex in KINDS if KINDS[ex] == "concept"}


@pytest.mark.parametrize("exercise", CONCEPT)
def test_the_notebook_letters_the_options_as_the_poll_does(exercise):
    poll = POLLS[exercise]
    cells = [c.source for c in read_notebook(_file(exercise)).cells if c.source.startswith(f"{OPTIONS} {exercise} ")]
    assert len(cells) == 1, f"{exercise}: one options cell after its heading (make stamp)"
    listed = re.findall(r"^- \*\*([A-F])\*\* — (.*)$", cells[0], re.M)
    assert listed == [(poll.letter(i), plain(text)) for i, (text, _) in enumerate(poll.options)]


@pytest.mark.parametrize("exercise", sorted(POLLS))
def test_the_key_and_the_plan_give_the_same_letters(exercise, key, plans):
    poll = POLLS[exercise]
    right = poll.letter(poll.right()[0])
    entry = key[key.index(f"**{exercise} — ") :].split("\n**")[0]
    assert re.findall(r"^- ([A-F])\. ", entry, re.M) == [poll.letter(i) for i in range(len(poll.options))]
    assert re.search(rf"^- {right}\. .*\*\*expected\*\*", entry, re.M), exercise
    line = next(ln for ln in plans.splitlines() if f": {exercise} " in ln)
    assert f"expected {right}," in line, line


@pytest.mark.parametrize("exercise", CONCEPT)
def test_check_accepts_the_poll_letter_and_refuses_the_others(exercise):
    poll = POLLS[exercise]
    for i in range(len(poll.options)):
        for given in (poll.letter(i), poll.letter(i).lower()):
            assert check(exercise, given).correct is (i in poll.right()), (exercise, given)


def test_the_deck_letters_match_the_key_for_every_quiz_question(key):
    for q in quiz.items():
        letters = [k.upper() for k in q.options]
        assert letters == ["A", "B", "C", "D"][: len(letters)], q.id
        slide, notes = stamp.quiz_sources([q], COURSE)[0]
        assert f"Expected answer: **{q.correct.upper()}**" in notes
        assert re.findall(r'seedsoil-poll-letter">([A-F])<', slide) == letters
        entry = key[key.index(f"**{q.id} — ") :].split("\n**")[0]
        assert re.search(rf"^- {q.correct.upper()}\. .*\*\*expected\*\*", entry, re.M), q.id
        assert quiz.check({q.id: q.correct.upper()}).message.count("right") >= 1


def test_a_relative_for_absolute_option_is_offered_where_a_poll_is_about_a_hazard_ratio_or_risk():
    """The misconception the issue names ("24% fewer people died") is an option wherever a poll
    reads a hazard ratio or a risk reduction."""
    about = [ex for ex, p in POLLS.items() if re.search(r"hazard ratio|lowers that risk|risk reduction", p.ask)]
    assert about
    for ex in about:
        texts = " ".join(t for t, _ in POLLS[ex].options)
        assert re.search(r"fewer people died|takes away \d+% of the risk|^76%|76%", texts), ex
    q09 = next(q for q in quiz.items() if q.id == "q09")
    assert any("fewer people died" in t for t in q09.options.values())
