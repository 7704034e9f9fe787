"""Every slide deck in a real browser: slide layout, speaker notes, accessibility, offline.

Skipped like test_browser.py when no Chromium is installed.
"""

from __future__ import annotations

import pytest
from browsing import offline_and_quiet, require_browser

from coursekit import browser as web

from nbtools import NOTEBOOK_FILES, ROOT, read_notebook

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
