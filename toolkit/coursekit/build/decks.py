"""The slide decks: reveal.js through nbconvert, made for a room.

A code cell shows its output only (unless tagged ``slide-code``); an exercise becomes a poll slide
from its lesson module (``seedsoil.lessons``) with the answer in the speaker notes; an explain item
gets its model answer and rubric in the notes and a slide after it for the room to compare; a predict
item and a discussion get their notes from the lesson module too; a slide's notes cells are joined
into the one box reveal.js shows.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.exporters.slides import _RevealMetadataPreprocessor
from nbconvert.preprocessors import Preprocessor

from seedsoil import render

from .. import polls as polls_mod
from .. import sanitize
from ..cells import ITEM_HEADING
from .errors import BuildError

#: Tag that keeps a code cell's source on the slides, where the code itself is the lesson.
SLIDE_CODE_TAG = "slide-code"
#: Tag of a Markdown cell for the room only: a slide's few words where the reading page has the
#: paragraph (a cell of slide type Skip). Reading pages leave it out; the notebook keeps it.
SLIDE_ONLY_TAG = "slide-only"


def load_polls(root: Path | None = None) -> dict:
    """Every exercise's poll (from the lesson modules), checked against the exercises' own checks;
    BuildError names the lesson and exercise whose poll is malformed or whose options do not grade
    as one answer."""
    polls = polls_mod.load()
    problems = polls_mod.problems(polls)
    if problems:
        raise BuildError("the poll slides disagree with the exercises:\n" + "\n".join(f"  {p}" for p in problems))
    return polls


class SlideCodePreprocessor(Preprocessor):
    """Decks are for a room: a code cell shows its output only, unless tagged ``slide-code``.
    Exercise stubs and solutions leave the deck: an exercise becomes a poll slide (the question
    and lettered options of its poll, in its lesson module) whose speaker notes hold the answer."""

    polls: dict = {}  # exercise id -> coursekit.polls.Poll, set by exporter()
    learner = False  # a learner's build: no speaker notes (they hold the expected answers)

    def preprocess(self, nb, resources):
        nb.cells = room_cells(nb.cells, self.polls, resources.get("seedsoil_file", "notebook"))
        if self.learner:
            nb.cells = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") != "notes"]
        # nbconvert marked where slides start and end before this ran; cells were dropped and
        # added since, so mark them again (the template reads these flags).
        for cell in nb.cells:
            for flag in _REVEAL_FLAGS:
                cell.metadata.pop(flag, None)
        return _RevealMetadataPreprocessor().preprocess(nb, resources)


def _generated(source: str, slide_type: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id  # not random: a rebuild writes the same deck
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def room_cells(cells: list, polls: dict, where: str = "notebook") -> list:
    """The cells of a deck, in order: what the room sees and the teacher's notes (see the class
    above). Tests read the deck's expected slides from it."""
    from seedsoil import lessons

    discussions = lessons.discussions()
    kept, compare = [], None

    def flush():
        nonlocal compare
        if compare:
            kept.append(_generated(polls_mod.compare_slide(compare), "subslide", f"compare-{compare}"))
            kept.append(_generated(polls_mod.compare_notes(compare), "notes", f"compare-notes-{compare}"))
        compare = None

    for index, cell in enumerate(cells):
        tags = cell.metadata.get("tags", [])
        if cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide"):
            flush()
        if cell.cell_type == "code" and ("exercise" in tags or "solution" in tags):
            continue
        poll = _poll_for(cell, polls)
        if poll is not None:
            heading = cell.source.splitlines()[0]
            cell.source = polls_mod.slide_markdown(heading, poll)
            kept += [cell, _generated(polls_mod.notes_markdown(poll), "notes", f"poll-notes-{poll.exercise}")]
            continue
        item = ITEM_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if cell.cell_type == "code" and SLIDE_CODE_TAG not in tags:
            cell.metadata["transient"] = {"remove_source": True}
        on_slides = cell.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes")
        for output in cell.get("outputs", []) if on_slides else ():
            slide_variant(output, f"notebooks/{where}, cell {index}")
        kept.append(cell)
        if item is not None:
            kind, name, _ = item.groups()
            if kind == "Explain":
                kept.append(_generated(polls_mod.explain_notes(name), "notes", f"explain-notes-{name}"))
                compare = name
            elif kind == "Predict":
                kept.append(_generated(polls_mod.predict_notes(name), "notes", f"predict-notes-{name}"))
            elif name in discussions:
                kept.append(_generated(polls_mod.discussion_notes(discussions[name]), "notes", f"discuss-{name}"))
    flush()
    return _one_notes_cell_per_slide(kept)


#: The cell metadata nbconvert's reveal template reads, set by its _RevealMetadataPreprocessor.
_REVEAL_FLAGS = (
    "slide_type",
    "slide_start",
    "slide_end",
    "subslide_start",
    "subslide_end",
    "fragment_start",
    "fragment_end",
)


def _one_notes_cell_per_slide(cells: list) -> list:
    """Join the notes cells of each (sub)slide into its first one: reveal.js shows only the first
    ``<aside class="notes">`` of a slide in the speaker view."""
    kept, first = [], None
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            first = None
        if kind == "notes":
            if first is not None:
                first.source = first.source.rstrip("\n") + "\n\n" + cell.source
                continue
            first = cell
        kept.append(cell)
    return kept


def _poll_for(cell, polls: dict):
    """The poll for an exercise's heading cell (``### Exercise exNN-k — ...``), if there is one."""
    if cell.cell_type != "markdown":
        return None
    match = polls_mod.HEADING.match(cell.source)
    return polls.get(match.group(1)) if match else None


def slide_variant(output, where: str):
    """The deck's view of one output: the slide variant a table declares (``seedsoil.render``); a
    course table that has none did not fit a slide and gave no summary, so the build stops."""
    data = output.get("data", {})
    if render.SLIDE_MIME in data:
        size = output.get("metadata", {}).get(render.SLIDE_MIME, {})
        rows, columns = size.get("rows", 0), size.get("columns", 0)
        if rows > render.SLIDE_ROWS or columns > render.SLIDE_COLUMNS:
            raise BuildError(
                f"{where}: the slide's table has {rows} rows and {columns} columns; a slide shows at most "
                f"{render.SLIDE_ROWS} rows and {render.SLIDE_COLUMNS} columns"
            )
        data["text/html"] = data[render.SLIDE_MIME]
    elif render.PAGE_MIME in data and render.TABLE in "".join(data.get("text/html", "")):
        raise BuildError(
            f"{where}: this table is too big for a slide ({render.SLIDE_ROWS} rows, {render.SLIDE_COLUMNS} "
            "columns at most): give show() a summary for the room (slide=...), or slide=False to say the "
            "table is on the reading page, or take the cell off the slides (slide type Skip)"
        )


def exporter(templates: Path, polls: dict, common: dict, *, learner: bool = False) -> SlidesExporter:
    """nbconvert's reveal.js exporter with the course's template and the room's preprocessor."""
    slides = sanitize.sanitizing(
        SlidesExporter,
        template_name="seedsoil_reveal",
        reveal_url_prefix="../_static/reveal.js",
        reveal_theme="white",
        reveal_scroll=False,  # a slide that does not fit is a bug (the deck walk tests it), not a scrollbar
        reveal_number="h.v",  # slide numbers, so a room can say "go back to 4.2"
        **common,
    )
    deck = SlideCodePreprocessor(enabled=True)
    deck.polls = polls
    deck.learner = learner
    slides.register_preprocessor(deck, enabled=True)
    return slides
