"""Write the course-driven cells of each notebook from ``course.yml``.

Three cells are generated, each found again by the marker comment on its first line, so running
the tool twice changes nothing (idempotent stamping, after the Python Data Science Handbook's
``add_navigation.py``):

- ``<!-- seedsoil:about -->`` right after the title: minutes, audience, prerequisites, review date,
  guideline and "as of" date for treatment content, and the not-medical-advice notice;
- ``<!-- seedsoil:objectives -->`` after it: the learning objectives;
- ``<!-- seedsoil:nav -->`` as the last cell: previous | course index | next.

Edit ``course.yml``, not these cells.

Stamping also writes ``notebooks/glossary.md`` and links each glossary term's first use in the
notebook where the glossary says it is introduced (see ``coursekit.glossary``).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from seedsoil.course import Course, Notebook
from seedsoil.course import load as load_course
from seedsoil.text import plain

from . import glossary, notebooks
from .cells import ABOUT, CONTENT_NOTE, ITEM_HEADING, MINUTES, NAV, OBJECTIVES, PLANS
from .paths import manifest

DISCLAIMER = (
    "> **Education, not medical advice.** This notebook explains how metastatic breast cancer "
    "works and how it is studied. It cannot say what is right for any one person: questions "
    "about someone's own care belong with their treating team."
)


#: What a content note says comes next, by the kind of figures named on its first line.
CONTENT_KINDS = {
    "survival": "survival figures: how long groups of people lived with metastatic breast cancer",
    "autopsy": "autopsy studies: examinations after death of people who died of breast cancer",
}
SUPPORT = (
    "Questions about your own or a relative's care belong with the treating team; cancer charities' "
    "helplines and breast cancer patient organisations in most countries offer support and information."
)


def content_note_source(first_line: str) -> str:
    """The text of a content note whose first line names its kinds (see ``cells.CONTENT_NOTE``)."""
    kinds = first_line.removeprefix(CONTENT_NOTE).removesuffix("-->").split()
    unknown = [k for k in kinds if k not in CONTENT_KINDS]
    if not kinds or unknown:
        raise ValueError(f"a content note names {', '.join(CONTENT_KINDS)}; got {first_line!r}")
    what = " and ".join(CONTENT_KINDS[k] for k in kinds)
    return (
        f"{CONTENT_NOTE} {' '.join(kinds)} -->\n"
        f"> **Content note.** The next part uses {what}. The figures describe groups of people, many "
        "treated years ago, not any one person, and treatment has changed since. If this is close to "
        "home, you may prefer to skip it or to read it with someone.\n>\n"
        f"> {SUPPORT}"
    )


def _link(nb: Notebook) -> str:
    return f"[{nb.number} {plain(nb.title)}]({nb.file})"


def about_source(course: Course, nb: Notebook) -> str:
    prereq = ", ".join(_link(course[p]) for p in nb.prerequisites) or "none — start here"
    lines = [
        ABOUT,
        "**About this notebook**",
        "",
        f"- **Time:** about {nb.minutes} minutes of teaching and exercises",
        f"- **Audience:** {plain(nb.audience)}",
        f"- **Before this:** {prereq}",
        f"- **Last reviewed:** {nb.last_reviewed.isoformat()}",
    ]
    if nb.as_of:
        guidelines = "; ".join(plain(g) for g in nb.guidelines)
        lines.append(f"- **Treatment content as of:** {nb.as_of.isoformat()}, following {guidelines}")
    lines += [
        "- **Licence:** text CC BY 4.0, code MIT (see `LICENSE`)",
        "",
        DISCLAIMER,
    ]
    return "\n".join(lines)


def objectives_source(nb: Notebook) -> str:
    items = "\n".join(f"{i}. {plain(o)}" for i, o in enumerate(nb.objectives, 1))
    return f"{OBJECTIVES}\n## Learning objectives\n\nBy the end of this notebook you can:\n\n{items}"


def nav_source(course: Course, nb: Notebook) -> str:
    prev, nxt = course.neighbours(nb)
    first = course.notebooks[0]
    parts = [
        f"← Previous: {_link(prev)}" if prev else "← Previous: none",
        f"[Course start]({first.file})" if nb is not first else "Course start (this notebook)",
        f"Next: {_link(nxt)} →" if nxt else "Next: none — this is the last notebook",
    ]
    return f"{NAV}\n---\n" + " | ".join(parts)


def _markdown(source: str, slide_type: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _find(nb: nbformat.NotebookNode, marker: str) -> int | None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith(marker):
            return i
    return None


def _put(nb: nbformat.NotebookNode, marker: str, source: str, slide_type: str, index: int) -> None:
    i = _find(nb, marker)
    if i is None:
        nb.cells.insert(index, _markdown(source, slide_type))
    else:
        nb.cells[i].source = source
        nb.cells[i].metadata.setdefault("slideshow", {})["slide_type"] = slide_type


def stamp(nb: nbformat.NotebookNode, course: Course, entry: Notebook) -> nbformat.NotebookNode:
    """Insert or refresh the generated cells of ``nb`` in place, and return it."""
    if not nb.cells or nb.cells[0].cell_type != "markdown" or not nb.cells[0].source.startswith("# "):
        raise ValueError(f"{entry.file}: the first cell must be a Markdown cell with the '# ' title")
    _put(nb, ABOUT, about_source(course, entry), "subslide", 1)
    _put(nb, OBJECTIVES, objectives_source(entry), "subslide", _find(nb, ABOUT) + 1)
    i = _find(nb, NAV)
    if i is not None and i != len(nb.cells) - 1:
        nb.cells.append(nb.cells.pop(i))
    _put(nb, NAV, nav_source(course, entry), "skip", len(nb.cells))
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(CONTENT_NOTE):
            cell.source = content_note_source(cell.source.splitlines()[0])
    return nb


def minutes_table(course: Course) -> str:
    """The teacher's guide table: number, linked title, minutes and prerequisites of each notebook."""
    rows = ["| # | Notebook | Minutes | Before it |", "|---|---|---|---|"]
    for nb in course.notebooks:
        before = ", ".join(course[p].number for p in nb.prerequisites) or "—"
        rows.append(f"| {nb.number} | [{plain(nb.title)}](notebooks/{nb.file}) | {nb.minutes} | {before} |")
    rows.append(f"| | **Total** | **{course.total_minutes}** | |")
    return "\n".join(rows)


#: Minutes to allow for an item in class that has no poll (an exercise's poll gives its own).
ITEM_MINUTES = {"Explain": 5, "Predict": 2, "Discuss": 4}
_KIND = {"Exercise": "poll", "Explain": "explain in writing", "Predict": "predict, then reveal", "Discuss": "pairs"}


def slide_numbers(nb: nbformat.NotebookNode) -> list[str | None]:
    """The slide number (h.v, as the deck shows it) of every cell; None for cells not on a slide."""
    h, v, numbers = 0, 1, []
    for i, cell in enumerate(nb.cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind == "slide" or i == 0:
            h, v = h + 1, 1
        elif kind == "subslide":
            v += 1
        numbers.append(None if kind in ("skip", "notes") else f"{h}.{v}")
    return numbers


def lesson_items(nb: nbformat.NotebookNode, polls: dict) -> list[tuple[str, str, str, str, int, str]]:
    """(section, kind, id, title, minutes, slide) of every exercise, explain, predict and discussion item."""
    section, found = "", []
    for cell, slide in zip(nb.cells, slide_numbers(nb)):
        if cell.cell_type != "markdown":
            continue
        if cell.source.startswith("## "):
            section = cell.source.splitlines()[0][3:].strip()
        match = ITEM_HEADING.match(cell.source)
        if match:
            kind, item, title = match.groups()
            minutes = polls[item].minutes if kind == "Exercise" and item in polls else ITEM_MINUTES.get(kind, 3)
            found.append((section, kind, item, title.strip(), minutes, slide or ""))
    return found


def _sections(nb: nbformat.NotebookNode) -> dict[str, tuple[str, str]]:
    """First and last slide number of each ``##`` section."""
    spans: dict[str, list[str]] = {}
    section = ""
    for cell, slide in zip(nb.cells, slide_numbers(nb)):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            section = cell.source.splitlines()[0][3:].strip()
        if slide:
            spans.setdefault(section, []).append(slide)
    return {name: (numbers[0], numbers[-1]) for name, numbers in spans.items()}


def lesson_plans(course: Course, root: Path) -> str:
    """The teacher's guide's lesson plans: per notebook, the minutes for presenting and for the
    items, what each objective is checked by, and the running order by slide number, with each
    poll's expected answer and the items to cut when running late."""
    from .polls import load as load_polls

    polls = load_polls()
    parts = []
    for entry in course.notebooks:
        nb = nbformat.read(root / "notebooks" / entry.file, as_version=4)
        items = lesson_items(nb, polls)
        spans = _sections(nb)
        active = sum(item[4] for item in items)
        parts += [
            f"### {entry.number} {plain(entry.title)}",
            "",
            f"{entry.minutes} minutes: about {entry.minutes - active} presenting and {active} on the room's items "
            "(each poll and discussion is a pause point).",
            "",
            "Objectives, and the items that check them:",
            "",
        ]
        parts += [f"{i}. {plain(o.text)} — {', '.join(o.assessed_by)}" for i, o in enumerate(entry.objectives, 1)]
        parts += ["", "Running order (slide numbers as the deck shows them):", ""]
        last = None
        for section, kind, item, title, minutes, slide in items:
            if section != last:
                first, end = spans.get(section, ("", ""))
                parts.append(f"- slides {first}–{end} *{section}*" if first != end else f"- slide {first} *{section}*")
                last = section
            extra = ""
            if kind == "Exercise" and item in polls:
                poll = polls[item]
                right = ", ".join(poll.letter(i) for i in poll.right())
                wrong = ", ".join(poll.letter(i) for i in range(len(poll.options)) if i not in poll.right())
                extra = f"; expected {right}, watch for {wrong} (answer key)"
            parts.append(f"  - slide {slide}: {item} {title} ({_KIND[kind]}, {minutes} min{extra})")
        later = [item for _, kind, item, *_ in items if kind in ("Explain", "Predict")]
        if later:
            they = "they check themselves" if len(later) > 1 else "it checks itself"
            parts += ["", f"Running late? Set {', '.join(later)} as homework: {they}."]
        parts.append("")
    return "\n".join(parts).rstrip("\n")


def _replace_block(text: str, markers: tuple[str, str], body: str, path: Path) -> str:
    start, end = markers
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"{path}: needs exactly one {start} … {end} block")
    head, rest = text.split(start)
    _, tail = rest.split(end)
    return f"{head}{start}\n{body}\n{end}{tail}"


def stamp_teaching(course: Course, path: Path) -> bool:
    """Refresh the minutes table and the lesson plans between their markers in ``path``; True if
    the file changed."""
    text = path.read_text(encoding="utf-8")
    new = _replace_block(text, MINUTES, minutes_table(course), path)
    if PLANS[0] in new:
        new = _replace_block(new, PLANS, lesson_plans(course, path.parent), path)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def stamp_files(course: Course | None = None, paths: list[Path] | None = None) -> list[Path]:
    """Stamp notebooks on disk and write the glossary page; return the files that changed.

    Raises ``glossary.GlossaryError`` naming every term missing from its first notebook.
    """
    course = course or load_course(manifest())
    root = course.path.parent.parent  # data/course.yml -> the project
    folder = root / "notebooks"
    targets = paths or [folder / nb.file for nb in course.notebooks]
    changed, missing = [], []
    for path in targets:
        entry = course.by_file(path.name)
        before = path.read_text(encoding="utf-8")
        nb = stamp(nbformat.reads(before, as_version=4), course, entry)
        missing += [f"{term!r} (in {entry.file})" for term in glossary.link_terms(nb, entry.id, root / "data")]
        notebooks.set_metadata(nb)
        after = notebooks.dumps(nb)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path)
    teaching = root / "TEACHING.md"
    if teaching.exists() and stamp_teaching(course, teaching):
        changed.append(teaching)
    page = folder / glossary.PAGE
    text = glossary.page(course, root / "data")
    if not page.exists() or page.read_text(encoding="utf-8") != text:
        page.write_text(text, encoding="utf-8")
        changed.append(page)
    if missing:
        raise glossary.GlossaryError(
            "data/glossary.csv: these terms do not appear in the notebook named in their "
            f"first_notebook column: {', '.join(missing)}. Use the term in that notebook, add the "
            "wording it uses to the forms column, or change first_notebook."
        )
    return changed
