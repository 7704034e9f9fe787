"""Measure notebooks: execution time and the kernel's peak memory, against each notebook's floor.

The *floor* of a notebook is a notebook that holds only its import statements: the cost of
starting a kernel and importing the libraries, which no lesson can go below. Used by
``benchmarks/notebooks.py`` (``make bench``), which reports ratios; tests assert no timings.

Peak memory is the kernel process's high-water mark of resident memory (``VmHWM`` in
``/proc/<pid>/status``; Linux only).
"""

from __future__ import annotations

import ast
import copy
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

from seedsoil import inputs, spread

from .notebooks import kernel_manager

TIMEOUT = 120  # seconds per cell, as in the tests


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    notebook: nbformat.NotebookNode


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def execute(nb: nbformat.NotebookNode, cwd: Path) -> Run:
    """Execute a copy of ``nb`` in a fresh kernel; return wall time, kernel peak memory, result."""
    nb = copy.deepcopy(nb)
    with tempfile.TemporaryDirectory(prefix="seedsoil-kernel-") as sockets:
        km = kernel_manager(Path(sockets))
        t0 = time.perf_counter()
        # the kernel's own log (shutdown chatter) is not ours to print
        km.start_kernel(cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            NotebookClient(nb, km=km, timeout=TIMEOUT, resources={"metadata": {"path": str(cwd)}}).execute()
            seconds = time.perf_counter() - t0
            peak = _peak_mb(km.provisioner.process.pid)
        finally:
            km.shutdown_kernel(now=True)
    return Run(seconds, peak, nb)


def import_lines(nb: nbformat.NotebookNode) -> list[str]:
    """The import statements of a notebook's code cells, in order, without duplicates."""
    lines: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as exc:
            raise ValueError(f"a code cell does not parse: {exc}") from exc
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                text = ast.get_source_segment(cell.source, node)
                if text not in lines:
                    lines.append(text)
    return lines


def floor_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A notebook with one code cell holding only ``nb``'s imports."""
    floor = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    floor.cells = [nbformat.v4.new_code_cell("\n".join(import_lines(nb)))]
    return floor


def measure(path: Path, runs: int = 3) -> dict:
    """Median time and peak memory of a notebook and of its floor over ``runs`` runs each."""
    if not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a whole number of at least 1, got {runs!r}")
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    floor = floor_notebook(nb)
    full = [execute(nb, path.parent) for _ in range(runs)]
    base = [execute(floor, path.parent) for _ in range(runs)]
    return {
        "notebook": path.name,
        "runs": runs,
        "seconds": statistics.median(r.seconds for r in full),
        "peak_mb": max(r.peak_mb for r in full),
        "floor_seconds": statistics.median(r.seconds for r in base),
        "floor_peak_mb": max(r.peak_mb for r in base),
    }


def simulate_loop(chain: spread.Chain, start: str, *, steps: int, n: int, seed: int) -> np.ndarray:
    """``spread.simulate`` written as a plain Python loop over patients: the baseline the
    benchmark compares the vectorised simulation with (and a second opinion for its tests)."""
    if not isinstance(chain, spread.Chain):
        raise TypeError(f"expected a spread.Chain, not {type(chain).__name__}")
    inputs.whole("steps", steps, 0)
    inputs.whole("n", n, 1)
    if n * (steps + 1) > spread.MAX_SIMULATED:
        raise ValueError(f"n × (steps + 1) = {n * (steps + 1):,} is more than {spread.MAX_SIMULATED:,}")
    inputs.seed(seed)
    rng = np.random.default_rng(seed)
    rows = [list(np.cumsum(r)) for r in chain.P]
    i0 = chain.index(start)
    paths = np.empty((n, steps + 1), dtype=np.int64)
    for p in range(n):
        state = i0
        paths[p, 0] = state
        for t in range(steps):
            u = rng.random()
            row = rows[state]
            state = next((j for j, c in enumerate(row) if u < c), len(row) - 1)
            paths[p, t + 1] = state
    return paths
