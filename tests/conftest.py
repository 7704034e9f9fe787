"""Fixtures shared by the test modules.

The course is built once per test run, into a folder of its own (``.cache/test-course/``, not
the ``_build/`` a teacher opens), and every test that only reads the built course shares it. A
test that must change the project works on a small copy (``tests/coursecopy.py``). Each test
worker opens one browser and serves the built course once.

Tests that need the built course, a browser or the wheel carry the mark ``full``: ``make check``
(the edit loop) leaves them out, ``make test`` runs everything.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from coursekit import browser

from nbtools import COURSE, ROOT

#: Where the test run builds the course (incremental across runs; shared by the workers).
TEST_BUILD = ROOT / ".cache" / "test-course"

#: Test modules that need the whole built course, a browser or a wheel: left out of `make check`.
FULL = {
    "test_build.py",
    "test_browser_decks.py",
    "test_browser_pages.py",
    "test_links.py",
    "test_polls_in_decks.py",
    "test_site_build.py",
    "test_wheel.py",
    "test_hostile_content.py",
    "test_build_safety.py",
    "test_recipes.py",
    "test_nbval_can_fail.py",  # the test machinery's own tests: sub-pytests, not the lessons
}


#: Fixtures that build the course or a copy of the project.
BUILDS = {"built_course", "project"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in FULL or BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.full)


@pytest.fixture(scope="session")
def course():
    return COURSE


@pytest.fixture(scope="session")
def built_course() -> Path:
    """The course built from the stored notebooks, once per run for every worker (the first worker
    builds, the others find it up to date)."""
    from coursekit.build import build

    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    with open(TEST_BUILD / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return build(TEST_BUILD / "_build", log=lambda msg: None).out
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- the browser tests --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def base(built_course):
    with browser.serve(built_course) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    with browser.launch() as b:
        yield b


@pytest.fixture
def visit(chromium, base):
    """Open a path of the site in a fresh context; yield (page, recorder)."""
    contexts = []

    def _visit(path, viewport=(1280, 800)):
        context = chromium.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        recorder = browser.Recorder(context)
        page = recorder.watch(context.new_page())
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return page, recorder

    yield _visit
    for c in contexts:
        c.close()
