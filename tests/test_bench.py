"""coursekit.bench, the measuring half of `make bench` (which reports times; no test asserts one)."""

from __future__ import annotations

import nbformat
import pytest

from coursekit import bench

from nbtools import NOTEBOOK_FILES, ROOT


def test_floor_notebook_keeps_only_imports():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import math\nx = 1\nfrom seedsoil import data"),
            nbformat.v4.new_markdown_cell("import nothing"),
            nbformat.v4.new_code_cell("import math\nprint(x)"),
        ]
    )
    floor = bench.floor_notebook(nb)
    assert [c.source for c in floor.cells] == ["import math\nfrom seedsoil import data"]


def test_measure_rejects_bad_runs():
    with pytest.raises(ValueError, match="runs"):
        bench.measure(ROOT / "notebooks" / NOTEBOOK_FILES[0], runs=0)
