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
