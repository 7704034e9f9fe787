"""Minutes from a model, not a wish (issue 25): the timing model counts what it says it counts,
every lesson is planned at least the model's minutes, and the class sessions have breaks."""

from __future__ import annotations

import nbformat
import pytest

from coursekit import timing
from seedsoil import course as course_mod
from seedsoil.polls import Discussion, Poll

from nbtools import COURSE, ROOT


@pytest.fixture(scope="module")
def times():
    return timing.course_times(ROOT)


def test_every_lesson_is_planned_at_least_the_models_minutes(times):
    short = [
        f"{nb.file}: planned {nb.minutes}, model {times[nb.id].total}"
        for nb in COURSE.notebooks
        if nb.minutes < times[nb.id].total
    ]
    assert short == [], "raise the minutes in course.yml (or cut the lesson):\n" + "\n".join(short)


def test_no_lesson_is_longer_than_fifty_minutes_of_model_time(times):
    """A lesson fits a class: the split of the old treatment lesson keeps each part under 50."""
    assert max(t.total for t in times.values()) <= 70  # the review: 60–70 minutes for the longest
    assert times["treatment"].total <= 50 and times["treatment_evidence"].total <= 50


def _md(source, kind):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def test_the_model_counts_words_polls_items_and_transitions():
    words = " ".join(["word"] * timing.WORDS_PER_MINUTE)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _md("# Title", "slide"),
        _md("## A section\n\n" + words, "slide"),  # one minute of words, a transition
        _md("Teacher: " + words, "notes"),  # and one of notes
        _md("### Exercise ex99-1 — A poll", "subslide"),
        _md("### Explain ex99-2 — Say why", "subslide"),
        _md("### Discuss d99-1 — Talk", "subslide"),
    ]
    poll = Poll("ex99-1", "Which?", (("a", "a"), ("b", "b")), 4)
    # the explain item has no registered check: the model counts its minutes from the heading
    t = timing.lesson_time(
        nb, {"ex99-1": poll}, {"d99-1": Discussion("d99-1", ("x", "y"), "debrief " * 12, 7)}, deck=False
    )
    assert t.polls == 4 and t.discussions == 7 and t.explain == timing.EXPLAIN
    assert t.transitions == timing.OPEN_CLOSE + timing.TRANSITION
    # the title slide at its minimum; then both texts, the heading ("A section") and "Teacher:"
    assert t.presenting == pytest.approx(timing.MIN_SLIDE + (2 * timing.WORDS_PER_MINUTE + 3) / timing.WORDS_PER_MINUTE)
    assert t.total == int(-(-(t.presenting + 4 + 7 + timing.EXPLAIN + t.transitions) // 1))


def test_every_long_session_has_a_break_and_the_sessions_cover_the_course():
    assert COURSE.sessions, "course.yml lists the class sessions"
    assert [x for s in COURSE.sessions for x in s.lessons] == [nb.id for nb in COURSE.notebooks]
    for s in COURSE.sessions:
        assert s.minutes <= course_mod.BREAK_AFTER or s.break_minutes >= course_mod.MIN_BREAK, s.title
        assert sum(COURSE[x].minutes for x in s.lessons) + s.break_minutes <= s.minutes, s.title


@pytest.mark.parametrize(
    "change, message",
    [
        ("    break: 10\n", "needs a break"),
        ("    minutes: 120\n", "more than its"),
    ],
)
def test_the_manifest_refuses_a_session_without_its_break_or_too_full(tmp_path, change, message):
    text = (ROOT / "data" / "course.yml").read_text(encoding="utf-8")
    first = text.index("sessions:")
    head, tail = text[:first], text[first:]
    if "break" in change:
        tail = tail.replace(change, "    break: 0\n", 1)
    else:
        tail = tail.replace(change, "    minutes: 30\n", 1)
    path = tmp_path / "course.yml"
    path.write_text(head + tail, encoding="utf-8")
    with pytest.raises(course_mod.CourseError, match=message):
        course_mod.load(path)
