"""Student copies: what a learner runs, without the teacher's material."""

from __future__ import annotations

import json

import nbformat


def student_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` for learners: no solution cells, no teacher's speaker notes, and its stored
    outputs cleaned like the pages' (a contributed <script> never reaches a learner's machine)."""
    from ..sanitize import output

    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    copy.cells = [
        c
        for c in copy.cells
        if "solution" not in c.get("metadata", {}).get("tags", [])
        and c.get("metadata", {}).get("slideshow", {}).get("slide_type") != "notes"
    ]
    for cell in copy.cells:
        for out in cell.get("outputs", []):
            output(out)
    return copy
