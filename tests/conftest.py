"""Fixtures shared by the test modules."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from nbtools import COURSE, ROOT


@pytest.fixture(scope="session")
def course():
    return COURSE


@pytest.fixture(scope="session")
def built_course() -> Path:
    """The course built into _build/ from the stored notebooks (incremental: only what changed)."""
    from coursekit.build import build

    # Test files run on two workers (make test); a lock keeps two builds out of _build/ at once.
    out = ROOT / "_build"
    out.mkdir(exist_ok=True)
    with open(out / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return build(out, log=lambda msg: None).out
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
