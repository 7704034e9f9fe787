"""Every slide deck in a real browser: each deck walked once (coursekit.deckwalk), every slide
measured at 16:9 and 4:3, its notes read, the whole deck checked by axe-core, nothing loaded from
outside; the handouts; the way home from a deck.

Skipped like the page tests when no Chromium is installed (CI requires it).
"""

from __future__ import annotations

import copy
import re

import pytest

from coursekit import browser as web
from coursekit import deckwalk
from seedsoil import render

from browsing import offline_and_quiet, require_browser
from nbtools import COURSE, NOTEBOOK_FILES, ROOT, read_notebook

require_browser()


def _words(text: str) -> str:
    """Text as its words only (Markdown marks and HTML tags gone), to compare source and slide."""
    return re.findall(r"[A-Za-z0-9]+", re.sub(r"<[^>]+>|\]\([^)]*\)", " ", text))


def _expected_slides(nb):
    """(h, v) of every slide of the deck (the notebook's cells as the deck has them: polls, the
    compare slide after an explain item, generated notes), and the (h, v) each notes cell should
    land on."""
    from coursekit.build.decks import room_cells
    from coursekit.polls import load

    h, v, slides, notes = -1, 0, [], []
    for cell in room_cells(copy.deepcopy(nb.cells), load()):
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind == "slide" or h < 0:
            h, v = h + 1, 0
            slides.append((h, v))
        elif kind == "subslide":
            v += 1
            slides.append((h, v))
        if kind == "notes":
            notes.append(((h, v), _words(cell.source)[:6]))
    return slides, notes


@pytest.fixture(scope="module")
def deck_page(chromium):
    """One page for every deck, with a recorder of its requests and script errors."""
    context = chromium.new_context(viewport={"width": deckwalk.SIZES[0][0], "height": deckwalk.SIZES[0][1]})
    recorder = web.Recorder(context)
    yield recorder.watch(context.new_page()), recorder
    context.close()


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_deck(deck_page, base, file):
    """Slides as the notebook lays them out; every slide fits 960×700 at both projector sizes
    (nothing runs past the bottom or the right edge: long material is a sub-slide or stays on the
    reading page); each notes cell on its own slide; no serious accessibility finding on any slide;
    nothing requested from outside; no script error."""
    nb = read_notebook(file)
    stem = file.removesuffix(".ipynb")
    url = f"{base}slides/{stem}.slides.html"
    slides, notes = _expected_slides(nb)
    page, recorder = deck_page
    recorder.outside.clear()
    recorder.errors.clear()
    page.set_viewport_size({"width": deckwalk.SIZES[0][0], "height": deckwalk.SIZES[0][1]})
    page.goto(url)
    walked = {}
    for width, height in deckwalk.SIZES:  # reveal scales the deck again when the window changes
        page.set_viewport_size({"width": width, "height": height})
        walked[(width, height)] = found = deckwalk.walk(page)
        assert [(m["h"], m["v"]) for m in found] == slides, f"{file}: the deck's slides at {width}x{height}"
        window = f"{width}x{height}"
        too_big = [deckwalk.describe({"deck": stem, "window": window, **m}) for m in found if deckwalk.overflows(m)]
        assert too_big == [], "slides that do not fit:\n" + "\n".join(too_big)
    # tables a room can read: at most 6 rows, text of at least 20 px at 1280×720
    for m in walked[deckwalk.SIZES[0]]:
        for table in m["tables"]:
            where = f"{file} slide {m['h']}.{m['v']} {m['heading']!r}"
            assert table["rows"] <= render.SLIDE_ROWS and table["columns"] <= render.SLIDE_COLUMNS, where
            assert table["px"] >= 20, f"{where}: table text {table['px']:.1f} px"
    offline_and_quiet(file, recorder)

    on_slide = {(m["h"], m["v"]): m["notes"] for m in walked[deckwalk.SIZES[0]]}
    for (h, v), start in notes:
        said = " ".join(_words(on_slide[(h, v)]))
        assert " ".join(start) in said, f"{file}: notes '{' '.join(start)}…' missing on slide {h}.{v}"
    # a room can be taught from it: notes on every slide but the title and references, the model
    # answer or debrief in an explain or discussion slide's notes, at most 70 words of body text
    problems = deckwalk.room_problems(stem, walked[deckwalk.SIZES[0]])
    assert problems == [], "slides a substitute teacher could not give:\n" + "\n".join(problems)

    problems = [
        f"{found['impact']} {found['id']} ({found['help']}) at {found['targets']}"
        for found in deckwalk.deck_violations(page, ROOT, url)
    ]
    assert problems == [], f"{file}:\n" + "\n".join(problems)


def test_the_walk_sees_a_slide_that_does_not_fit_and_axe_sees_low_contrast(deck_page, base):
    """The deck test can fail: a slide made taller, or wider, than reveal's slide is reported, and
    grey-on-white text on a slide is an accessibility finding in the print view."""
    page, _ = deck_page
    url = f"{base}slides/{NOTEBOOK_FILES[1].removesuffix('.ipynb')}.slides.html"
    page.goto(url)
    fine = deckwalk.walk(page)
    assert not any(deckwalk.overflows(m) for m in fine) and fine[0]["heading"]
    for style in ("height: 900px", "width: 1500px; height: 10px"):
        page.goto(url)
        web.reveal_state(page)
        page.evaluate(
            "(style) => { const d = document.createElement('div'); d.style.cssText = style;"
            " document.querySelectorAll('.reveal .slides section section')[1].appendChild(d); }",
            style,
        )
        assert deckwalk.overflows(deckwalk.walk(page)[1]), style
    deckwalk.print_view(page, url)
    page.evaluate(
        "() => { const p = document.createElement('p'); p.textContent = 'hard to read'; p.style.color = '#ccc';"
        " document.querySelectorAll('.reveal .slides section section')[1].appendChild(p); }"
    )
    assert any(v["id"] == "color-contrast" for v in web.axe_violations(page, ROOT, ".reveal .slides"))


# Handouts: a PDF per deck, a page per slide, on two decks (make handouts prints them all); the
# version with speaker notes once, since it prints the same photographs with the notes under them.
@pytest.mark.parametrize("file", [NOTEBOOK_FILES[0], NOTEBOOK_FILES[3]])
def test_handout_has_one_page_per_slide(chromium, built_course, tmp_path, file):
    from coursekit.handouts import handouts

    nb = read_notebook(file)
    notebook_id = next(n.id for n in COURSE.notebooks if n.file == file)
    notes = file == NOTEBOOK_FILES[0]
    written = handouts(
        ROOT, built_course, tmp_path, notes=notes, only=[notebook_id], browser=chromium, log=lambda m: None
    )
    slides, _ = _expected_slides(nb)
    assert [(p.name, pages) for p, pages, _ in written] == [
        (name, len(slides)) for name in [f"{file[:-6]}.pdf"] + ([f"{file[:-6]}.notes.pdf"] if notes else [])
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p, _, _ in written)


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


def test_a_deck_leads_home_and_to_its_reading_page_and_prints_without_them(visit):
    stem = NOTEBOOK_FILES[4].removesuffix(".ipynb")
    page, recorder = visit(f"slides/{stem}.slides.html")
    web.reveal_state(page)
    nav = page.locator("nav.seedsoil-deck-nav")
    links = {a.inner_text(): a.get_attribute("href") for a in nav.locator("a").all()}
    report = links.pop("Report an error")
    assert links == {"Course home": "../index.html", "Reading page": f"../html/{stem}.html"}
    assert report.startswith(COURSE.report_errors + "?title=")
    # on a click it names the slide on screen (one script, shared with the reading pages)
    page.goto(page.url.split("#")[0] + "#/2/0")
    page.wait_for_timeout(300)
    page.evaluate(
        "() => document.addEventListener("
        "'click', (e) => e.target.closest('a.report-error') && e.preventDefault(), true)"
    )
    nav.locator("a.report-error").click()
    assert "slide%203.1" in nav.locator("a.report-error").get_attribute("href")
    assert web.axe_violations(page, ROOT, "nav.seedsoil-deck-nav") == []
    # clear of reveal's arrows and slide number in the other corner
    for other in (".reveal .controls", ".reveal .slide-number"):
        assert not _overlap(nav.bounding_box(), page.locator(other).bounding_box()), other
    page.emulate_media(media="print")
    assert not nav.is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Reading page").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"html/{stem}.html") and page.locator("h1").first.is_visible()
    offline_and_quiet(stem, recorder)
