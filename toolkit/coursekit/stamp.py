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

from . import glossary, notebooks, tags, timing
from .cells import (
    ABOUT,
    CONTENT_NOTE,
    CONTENT_SLIDE,
    ITEM_HEADING,
    MINUTES,
    NAV,
    OBJECTIVES,
    OPTIONS,
    PLANS,
    QUIZ,
    QUIZ_NOTES,
    SCHEDULE,
    TIMING,
    TITLE_NOTES,
)
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
    "recurrence": "recurrence figures: how often breast cancer came back in groups of women, some treated decades ago",
    "family": "inherited risk: how likely cancer is in people who carry a gene variant, which can raise worries "
    "about oneself and one's relatives",
    "emergencies": "the warning signs of serious complications, described so that they are recognised early",
    "course": "material on metastatic breast cancer throughout: spread, survival, recurrence, treatment and "
    "inherited risk",
}
#: Named examples per region (read at each service's own page, 2026-12-04) and a crisis line.
SUPPORT = (
    "Questions about your own or a relative's care belong with the treating team. Cancer charities' "
    "helplines offer support and information, for example Breast Cancer Now (UK, 0808 800 6000), the "
    "National Cancer Institute's Cancer Information Service (USA, 1-800-4-CANCER) and Cancer Council "
    "(Australia, 13 11 20). If you are in crisis, call your local emergency number or a crisis line: "
    "Samaritans (UK and Ireland, 116 123), 988 (USA) or Lifeline (Australia, 13 11 14)."
)


def content_note_source(first_line: str) -> str:
    """The text of a content note whose first line names its kinds (see ``cells.CONTENT_NOTE``)."""
    kinds = first_line.removeprefix(CONTENT_NOTE).removesuffix("-->").split()
    unknown = [k for k in kinds if k not in CONTENT_KINDS]
    if not kinds or unknown:
        raise ValueError(f"a content note names {', '.join(CONTENT_KINDS)}; got {first_line!r}")
    what = " and ".join(CONTENT_KINDS[k] for k in kinds)
    about = (
        "The figures describe groups of people, many treated years ago, not any one person, and treatment "
        "has changed since."
        if set(kinds) & {"survival", "autopsy", "recurrence"}
        else "It describes groups of people and what is known about them, not any one person."
    )
    return (
        f"{CONTENT_NOTE} {' '.join(kinds)} -->\n"
        f"> **Content note.** The next part uses {what}. {about} If this is close to "
        "home, you may prefer to skip it or to read it with someone.\n>\n"
        f"> {SUPPORT}"
    )


#: What a content note's slide names, by kind: a few words a room reads in a glance.
CONTENT_SHORT = {
    "survival": "survival figures",
    "autopsy": "findings from examinations after death",
    "recurrence": "how often breast cancer came back",
    "family": "inherited risk, for you and your relatives",
    "emergencies": "the warning signs of serious complications",
    "course": "metastatic breast cancer: spread, survival, treatment",
}


def content_slide_sources(first_line: str) -> tuple[str, str]:
    """The slide that says a content note to the room (few words; the reading page has the whole
    note) and its speaker notes (read it aloud, and where support is)."""
    kinds = first_line.removeprefix(CONTENT_NOTE).removesuffix("-->").split()
    what = "; ".join(CONTENT_SHORT[k] for k in kinds)
    about = (
        "The figures describe groups of people, not anyone here."
        if set(kinds) & {"survival", "autopsy", "recurrence", "family"}
        else "It is about what can happen to some people, not about anyone here."
    )
    slide = (
        f"{CONTENT_SLIDE} -->\n> **Content note.** Next: {what}. {about} "
        "You may skip this part or step out at any time; the reading page lists support."
    )
    notes = (
        f"{CONTENT_SLIDE} notes -->\nTeacher: read the content note aloud, slowly, and pause before going on. "
        "Say that anyone may skip this part or step out without saying why, that the figures are about groups "
        f'of people in studies, and where support is. {SUPPORT} If someone is upset, follow "If someone is '
        "upset\" in the teacher's guide."
    )
    return slide, notes


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


def title_notes_source(course: Course, nb: Notebook) -> str:
    """The title slide's speaker notes: the "About" box (which is on the reading page, not a slide)
    said for the teacher, and how to open the lesson."""
    prereq = ", ".join(f"{course[p].number} {plain(course[p].title.split(' — ')[0])}" for p in nb.prerequisites)
    lines = [
        TITLE_NOTES,
        f"Open the lesson: about {nb.minutes} minutes with its polls and discussions (the teacher's guide "
        f"has the plan, slide by slide). It is written for {plain(nb.audience)}; "
        + (f"it builds on {prereq}." if prereq else "it needs nothing before it."),
    ]
    checked = None
    if course.path is not None:
        from .currency import checked_as_of

        root = course.path.parent.parent
        if (root / "notebooks" / nb.file).is_file() and (root / "data" / "datapackage.json").is_file():
            checked = checked_as_of(root, nb, root / "data")
    if nb.as_of:
        lines.append(
            f"Its treatment content is as of {nb.as_of.isoformat()} (guidelines and approvals were searched up "
            "to that day): check the teacher's guide and the currency report for what has changed since, and "
            "say the date to the room."
            + (
                f" The oldest figure it uses was last checked at its source on {checked.isoformat()}: that is the "
                "date at the foot of every slide."
                if checked
                else ""
            )
        )
    lines.append(
        "Say that the course is education, not medical advice: questions about anyone's own care belong "
        "with their treating team. Then show the objectives on the next slide."
    )
    return "\n\n".join(lines)


def options_source(exercise: str, poll) -> str:
    """A concept question's options in the notebook, lettered exactly as the room's poll shows them."""
    items = "\n".join(f"- **{poll.letter(i)}** — {plain(text)}" for i, (text, _) in enumerate(poll.options))
    return (
        f"{OPTIONS} {exercise} -->\n"
        "In class this question is a poll. Answer with a letter, as the room votes (for example "
        f'`answer = "{poll.letter(len(poll.options) - 1)}"`), or with the option\'s words:\n\n{items}'
    )


def quiz_sources(questions, course: Course) -> list[tuple[str, str]]:
    """For each quiz question: its poll slide and its speaker notes (expected letter and why)."""
    out = []
    for q in questions:
        lesson = course[q.notebook]
        topic = plain(lesson.title.split(" — ")[0])
        letters = {key: chr(ord("A") + k) for k, key in enumerate(q.options)}
        items = "\n".join(
            f'<li><span class="seedsoil-poll-letter">{letters[key]}</span> {plain(text)}</li>'
            for key, text in q.options.items()
        )
        slide = (
            f"{QUIZ} {q.id} -->\n### Quiz {q.id} — {topic}\n\n{plain(q.text)}\n\n"
            f'<ol class="seedsoil-poll">\n{items}\n</ol>'
        )
        notes = (
            f"{QUIZ_NOTES} {q.id} -->\nPoll: allow 1 minute; hands or clickers for each letter, then the answer. "
            f"Expected answer: **{letters[q.correct]}** ({plain(q.options[q.correct])}). {plain(q.explain())} "
            f"If the room splits, send them back to lesson {lesson.number} for the evidence."
        )
        out.append((slide, notes))
    return out


def _stamp_items(nb: nbformat.NotebookNode, polls: dict, questions, course: Course) -> None:
    """Refresh the generated cells that follow items: a concept question's lettered options, and
    the quiz's poll slides after the cell that heads the quiz (``## Self-check quiz``)."""
    from seedsoil.feedback import KINDS

    nb.cells = [
        c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith((OPTIONS, QUIZ, QUIZ_NOTES)))
    ]
    k = 0
    while k < len(nb.cells):
        cell = nb.cells[k]
        match = ITEM_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if match and match.group(1) == "Exercise" and KINDS.get(match.group(2)) == "concept":
            poll = polls.get(match.group(2))
            if poll is not None:
                item = match.group(2)
                nb.cells.insert(k + 1, _markdown(options_source(item, poll), "skip", f"options-{item}"))
                k += 1
        if cell.cell_type == "markdown" and cell.source.startswith("## Self-check quiz") and questions:
            for q, (slide, notes) in reversed(list(zip(questions, quiz_sources(questions, course)))):
                nb.cells.insert(k + 1, _markdown(notes, "notes", f"quiz-notes-{q.id}"))
                nb.cells.insert(k + 1, _markdown(slide, "subslide", f"quiz-{q.id}"))
        k += 1


def _stamp_content_notes(nb: nbformat.NotebookNode) -> None:
    """Refresh each content note (the reading page's, slide type Skip) and the room's short slide
    and speaker notes generated after it."""
    nb.cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(CONTENT_SLIDE))]
    k, n = 0, 0
    while k < len(nb.cells):
        cell = nb.cells[k]
        if cell.cell_type == "markdown" and cell.source.startswith(CONTENT_NOTE):
            first = cell.source.splitlines()[0]
            cell.source = content_note_source(first)
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
            slide, notes = content_slide_sources(first)
            n += 1
            nb.cells.insert(k + 1, _markdown(notes, "notes", f"content-slide-notes-{n}"))
            nb.cells.insert(k + 1, _markdown(slide, "subslide", f"content-slide-{n}"))
            nb.cells[k + 1].metadata["tags"] = ["slide-only"]
            k += 2
        k += 1


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


def _markdown(source: str, slide_type: str, cell_id: str | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    if cell_id:
        cell.id = cell_id  # a generated cell keeps its id when stamped again (stamping is idempotent)
    return cell


def _find(nb: nbformat.NotebookNode, marker: str) -> int | None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith(marker):
            return i
    return None


def _put(nb: nbformat.NotebookNode, marker: str, source: str, slide_type: str, index: int) -> None:
    i = _find(nb, marker)
    if i is None:
        nb.cells.insert(index, _markdown(source, slide_type, marker[5:-4].replace("seedsoil:", "")))
    else:
        nb.cells[i].source = source
        nb.cells[i].metadata.setdefault("slideshow", {})["slide_type"] = slide_type


def stamp(nb: nbformat.NotebookNode, course: Course, entry: Notebook) -> nbformat.NotebookNode:
    """Insert or refresh the generated cells of ``nb`` in place, and return it."""
    if not nb.cells or nb.cells[0].cell_type != "markdown" or not nb.cells[0].source.startswith("# "):
        raise ValueError(f"{entry.file}: the first cell must be a Markdown cell with the '# ' title")
    _put(nb, ABOUT, about_source(course, entry), "skip", 1)  # the reading page's; the title's notes say it
    _put(nb, TITLE_NOTES, title_notes_source(course, entry), "notes", _find(nb, ABOUT) + 1)
    _put(nb, OBJECTIVES, objectives_source(entry), "subslide", _find(nb, TITLE_NOTES) + 1)
    i = _find(nb, NAV)
    if i is not None and i != len(nb.cells) - 1:
        nb.cells.append(nb.cells.pop(i))
    _put(nb, NAV, nav_source(course, entry), "skip", len(nb.cells))
    _stamp_content_notes(nb)
    from seedsoil import lessons, quiz

    _stamp_items(nb, lessons.polls(), quiz.items(), course)
    tags.standard_keys(nb)  # what Jupyter Book, RISE, nbconvert and myst-nb read
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
ITEM_MINUTES = {
    "Explain": timing.EXPLAIN,
    "Predict": timing.PREDICT,
    "Discuss": timing.DISCUSS,
    "Quiz": timing.QUIZ_POLL,
}
_KIND = {
    "Exercise": "poll",
    "Explain": "explain in writing",
    "Predict": "predict, then reveal",
    "Discuss": "pairs",
    "Quiz": "quiz poll",
}


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
    from seedsoil import lessons

    discussions = lessons.discussions()
    section, found = "", []
    for cell, slide in zip(nb.cells, slide_numbers(nb)):
        if cell.cell_type != "markdown":
            continue
        if cell.source.startswith("## "):
            section = cell.source.splitlines()[0][3:].strip()
        match = ITEM_HEADING.match(cell.source)
        if match and slide:  # an item off the slides (the quiz's notebook form) is not in the plan
            kind, item, title = match.groups()
            if kind == "Exercise" and item in polls:
                minutes = polls[item].minutes
            elif kind == "Discuss" and item in discussions:
                minutes = discussions[item].minutes
            else:
                minutes = ITEM_MINUTES.get(kind, 3)
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


def schedule(course: Course) -> str:
    """The teacher's guide's class sessions (``sessions`` in course.yml): each with its lessons,
    teaching minutes and break, and the honest total."""
    if not course.sessions:
        return "(No sessions in course.yml.)"
    teaching = course.total_minutes
    longest = max(s.minutes for s in course.sessions)
    lines = [
        f"**The whole course in {len(course.sessions)} class sessions** of up to {longest} minutes, each "
        f"with its break: {teaching} minutes of teaching, about {teaching / 60:.1f} hours, plus breaks.",
        "",
    ]
    for k, s in enumerate(course.sessions, 1):
        lessons = ", ".join(f"{course[x].number} {plain(course[x].title.split(' — ')[0])}" for x in s.lessons)
        used = sum(course[x].minutes for x in s.lessons)
        pause = f" and a {s.break_minutes}-minute break" if s.break_minutes else ""
        lines.append(f"{k}. *{plain(s.title)}* ({s.minutes} minutes: {used} of teaching{pause}): {lessons}.")
        if s.note:
            lines.append(f"   {plain(s.note)}")
    return "\n".join(lines)


def lesson_plans(course: Course, root: Path) -> str:
    """The teacher's guide's lesson plans: per notebook, the minutes for presenting and for the
    items, what each objective is checked by, and the running order by slide number, with each
    poll's expected answer and the items to cut when running late."""
    from seedsoil import lessons

    from .polls import load as load_polls
    from .timing import lesson_time

    polls = load_polls()
    parts = []
    for entry in course.notebooks:
        nb = nbformat.read(root / "notebooks" / entry.file, as_version=4)
        items = lesson_items(nb, polls)
        spans = _sections(nb)
        model = lesson_time(nb, polls, lessons.discussions())
        shares = ", ".join(f"{name} {minutes:.0f}" for name, minutes in model.parts() if round(minutes))
        parts += [
            f"### {entry.number} {plain(entry.title)}",
            "",
            f"{entry.minutes} minutes planned; the timing model gives {model.total} for its {model.slides} slides "
            f"({shares}).",
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
    if SCHEDULE[0] in new:
        new = _replace_block(new, SCHEDULE, schedule(course), path)
    if TIMING[0] in new:
        new = _replace_block(new, TIMING, timing.MODEL_TEXT, path)
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
