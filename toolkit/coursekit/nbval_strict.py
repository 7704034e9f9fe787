"""A pytest plugin that makes nbval's one run of each notebook check everything a fresh run can:

- **figures too**: nbval compares text outputs but skips ``image/png``; here the PNG bytes are
  compared as well, so a stored figure that no longer matches its code fails like a changed
  number (the course's figures are deterministic: fixed seeds, no dates, pinned libraries);
- **memory**: after a notebook's last cell, its kernel's peak resident memory (``VmHWM``, Linux)
  must stay under ``SEEDSOIL_KERNEL_MB`` (default 500 MB: a Binder session has 1-2 GB).

So ``make test`` executes each notebook once.  Enabled for the project with
``-p coursekit.nbval_strict`` in ``pyproject.toml``.  Wall-clock time is not asserted here:
``make bench`` reports it as ratios.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEFAULT_MB = 500.0


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


def pytest_collection_modifyitems(session, config, items):
    files = {item.parent for item in items if _is_nbval_cell(item)}
    for nb_file in files:
        nb_file.skip_compare = tuple(k for k in nb_file.skip_compare if k != "image/png")
    # mark each notebook's last cell: the memory check runs after it
    last = {}
    for item in items:
        if _is_nbval_cell(item):
            last[item.parent] = item
    for item in last.values():
        item.stash[_LAST] = True


_LAST = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    if _is_nbval_cell(item) and item.stash.get(_LAST, False):
        kernel = item.parent.kernel
        pid = getattr(getattr(kernel.km, "provisioner", None), "pid", None) if kernel else None
        mb = peak_mb(pid) if pid else None
        if mb is not None and mb > limit_mb():
            raise AssertionError(
                f"{item.parent.name}: the kernel's memory peaked at {mb:.0f} MB, over the "
                f"{limit_mb():.0f} MB budget (SEEDSOIL_KERNEL_MB)"
            )
    return result
