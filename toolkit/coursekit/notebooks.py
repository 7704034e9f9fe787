"""Reading, executing and writing the course's notebooks, as JupyterLab would write them.

Notebooks are stored with their outputs (strict nbval compares them with a fresh run) and with
the full ``kernelspec`` and ``language_info`` that JupyterLab writes, so opening one in
JupyterLab does not mark it modified and ``nbconvert --to script`` writes a ``.py`` file.
"""

from __future__ import annotations

import platform
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT = 120  # seconds; a cell here takes well under one

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def language_info() -> dict:
    """What an IPython kernel of this interpreter reports about its language."""
    return {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": platform.python_version(),
    }


class ExecutionError(RuntimeError):
    """A notebook cell raised; the message names the notebook, the cell and the error."""


def set_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Give ``nb`` the kernelspec and language_info JupyterLab writes (in place; returned)."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = language_info()
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    """The notebook's text as it is stored (nbformat's JSON, one trailing newline)."""
    return nbformat.writes(nb) + "\n"


def kernel_manager(folder: Path) -> KernelManager:
    """A quiet kernel that talks over local IPC sockets in ``folder`` (no TCP ports: no
    'running over TCP without encryption' warning, nothing to eavesdrop)."""
    return KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / "kernel"))


def execute(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Run every cell of ``nb`` top to bottom in a fresh kernel (cwd = the notebook's folder).

    Raises :class:`ExecutionError` naming the notebook, the cell number and the error.
    """
    with tempfile.TemporaryDirectory(prefix="seedsoil-kernel-") as sockets:
        km = kernel_manager(Path(sockets))
        client = NotebookClient(
            nb,
            km=km,
            timeout=CELL_TIMEOUT,
            record_timing=False,  # no timestamps in stored notebooks (noisy diffs)
            resources={"metadata": {"path": str(path.parent)}},
        )
        km.start_kernel(cwd=str(path.parent), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    try:
                        client.execute_cell(cell, index)
                    except CellExecutionError as exc:
                        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                        raise ExecutionError(
                            f"{path.name}: cell {index + 1} of {len(nb.cells)} raised {exc.ename}: "
                            f"{exc.evalue}\n  the cell starts with: {first}"
                        ) from None
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    return set_metadata(nb)


def store_outputs(paths: list[Path], log: Callable[[str], None] = print) -> None:
    """Execute notebooks and save them with their outputs (what strict nbval compares with)."""
    for path in paths:
        t0 = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        execute(nb, path.resolve())
        from .tags import standard_keys

        standard_keys(nb)  # the alt text of the new figures, where nbconvert and myst-nb read it
        nbformat.validate(nb)
        path.write_text(dumps(nb), encoding="utf-8")
        log(f"stored outputs of {path.name} ({time.perf_counter() - t0:.1f} s)")
