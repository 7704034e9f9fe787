"""The reading site as a course website (issue 13), in Chromium: the shell on every page, readable
text, search that works from a file and through a server, clickable sources, learner and teacher
views, and pages that work on a phone and in print."""

from __future__ import annotations

import re

import pytest
from browsing import offline_and_quiet, require_browser

from coursekit import site
from seedsoil.references import get

from nbtools import COURSE, NOTEBOOK_FILES, read_notebook

require_browser()

#: [font size in px, characters per line] of the first visible paragraph longer than ``length``
#: characters matching ``selector`` (null if there is none).
MEASURE_TEXT = """(arg) => {
  const ps = [...document.querySelectorAll(arg.selector)];
  const p = ps.find((e) => e.textContent.length > arg.length && e.offsetParent);
  if (!p) return null;
  const style = getComputedStyle(p);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.fontSize + ' ' + style.fontFamily;
  const perChar = ctx.measureText(p.textContent).width / p.textContent.length;
  return [parseFloat(style.fontSize), p.clientWidth / perChar];
}"""

LESSONS = [f"html/{f.removesuffix('.ipynb')}.html" for f in NOTEBOOK_FILES]
SITE_PAGES = ["index.html", "glossary.html", "keypoints.html", "teaching.html", "setup.html", "search.html"]


@pytest.mark.parametrize("path", LESSONS + SITE_PAGES)
def test_every_page_has_the_shell_and_fits_a_phone(chromium, base, path):
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + path)
    header = page.locator("header.site-header")
    assert header.locator(".site-title a").get_attribute("href").endswith("index.html")
    links = header.locator(".site-links a").all_inner_texts()
    assert links == ["Glossary", "Key points", "Teacher's guide", "Setup"]
    assert header.locator("input[type=search]").count() == 1
    lessons = page.locator(".lessons-menu ol a")
    assert lessons.count() == len(COURSE.notebooks)
    # the page's own contents, where it has sections
    sections = page.locator("main h2[id]").count()
    assert page.locator(".site-lessons .toc a").count() == (sections if sections >= 2 else 0)
    # readable text: 16-18 px, about 65-85 characters a line (where there is a long paragraph)
    measured = page.evaluate(MEASURE_TEXT, {"selector": "main p", "length": 200})
    if measured:
        assert 16 <= measured[0] <= 18 and 55 <= measured[1] <= 90, f"{path}: {measured}"
    # on a phone: no sideways scroll of the whole page, and the menus still open
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path}: the page scrolls sideways at 390 px ({width[0]} px wide)"
    page.locator(".lessons-menu > summary").click()
    assert lessons.first.is_visible()
    # figures stay legible: at least 600 px wide, scrolling sideways inside their own box
    widths = page.locator("main .jp-RenderedImage img").evaluate_all("els => els.map((e) => e.clientWidth)")
    assert all(w >= 600 for w in widths), f"{path}: figures shrunk to {widths} px"
    page.close()


@pytest.mark.parametrize("index", range(len(LESSONS)))
def test_a_lesson_marks_itself_lists_its_sections_and_links_its_neighbours(chromium, base, index):
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + LESSONS[index])
    current = page.locator('.site-lessons a[aria-current="page"]')
    assert current.count() == 1 and current.get_attribute("href").endswith(LESSONS[index].split("/")[1])
    # the in-page contents: one link per section, each to a heading on the page
    toc = page.locator(".site-lessons .toc a").evaluate_all("els => els.map((e) => e.getAttribute('href'))")
    h2 = page.locator("main h2[id]").evaluate_all("els => els.map((e) => '#' + e.id)")
    assert toc == h2 and len(toc) >= 4
    # previous and next, at the top and at the bottom
    for where in ("top", "bottom"):
        nav = page.locator(f".prev-next-{where}")
        prev, nxt = nav.locator("a[rel=prev]"), nav.locator("a[rel=next]")
        assert prev.count() == (index > 0) and nxt.count() == (index < len(LESSONS) - 1)
        if index > 0:
            assert prev.get_attribute("href") == "../" + LESSONS[index - 1]
        if index < len(LESSONS) - 1:
            assert nxt.get_attribute("href") == "../" + LESSONS[index + 1]
    page.close()


def test_lesson_text_is_readable(chromium, base):
    """Body text 16–18 px in a column of about 65–85 characters; tables left-aligned with a
    caption, no <NA> and no stray index-name header; the setup code folded away."""
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    for path in LESSONS:
        page.goto(base + path)
        size, chars = page.evaluate(MEASURE_TEXT, {"selector": "main .jp-RenderedMarkdown p", "length": 300})
        assert 16 <= size <= 18, f"{path}: body text {size} px"
        assert 65 <= chars <= 90, f"{path}: about {chars:.0f} characters a line"
        tables = page.locator("main table.seedsoil-table")
        for i in range(tables.count()):
            table = tables.nth(i)
            assert table.locator("caption").count() == 1, f"{path}: table {i + 1} has no caption"
            assert "<NA>" not in table.inner_text()
            assert all(h.strip() for h in table.locator("th").all_inner_texts()), f"{path}: empty header"
            align = table.locator("td").first.evaluate("e => getComputedStyle(e).textAlign")
            assert align in ("left", "start"), f"{path}: table {i + 1} cells are {align}-aligned"
        setup = page.locator("details.seedsoil-setup")
        assert setup.count() == 1 and setup.get_attribute("open") is None
        assert setup.locator("summary").inner_text() == "Show the code that sets up this notebook"
        assert not setup.locator(".jp-InputArea").first.is_visible()
    page.close()


def test_teacher_notes_are_a_labelled_box_hidden_for_learners_and_the_choice_is_remembered(chromium, base):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base + LESSONS[1])
    notes = page.locator("aside.teacher-note")
    expected = sum(
        c.metadata.get("slideshow", {}).get("slide_type") == "notes" for c in read_notebook(NOTEBOOK_FILES[1]).cells
    )
    assert notes.count() == expected > 0
    assert notes.first.locator(".teacher-note-label").inner_text() == "Teacher note"
    assert not notes.first.inner_text().split("\n", 1)[1].lstrip().startswith("Teacher:")
    assert not notes.first.is_visible()  # the learner view is the default
    toggle = page.locator("button.teacher-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert notes.first.is_visible() and toggle.get_attribute("aria-pressed") == "true"
    page.goto(base + LESSONS[2])  # another page remembers the choice
    assert page.locator("aside.teacher-note").first.is_visible()
    page.locator("button.teacher-toggle").click()
    page.goto(base + LESSONS[1])
    assert not page.locator("aside.teacher-note").first.is_visible()
    context.close()


def _search(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#search-status:not(:empty)")
    return page.locator("#search-results a").evaluate_all("els => els.map((e) => e.getAttribute('href'))")


def test_search_finds_lesson_04_for_bone_through_the_server_and_from_a_file(chromium, base, built_course):
    page = chromium.new_page()
    recorder = []
    page.on("request", lambda r: recorder.append(r.url))
    for start in (base, built_course.as_uri() + "/"):
        found = _search(page, start + "search.html?q=bone")
        assert any(h.startswith("html/04_where_it_spreads.html") for h in found[:3]), found[:5]
        assert _search(page, start + "search.html?q=hazard+ratio")[0].startswith("html/07_")
        assert _search(page, start + "search.html?q=xyzzy") == []
        # the header's search box on a lesson page leads to the same results
        page.goto(start + LESSONS[0])
        page.fill("#site-search-q", "Paget")
        page.press("#site-search-q", "Enter")
        page.wait_for_selector("#search-status:not(:empty)")
        assert page.locator("#search-results a").count() > 0
    assert all(u.startswith((base, "file://")) for u in recorder), "search loaded something from outside"
    page.close()


def test_search_index_covers_lessons_glossary_and_teachers_guide(built_course):
    text = (built_course / site.SEARCH_INDEX).read_text(encoding="utf-8")
    assert text.startswith("window.SEEDSOIL_SEARCH = [")
    for url in [*LESSONS, "glossary.html", "teaching.html"]:
        assert f'"url":"{url}' in text, url


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_every_doi_and_pmid_in_the_references_is_a_link(built_course, file):
    page = (built_course / "html" / f"{file.removesuffix('.ipynb')}.html").read_text(encoding="utf-8")
    keys = re.findall(r'<a id="ref-([a-z0-9_]+)"', page)
    assert keys
    for key in keys:
        ref = get(key)
        if ref.doi:
            assert f'href="https://doi.org/{ref.doi.split("(")[0]}' in page, key
        if ref.pmid:
            assert f'href="https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"' in page, key


def test_print_shows_the_lesson_without_the_site_navigation(chromium, base):
    page = chromium.new_page()
    page.goto(base + LESSONS[4])
    page.emulate_media(media="print")
    for selector in ("header.site-header", ".site-lessons", ".prev-next-top", ".teacher-toggle"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("main h1").first.is_visible()
    page.close()


def test_exercises_read_well(chromium, base):
    """The pending feedback box is a box (a solid rule, not loose dots); the solution toggle uses
    the page's font."""
    page = chromium.new_page()
    page.goto(base + LESSONS[1])
    pending = page.locator(".seedsoil-feedback-pending").first
    assert pending.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    summary = page.locator("details.seedsoil-solution > summary").first
    assert summary.evaluate("e => getComputedStyle(e).fontFamily") == body_font
    page.close()


@pytest.mark.parametrize("path", ["keypoints.html", "search.html?q=bone"])
def test_new_site_pages_are_accessible_and_quiet(visit, path):
    from coursekit import browser as web

    from nbtools import ROOT

    page, recorder = visit(path)
    assert web.axe_violations(page, ROOT) == []
    offline_and_quiet(path, recorder)
