"""Exercises as polls: a room answers by hands or clicker, no laptops needed.

Each lesson module (:mod:`seedsoil.lessons`) gives, next to an exercise's check, its poll: the
question for the room, its options (each with the answer a learner would type for it), what each
wrong option reveals, and the minutes to allow. The deck shows the question with the options
lettered A, B, C…; the notebook of a concept question shows the same options with the same letters,
and ``check()`` accepts the letter the room voted for.

Which letter is right is never typed: each option's answer goes through the exercise's own check,
so the poll, the notebook and the answer key cannot disagree (:func:`problems` says where they do).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Poll:
    exercise: str
    ask: str
    options: tuple[tuple[str, object], ...]  # (text, answer)
    minutes: int
    reveals: dict[str, str] = field(default_factory=dict)
    part: str | None = None

    def letter(self, index: int) -> str:
        return LETTERS[index]

    @functools.cached_property
    def _verdicts(self) -> tuple[tuple[bool, str], ...]:
        """Each option through the exercise's check once: (accepted, the check's words)."""
        return tuple(self._check(answer) for _, answer in self.options)

    def graded(self) -> list[bool]:
        """For each option, whether the exercise's check accepts its answer."""
        return [ok for ok, _ in self._verdicts]

    def right(self) -> list[int]:
        return [i for i, ok in enumerate(self.graded()) if ok]

    def feedback(self, index: int) -> str:
        """What choosing option ``index`` reveals: the author's note, else the check's own words."""
        letter = self.letter(index)
        if letter in self.reveals:
            return self.reveals[letter]
        return _without_echo(self._verdicts[index][1], self.options[index][1])

    def why(self) -> str:
        """The check's explanation of the right answer (for the teacher's key), or ''."""
        right = self.right()
        return self._verdicts[right[0]][1] if right else ""

    def _check(self, answer) -> tuple[bool, str]:
        """Whether the exercise's check accepts ``answer``, and what it says, on one line (only
        this poll's part of a several-part exercise, which the check reports on a line of its own)."""
        from .feedback import REGISTRY

        try:  # straight to the registered check: a poll's options are answers, never letters
            fb = REGISTRY[self.exercise]({self.part: answer} if self.part else answer)
        except Exception as error:  # noqa: BLE001 - a check that crashes grades no option right
            return False, f"could not be checked ({type(error).__name__}: {error})"
        lines = fb.message.splitlines()
        if self.part is None:
            accepted = fb.correct is True
        else:
            accepted = any(line.startswith(f"{self.part}: right") for line in lines)
            lines = [line.split(": ", 1)[1] for line in lines if line.startswith(f"{self.part}:")] or lines
        return accepted, " ".join(lines)


def poll(ask: str, options: list, *, minutes: int, reveals: dict | None = None, part: str | None = None) -> Poll:
    """A poll as a lesson module writes it (the exercise id is the key it is filed under)."""
    return Poll("", str(ask).strip(), tuple((str(t), a) for t, a in options), minutes, dict(reveals or {}), part)


def _without_echo(text: str, answer) -> str:
    """The check's words without the answer it repeats first ("65.1 percent: that is ..." -> "that
    is ..."): in the notes and the key the option is already on the line."""
    from .feedback import format_number

    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return text
    echo = re.match(re.escape(format_number(answer)) + r"(?: [^:.]{1,30})?: ", text)
    return text[echo.end() :] if echo else text


def gather(modules) -> dict[str, Poll]:
    """The polls of ``modules`` (each module's ``POLLS``), by exercise id."""
    found = {}
    for module in modules:
        for exercise, entry in getattr(module, "POLLS", {}).items():
            found[exercise] = Poll(exercise, entry.ask, entry.options, entry.minutes, entry.reveals, entry.part)
    return found


@dataclass(frozen=True)
class Discussion:
    """A discussion prompt's teacher material (the prompt itself is in the notebook): what to listen
    for while pairs talk, and how to close it. The deck puts both in the slide's speaker notes."""

    item: str
    listen_for: tuple[str, ...]
    debrief: str
    minutes: int


def discussion(*, listen_for: list[str], debrief: str, minutes: int) -> Discussion:
    """A discussion's notes as a lesson module writes them, in its ``DISCUSSIONS`` (keyed by the
    prompt's id, ``dNN-k``): 2 to 4 points to listen for, the debrief in a few sentences, the
    minutes for pairs and debrief together."""
    return Discussion("", tuple(str(p).strip() for p in listen_for), str(debrief).strip(), minutes)


def gather_discussions(modules) -> dict[str, Discussion]:
    """The discussions of ``modules`` (each module's ``DISCUSSIONS``), by prompt id."""
    found = {}
    for module in modules:
        for item, entry in getattr(module, "DISCUSSIONS", {}).items():
            found[item] = Discussion(item, entry.listen_for, entry.debrief, entry.minutes)
    return found


def discussion_problems(found: dict[str, Discussion]) -> list[str]:
    """Discussions whose notes a substitute teacher could not run from; empty when all are sound."""
    out = []
    for item, d in found.items():
        where = f"discussion {item}"
        if not re.fullmatch(r"d\d\d-\d+", item):
            out.append(f"{where}: a discussion id is dNN-k")
        if not 2 <= len(d.listen_for) <= 4 or not all(d.listen_for):
            out.append(f"{where}: give 2 to 4 points to listen for")
        if len(d.debrief.split()) < 12:
            out.append(f"{where}: the debrief needs a few sentences (at least 12 words)")
        if isinstance(d.minutes, bool) or not isinstance(d.minutes, int) or not 2 <= d.minutes <= 20:
            out.append(f"{where}: 'minutes' must be a whole number from 2 to 20, not {d.minutes!r}")
    return out


def letter_answer(found: dict[str, Poll], exercise: str, letter: str):
    """The answer of the option lettered ``letter`` in ``exercise``'s poll (IndexError if none)."""
    return found[exercise].options[LETTERS.index(letter.strip().upper())][1]


def problems(found: dict[str, Poll]) -> list[str]:
    """Polls that are malformed, or whose options do not grade as exactly one right answer, or
    whose notes would point at a right option as a wrong one; empty when all are sound."""
    from .feedback import KINDS, LESSON_OF

    out = []
    for key, entry in found.items():
        exercise = entry.exercise or key
        where = f"lessons/{LESSON_OF.get(exercise, '?')}.py, poll {exercise}"
        if exercise not in KINDS:
            out.append(f"{where}: no exercise with this id")
            continue
        if not entry.ask:
            out.append(f"{where}: the question ('ask') is empty")
        if not 2 <= len(entry.options) <= len(LETTERS):
            out.append(f"{where}: give 2 to {len(LETTERS)} options")
            continue
        if isinstance(entry.minutes, bool) or not isinstance(entry.minutes, int) or not 1 <= entry.minutes <= 20:
            out.append(f"{where}: 'minutes' must be a whole number from 1 to 20, not {entry.minutes!r}")
        letters = LETTERS[: len(entry.options)]
        if not set(entry.reveals) <= set(letters):
            out.append(f"{where}: 'reveals' must map option letters ({', '.join(letters)}) to text")
        right = entry.right()
        if len(right) != 1:
            shown = ", ".join(entry.letter(i) for i in right) or "none"
            out.append(f"{where}: exactly one option must pass check(); right: {shown}")
        for letter in entry.reveals:
            if letter in letters and LETTERS.index(letter) in right:
                out.append(f"{where}: 'reveals' explains {letter}, which is the right option")
    return out
