"""Helpers shared by the test modules (importable because tests/ has no __init__.py)."""

from __future__ import annotations

import nbformat

from coursekit.paths import manifest, project_root
from seedsoil import course as course_mod

ROOT = project_root()
COURSE = course_mod.load(manifest(ROOT))
NOTEBOOK_FILES = [nb.file for nb in COURSE.notebooks]


def read_notebook(file: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / file, as_version=4)


def tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def figure_outputs(cell) -> int:
    return sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
