"""A pytest plugin that makes nbval's one run of each notebook check everything a fresh run can:

- **figures too**: nbval compares text outputs but skips ``image/png``; here the PNG bytes are
  compared as well, so a stored figure that no longer matches its code fails like a changed
  number (the course's figures are deterministic: fixed seeds, no dates, pinned libraries);
- **memory**: after a notebook's last cell, its kernel's peak resident memory (``VmHWM``, Linux)
  must stay under ``SEEDSOIL_KERNEL_MB`` (default 500 MB: a Binder session has 1-2 GB);
- **figures a room can read** and **grading that nothing a learner does can change**: a probe in
  the same kernel (``coursekit.kernelprobe``) measures every figure as the inline backend shows
  it and records the answers of the solution cells; two extra items per notebook,
  ``<notebook>::figure text`` and ``<notebook>::grading``, report what it found.

So ``make test`` executes each notebook once.  Enabled for the project with
``-p coursekit.nbval_strict`` in ``pyproject.toml``.  Wall-clock time is not asserted here:
``make bench`` reports it as ratios.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from .slidetext import slide_box

DEFAULT_MB = 500.0
#: Smallest figure text a projected slide may show, in screen pixels at 1280×720.
MIN_FIGURE_PX = 14
_PROBE = "__import__('coursekit.kernelprobe', fromlist=['_']).{}"


def limit_mb() -> float:
    return float(os.environ.get("SEEDSOIL_KERNEL_MB", DEFAULT_MB))


def peak_mb(pid: int) -> float | None:
    """The process's high-water mark of resident memory in MB (None where /proc is absent)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


_FIRST = pytest.StashKey[bool]()
_LAST = pytest.StashKey[bool]()
_REPORT = pytest.StashKey[dict]()


class ProbeReport(pytest.Item):
    """What the kernel probe found in a notebook's run, reported as a test of its own."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.what = what

    def runtest(self):
        found = self.parent.stash.get(_REPORT, None)
        if found is None:
            pytest.skip("the notebook's cells did not run to the end in this session")
        name = Path(self.parent.name).name
        if self.what == "figure text":
            figures = found["figures"]
            small = [f"cell {cell}: {text!r} is {px:.1f} px" for cell, px, text in figures if px and px < MIN_FIGURE_PX]
            broken = [f"cell {cell}: {text}" for cell, px, text in figures if px is None and text]
            assert not broken, f"{name}: figures the measure could not read:\n" + "\n".join(broken)
            assert not small, f"{name}: figure text too small on a projected slide:\n" + "\n".join(small)
        else:
            graded = found["graded"]
            if any("solution" in c.metadata.get("tags", []) for c in self.parent.nb.cells):
                assert graded, f"{name}: no solution was graded"
            # every graded solution is right (explain and predict items are not graded: None)
            wrong = [exercise for exercise, before, _ in graded if before is False]
            assert not wrong, f"{name}: these solutions do not grade as right: {wrong}"
            changed = [exercise for exercise, before, after in graded if before != after]
            assert not changed, (
                f"{name}: these exercises grade differently after the notebook's objects were changed in place "
                f"(a check must compute its answer from pristine data): {changed}"
            )

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::{self.name}"


def pytest_collection_modifyitems(session, config, items):
    files = {item.parent for item in items if _is_nbval_cell(item)}
    for nb_file in files:
        nb_file.skip_compare = tuple(k for k in nb_file.skip_compare if k != "image/png")
    first, last = {}, {}
    for item in items:
        if _is_nbval_cell(item):
            first.setdefault(item.parent, item)
            last[item.parent] = item
    for item in first.values():
        item.stash[_FIRST] = True
    for nb_file, item in last.items():
        item.stash[_LAST] = True
        extra = [ProbeReport.from_parent(nb_file, name=what, what=what) for what in ("figure text", "grading")]
        at = items.index(item) + 1
        items[at:at] = extra


def _silent(kernel, code: str, expression: str | None = None) -> str | None:
    """Run ``code`` in the notebook's kernel without output or history; return ``expression``'s
    value (its repr) when asked. nbval skips the messages of this execution."""
    expressions = {"value": expression} if expression else {}
    msg_id = kernel.kc.execute(code, silent=True, store_history=False, user_expressions=expressions)
    while True:
        msg = kernel.get_message(stream="shell", timeout=120)
        if msg["parent_header"].get("msg_id") == msg_id:
            break
    content = msg["content"]
    if content.get("status") != "ok":
        raise RuntimeError(f"the kernel probe failed: {content.get('ename')}: {content.get('evalue')}")
    if expression:
        value = content["user_expressions"]["value"]
        if value.get("status") != "ok":
            raise RuntimeError(f"the kernel probe failed: {value.get('ename')}: {value.get('evalue')}")
        return value["data"]["text/plain"]
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if not _is_nbval_cell(item):
        return (yield)
    kernel = item.parent.kernel
    if kernel is not None and kernel.is_alive():
        if item.stash.get(_FIRST, False):
            _silent(kernel, _PROBE.format("install()"))
        index = item.parent.nb.cells.index(item.cell)
        solution = "solution" in item.cell.metadata.get("tags", [])
        _silent(kernel, _PROBE.format(f"before_cell({index}, {solution}, {list(slide_box(item.cell))})"))
    result = yield
    if item.stash.get(_LAST, False) and kernel is not None and kernel.is_alive():
        pid = getattr(getattr(kernel.km, "provisioner", None), "pid", None)
        mb = peak_mb(pid) if pid else None
        if mb is not None and mb > limit_mb():
            raise AssertionError(
                f"{item.parent.name}: the kernel's memory peaked at {mb:.0f} MB, over the "
                f"{limit_mb():.0f} MB budget (SEEDSOIL_KERNEL_MB)"
            )
        text = _silent(kernel, "", _PROBE.format("report()"))
        item.parent.stash[_REPORT] = json.loads(ast.literal_eval(text))
    return result
