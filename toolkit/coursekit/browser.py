"""Drive the built course in a real browser: Debian's Chromium through Playwright.

Used by the browser tests (``tests/test_browser.py``) and by ``make shots``. Playwright's own
browser download is never used: we launch the system ``chromium`` (``apt-get install chromium``).

>>> with serve(Path("_build")) as base, launch() as browser:
...     page = browser.new_page(); page.goto(base + "index.html")
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from seedsoil.course import load

from .paths import manifest
from .serve import InsideOnlyHandler

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
]
AXE = Path("node_modules/axe-core/axe.min.js")

# reveal.js is an AMD module (loaded by require.js), so there is no global `Reveal`: ask require.
_WITH_REVEAL = """new Promise((resolve) => {
  const id = Object.keys(requirejs.s.contexts._.defined).find((k) => k.endsWith('dist/reveal.js'));
  require([id], (R) => resolve(R));
})"""
#: JavaScript expression for the slide on screen (the innermost present section of a stack).
CURRENT_SLIDE = "[...document.querySelectorAll('.reveal .slides section.present')].pop()"
REVEAL_STATE = (
    "() => "
    + _WITH_REVEAL
    + """.then((R) => ({ready: R.isReady(), total: R.getTotalSlides(),
  indices: R.getSlides().map((s) => R.getIndices(s))}))"""
)
REVEAL_GO = (
    "(arg) => "
    + _WITH_REVEAL
    + """.then((R) => {
  // no transition: a slide fading in has low contrast for a moment and axe would see it
  R.configure({transition: 'none', backgroundTransition: 'none'});
  R.slide(arg.h, arg.v);
  // show every fragment so that axe sees the whole slide, not only its first step
  document.querySelectorAll('.reveal .slides section.present .fragment').forEach((f) => {
    f.style.transition = 'none'; f.classList.add('visible');
  });
  return R.getIndices();
})"""
)


class BrowserMissing(RuntimeError):
    """No Chromium on this machine."""


def chromium_path() -> str:
    """Path of the system Chromium, or BrowserMissing with the command that installs it."""
    for candidate in (os.environ.get("SEEDSOIL_CHROMIUM"), *CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserMissing(
        "no Chromium found: install Debian's package with `sudo apt-get install chromium` "
        "(or set SEEDSOIL_CHROMIUM to its path)"
    )


class _QuietHandler(InsideOnlyHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} does not exist: build the course first (make course)")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def launch():
    """A headless Chromium browser (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """True for data:/blob:/about:/file: URLs and for http(s)/ws URLs on this machine."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome-error", "file"):
        return True
    return parsed.hostname in LOCAL_HOSTS or f"[{parsed.hostname}]" in LOCAL_HOSTS


class Recorder:
    """Collects a page's outside requests, console errors and uncaught exceptions."""

    def __init__(self, context):
        self.outside: list[str] = []
        self.errors: list[str] = []
        context.on("request", self._request)

    def _request(self, request):
        if not is_local(request.url):
            self.outside.append(request.url)

    def watch(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        return page


def axe_violations(page, root: Path, selector: str | None = None, impacts=("serious", "critical")) -> list[dict]:
    """Run the pinned axe-core on the page (or on ``selector``); return violations of ``impacts``."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(root / AXE))
    context = f"document.querySelector({selector!r})" if selector else "document"
    result = page.evaluate(f"() => axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def reveal_state(page) -> dict:
    """``{ready, total, indices}`` of the deck open in ``page`` (waits for reveal.js)."""
    page.wait_for_selector(".reveal.ready", state="attached", timeout=20_000)
    return page.evaluate(REVEAL_STATE)


def go_to_slide(page, h: int, v: int = 0) -> dict:
    """Show slide (h, v) with all its fragments; return reveal's indices after the move."""
    return page.evaluate(REVEAL_GO, {"h": h, "v": v})


#: The slides ``make shots`` photographs in each deck: the title, the first figure, the first poll.
SHOT_KINDS = {
    "title": "() => true",
    "figure": "(s) => !!s.querySelector('.jp-OutputArea-output img')",
    "poll": "(s) => !!s.querySelector('ol.seedsoil-poll')",
}
_FIND_SLIDE = (
    "(test) => "
    + _WITH_REVEAL
    + """.then((R) => {
  const found = R.getSlides().find((s) => eval(test)(s));
  return found ? R.getIndices(found) : null;
})"""
)


#: Views a review looks at closely (issue 24), found by what they show, in whichever lesson has
#: them: (file name, deck or page, what to find, window size).
REVIEW_SHOTS = (
    ("by-subtype.slide", "deck", "heading:By subtype", (1280, 720)),
    ("trials-table.desktop", "page", "caption:Pivotal trials", (1366, 900)),
    ("trials-table.phone", "page", "caption:Pivotal trials", (390, 844)),
    ("enrichment-figure.phone", "page", "alt:times more or fewer metastases", (390, 844)),
)
_FIND_ON_PAGE = """(what) => {
  const [kind, text] = [what.slice(0, what.indexOf(':')), what.slice(what.indexOf(':') + 1).toLowerCase()];
  const all = kind === 'caption' ? [...document.querySelectorAll('main table caption')]
    : [...document.querySelectorAll('main img')];
  const hit = all.find((e) => (kind === 'caption' ? e.textContent : e.alt).toLowerCase().includes(text));
  if (!hit) return false;
  hit.scrollIntoView({block: 'start'});
  return true;
}"""


def _review_shots(page, base: str, course, only, out: Path) -> list[Path]:
    written = []
    lessons = [n for n in course.notebooks if only is None or n.id in only]
    for name, kind, what, (width, height) in REVIEW_SHOTS:
        page.set_viewport_size({"width": width, "height": height})
        for nb in lessons:
            if kind == "deck":
                page.goto(f"{base}slides/{nb.stem}.slides.html")
                reveal_state(page)
                heading = what.split(":", 1)[1]
                test = (
                    "(s) => { const h = s.querySelector('h1, h2, h3');"
                    f" return !!h && h.textContent.includes({heading!r}); }}"
                )
                idx = page.evaluate(_FIND_SLIDE, test)
                if idx is None:
                    continue
                go_to_slide(page, idx["h"], idx.get("v") or 0)
            else:
                page.goto(f"{base}html/{nb.stem}.html")
                if not page.evaluate(_FIND_ON_PAGE, what):
                    continue
            written.append(out / f"{nb.stem}.{name}.png")
            page.screenshot(path=str(written[-1]))
            break
    return written


def screenshots(
    out: Path, root: Path, build_dir: Path, log=print, only: list[str] | None = None, browser=None
) -> list[Path]:
    """PNG of the index page; of the reading site (a lesson at desktop and phone width, search
    results, the glossary); for every deck (or the decks whose notebook ids are in ``only``),
    of its title slide, first figure and first poll as a 1280×720 projector shows them; and the
    views of :data:`REVIEW_SHOTS`.
    Launches Chromium unless ``browser`` is given."""
    course = load(manifest(root))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(build_dir))
        browser = browser or stack.enter_context(launch())
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        stack.callback(page.close)
        page.goto(base + "index.html")
        written.append(out / "index.png")
        page.screenshot(path=str(written[-1]), full_page=True)
        # the reading site: a lesson at desktop and phone width, search results, the glossary
        lesson = next(n for n in course.notebooks if only is None or n.id in only)
        for name, url, size in (
            ("site.lesson.desktop", f"html/{lesson.stem}.html", (1280, 800)),
            ("site.lesson.phone", f"html/{lesson.stem}.html", (390, 844)),
            ("site.search", "search.html?q=bone", (1280, 800)),
            ("site.glossary", "glossary.html", (1280, 800)),
        ):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            page.goto(base + url)
            written.append(out / f"{name}.png")
            page.screenshot(path=str(written[-1]))
        page.set_viewport_size({"width": 1280, "height": 720})
        for nb in (n for n in course.notebooks if only is None or n.id in only):
            page.goto(f"{base}slides/{nb.stem}.slides.html")
            reveal_state(page)
            for kind, test in SHOT_KINDS.items():
                idx = page.evaluate(_FIND_SLIDE, test)
                if idx is None:
                    continue
                go_to_slide(page, idx["h"], idx.get("v") or 0)
                written.append(out / f"{nb.stem}.{kind}.png")
                page.screenshot(path=str(written[-1]))
            log(f"shots: {nb.stem}")
        written += _review_shots(page, base, course, only, out)
    return written
