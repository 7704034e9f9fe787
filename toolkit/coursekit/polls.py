"""Exercises as poll slides: a room answers by hands or clicker, no laptops needed.

Each poll lives with its exercise's check in the lesson's module (``seedsoil.lessons``; the
library's ``seedsoil.polls``): the question for the room, its options, what each wrong option
reveals, and the minutes to allow. Here it becomes a slide, with the options lettered A, B, C…,
and speaker notes that give the expected letter, the wrong letters with what they reveal, and the
time. Which letter is right is never typed: each option's answer goes through the exercise's own
check, so the poll and the notebook cannot disagree.
"""

from __future__ import annotations

import html
import re

from seedsoil import polls as polls_lib
from seedsoil.text import plain

LETTERS = polls_lib.LETTERS
HEADING = re.compile(r"^### Exercise (ex\d\d-\d+)\b")
Poll = polls_lib.Poll


class PollError(ValueError):
    """A lesson's poll is malformed or disagrees with its exercise's check; the message says where."""


def load() -> dict[str, Poll]:
    """Every exercise's poll (from the lesson modules), by exercise id."""
    from seedsoil import lessons

    return lessons.polls()


def problems(polls: dict[str, Poll]) -> list[str]:
    return polls_lib.problems(polls)


def _inline(text: str) -> str:
    """Option text as HTML: escaped, with *emphasis* kept."""
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html.escape(text))


def slide_markdown(heading: str, poll: Poll) -> str:
    """The poll slide: the exercise's heading, the question, the options lettered A, B, C..."""
    items = "\n".join(
        f'<li><span class="seedsoil-poll-letter">{poll.letter(i)}</span> {_inline(text)}</li>'
        for i, (text, _) in enumerate(poll.options)
    )
    return f'{heading}\n\n{plain(poll.ask)}\n\n<ol class="seedsoil-poll">\n{items}\n</ol>\n'


def notes_markdown(poll: Poll) -> str:
    """Speaker notes: the time, the expected answer, and what each wrong answer reveals."""
    right = poll.right()
    expected = "; ".join(f"**{poll.letter(i)}** ({plain(poll.options[i][0])})" for i in right)
    lines = [
        f"Poll: allow {poll.minutes} minute{'s' if poll.minutes != 1 else ''}. Ask for hands (or clickers) "
        "for each letter before showing the answer.",
        "",
        f"Expected answer: {expected}.",
        "",
        "Common wrong answers:",
        "",
    ]
    lines += [
        f"- **{poll.letter(i)}** ({plain(poll.options[i][0])}): {plain(poll.feedback(i))}"
        for i in range(len(poll.options))
        if i not in right
    ]
    return "\n".join(lines) + "\n"


#: The heading of the slide the deck adds after an explain item (the room compares its answers).
COMPARE_HEADING = "Compare with the model answer"


def explain_notes(exercise: str) -> str:
    """Speaker notes of an explain item's slide: how to run it, the model answer and the rubric."""
    spec = _spec(exercise)
    rubric = "\n".join(f"- {plain(point)}" for point in spec.rubric)
    return (
        "Explain in writing: give everyone 3 minutes to write two or three sentences, alone, without notes; "
        "then 2 minutes to compare with a neighbour. Do not show the model answer before they have written.\n\n"
        f"Model answer: {plain(spec.model)}\n\nRubric (a good answer has):\n\n{rubric}\n\n"
        "Next slide: the rubric for the room."
    )


def compare_slide(exercise: str) -> str:
    """The slide after an explain item: the rubric, for the room to check its own answers against."""
    spec = _spec(exercise)
    points = "\n".join(f"- {plain(point)}" for point in spec.rubric)
    return f"### {COMPARE_HEADING} ({exercise})\n\nA good answer:\n\n{points}\n"


def compare_notes(exercise: str) -> str:
    """Speaker notes of the compare slide: the model answer, and how to debrief."""
    spec = _spec(exercise)
    return (
        "Debrief (2 minutes): ask two or three people to read their answer aloud, and have the room tick "
        "the points it covers. Praise an answer that reaches a point in its own words; correct a missing "
        f"or wrong point gently.\n\nModel answer, to read out last: {plain(spec.model)}\n\n"
        "Anyone who wants to try again can run the item in the notebook: it shows the same model answer."
    )


def predict_notes(exercise: str) -> str:
    """Speaker notes of a predict item: collect guesses first, then reveal what the data give."""
    from seedsoil.feedback import format_number, spec

    found = spec(exercise)
    unit = f" {found.unit}" if found.unit else ""
    return (
        "Predict, then reveal (2 minutes): everyone writes a guess before anything is shown; ask for a few "
        f"guesses aloud, then show the result. The data give {format_number(round(found.actual, 3))}{unit}. "
        "A far guess is not a failure: ask what the guess assumed that the data do not."
    )


def discussion_notes(d) -> str:
    """Speaker notes of a discussion slide: the time, what to listen for, and the debrief."""
    listen = "\n".join(f"- {plain(point)}" for point in d.listen_for)
    return (
        f"Pairs: {d.minutes} minutes in all, with the debrief. Walk round and listen for:\n\n{listen}\n\n"
        f"Debrief: {plain(d.debrief)}"
    )


def _spec(exercise: str):
    from seedsoil.feedback import ExplainSpec, spec

    found = spec(exercise)
    if not isinstance(found, ExplainSpec):
        raise PollError(f"{exercise}: the heading says Explain, but its check is not an explain item")
    return found
