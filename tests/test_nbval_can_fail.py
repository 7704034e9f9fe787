"""Strict nbval really compares outputs: a tampered copy of a notebook must fail it."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from nbtools import ROOT, read_notebook

NOTEBOOK = "00_start_here.ipynb"


def run_nbval(path):
    # A fresh pytest in the temporary folder, so this project's addopts do not apply.
    cmd = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
        f"--nbval-sanitize-with={ROOT / 'nbval_sanitize.cfg'}", str(path),
    ]
    return subprocess.run(cmd, cwd=path.parent, capture_output=True, text=True, timeout=300)


def first_printed(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and any(ch.isdigit() for ch in out.text):
                return i, out
    raise AssertionError("no printed output with a number")


@pytest.fixture
def copy(tmp_path):
    def make(edit):
        nb = read_notebook(NOTEBOOK)
        edit(nb)
        path = tmp_path / NOTEBOOK
        nbformat.write(nb, path)
        return path

    return make


def test_untampered_copy_passes(copy):
    result = run_nbval(copy(lambda nb: None))
    assert result.returncode == 0, result.stdout[-2000:]


def test_changed_printed_number_fails(copy):
    def edit(nb):
        _, out = first_printed(nb)
        out.text = out.text.replace("00", "01", 1)

    result = run_nbval(copy(edit))
    assert result.returncode == 1
    assert "mismatch" in result.stdout.lower() or "failed" in result.stdout.lower()


def test_removed_output_fails(copy):
    def edit(nb):
        i, _ = first_printed(nb)
        nb.cells[i].outputs = []

    result = run_nbval(copy(edit))
    assert result.returncode == 1
    assert "1 failed" in result.stdout
