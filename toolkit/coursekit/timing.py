"""How long a lesson takes in a room: minutes from a stated model, not a wish.

The model reads the deck as the room gets it (``build.decks.room_cells``: the poll slides, the
generated notes and compare slides) and adds up, per lesson:

- **presenting**: the words on each slide and in its speaker notes, spoken at ``WORDS_PER_MINUTE``,
  with at least ``MIN_SLIDE`` minutes for a slide; each figure or table a further ``PER_FIGURE``
  minutes to read it together;
- **polls**: each poll's own minutes (in its lesson module); a quiz question ``QUIZ_POLL``;
- **explain items**: ``EXPLAIN`` minutes (writing alone, comparing, debrief and the compare slide);
- **predict items**: ``PREDICT`` minutes;
- **discussions**: their own minutes (pairs and debrief, in the lesson module), else ``DISCUSS``;
- **content notes**: ``CONTENT_NOTE`` minutes to read one aloud and pause;
- **transitions**: ``TRANSITION`` minutes per section (a ``##`` slide), and ``OPEN_CLOSE`` to open
  and close the lesson.

A lesson's planned minutes in ``course.yml`` must be at least the model's (a test checks it);
the teacher's guide prints the model and each lesson's parts. The numbers are assumptions a
teacher can argue with, stated in one place.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

WORDS_PER_MINUTE = 120  # a presenting pace with pauses, for a room that is not native to the subject
MIN_SLIDE = 0.5
PER_FIGURE = 1.0
QUIZ_POLL = 1
EXPLAIN = 6
PREDICT = 2
DISCUSS = 5
CONTENT_NOTE = 1
TRANSITION = 0.5
OPEN_CLOSE = 3

_TAGS = re.compile(r"<[^>]+>|<!--.*?-->", re.S)
_LINK = re.compile(r"\]\([^)]*\)")


def _words(text: str) -> int:
    text = _LINK.sub("]", _TAGS.sub(" ", text))
    return sum(1 for w in text.split() if re.search(r"[A-Za-z0-9]", w))


@dataclass
class LessonTime:
    """The model's minutes for one lesson, by part (rounded up to whole minutes in ``total``)."""

    presenting: float = 0.0
    figures: float = 0.0
    polls: float = 0.0
    explain: float = 0.0
    discussions: float = 0.0
    content_notes: float = 0.0
    transitions: float = 0.0
    slides: int = 0

    @property
    def total(self) -> int:
        parts = (self.presenting, self.figures, self.polls, self.explain, self.discussions)
        return int(-(-(sum(parts) + self.content_notes + self.transitions) // 1))

    def parts(self) -> list[tuple[str, float]]:
        return [
            ("presenting", self.presenting),
            ("figures and tables", self.figures),
            ("polls", self.polls),
            ("explain and predict items", self.explain),
            ("discussions", self.discussions),
            ("content notes", self.content_notes),
            ("transitions", self.transitions),
        ]


def _slides(cells: list) -> list[list]:
    """The deck's cells grouped by slide (a slide or subslide cell starts one; skip cells go)."""
    slides: list[list] = []
    for i, cell in enumerate(cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind == "skip":
            continue
        if i == 0 or kind in ("slide", "subslide") or not slides:
            slides.append([])
        slides[-1].append(cell)
    return slides


def lesson_time(nb: nbformat.NotebookNode, polls: dict, discussions: dict, *, deck: bool = True) -> LessonTime:
    """The model's minutes for the lesson in ``nb`` (see the module's docstring), read from its
    deck (``deck=False``: from its cells as they are, for a notebook whose items are not registered)."""
    from .build.decks import room_cells
    from .cells import CONTENT_SLIDE, ITEM_HEADING, QUIZ
    from .polls import HEADING

    cells = room_cells(copy.deepcopy(nb.cells), polls) if deck else nb.cells
    t = LessonTime(transitions=OPEN_CLOSE)
    for slide in _slides(cells):
        t.slides += 1
        head = slide[0].source if slide[0].cell_type == "markdown" else ""
        poll = HEADING.match(head)
        item = ITEM_HEADING.match(head)
        if head.startswith(QUIZ):
            t.polls += QUIZ_POLL
            continue
        if poll and poll.group(1) in polls:
            t.polls += polls[poll.group(1)].minutes
            continue
        if item and item.group(1) == "Explain":
            t.explain += EXPLAIN
            continue
        if item and item.group(1) == "Predict":
            t.explain += PREDICT
            continue
        if item and item.group(1) == "Discuss":
            found = discussions.get(item.group(2))
            t.discussions += found.minutes if found else DISCUSS
            continue
        if head.startswith("### Compare with the model answer"):
            continue  # in the explain item's minutes
        if head.startswith(CONTENT_SLIDE):
            t.content_notes += CONTENT_NOTE
            continue
        if head.startswith("## References"):
            continue
        if head.startswith("## "):
            t.transitions += TRANSITION
        words = 0
        for cell in slide:
            if cell.cell_type == "markdown":
                words += _words(cell.source)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data or "<table" in "".join(data.get("text/html", "")):
                    t.figures += PER_FIGURE
                elif output.get("output_type") == "stream":
                    words += _words(output.get("text", ""))
        t.presenting += max(MIN_SLIDE, words / WORDS_PER_MINUTE)
    return t


def course_times(root: Path) -> dict[str, LessonTime]:
    """The model's minutes of every lesson in ``course.yml``, by lesson id."""
    from seedsoil import lessons
    from seedsoil.course import load

    from .paths import manifest
    from .polls import load as load_polls

    course = load(manifest(root))
    polls, discussions = load_polls(), lessons.discussions()
    return {
        nb.id: lesson_time(nbformat.read(root / "notebooks" / nb.file, as_version=4), polls, discussions)
        for nb in course.notebooks
    }


MODEL_TEXT = (
    f"Each lesson's minutes come from this model (`coursekit.timing`): the words on each slide and in "
    f"its speaker notes at {WORDS_PER_MINUTE} words a minute, at least {MIN_SLIDE:g} minute a slide; "
    f"{PER_FIGURE:g} minute to read each figure or table together; each poll's own minutes (a quiz "
    f"question {QUIZ_POLL}); {EXPLAIN} minutes for an explain item (writing, comparing and the debrief), "
    f"{PREDICT} for a predict item; each discussion's own minutes, debrief included; {CONTENT_NOTE} "
    f"minute to read a content note aloud; {TRANSITION:g} minute between sections and {OPEN_CLOSE} to open "
    "and close. The planned minutes are at least the model's (a test checks it); a room of beginners, or "
    "one that asks many questions, needs more."
)
