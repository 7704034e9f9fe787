"""Strict nbval (with coursekit.nbval_strict) really compares outputs: tampered copies of a small
fixture notebook must fail, on a printed number, a removed output, a changed figure and memory.

One sub-pytest checks every copy at once (a few seconds), instead of re-running a course notebook.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest

from coursekit.notebooks import execute

from nbtools import ROOT

SOURCES = [
    "total = 6 * 7\nprint(total)",
    "import matplotlib\nimport matplotlib.pyplot as plt\n%matplotlib inline\n"
    "matplotlib.rcParams['svg.hashsalt'] = 'x'\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()",
    "print('done')",
]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The fixture notebook, executed once, with its outputs stored."""
    folder = tmp_path_factory.mktemp("nbval")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in SOURCES])
    return execute(nb, folder / "fixture.ipynb")


def run_nbval(folder, *files, env=None):
    """A fresh pytest in ``folder`` (so this project's addopts do not apply); per-file results."""
    report = folder / "report.xml"
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "coursekit.nbval_strict",
        "--nbval",
        "--nbval-current-env",
        f"--nbval-sanitize-with={ROOT / 'nbval_sanitize.cfg'}",
        f"--junitxml={report}",
        *map(str, files),
    ]
    subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=300, env=env)
    failed = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("classname", "").split(".")[0] or case.get("name")
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        failed.setdefault(name, [])
        if problem is not None:
            failed[name].append(problem.get("message", "") + (problem.text or ""))
    return failed


def write(folder, name, nb):
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_tampered_copies_fail_and_the_untouched_one_passes(stored, tmp_path):
    untouched = write(tmp_path, "untouched", stored)

    number = nbformat.from_dict(stored)
    number.cells[0].outputs[0].text = "43\n"
    removed = nbformat.from_dict(stored)
    removed.cells[2].outputs = []
    figure = nbformat.from_dict(stored)
    png = next(o for o in figure.cells[1].outputs if "image/png" in o.get("data", {}))
    data = png["data"]["image/png"]
    png["data"]["image/png"] = data[:200] + ("A" if data[200] != "A" else "B") + data[201:]

    results = run_nbval(
        tmp_path,
        untouched,
        write(tmp_path, "number", number),
        write(tmp_path, "removed", removed),
        write(tmp_path, "figure", figure),
    )
    assert results["untouched"] == [], results["untouched"]
    for name in ("number", "removed", "figure"):
        assert len(results[name]) == 1, (name, results[name])
    assert "image/png" in results["figure"][0]


def test_memory_over_the_budget_fails(stored, tmp_path):
    env = {**__import__("os").environ, "SEEDSOIL_KERNEL_MB": "1"}
    results = run_nbval(tmp_path, write(tmp_path, "small", stored), env=env)
    assert len(results["small"]) == 1 and "memory peaked at" in results["small"][0]
