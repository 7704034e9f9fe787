"""The slide decks: reveal.js through nbconvert, made for a room.

A code cell shows its output only (unless tagged ``slide-code``); an exercise becomes a poll slide
from ``data/polls.yml`` with the answer in the speaker notes; a slide's notes cells are joined
into the one box reveal.js shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.exporters.slides import _RevealMetadataPreprocessor
from nbconvert.preprocessors import Preprocessor

from .. import polls as polls_mod
from .errors import BuildError

#: Tag that keeps a code cell's source on the slides, where the code itself is the lesson.
SLIDE_CODE_TAG = "slide-code"


def load_polls(root: Path) -> dict:
    """The poll slides of ``data/polls.yml`` (none if the file is absent), checked against the
    exercises' own checks; BuildError names the exercise whose options do not grade as one answer."""
    path = root / "data" / polls_mod.FILE
    if not path.exists():
        return {}
    try:
        polls = polls_mod.load(path)
    except polls_mod.PollError as error:
        raise BuildError(str(error)) from None
    problems = polls_mod.problems(polls)
    if problems:
        raise BuildError("the poll slides disagree with the exercises:\n" + "\n".join(f"  {p}" for p in problems))
    return polls


class SlideCodePreprocessor(Preprocessor):
    """Decks are for a room: a code cell shows its output only, unless tagged ``slide-code``.
    Exercise stubs and solutions leave the deck: an exercise becomes a poll slide (the question
    and lettered options from ``data/polls.yml``) whose speaker notes hold the answer."""

    polls: dict = {}  # exercise id -> coursekit.polls.Poll, set by exporter()

    def preprocess(self, nb, resources):
        kept = []
        where = resources.get("metadata", {}).get("name", "notebook")
        for index, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and ("exercise" in tags or "solution" in tags):
                continue
            poll = _poll_for(cell, self.polls)
            if poll is not None:
                heading = cell.source.splitlines()[0]
                cell.source = polls_mod.slide_markdown(heading, poll)
                notes = nbformat.v4.new_markdown_cell(polls_mod.notes_markdown(poll))
                notes.id = f"poll-notes-{poll.exercise}"  # not random: a rebuild writes the same deck
                notes.metadata["slideshow"] = {"slide_type": "notes"}
                kept += [cell, notes]
                continue
            if cell.cell_type == "code" and SLIDE_CODE_TAG not in tags:
                cell.metadata["transient"] = {"remove_source": True}
            columns = cell.metadata.get(SLIDE_COLUMNS_KEY)
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if html:
                    try:
                        output["data"]["text/html"] = shorten_table("".join(html), columns=columns)
                    except ValueError as error:
                        raise ValueError(f"{where}, cell {index}: {error}") from None
            kept.append(cell)
        nb.cells = _one_notes_cell_per_slide(kept)
        # nbconvert marked where slides start and end before this ran; cells were dropped and
        # added since, so mark them again (the template reads these flags).
        for cell in nb.cells:
            for flag in _REVEAL_FLAGS:
                cell.metadata.pop(flag, None)
        return _RevealMetadataPreprocessor().preprocess(nb, resources)


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


#: Most rows a data table shows on a slide; the reading page keeps the whole table.
SLIDE_TABLE_ROWS = 8
#: Cell metadata naming the columns a slide shows of the cell's table (the reading page shows all).
SLIDE_COLUMNS_KEY = "slide_columns"
_TBODY = re.compile(r"(<tbody>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"\s*<tr[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"\s*<t([hd])[^>]*>.*?</t\1>", re.S)


def _keep_columns(html: str, columns: list[str]) -> str:
    """``html`` with only the named columns (by header text), in the table's own order."""
    header = re.search(r"<thead>.*?</thead>", html, re.S)
    names = [re.sub(r"<[^>]+>", "", m.group(0)).strip() for m in _CELL.finditer(header.group(0))] if header else []
    missing = [c for c in columns if c not in names]
    if missing:
        has = ", ".join(names)
        raise ValueError(f"{SLIDE_COLUMNS_KEY}: no column {', '.join(missing)} in the table (it has {has})")
    keep = {i for i, name in enumerate(names) if name in columns}

    def row(match: re.Match) -> str:
        cells = list(_CELL.finditer(match.group(0)))
        if len(cells) != len(names):
            return match.group(0)
        start, end = cells[0].start(), cells[-1].end()
        inner = "".join(c.group(0) for i, c in enumerate(cells) if i in keep)
        return match.group(0)[:start] + inner + match.group(0)[end:]

    return _ROW.sub(row, html)


def shorten_table(html: str, rows: int = SLIDE_TABLE_ROWS, columns: list[str] | None = None) -> str:
    """A course table (class ``seedsoil-table``) cut to its first ``rows`` rows (and to ``columns``
    if given), with a line saying what was left out and where the rest is."""
    if 'class="dataframe seedsoil-table"' not in html:
        return html
    if columns:
        html = _keep_columns(html, columns)
    match = _TBODY.search(html)
    body_rows = _ROW.findall(match.group(2)) if match else []
    if len(body_rows) <= rows and not columns:
        return html
    if len(body_rows) > rows:
        kept = "".join(body_rows[:rows]) + "\n  "
        html = html[: match.start(2)] + kept + html[match.end(2) :]
        shown = f"First {rows} of {len(body_rows)} rows"
    else:
        shown = "Some columns"
    return html + f'<p class="seedsoil-more">{shown}; the whole table is on the reading page.</p>'


def exporter(templates: Path, polls: dict, common: dict) -> SlidesExporter:
    """nbconvert's reveal.js exporter with the course's template and the room's preprocessor."""
    slides = SlidesExporter(
        template_name="seedsoil_reveal",
        reveal_url_prefix="../_static/reveal.js",
        reveal_theme="white",
        reveal_scroll=False,  # a slide that does not fit is a bug (the deck walk tests it), not a scrollbar
        reveal_number="h.v",  # slide numbers, so a room can say "go back to 4.2"
        **common,
    )
    deck = SlideCodePreprocessor(enabled=True)
    deck.polls = polls
    slides.register_preprocessor(deck, enabled=True)
    return slides
