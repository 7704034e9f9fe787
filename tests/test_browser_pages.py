"""The reading site in a real browser (Debian's Chromium via Playwright): every lesson page and
site page opened once, at desktop and at phone width, with everything a reader needs checked in
that one visit; then search, the glossary, teacher notes, print and screenshots.

Skipped with a message when no Chromium is installed, unless SEEDSOIL_REQUIRE_BROWSER=1 (CI sets
it, and .ci/run installs the package), in which case a missing browser is a failure.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from coursekit import browser as web

from browsing import PLACEHOLDER, offline_and_quiet, require_browser
from nbtools import COURSE, NOTEBOOK_FILES, ROOT, figure_outputs, read_notebook, tags

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
SITE_PAGES = ["index.html", "glossary.html", "keypoints.html", "teaching.html", "setup.html", "search.html?q=bone"]
PHONE = {"width": 390, "height": 844}


def check_shell(page, path: str) -> None:
    """The site's header, lesson list and the page's own contents."""
    header = page.locator("header.site-header")
    assert header.locator(".site-title a").get_attribute("href").endswith("index.html")
    links = header.locator(".site-links a").all_inner_texts()
    assert links == ["Glossary", "Key points", "Teacher's guide", "Setup"]
    assert header.locator("input[type=search]").count() == 1
    assert page.locator(".lessons-menu ol a").count() == len(COURSE.notebooks)
    sections = page.locator("main h2[id]").count()
    assert page.locator(".site-lessons .toc a").count() == (sections if sections >= 2 else 0), path


#: Each table (visible) wider than its column that does not scroll inside its own box, and each
#: figure wider than the window: what a reader would have to scroll the page sideways for.
FIT = """() => {
  const bad = [];
  document.querySelectorAll('main table').forEach((t) => {
    if (!t.offsetParent) return;  // folded away (Show all columns, a closed solution)
    const column = t.closest('main').getBoundingClientRect().width;
    const box = t.closest('.seedsoil-table-wrap, .jp-OutputArea-output, .site-page');
    const scrolls = box && getComputedStyle(box).overflowX !== 'visible' && box.clientWidth <= column + 1;
    const name = t.caption ? t.caption.textContent : t.textContent.slice(0, 40);
    if (t.getBoundingClientRect().width > column + 1 && !scrolls) bad.push('table: ' + name);
  });
  document.querySelectorAll('main img').forEach((i) => {
    const out = i.getBoundingClientRect().right > window.innerWidth + 1;
    if (i.offsetParent && out) bad.push('figure: ' + i.alt.slice(0, 40));
  });
  return bad;
}"""


def check_fit(page, path: str, width: int) -> None:
    """Nothing makes the page scroll sideways: no table wider than its column unless it scrolls in
    its own box, every figure within the window."""
    sideways = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sideways[0] <= sideways[1], f"{path}: the page scrolls sideways at {width} px ({sideways[0]} px wide)"
    assert page.evaluate(FIT) == [], f"{path} at {width} px"


def check_phone(page, path: str) -> None:
    """At 390 px: the page fits, and the lesson menu still opens."""
    page.set_viewport_size(PHONE)
    page.reload()  # the menus start folded on a small screen
    check_fit(page, path, PHONE["width"])
    page.locator(".lessons-menu > summary").click()
    assert page.locator(".lessons-menu ol a").first.is_visible()


@pytest.mark.parametrize("index", range(len(LESSONS)))
def test_lesson_page(visit, index):
    """One visit of a reading page: accessible, figures with their alt text, solutions folded,
    the shell with this lesson marked and its neighbours linked, readable text and tables, the
    setup code folded, nothing loaded from outside; then the same page on a phone."""
    file, path = NOTEBOOK_FILES[index], LESSONS[index]
    nb = read_notebook(file)
    page, recorder = visit(path)

    assert web.axe_violations(page, ROOT) == []
    expected_alts = [c.metadata["alt"] for c in nb.cells if c.cell_type == "code" for _ in range(figure_outputs(c))]
    alts = page.locator(".jp-OutputArea-output img").evaluate_all("els => els.map((e) => e.alt)")
    assert alts == expected_alts and not any(PLACEHOLDER in a for a in alts)

    details = page.locator("details.seedsoil-solution")
    n_solutions = sum("solution" in tags(c) for c in nb.cells)
    assert details.count() == n_solutions
    for i in range(n_solutions):
        assert details.nth(i).get_attribute("open") is None
        assert not details.nth(i).locator(".jp-InputArea").first.is_visible(), f"{file}: solution {i + 1} is open"
    if n_solutions:
        details.first.locator("summary").click()
        assert details.first.locator(".jp-InputArea").first.is_visible()

    check_shell(page, path)
    current = page.locator('.site-lessons a[aria-current="page"]')
    assert current.count() == 1 and current.get_attribute("href").endswith(path.split("/")[1])
    toc = page.locator(".site-lessons .toc a").evaluate_all("els => els.map((e) => e.getAttribute('href'))")
    h2 = page.locator("main h2[id]").evaluate_all("els => els.map((e) => '#' + e.id)")
    assert toc == h2 and len(toc) >= 4
    for where in ("top", "bottom"):
        nav = page.locator(f".prev-next-{where}")
        prev, nxt = nav.locator("a[rel=prev]"), nav.locator("a[rel=next]")
        assert prev.count() == (index > 0) and nxt.count() == (index < len(LESSONS) - 1)
        if index > 0:
            assert prev.get_attribute("href") == "../" + LESSONS[index - 1]
        if index < len(LESSONS) - 1:
            assert nxt.get_attribute("href") == "../" + LESSONS[index + 1]

    # body text 16–18 px in a column of about 65–85 characters
    size, chars = page.evaluate(MEASURE_TEXT, {"selector": "main .jp-RenderedMarkdown p", "length": 300})
    assert 16 <= size <= 18, f"{path}: body text {size} px"
    assert 65 <= chars <= 90, f"{path}: about {chars:.0f} characters a line"
    # tables: a caption, no <NA>, no empty header, text left-aligned
    tables = page.locator("main table.seedsoil-table")
    for i in range(tables.count()):
        table = tables.nth(i)
        if not table.is_visible():  # all the columns, folded under "Show all columns"
            continue
        assert table.locator("caption").count() == 1, f"{path}: table {i + 1} has no caption"
        assert "<NA>" not in table.inner_text()
        assert all(h.strip() for h in table.locator("thead th").all_inner_texts()), f"{path}: empty header"
        align = table.locator("td").first.evaluate("e => getComputedStyle(e).textAlign")
        assert align in ("left", "start"), f"{path}: table {i + 1} cells are {align}-aligned"
    setup = page.locator("details.seedsoil-setup")
    assert setup.count() == 1 and setup.get_attribute("open") is None
    assert setup.locator("summary").inner_text() == "Show the code that sets up this notebook"
    assert not setup.locator(".jp-InputArea").first.is_visible()
    # a reader, not a learner at a kernel: the exercise boxes say what to do in JupyterLab
    assert "run the cell again" not in page.locator("main").inner_text()
    offline_and_quiet(file, recorder)
    page.set_viewport_size({"width": 1366, "height": 900})
    check_fit(page, path, 1366)
    check_phone(page, path)


@pytest.mark.parametrize("path", SITE_PAGES)
def test_site_page(visit, base, path):
    """One visit of a site page: accessible, the shell, readable text, every local link works,
    nothing loaded from outside; then on a phone."""
    page, recorder = visit(path)
    assert web.axe_violations(page, ROOT) == []
    check_shell(page, path)
    measured = page.evaluate(MEASURE_TEXT, {"selector": "main p", "length": 200})
    if measured:
        assert 16 <= measured[0] <= 18 and 55 <= measured[1] <= 90, f"{path}: {measured}"
    hrefs = page.locator("a[href]").evaluate_all("els => els.map((e) => e.getAttribute('href'))")
    assert hrefs
    local = {h.split("#")[0] for h in hrefs if not h.startswith(("#", "https://", "http://"))}
    for href in sorted(local):
        status = page.request.get(base + href).status
        assert status == 200, f"{path}: link {href} gives HTTP {status}"
    offline_and_quiet(path, recorder)
    page.set_viewport_size({"width": 1366, "height": 900})
    check_fit(page, path, 1366)
    check_phone(page, path)


def test_a_figure_opens_full_size_on_a_click_and_closes_with_escape(visit):
    page, _ = visit("html/03_seed_and_soil.html", viewport=(390, 844))
    figure = page.locator("main .jp-RenderedImage img").first
    assert figure.evaluate("(i) => i.clientWidth <= window.innerWidth")
    figure.click()
    dialog = page.locator("dialog.figure-full")
    assert dialog.is_visible()
    big = dialog.locator("img")
    assert big.get_attribute("alt") == figure.get_attribute("alt")
    assert big.evaluate("(i) => i.clientWidth") == big.evaluate("(i) => i.naturalWidth")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_a_wide_table_shows_its_narrow_view_and_every_column_one_click_away(visit):
    page, _ = visit("html/09_reading_the_evidence.html", viewport=(1366, 900))
    more = page.locator("details.seedsoil-all-columns").first
    assert more.get_attribute("open") is None
    narrow = page.locator(".seedsoil-table-wrap table").first
    more.locator("summary").click()
    full = more.locator("table")
    assert full.is_visible() and full.locator("thead th").count() > narrow.locator("thead th").count()


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


def test_teacher_notes_are_a_labelled_box_hidden_for_learners_and_the_choice_is_remembered(visit, base):
    page, _ = visit(LESSONS[1])
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


def _search(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#search-status:not(:empty)")
    return page.locator("#search-results a").evaluate_all("els => els.map((e) => e.getAttribute('href'))")


def test_search_finds_lesson_04_for_bone_through_the_server_and_from_a_file(visit, base, built_course):
    page, recorder = visit("index.html")
    for start in (base, built_course.as_uri() + "/"):
        found = _search(page, start + "search.html?q=bone")
        assert any(h.startswith("html/04_where_it_spreads.html") for h in found[:3]), found[:5]
        assert _search(page, start + "search.html?q=hazard+ratio")[0].startswith("html/09_")
        assert _search(page, start + "search.html?q=xyzzy") == []
        # the header's search box on a lesson page leads to the same results
        page.goto(start + LESSONS[0])
        page.fill("#site-search-q", "Paget")
        page.press("#site-search-q", "Enter")
        page.wait_for_selector("#search-status:not(:empty)")
        assert page.locator("#search-results a").count() > 0
    assert recorder.outside == [], "search loaded something from outside"


def test_print_shows_the_lesson_without_the_site_navigation(visit):
    page, _ = visit(LESSONS[4])
    page.emulate_media(media="print")
    for selector in ("header.site-header", ".site-lessons", ".prev-next-top", ".teacher-toggle"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("main h1").first.is_visible()


def test_exercises_read_well(visit):
    """The pending feedback box is a box (a solid rule, not loose dots); the solution toggle uses
    the page's font."""
    page, _ = visit(LESSONS[1])
    pending = page.locator(".seedsoil-feedback-pending").first
    assert pending.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    summary = page.locator("details.seedsoil-solution > summary").first
    assert summary.evaluate("e => getComputedStyle(e).fontFamily") == body_font


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


def test_screenshots_include_the_views_a_review_checks(chromium, built_course, tmp_path):
    """make shots: the "By subtype" slide, the pivotal-trials table at desktop and phone width, a
    figure on a phone (issue 24), from whichever lessons show them."""
    written = web.screenshots(tmp_path, ROOT, built_course, log=lambda m: None, browser=chromium)
    names = {p.name.split(".", 1)[1] for p in written}
    assert {
        "by-subtype.slide.png",
        "trials-table.desktop.png",
        "trials-table.phone.png",
        "enrichment-figure.phone.png",
    } <= names


def test_report_an_error_names_the_section_the_reader_is_in(visit):
    """A click on "Report an error" (in the footer) pre-fills the page and the section the reader
    was in before scrolling down to the link."""
    page, _ = visit(LESSONS[4])
    heading = page.locator("main h2").nth(2)
    heading.evaluate("(h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10)")
    page.wait_for_timeout(200)  # the scroll event records the section; the click then scrolls to the footer
    page.evaluate(
        "() => document.addEventListener("
        "'click', (e) => e.target.closest('a.report-error') && e.preventDefault(), true)"
    )
    report = page.locator("a.report-error")
    report.click()
    section = heading.inner_text().replace("¶", "").strip()
    assert quote(section) in report.get_attribute("href"), section
