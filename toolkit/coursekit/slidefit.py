"""Which slides do not fit the projector (the rule of tests/test_browser_decks.py).

Steps through every slide of every deck at 16:9 (1280×720) and 4:3 (1024×768) in Chromium and
lists the slides whose content is taller or wider than reveal's slide (960×700 before scaling):

    python -m coursekit slidefit            # prints one line per slide that overflows
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from seedsoil.course import load

from .browser import _WITH_REVEAL, CURRENT_SLIDE, go_to_slide, launch, reveal_state, serve
from .paths import manifest

SIZES = ((1280, 720), (1024, 768))

_MEASURE = (
    "() => "
    + _WITH_REVEAL
    + """.then((R) => {
  const s = """
    + CURRENT_SLIDE
    + """;
  const c = R.getConfig();
  const heading = s.querySelector('h1, h2, h3');
  // reveal scales the slide to the window: measure in the slide's own pixels
  const box = s.getBoundingClientRect();
  const scale = box.width / c.width || 1;
  let right = 0;
  s.querySelectorAll('*').forEach((e) => {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) right = Math.max(right, (r.right - box.left) / scale);
  });
  return {height: s.scrollHeight, width: Math.round(right), slideHeight: c.height, slideWidth: c.width,
          heading: heading ? heading.textContent.replace('\u00b6', '').trim() : ''};
})"""
)


def measure(page) -> dict:
    """Size of the slide on screen, in the slide's own pixels, with its heading and reveal's size."""
    return page.evaluate(_MEASURE)


def overflows(m: dict) -> bool:
    return m["height"] > m["slideHeight"] + 2 or m["width"] > m["slideWidth"] + 2


def describe(f: dict) -> str:
    """One line naming the deck, the window, the slide (h.v) and its heading."""
    return (
        f"{f['deck']} slide {f['slide']} at {f['window']}: {f['height']}x{f['width']} px "
        f"(slide {f['slideHeight']}x{f['slideWidth']}) {f['heading']!r}"
    )


def overflowing(root: Path, build_dir: Path, browser=None, only: list[str] | None = None) -> list[dict]:
    """One dict per (deck, window size, slide) whose content overflows the slide; ``only`` limits
    the decks to those notebook ids."""
    course = load(manifest(root))
    found = []
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(build_dir))
        browser = browser or stack.enter_context(launch())
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height})
            stack.callback(context.close)
            page = context.new_page()
            for nb in (n for n in course.notebooks if only is None or n.id in only):
                page.goto(f"{base}slides/{nb.stem}.slides.html")
                for idx in reveal_state(page)["indices"]:
                    h, v = idx["h"], idx.get("v") or 0
                    go_to_slide(page, h, v)
                    m = measure(page)
                    if overflows(m):
                        found.append({"deck": nb.stem, "window": f"{width}x{height}", "slide": f"{h}.{v}", **m})
    return found
