"""Fixtures shared by the test modules."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from coursekit import browser

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


# --- the browser tests (test_browser*.py) ------------------------------------------------------


@pytest.fixture(scope="module")
def base(built_course):
    with browser.serve(built_course) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser.launch() as b:
        yield b


@pytest.fixture
def visit(chromium, base):
    """Open a path of the site in a fresh context; yield (page, recorder)."""
    contexts = []

    def _visit(path):
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        recorder = browser.Recorder(context)
        page = recorder.watch(context.new_page())
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return page, recorder

    yield _visit
    for c in contexts:
        c.close()
