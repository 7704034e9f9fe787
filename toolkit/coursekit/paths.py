"""The project's folders, as the toolkit sees them (it runs only in a clone of the project).

``SEEDSOIL_ROOT`` names another copy of the project (tests build a copy in a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST = Path("data") / "course.yml"


def project_root() -> Path:
    """The folder that holds ``data/course.yml`` and ``notebooks/``."""
    env = os.environ.get("SEEDSOIL_ROOT")
    if env:
        root = Path(env).resolve()
        if not (root / MANIFEST).is_file():
            raise FileNotFoundError(f"SEEDSOIL_ROOT={env} has no {MANIFEST}")
        return root
    here = Path(__file__).resolve().parents[2]  # toolkit/coursekit/paths.py -> the project
    for root in (Path.cwd(), *Path.cwd().parents, here):
        if (root / MANIFEST).is_file() and (root / "notebooks").is_dir():
            return root
    raise FileNotFoundError(
        f"Could not find the project ({MANIFEST} and notebooks/): run the toolkit inside a clone "
        "of the course, or set SEEDSOIL_ROOT."
    )


def manifest(root: Path | None = None) -> Path:
    return (root or project_root()) / MANIFEST


def data_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data"
