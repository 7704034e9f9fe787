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
    "matplotlib.rcParams['svg.hashsalt'] = 'x'\nmatplotlib.rcParams['font.size'] = 16\n"
    "plt.plot([1, 2, 3], [1, 4, 9])\nplt.show()",
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


def test_memory_over_the_budget_fails(stored, tmp_path):
    env = {**__import__("os").environ, "SEEDSOIL_KERNEL_MB": "1"}
    results = run_nbval(tmp_path, write(tmp_path, "small", stored), env=env)
    assert len(results["small"]) == 1 and "memory peaked at" in results["small"][0]


# The same run also measures figures and re-grades solutions in the kernel (coursekit.kernelprobe):
# a figure whose text a room cannot read, and a check that depends on what the notebook changed,
# fail their notebook's extra items.
TINY_TEXT = [
    "import matplotlib.pyplot as plt\n%matplotlib inline",
    "fig, ax = plt.subplots(figsize=(8, 4))\nax.plot([1, 2], [1, 2])\nax.set_title('tiny', fontsize=3)\nplt.show()",
]
SHARED_STATE = [
    "from seedsoil.exercises import check\nfrom seedsoil.feedback import Feedback, register\nseen = [1, 2]\n"
    "@register('ex99-9', kind='number')\ndef _depends_on_the_notebook(answer):\n"
    "    return Feedback('ex99-9', answer == len(seen), 'reads an object the notebook holds')",
    "answer = 2\ncheck('ex99-9', answer)",
]


def test_tampered_copies_fail_and_the_untouched_one_passes(stored, tmp_path):
    """One sub-pytest over every copy: a changed number, a removed output, a changed figure, a
    figure whose text a room cannot read, and a check that depends on what the notebook changed
    each fail; the untouched copy passes."""
    untouched = write(tmp_path, "untouched", stored)

    number = nbformat.from_dict(stored)
    number.cells[0].outputs[0].text = "43\n"
    removed = nbformat.from_dict(stored)
    removed.cells[2].outputs = []
    figure = nbformat.from_dict(stored)
    png = next(o for o in figure.cells[1].outputs if "image/png" in o.get("data", {}))
    data = png["data"]["image/png"]
    png["data"]["image/png"] = data[:200] + ("A" if data[200] != "A" else "B") + data[201:]
    tiny = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in TINY_TEXT])
    shared = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in SHARED_STATE])
    shared.cells[1].metadata["tags"] = ["solution"]

    results = run_nbval(
        tmp_path,
        untouched,
        write(tmp_path, "number", number),
        write(tmp_path, "removed", removed),
        write(tmp_path, "figure", figure),
        *(
            write(tmp_path, name, execute(nb, tmp_path / f"{name}.ipynb"))
            for name, nb in (("tiny", tiny), ("shared", shared))
        ),
    )
    assert results["untouched"] == [], results["untouched"]
    for name in ("number", "removed", "figure"):
        assert len(results[name]) == 1, (name, results[name])
    assert "image/png" in results["figure"][0]
    assert any("too small on a projected slide" in r and "'tiny'" in r for r in results["tiny"]), results["tiny"]
    assert any("grade differently" in r and "ex99-9" in r for r in results["shared"]), results["shared"]
