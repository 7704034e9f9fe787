"""PDF handouts of the slide decks: one slide per page, optionally with its speaker notes.

Each slide is photographed in the system Chromium at the projector's size (1280×720), exactly as
the room sees it, and the photographs are printed to PDF by the same browser. Nothing is loaded
from outside the machine: the deck comes from a local server, the handout page from data: URLs.

    python -m coursekit handouts            # _build/handouts/<deck>.pdf
    python -m coursekit handouts --notes    # … and <deck>.notes.pdf with the speaker notes
"""

from __future__ import annotations

import base64
import contextlib
import html
import re
from pathlib import Path

from seedsoil.course import load

from .browser import CURRENT_SLIDE, go_to_slide, launch, reveal_state, serve
from .paths import manifest

#: The projector's size; the deck is scaled into it by reveal.js.
WIDTH, HEIGHT = 1280, 720
#: Extra height of a page that carries speaker notes under the slide.
NOTES_HEIGHT = 400

_NOTES = (
    """() => {
  const s = """
    + CURRENT_SLIDE
    + """;
  const a = s && s.querySelector(':scope > aside.notes');
  return a ? a.textContent.trim() : '';
}"""
)

_PAGE_CSS = """
@page {{ size: {w}px {h}px; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
section {{ width: {w}px; height: {h}px; overflow: hidden; break-after: page; font: 18px/1.4 sans-serif; }}
section:last-child {{ break-after: auto; }}
img {{ display: block; width: {w}px; height: {sh}px; }}
.notes {{ padding: 12px 28px; color: #111; border-top: 2px solid #555; white-space: pre-wrap; }}
.where {{ color: #333; font-size: 14px; }}
"""


def pdf_pages(pdf: bytes) -> int:
    """Number of pages in a PDF (counts its /Type /Page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def photograph_deck(page, url: str) -> list[tuple[str, bytes, str]]:
    """(label, JPEG, notes) for every slide of the deck at ``url``, in reveal's order."""
    page.goto(url)
    state = reveal_state(page)
    # Paper has no clicker: leave out the navigation arrows and the progress bar.
    page.add_style_tag(content=".reveal .controls, .reveal .progress { display: none !important; }")
    shots = []
    for idx in state["indices"]:
        h, v = idx["h"], idx.get("v") or 0
        go_to_slide(page, h, v)
        shots.append((f"{h + 1}.{v + 1}", page.screenshot(type="jpeg", quality=85), page.evaluate(_NOTES)))
    return shots


def handout_html(title: str, shots: list[tuple[str, bytes, str]], notes: bool) -> str:
    """A print-ready page: one <section> (one PDF page) per slide."""
    height = HEIGHT + (NOTES_HEIGHT if notes else 0)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_PAGE_CSS.format(w=WIDTH, h=height, sh=HEIGHT)}</style>",
        "</head><body>",
    ]
    for label, jpeg, text in shots:
        src = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
        parts.append(f"<section><img src='{src}' alt='Slide {label} of {html.escape(title)}'>")
        if notes:
            parts.append(
                f"<div class='notes'><div class='where'>Slide {label} — speaker notes</div>"
                f"{html.escape(text) or '(no notes for this slide)'}</div>"
            )
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def print_pdf(browser, document: str, path: Path, notes: bool) -> int:
    """Print ``document`` to ``path`` with Chromium; return the number of pages written."""
    page = browser.new_page()
    try:
        page.set_content(document, wait_until="load")
        height = HEIGHT + (NOTES_HEIGHT if notes else 0)
        pdf = page.pdf(width=f"{WIDTH}px", height=f"{height}px", print_background=True)
    finally:
        page.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    return pdf_pages(pdf)


def handouts(
    root: Path,
    build_dir: Path,
    out: Path,
    *,
    notes: bool = False,
    only: list[str] | None = None,
    browser=None,
    log=print,
) -> list[tuple[Path, int, int]]:
    """Write a PDF per deck into ``out``; return (path, pages, slides) for each.

    ``only`` limits the decks to those notebook ids; ``notes`` also writes ``<deck>.notes.pdf``.
    """
    course = load(manifest(root))
    decks = [nb for nb in course.notebooks if only is None or nb.id in only]
    written = []
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(build_dir))
        browser = browser or stack.enter_context(launch())
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        stack.callback(context.close)
        page = context.new_page()
        for nb in decks:
            deck = build_dir / "slides" / f"{nb.stem}.slides.html"
            if not deck.is_file():
                raise FileNotFoundError(f"{deck} does not exist: build the course first (make course)")
            shots = photograph_deck(page, f"{base}slides/{deck.name}")
            for with_notes in (False, True) if notes else (False,):
                path = out / f"{nb.stem}{'.notes' if with_notes else ''}.pdf"
                pages = print_pdf(browser, handout_html(nb.title, shots, with_notes), path, with_notes)
                written.append((path, pages, len(shots)))
                log(f"handout: {path.name} ({pages} pages, {len(shots)} slides)")
    return written
