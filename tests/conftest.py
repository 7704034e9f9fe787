"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbtools import COURSE


@pytest.fixture(scope="session")
def course():
    return COURSE


@pytest.fixture(scope="session")
def built_course() -> Path:
    """The course built into _build/ (incremental: only what changed is rebuilt)."""
    import fcntl

    from seedsoil.build import build
    from seedsoil.paths import project_root

    # Test files run on two workers (make test); a lock keeps two builds out of _build/ at once.
    out = project_root() / "_build"
    out.mkdir(exist_ok=True)
    with open(out / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return build(out, log=lambda msg: None).out
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
