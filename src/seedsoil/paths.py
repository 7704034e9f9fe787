"""Where the course's files live.

The package is installed in editable mode from the project, so the project root is found by
walking up from this file to the folder that holds ``course.yml``.  ``SEEDSOIL_ROOT`` overrides
it (used by tests that build a copy of the course in a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the folder that holds ``course.yml``."""
    env = os.environ.get("SEEDSOIL_ROOT")
    if env:
        root = Path(env).resolve()
        if not (root / "course.yml").is_file():
            raise FileNotFoundError(f"SEEDSOIL_ROOT={env} has no course.yml")
        return root
    for folder in Path(__file__).resolve().parents:
        if (folder / "course.yml").is_file():
            return folder
    raise FileNotFoundError(
        "Could not find course.yml above the seedsoil package. Install the package from the "
        "project folder with `pip install -e .` (make course does this), or set SEEDSOIL_ROOT."
    )


def data_dir() -> Path:
    return project_root() / "data"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"
