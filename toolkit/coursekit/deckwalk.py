"""One walk through a deck in Chromium, measuring what a room needs of every slide.

For each slide, in reveal's order, at a projector size: its size against reveal's slide (does it
fit?), its heading, its speaker notes and the words of its body text. The whole walk is one
call into the page (no round trip per slide), so a deck of thirty slides is measured in a
fraction of a second. Accessibility (axe-core) is checked once per deck on reveal's print view,
where every slide, with every fragment, is on screen at once.

    python -m coursekit slidecheck [ids]   # slides that do not fit, lack notes or carry too many words
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from seedsoil.course import load

from .browser import _WITH_REVEAL, axe_violations, launch, reveal_state, serve
from .paths import manifest

#: The projector sizes every slide must fit: 16:9 and 4:3.
SIZES = ((1280, 720), (1024, 768))

_WALK = (
    "() => "
    + _WITH_REVEAL
    + """.then((R) => {
  R.configure({transition: 'none', backgroundTransition: 'none'});
  const c = R.getConfig();
  const text = (e) => (e ? e.textContent.replace(/\\u00b6/g, '').replace(/\\s+/g, ' ').trim() : '');
  const slides = R.getSlides().map((s) => {
    const idx = R.getIndices(s);
    R.slide(idx.h, idx.v);
    s.querySelectorAll('.fragment').forEach((f) => { f.style.transition = 'none'; f.classList.add('visible'); });
    // reveal scales the slide to the window: measure in the slide's own pixels
    const box = s.getBoundingClientRect();
    const scale = box.width / c.width || 1;
    let right = 0;
    s.querySelectorAll('*').forEach((e) => {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) right = Math.max(right, (r.right - box.left) / scale);
    });
    const heading = s.querySelector('h1, h2, h3');
    // body text: what the room reads, without the heading, notes, figures' alt text or poll letters
    const body = s.cloneNode(true);
    body.querySelectorAll('aside.notes, h1, h2, h3, .seedsoil-poll-letter, details, script, style')
      .forEach((e) => e.remove());
    return {h: idx.h, v: idx.v || 0, height: s.scrollHeight, width: Math.round(right),
            slideHeight: c.height, slideWidth: c.width, heading: text(heading),
            notes: text(s.querySelector(':scope > aside.notes')),
            words: text(body).split(' ').filter((w) => /[A-Za-z0-9]/.test(w)).length,
            poll: !!s.querySelector('ol.seedsoil-poll'),
            tables: [...s.querySelectorAll('table')].map((t) => ({
              rows: t.querySelectorAll('tbody tr').length,
              columns: t.querySelector('tr') ? t.querySelector('tr').children.length : 0,
              // the smallest text of the table as the room sees it, in screen pixels
              px: Math.min(...[...t.querySelectorAll('th, td')].map(
                (e) => parseFloat(getComputedStyle(e).fontSize) * scale)),
            }))};
  });
  R.slide(0, 0);
  return slides;
})"""
)


def walk(page) -> list[dict]:
    """Every slide of the deck open in ``page``, measured at the page's viewport size."""
    reveal_state(page)
    return page.evaluate(_WALK)


def overflows(m: dict) -> bool:
    return m["height"] > m["slideHeight"] + 2 or m["width"] > m["slideWidth"] + 2


def describe(f: dict) -> str:
    """One line naming the deck, the window, the slide (h.v) and its heading."""
    return (
        f"{f['deck']} slide {f['h']}.{f['v']} at {f['window']}: {f['height']}x{f['width']} px "
        f"(slide {f['slideHeight']}x{f['slideWidth']}) {f['heading']!r}"
    )


def deck_violations(page, root: Path, url: str) -> list[dict]:
    """axe-core's serious and critical findings on every slide of the deck at ``url`` at once,
    on reveal's print view (every slide and fragment on screen)."""
    print_view(page, url)
    return axe_violations(page, root, ".reveal .slides")


def print_view(page, url: str) -> None:
    """Open the deck at ``url`` in reveal's print view. Every slide is then on screen, but reveal
    leaves the `hidden` and `aria-hidden` marks of the slides that were not current: they are
    taken off, as each slide has them off when it is shown. The page numbers reveal adds for
    printing are not part of any slide the room sees, and go."""
    if not getattr(page, "_seedsoil_pdf_ready", False):
        # reveal announces the end of its print layout with a 'pdf-ready' event
        page.add_init_script("document.addEventListener('pdf-ready', () => { window.__pdfReady = true; }, true);")
        page._seedsoil_pdf_ready = True
    page.goto(url + ("&" if "?" in url else "?") + "print-pdf")
    page.wait_for_function("() => window.__pdfReady === true", timeout=20_000)
    page.evaluate(
        "() => { document.querySelectorAll('.reveal .slides [hidden], .reveal .slides [aria-hidden]').forEach((e) => {"
        " e.removeAttribute('hidden'); e.removeAttribute('aria-hidden'); });"
        " document.querySelectorAll('.reveal .slide-number-pdf').forEach((e) => e.remove()); }"
    )


#: A room's limits for a content slide: the words of body text it reads, and the words of speaker
#: notes a substitute teacher needs at the least.
MAX_WORDS = 70
MIN_NOTES_WORDS = 12
#: Slides that need no notes (the title slide's are generated; references are read, not taught),
#: and slides whose body may run longer (objectives, key points, references: lists to read later).
_NO_NOTES = ("References",)
_LONG_BODY = ("References", "Key points", "Learning objectives")
#: What the notes of an explain, compare or discussion slide must carry.
_ANSWER_IN_NOTES = {"Explain": "Model answer", "Compare": "Model answer", "Discuss": "Debrief"}


def room_problems(deck: str, slides: list[dict]) -> list[str]:
    """What keeps each slide of a deck from being given by a substitute teacher: no notes (at least
    MIN_NOTES_WORDS words), more than MAX_WORDS words of body text, or an explain, compare or
    discussion slide whose notes lack its model answer or debrief. The title slide is exempt."""
    out = []
    for m in slides:
        if (m["h"], m["v"]) == (0, 0):
            continue
        where = f"{deck} slide {m['h']}.{m['v']} {m['heading']!r}"
        notes = len(m["notes"].split())
        if notes < MIN_NOTES_WORDS and not m["heading"].startswith(_NO_NOTES):
            out.append(f"{where}: {notes} words of speaker notes (at least {MIN_NOTES_WORDS})")
        if m["words"] > MAX_WORDS and not m["heading"].startswith(_LONG_BODY):
            out.append(f"{where}: {m['words']} words of body text (at most {MAX_WORDS})")
        kind = m["heading"].split(" ", 1)[0]
        if kind in _ANSWER_IN_NOTES and _ANSWER_IN_NOTES[kind] not in m["notes"]:
            out.append(f"{where}: the notes do not give the {_ANSWER_IN_NOTES[kind].lower()}")
    return out


def check_decks(root: Path, build_dir: Path, browser=None, only: list[str] | None = None) -> list[str]:
    """Every slide of every deck (or of the lessons ``only`` names), walked at both projector
    sizes: one line per slide that overflows, and per room problem (:func:`room_problems`)."""
    course = load(manifest(root))
    found = []
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(build_dir))
        browser = browser or stack.enter_context(launch())
        for k, (width, height) in enumerate(SIZES):
            page = browser.new_page(viewport={"width": width, "height": height})
            stack.callback(page.close)
            for nb in (n for n in course.notebooks if only is None or n.id in only or n.number in only):
                page.goto(f"{base}slides/{nb.stem}.slides.html")
                slides = walk(page)
                window = f"{width}x{height}"
                found += [describe({"deck": nb.stem, "window": window, **m}) for m in slides if overflows(m)]
                if k == 0:
                    found += room_problems(nb.stem, slides)
    return found
