"""The built course in a real browser (Debian's Chromium via Playwright): reading pages and site.

The decks are in test_browser_decks.py (a file of their own, so two workers share the work).
Skipped with a message when no Chromium is installed, unless SEEDSOIL_REQUIRE_BROWSER=1 (CI sets
it, and .ci/run installs the package), in which case a missing browser is a failure.
"""

from __future__ import annotations

import pytest
from browsing import PLACEHOLDER, offline_and_quiet, require_browser

from coursekit import browser as web

from nbtools import COURSE, NOTEBOOK_FILES, ROOT, figure_outputs, read_notebook, tags

require_browser()


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
    offline_and_quiet(file, recorder)


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
    offline_and_quiet(path, recorder)


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


def test_screenshots_of_index_title_figure_and_poll_slides(chromium, built_course, tmp_path):
    written = web.screenshots(tmp_path, ROOT, built_course, log=lambda m: None, only=["cascade"], browser=chromium)
    assert [p.name for p in written] == [
        "index.png",
        "site.lesson.desktop.png",
        "site.lesson.phone.png",
        "site.search.png",
        "site.glossary.png",
        "02_metastatic_cascade.title.png",
        "02_metastatic_cascade.figure.png",
        "02_metastatic_cascade.poll.png",
    ]
    for p in written:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 10_000
