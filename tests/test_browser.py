"""The built course in a real browser (Debian's Chromium via Playwright): decks, pages, site.

Skipped with a message when no Chromium is installed, unless SEEDSOIL_REQUIRE_BROWSER=1 (CI sets
it, and .ci/run installs the package), in which case a missing browser is a failure.
"""

from __future__ import annotations

import os

import pytest

from coursekit import browser as web

from nbtools import COURSE, NOTEBOOK_FILES, ROOT, figure_outputs, read_notebook, tags

REQUIRED = os.environ.get("SEEDSOIL_REQUIRE_BROWSER") == "1"
try:
    import playwright.sync_api  # noqa: F401

    CHROMIUM = web.chromium_path()
except (ImportError, web.BrowserMissing) as exc:  # pragma: no cover - depends on the machine
    if REQUIRED:
        raise RuntimeError(f"SEEDSOIL_REQUIRE_BROWSER=1 but the browser tests cannot run: {exc}") from exc
    pytest.skip(f"browser tests skipped: {exc}", allow_module_level=True)

PLACEHOLDER = "No description has been provided"


@pytest.fixture(scope="module")
def base(built_course):
    with web.serve(built_course) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with web.launch() as b:
        yield b


@pytest.fixture
def visit(chromium, base):
    """Open a path of the site in a fresh context; yield (page, recorder)."""
    contexts = []

    def _visit(path):
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        recorder = web.Recorder(context)
        page = recorder.watch(context.new_page())
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return page, recorder

    yield _visit
    for c in contexts:
        c.close()


def _offline_and_quiet(path, recorder):
    assert recorder.outside == [], f"{path} requested {recorder.outside}"
    assert recorder.errors == [], f"{path} logged {recorder.errors}"


def _expected_slides(nb):
    """(h, v) of every slide, and the (h, v) each notes cell should land on."""
    h, v, slides, notes = -1, 0, [], []
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind == "slide" or h < 0:
            h, v = h + 1, 0
            slides.append((h, v))
        elif kind == "subslide":
            v += 1
            slides.append((h, v))
        if kind == "notes":
            notes.append(((h, v), " ".join(cell.source.split())[:60]))
    return slides, notes


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_deck(visit, file):
    nb = read_notebook(file)
    stem = file.removesuffix(".ipynb")
    page, recorder = visit(f"slides/{stem}.slides.html")
    state = web.reveal_state(page)
    slides, notes = _expected_slides(nb)
    assert state["ready"] is True
    assert state["total"] == len(slides), f"{file}: {state['total']} slides, notebook has {len(slides)}"
    assert [(i["h"], i.get("v") or 0) for i in state["indices"]] == slides

    for (h, v), text in notes:
        aside = page.evaluate(
            "(a) => [...document.querySelectorAll('.reveal .slides > section')][a.h]"
            ".querySelectorAll(':scope > section')[a.v]?.querySelector('aside.notes')?.textContent || ''",
            {"h": h, "v": v},
        )
        assert text[:40] in " ".join(aside.split()), f"{file}: notes '{text[:40]}…' missing on slide {h}/{v}"

    problems = []
    for h, v in slides:
        assert web.go_to_slide(page, h, v)["h"] == h
        for found in web.axe_violations(page, ROOT, ".reveal .slides section.present"):
            problems.append(f"slide {h}/{v}: {found['impact']} {found['id']} ({found['help']}) at {found['targets']}")
    assert problems == [], "\n".join(problems)
    _offline_and_quiet(file, recorder)


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_reading_page(visit, file):
    nb = read_notebook(file)
    stem = file.removesuffix(".ipynb")
    page, recorder = visit(f"html/{stem}.html")

    violations = web.axe_violations(page, ROOT)
    assert violations == [], violations

    expected_alts = [c.metadata["alt"] for c in nb.cells if c.cell_type == "code" for _ in range(figure_outputs(c))]
    alts = page.locator(".jp-OutputArea-output img").evaluate_all("els => els.map((e) => e.alt)")
    assert alts == expected_alts
    assert not any(PLACEHOLDER in a for a in alts)

    details = page.locator("details.seedsoil-solution")
    n_solutions = sum("solution" in tags(c) for c in nb.cells)
    assert details.count() == n_solutions
    for i in range(n_solutions):
        solution = details.nth(i)
        assert solution.get_attribute("open") is None
        code = solution.locator(".jp-InputArea").first
        assert not code.is_visible(), f"{file}: solution {i + 1} is not collapsed"
    if n_solutions:
        details.first.locator("summary").click()
        assert details.first.locator(".jp-InputArea").first.is_visible()
    _offline_and_quiet(file, recorder)


@pytest.mark.parametrize("path", ["index.html", "glossary.html", "teaching.html", "setup.html"])
def test_site_page(visit, base, path):
    page, recorder = visit(path)
    violations = web.axe_violations(page, ROOT)
    assert violations == [], violations
    hrefs = page.locator("a[href]").evaluate_all("els => els.map((e) => e.getAttribute('href'))")
    assert hrefs
    local = {h.split("#")[0] for h in hrefs if not h.startswith(("#", "https://", "http://"))}
    for href in sorted(local):
        status = page.request.get(base + href).status
        assert status == 200, f"{path}: link {href} gives HTTP {status}"
    _offline_and_quiet(path, recorder)


def test_glossary_link_from_a_page_lands_on_its_entry(visit):
    page, _ = visit("html/02_metastatic_cascade.html")
    link = page.locator('a[href^="../glossary.html#"]').first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**/glossary.html#{anchor}")
    assert page.locator(f'[id="{anchor}"]').count() == 1


def test_student_copies_are_served_without_solutions(visit, base):
    page, _ = visit("index.html")
    for nb in COURSE.notebooks:
        body = page.request.get(f"{base}student/{nb.file}").json()
        assert not any("solution" in c.get("metadata", {}).get("tags", []) for c in body["cells"]), nb.file


def test_screenshots_of_index_and_first_two_slides(chromium, built_course, tmp_path):
    written = web.screenshots(tmp_path, ROOT, built_course, log=lambda m: None, only=["cascade"], browser=chromium)
    assert [p.name for p in written] == [
        "index.png",
        "02_metastatic_cascade.slide1.png",
        "02_metastatic_cascade.slide2.png",
    ]
    for p in written:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 10_000
