"""Exercises as poll slides: a room answers by hands or clicker, no laptops needed (issue 12).

``data/polls.yml`` gives, for each exercise id, the question for the room, its options (each with
the answer a learner would type for it), what each wrong option reveals, and the minutes to allow.
The deck shows the question with lettered options; the speaker notes give the expected letter,
the wrong letters with what they reveal, and the time.

Which letter is right is never typed: each option's answer goes through the exercise's own check
(``seedsoil.exercises.check``), so the poll and the notebook cannot disagree.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from seedsoil.exercises import check, exercise_ids
from seedsoil.feedback import _fmt
from seedsoil.text import YamlProblem, load_yaml, plain

FILE = "polls.yml"
LETTERS = "ABCDEF"
HEADING = re.compile(r"^### Exercise (ex\d\d-\d+)\b")


class PollError(ValueError):
    """``polls.yml`` is malformed or disagrees with an exercise's check; the message says where."""


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
        return _without_echo(self._message(index), self.options[index][1])

    def why(self) -> str:
        """The check's explanation of the right answer (for the teacher's key), or ''."""
        right = self.right()
        return self._message(right[0]) if right else ""

    def _message(self, index: int) -> str:
        return self._verdicts[index][1]

    def _check(self, answer) -> tuple[bool, str]:
        """Whether the exercise's check accepts ``answer``, and what it says, on one line (only
        this poll's part of a several-part exercise, which the check reports on a line of its own)."""
        fb = check(self.exercise, {self.part: answer} if self.part else answer)
        lines = fb.message.splitlines()
        if self.part is None:
            accepted = fb.correct is True
        else:
            accepted = any(line.startswith(f"{self.part}: right") for line in lines)
        if self.part:
            lines = [line.split(": ", 1)[1] for line in lines if line.startswith(f"{self.part}:")] or lines
        return accepted, " ".join(lines)


def _without_echo(text: str, answer) -> str:
    """The check's words without the answer it repeats first ("65.1 percent: that is ..." -> "that
    is ..."): in the notes and the key the option is already on the line."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return text
    echo = re.match(re.escape(_fmt(answer)) + r"(?: [^:.]{1,30})?: ", text)
    return text[echo.end() :] if echo else text


def load(path: Path) -> dict[str, Poll]:
    """The polls in ``path`` by exercise id; PollError names the file, exercise and field."""
    path = Path(path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, YamlProblem) as error:
        raise PollError(f"{path}: cannot read the polls ({error})") from None
    if not isinstance(raw, dict):
        raise PollError(f"{path}: expected a mapping from exercise ids to polls")
    known = set(exercise_ids())
    polls = {}
    for exercise, entry in raw.items():
        where = f"{path.name}, {exercise}"
        if exercise not in known:
            raise PollError(f"{where}: no exercise with this id (known: {', '.join(sorted(known))})")
        if not isinstance(entry, dict) or not {"ask", "options", "minutes"} <= entry.keys():
            raise PollError(f"{where}: needs 'ask', 'options' and 'minutes'")
        unknown = set(entry) - {"ask", "options", "minutes", "reveals", "part"}
        if unknown:
            raise PollError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        options = entry["options"]
        if not isinstance(options, list) or not 2 <= len(options) <= len(LETTERS):
            raise PollError(f"{where}: 'options' must be a list of 2 to {len(LETTERS)} options")
        for k, option in enumerate(options):
            if not isinstance(option, dict) or set(option) != {"text", "answer"}:
                raise PollError(f"{where}, option {LETTERS[k]}: needs exactly 'text' and 'answer'")
        minutes = entry["minutes"]
        if not isinstance(minutes, int) or not 1 <= minutes <= 20:
            raise PollError(f"{where}: 'minutes' must be a whole number from 1 to 20, not {minutes!r}")
        reveals = entry.get("reveals") or {}
        letters = LETTERS[: len(options)]
        if not isinstance(reveals, dict) or not set(reveals) <= set(letters):
            raise PollError(f"{where}: 'reveals' must map option letters ({', '.join(letters)}) to text")
        polls[exercise] = Poll(
            exercise=exercise,
            ask=str(entry["ask"]).strip(),
            options=tuple((str(o["text"]), o["answer"]) for o in options),
            minutes=minutes,
            reveals={k: str(v) for k, v in reveals.items()},
            part=entry.get("part"),
        )
    return polls


def problems(polls: dict[str, Poll]) -> list[str]:
    """Polls whose options do not grade as exactly one right answer, or whose notes would point
    at a right option as a wrong one; empty when all are sound."""
    found = []
    for poll in polls.values():
        right = poll.right()
        if len(right) != 1:
            letters = ", ".join(poll.letter(i) for i in right) or "none"
            found.append(f"{FILE}, {poll.exercise}: exactly one option must pass check(); right: {letters}")
        for letter in poll.reveals:
            if LETTERS.index(letter) in right:
                found.append(f"{FILE}, {poll.exercise}: 'reveals' explains {letter}, which is the right option")
    return found


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
