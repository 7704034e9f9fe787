"""Is this computer ready for the course?  ``python -m seedsoil.setup_check``

Run it in the environment where the notebooks will run (a learner's laptop, a lab machine, a
JupyterHub image).  It loads every data table, the bibliography and the manifest, checks one
exercise with its right answer, draws a figure without showing it, and finds a Jupyter kernel.
It prints one line per check and exits with 0 when everything works, 1 otherwise, so a teacher
can run it on every machine before class.
"""

from __future__ import annotations

import importlib.util
import platform
import sys
from collections.abc import Callable


def _tables() -> str:
    from . import data

    names = data.names()
    for name in names:
        data.load(name)
    return f"{len(names)} data tables read from {data.default_data_dir()}"


def _references() -> str:
    from . import references

    return f"{len(references.load())} references"


def _course() -> str:
    from . import course

    c = course.load()
    return f"{len(c.notebooks)} notebooks in the manifest"


def _exercise() -> str:
    from .course import load
    from .exercises import check

    feedback = check("ex00-1", load().total_minutes)
    if not feedback.correct:
        raise RuntimeError(f"a right answer was not accepted: {feedback}")
    return "exercise checks give feedback"


def _figure() -> str:
    import matplotlib

    matplotlib.use("Agg")  # this is a separate process: nothing of the learner's is affected
    from .lessons import start_here

    fig, _ = start_here.course_map()
    fig.canvas.draw()
    return "figures draw"


def _kernel() -> str:
    if importlib.util.find_spec("ipykernel") is None:
        raise RuntimeError("ipykernel is not installed: pip install ipykernel jupyterlab")
    if importlib.util.find_spec("jupyterlab") is None and importlib.util.find_spec("notebook") is None:
        return "a Jupyter kernel is installed (no JupyterLab here: use your own Jupyter, or pip install jupyterlab)"
    return "JupyterLab and its Python kernel are installed"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("data", _tables),
    ("references", _references),
    ("manifest", _course),
    ("exercises", _exercise),
    ("figures", _figure),
    ("jupyter", _kernel),
]


def run(out=print) -> bool:
    """Run every check, print one line each; True when all passed."""
    from . import __version__

    out(f"Seed & Soil setup check: seedsoil {__version__}, Python {platform.python_version()} ({sys.executable})")
    ok = True
    for name, fn in CHECKS:
        try:
            out(f"  ok    {name}: {fn()}")
        except Exception as exc:  # report every failure, then the verdict
            ok = False
            out(f"  FAIL  {name}: {type(exc).__name__}: {exc}")
    out("Ready for the course." if ok else "Not ready: see the FAIL lines and the Setup page of the course.")
    return ok


def main() -> int:
    return 0 if run() else 1


if __name__ == "__main__":
    sys.exit(main())
