"""Student copies: what a learner runs, without the teacher's material."""

from __future__ import annotations

import json

import nbformat


def student_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` for learners: no solution cells, no teacher's speaker notes, no slide-only
    bullets (they repeat the prose for the room), and its stored outputs cleaned like the pages'
    (a contributed <script> never reaches a learner's machine)."""
    from ..sanitize import output

    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    copy.cells = [
        c
        for c in copy.cells
        if not {"solution", "slide-only"} & set(c.get("metadata", {}).get("tags", []))
        and c.get("metadata", {}).get("slideshow", {}).get("slide_type") != "notes"
    ]
    for cell in copy.cells:
        for out in cell.get("outputs", []):
            output(out)
    return copy
