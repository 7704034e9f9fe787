"""Where the student library finds the course's files: data tables, bibliography and manifest.

A wheel ships them inside the package (``seedsoil/coursedata``, copied from the project's
``data/`` folder when the wheel is built) and they are read with :mod:`importlib.resources`, so
``import seedsoil`` works in any folder, venv, JupyterHub or Colab.  In a clone with an editable
install (``make course``) the same files are read straight from ``data/``.

``SEEDSOIL_DATA`` names another folder with the same files: a teacher trying an edited table,
or a test that breaks a copy on purpose.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV = "SEEDSOIL_DATA"
MANIFEST = "course.yml"
HELP = (
    "Install the course package from its wheel (pip install seedsoil-*.whl) or, in a clone of "
    "the project, run `make course`; see the Setup page of the course."
)


class SetupError(RuntimeError):
    """The library cannot find its own files: an installation problem, not a learner's mistake."""


def data_dir() -> Path:
    """The folder holding ``datapackage.json``, the CSV tables, ``references.bib`` and ``course.yml``."""
    env = os.environ.get(ENV)
    if env:
        folder = Path(env).expanduser().resolve()
        if not (folder / MANIFEST).is_file():
            raise SetupError(f"{ENV}={env}: that folder has no {MANIFEST}. {HELP}")
        return folder
    shipped = Path(str(resources.files("seedsoil") / "coursedata"))
    if (shipped / MANIFEST).is_file():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "data"  # src/seedsoil/ -> the project's data/
    if (checkout / MANIFEST).is_file():
        return checkout
    raise SetupError(f"The seedsoil package has no course data next to it ({shipped}). {HELP}")


def manifest() -> Path:
    """The course manifest, ``course.yml``."""
    return data_dir() / MANIFEST
