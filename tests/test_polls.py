"""Exercises as poll slides: each lesson's polls (seedsoil.polls), coursekit.polls and the decks built from them.

Which option is right is never typed: each option's answer goes through the exercise's check, so
these tests fail when a poll and its exercise drift apart (a data change, a new course.yml).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from coursekit import polls
from coursekit.build import BuildError, load_polls
from seedsoil.feedback import KINDS

from nbtools import NOTEBOOK_FILES, read_notebook

POLLS = polls.load()


def _exercises(file: str) -> list[str]:
    return [m.group(1) for c in read_notebook(file).cells if (m := polls.HEADING.match(c.source))]


def _bibliography(file: str) -> set[str]:
    cells = [c.source for c in read_notebook(file).cells if "bibliography(" in c.source]
    return set(re.findall(r'"([a-z0-9_]+)"', cells[-1])) if cells else set()


def test_every_exercise_has_exactly_one_poll():
    """Every exercise is a poll in the deck, except the quiz, whose questions are poll slides each."""
    in_notebooks = [ex for file in NOTEBOOK_FILES for ex in _exercises(file) if KINDS[ex] != "quiz"]
    assert len(in_notebooks) == len(set(in_notebooks)) >= 30
    assert sorted(POLLS) == sorted(in_notebooks)


@pytest.mark.parametrize("exercise", sorted(POLLS))
def test_exactly_one_option_passes_the_exercises_own_check(exercise):
    poll = POLLS[exercise]
    assert len(poll.right()) == 1, f"{exercise}: right options {poll.right()}"
    assert polls.problems({exercise: poll}) == []


@pytest.mark.parametrize("exercise", sorted(POLLS))
def test_every_wrong_option_says_what_it_reveals(exercise):
    """The notes diagnose a misconception for each wrong letter, never just 'too high/too low'."""
    poll = POLLS[exercise]
    for i in range(len(poll.options)):
        if i in poll.right():
            continue
        said = poll.feedback(i)
        assert len(said.split()) >= 5, f"{exercise} {poll.letter(i)}: {said!r}"
        assert not re.search(r"\btoo (high|low)\b", said), f"{exercise} {poll.letter(i)}: write what it reveals"


@pytest.mark.parametrize("exercise", sorted(POLLS))
def test_a_numeric_option_shows_its_own_answer(exercise):
    """'about 18%' must be an option whose answer is about 18: the room reads the text, check() the answer."""
    for text, answer in POLLS[exercise].options:
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            shown = float(re.search(r"\d[\d,]*\.?\d*", text).group(0).replace(",", ""))
            assert shown == pytest.approx(answer, rel=0.1), f"{exercise}: {text!r} shows {shown}, answer {answer}"


def test_citations_in_polls_are_on_the_decks_reference_slide():
    for file in NOTEBOOK_FILES:
        keys = _bibliography(file)
        for ex in (e for e in _exercises(file) if e in POLLS):  # the quiz's questions are slides of their own
            poll = POLLS[ex]
            for key in re.findall(r"\(#ref-([a-z0-9_]+)\)", poll.ask + " ".join(poll.reveals.values())):
                assert key in keys, f"{ex} cites {key}, which is not in {file}'s references"


def test_the_right_letter_varies():
    """A room should not learn that the answer is usually A."""
    letters = Counter(POLLS[ex].letter(POLLS[ex].right()[0]) for ex in POLLS)
    assert max(letters.values()) <= len(POLLS) / 2, letters


def test_notes_name_the_expected_answer_the_wrong_ones_and_the_minutes():
    poll = POLLS["ex09-1"]
    notes = polls.notes_markdown(poll)
    right = poll.letter(poll.right()[0])
    assert f"Expected answer: **{right}** (24%)" in notes
    assert f"allow {poll.minutes} minutes" in notes
    assert notes.count("\n- **") == len(poll.options) - 1
    # the notes reuse what the exercise's own check says about each wrong value
    assert "reads the hazard ratio itself as the reduction" in notes
    assert "looks like a fraction" in notes


def test_the_slide_letters_the_options_and_escapes_them():
    poll = polls.Poll("ex11-2", "Which?", (("<b>a</b> *risky*", "a"), ("b", "b")), minutes=2)
    md = polls.slide_markdown("### Exercise ex11-2 — Spot", poll)
    assert md.startswith("### Exercise ex11-2 — Spot\n\nWhich?")
    assert "&lt;b&gt;a&lt;/b&gt; <em>risky</em>" in md and "<b>" not in md
    assert re.findall(r'seedsoil-poll-letter">([A-F])<', md) == ["A", "B"]


def test_problems_catch_a_poll_with_no_right_option_or_two():
    none_right = polls.Poll("ex08-1", "q", (("systemic", "systemic"), ("supportive", "supportive")), minutes=1)
    two_right = polls.Poll("ex08-1", "q", (("local", "local"), ("Local", "Local")), minutes=1)
    explains_right = polls.Poll("ex08-1", "q", (("local", "local"), ("x", "systemic")), 1, {"A": "why"})
    found = polls.problems({"a": none_right, "b": two_right, "c": explains_right})
    assert any("right: none" in p for p in found)
    assert any("right: A, B" in p for p in found)
    assert any("'reveals' explains A, which is the right option" in p for p in found)


@pytest.mark.parametrize(
    ("poll", "message"),
    [
        (polls.Poll("ex99-9", "q", (("a", "a"), ("b", "b")), 1), "poll ex99-9: no exercise with this id"),
        (polls.Poll("ex08-1", "", (("local", "local"), ("b", "b")), 1), "the question ('ask') is empty"),
        (polls.Poll("ex08-1", "q", (("local", "local"),), 1), "give 2 to 6 options"),
        (polls.Poll("ex08-1", "q", (("local", "local"), ("b", "b")), 0), "'minutes' must be a whole number"),
        (polls.Poll("ex08-1", "q", (("local", "local"), ("b", "b")), 1, {"D": "x"}), "must map option letters (A, B)"),
    ],
)
def test_a_malformed_poll_names_its_lesson_exercise_and_field(poll, message):
    found = polls.problems({poll.exercise: poll})
    assert any(message in p for p in found), found
    if poll.exercise == "ex08-1":
        assert all(p.startswith("lessons/treatment.py, poll ex08-1") for p in found)


def test_the_build_stops_on_a_poll_that_disagrees_with_its_exercise(monkeypatch):
    bad = polls.Poll("ex08-1", "q", (("systemic", "systemic"), ("supportive", "supportive")), 1)
    monkeypatch.setattr(polls, "load", lambda: {"ex08-1": bad})
    with pytest.raises(
        BuildError, match=r"treatment.py, poll ex08-1: exactly one option must pass check\(\); right: none"
    ):
        load_polls()


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_each_deck_shows_its_exercises_as_polls_with_the_answer_in_the_notes(built_course, file):
    deck = (built_course / "slides" / file.replace(".ipynb", ".slides.html")).read_text(encoding="utf-8")
    exercises = [ex for ex in _exercises(file) if KINDS[ex] != "quiz"]
    quiz_slides = sum(c.source.startswith("<!-- seedsoil:quiz q") for c in read_notebook(file).cells)
    assert deck.count('<ol class="seedsoil-poll">') == len(exercises) + quiz_slides
    for ex in exercises:
        poll = POLLS[ex]
        section = deck[deck.index(f"Exercise {ex}") :]
        section = section[: section.index("</section>")]
        assert section.count('class="seedsoil-poll-letter"') == len(poll.options)
        notes = section[section.index('<aside class="notes">') :]
        assert f"Expected answer: <strong>{poll.letter(poll.right()[0])}</strong>" in notes
    assert '<details class="seedsoil-solution">' not in deck  # the answer is in the notes, not on screen


@pytest.mark.parametrize("exercise", sorted(POLLS))
def test_notes_and_key_do_not_repeat_the_number_of_a_wrong_option(exercise):
    """'C. about 65%: that is …', not 'C. about 65%: 65.1 percent: that is …'."""
    from seedsoil.feedback import format_number

    poll = POLLS[exercise]
    for i, (_, answer) in enumerate(poll.options):
        if i in poll.right() or isinstance(answer, bool) or not isinstance(answer, (int, float)):
            continue
        echo = re.escape(format_number(answer)) + r"(?: [^:.]{1,30})?: "
        assert not re.match(echo, poll.feedback(i)), (exercise, poll.letter(i), poll.feedback(i))


def test_the_key_gives_the_reason_for_the_expected_option():
    poll = POLLS["ex12-5"]
    assert "fifth" in poll.why()
