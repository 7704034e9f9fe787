"""Every slide deck in a real browser: slide layout, speaker notes, accessibility, offline.

Skipped like test_browser.py when no Chromium is installed.
"""

from __future__ import annotations

import pytest
from browsing import offline_and_quiet, require_browser

from coursekit import browser as web

from nbtools import COURSE, NOTEBOOK_FILES, ROOT, read_notebook

require_browser()


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
    offline_and_quiet(file, recorder)


# Every deck (issue 12: a PDF per deck, a page per slide); the notes version once, since it
# prints the same photographs with the notes under them.
@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_handout_has_one_page_per_slide(chromium, built_course, tmp_path, file):
    from coursekit.handouts import handouts

    nb = read_notebook(file)
    notebook_id = next(n.id for n in COURSE.notebooks if n.file == file)
    notes = file == NOTEBOOK_FILES[0]  # the notes version once: it prints the same photographs
    written = handouts(
        ROOT, built_course, tmp_path, notes=notes, only=[notebook_id], browser=chromium, log=lambda m: None
    )
    slides, _ = _expected_slides(nb)
    assert [(p.name, pages) for p, pages, _ in written] == [
        (name, len(slides)) for name in [f"{file[:-6]}.pdf"] + ([f"{file[:-6]}.notes.pdf"] if notes else [])
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p, _, _ in written)


def test_every_slide_of_every_deck_fits_at_16_9_and_4_3(chromium, built_course):
    """Issue 12: nothing runs past the bottom or the right edge of any slide, in any deck, at
    1280×720 or 1024×768; long material is a sub-slide or stays on the reading page."""
    from coursekit.slidefit import SIZES, describe, overflowing

    found = overflowing(ROOT, built_course, browser=chromium)
    assert found == [], "slides that do not fit:\n" + "\n".join(describe(f) for f in found)
    assert SIZES == ((1280, 720), (1024, 768))


def test_slidefit_sees_a_slide_that_does_not_fit(chromium, built_course):
    """The fit test can fail: a slide made taller, or wider, than reveal's slide is reported."""
    from coursekit.browser import go_to_slide, reveal_state, serve
    from coursekit.slidefit import measure, overflows

    with serve(built_course) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}slides/{NOTEBOOK_FILES[1].removesuffix('.ipynb')}.slides.html")
        reveal_state(page)
        go_to_slide(page, 1, 0)
        m = measure(page)
        assert not overflows(m) and m["heading"]
        for style in ("height: 900px", "width: 1500px; height: 10px"):
            page.evaluate(
                "(style) => { const d = document.createElement('div'); d.style.cssText = style;"
                " [...document.querySelectorAll('.reveal .slides section.present')].pop().appendChild(d); }",
                style,
            )
            assert overflows(measure(page)), style
        page.close()


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
    assert links == {"Course home": "../index.html", "Reading page": f"../html/{stem}.html"}
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
