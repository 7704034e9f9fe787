"""The teacher's answer key: ``_build/answers.html``, a page to print before class.

For every notebook: each poll with its options, the expected letter and what each wrong letter
reveals; each explain item's model answer and rubric; each predict item's value from the data; the
discussion prompts. Built from the same sources as the decks (the lessons' polls and the
exercises' own checks), so it cannot disagree with them. It is not part of the student copies or
the student bundle.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from seedsoil.course import Course
from seedsoil.exercises import check
from seedsoil.feedback import ExplainSpec, spec
from seedsoil.text import plain

from .cells import ITEM_HEADING

PAGE = "answers.html"


def _prompt(cell_source: str) -> str:
    """A heading cell's question text, on one line."""
    return " ".join(cell_source.split("\n", 1)[1].split()) if "\n" in cell_source else ""


def answer_key_markdown(course: Course, root: Path, polls: dict) -> str:
    parts = [
        "# Answer key",
        "",
        "For teachers: print it before class. The decks show each exercise as a poll without its answer;",
        "this page has the answers. It is not in the student copies or the student bundle.",
    ]
    from seedsoil import quiz

    quiz_items = {q.id: q for q in quiz.items()}
    for entry in course.notebooks:
        nb = nbformat.read(root / "notebooks" / entry.file, as_version=4)
        start = len(parts)
        parts += ["", f"## {entry.number} {plain(entry.title)}"]
        for cell in nb.cells:
            match = ITEM_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
            if not match:
                continue
            kind, item, title = match.groups()
            parts += ["", f"**{item} — {title.strip()}** ({kind.lower()})", ""]
            if kind == "Exercise" and item in polls:
                poll = polls[item]
                right = poll.right()
                parts.append(poll.ask.replace("\n", " "))
                parts.append("")
                why = poll.why()
                for i, (text, _) in enumerate(poll.options):
                    mark = (f"**expected** — {why}" if why else "**expected**") if i in right else poll.feedback(i)
                    parts.append(f"- {poll.letter(i)}. {text}: {mark}")
            elif kind == "Explain" and isinstance(explained := spec(item), ExplainSpec):
                parts += [_prompt(cell.source), "", f"Model answer: {explained.model}", ""]
                parts += [f"- {point}" for point in explained.rubric]
            elif kind == "Quiz" and item in quiz_items:
                q = quiz_items[item]
                parts += [plain(q.text), ""]
                for key, text in q.options.items():
                    mark = f"**expected** — {plain(q.explain())}" if key == q.correct else "not this one"
                    parts.append(f"- {key.upper()}. {plain(text)}: {mark}")
            elif kind == "Predict":
                shown = check(item, 0).message
                found = re.search(r"the data give ([\d.]+ ?\w*)", shown)
                value = found.group(1) if found else "(see the notebook)"
                parts += [_prompt(cell.source), "", f"The data give {value}."]
            else:
                parts.append(_prompt(cell.source))
        # a citation points at the lesson's reference list, not at this page
        parts[start:] = [line.replace("](#ref-", f"](html/{entry.stem}.html#ref-") for line in parts[start:]]
    return "\n".join(parts) + "\n"
