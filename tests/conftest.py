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
    from seedsoil.build import build

    return build(log=lambda msg: None).out
