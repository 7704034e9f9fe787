"""A whole build with hostile strings in every source the course shows (issue 18; review rows 5.8,
5.9), and with content that tries to run script (issue 27): outputs carrying <script>, <img
onerror> and JavaScript, a Markdown cell with a javascript: link and <details ontoggle>, a glossary
definition with a javascript: link and an outside image, a course.yml subtitle with a Markdown
javascript: link, a bibliography URL that is javascript:, raw HTML in the teacher's guide. Every
page and deck of the build is opened in Chromium: no injected script may run, no javascript: link
may exist, no image may come from outside. Review rows reproduced: row606 and row607 (outputs, page
and deck), row608 and row609 (Markdown cell), row610 (polls in the answer key), row611 (the guide),
row612 (glossary), row614 (every page), row619 (bibliography URL).

A small copy of the project gets a script element, an image with an ``onerror`` handler and an
element with a made-up attribute in a CSV cell of two tables, a bibliography title, course.yml
(the course's subtitle, a lesson title and an objective) and a glossary definition. A lesson of
its own shows those tables and that reference as the course's lessons do; it is run on the
spoiled data, the course is built, and every page, deck and script of the build is read: the
strings must arrive as text, and no element or attribute of theirs may appear.
"""

from __future__ import annotations

import csv
import datetime
import io
from html.parser import HTMLParser

import nbformat
import pytest

from coursekit.build import build
from coursekit.notebooks import store_outputs

from coursecopy import read_manifest, small_course, write_manifest

MARK = "xss4e7"
HOSTILE = f'<script>alert("{MARK}")</script><img src=x onerror="alert({MARK})"><b data-{MARK}="1">{MARK}</b>'


class _Injected(HTMLParser):
    """Elements and attributes that came from the hostile string rather than from the course."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if MARK in name or (name.startswith("on") and MARK in (value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data and "alert(" in data:
            self.found.append(f"<script>{data[:60]}</script>")


def _edit_csv(path, row: int, column: str, text: str = HOSTILE) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][column] = f"{rows[row][column]} {text}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: A lesson of its own that shows the spoiled tables and reference the way the course's lessons
#: do (the course's own notebooks are executed once per test run, by nbval, not again here).
LESSON_CELLS = [
    "# A lesson that shows the spoiled data",
    "from seedsoil import data, sites\nfrom seedsoil.references import bibliography\nfrom seedsoil.render import show",
    "## Effects of metastases",
    'show(sites.effects(), caption="What metastases in each site can do", slide=False)',
    "## Claims",
    'show(data.load("claims")[["id", "claim", "verdict"]], caption="Claims found on web pages", slide=False)',
    "## Outputs that try to run script\n\n[click](javascript:window.__pwned='md-link') "
    "<details open ontoggle=\"window.__pwned='details'\"><summary>s</summary>x</details>",
    'print("an output")',
    "## References",
    'bibliography(["cummings2014", "hostileurl"])',
]
#: Outputs a contributor's notebook could store: each sets window.__pwned if it runs.
PWN_OUTPUTS = [
    {"text/html": "<script>window.__pwned='html-script'</script><img src=y onerror=\"window.__pwned='img'\">"},
    {"application/javascript": "window.__pwned='javascript-output'"},
    {"text/markdown": "[more](javascript:window.__pwned='markdown-output') ![](http://198.51.100.7/pixel.png)"},
    {"text/html": '<div style="background:url(http://198.51.100.7/bg.png)">styled</div>'},
    {"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg' onload=\"window.__pwned='svg'\"></svg>"},
]
LESSON = "99_hostile.ipynb"


def _lesson() -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_code_cell(src) if k % 2 else nbformat.v4.new_markdown_cell(src)
        for k, src in enumerate(LESSON_CELLS)
    ]
    for k, cell in enumerate(cells):
        cell.id = f"hostile-{k}"
        cell.metadata["slideshow"] = {"slide_type": "slide" if cell.source.startswith("#") else "-"}
    return nbformat.v4.new_notebook(cells=cells)


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory):
    entry = {
        "id": "hostile",
        "title": "Hostile strings",
        "minutes": 5,
        "audience": "tests",
        "last_reviewed": datetime.date(2026, 11, 21),
        "objectives": [{"text": "Compare what arrives as text", "assessed_by": ["d99-1"]}],  # never graded
    }
    copy = small_course(
        tmp_path_factory.mktemp("hostile"),
        lessons=("01_from_breast_to_body.ipynb",),
        extra={LESSON: (entry, _lesson())},
    )
    data = copy / "data"
    _edit_csv(data / "site_effects.csv", 0, "effect")
    _edit_csv(data / "claims.csv", 0, "claim")
    _edit_csv(data / "glossary.csv", 0, "definition")
    _replace(data / "references.bib", "{Metastatic progression of breast cancer", "{Metastatic progression " + HOSTILE)
    with (data / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@misc{hostileurl,\n  author = {Someone},\n  title = {A page},\n  year = {2026},\n"
            "  url = {javascript:window.__pwned='bib-url'}\n}\n"
        )
    _edit_csv(
        data / "glossary.csv",
        1,
        "definition",
        "[more](javascript:window.__pwned='glossary') ![](http://198.51.100.7/pixel.png)",
    )
    with (copy / "TEACHING.md").open("a", encoding="utf-8") as guide:
        guide.write("\n<img src=y onerror=\"window.__pwned='guide'\">\n")
    manifest = read_manifest(copy)
    lesson = manifest["notebooks"][-1]
    manifest["subtitle"] = f"{HOSTILE} {manifest['subtitle']} [more](javascript:window.__pwned='subtitle')"
    lesson["title"] = f"{lesson['title']} {HOSTILE}"
    lesson["objectives"][0]["text"] += f" {HOSTILE}"
    write_manifest(copy, manifest)

    mp = pytest.MonkeyPatch()
    mp.setenv("SEEDSOIL_ROOT", str(copy))  # the build reads the spoiled course.yml and glossary
    try:
        with pytest.MonkeyPatch.context() as kernel:
            kernel.setenv("SEEDSOIL_DATA", str(data))  # the lesson's kernel reads the spoiled tables
            store_outputs([copy / "notebooks" / LESSON], log=lambda message: None)
        path = copy / "notebooks" / LESSON
        nb = nbformat.read(path, as_version=4)
        printing = next(c for c in nb.cells if c.source == 'print("an output")')
        printing.outputs += [nbformat.v4.new_output("display_data", data=d) for d in PWN_OUTPUTS]
        nbformat.write(nb, path)
        build(copy / "_build", log=lambda message: None)
    finally:
        mp.undo()
    return copy / "_build"


def test_hostile_strings_reach_the_pages_as_text_only(hostile_course):
    files = sorted(p for p in hostile_course.rglob("*") if p.suffix in {".html", ".js"} and "_static" not in p.parts)
    shown, injected = set(), {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        if MARK in text:
            shown.add(path.relative_to(hostile_course).as_posix())
        if path.suffix == ".html":
            parser = _Injected()
            parser.feed(text)
            if parser.found:
                injected[path.relative_to(hostile_course).as_posix()] = parser.found[:3]
    assert not injected, f"hostile markup became elements or attributes: {injected}"
    # the strings did arrive (as text), so this test can see an injection where one happens
    for expected in (
        "glossary.html",  # the glossary definition
        "index.html",  # the course's subtitle and a lesson title
        "html/99_hostile.html",  # table cells, a bibliography title, an objective
        "slides/99_hostile.slides.html",
        "search-index.js",
    ):
        assert expected in shown, f"{expected} does not show the hostile string at all"


def test_the_parser_sees_an_injection():
    parser = _Injected()
    parser.feed(f"<p>{HOSTILE}</p>")
    assert len(parser.found) >= 3
    parser = _Injected()
    parser.feed("<p>" + HOSTILE.replace("<", "&lt;").replace(">", "&gt;") + "</p>")
    assert parser.found == []


def test_no_injected_script_runs_and_no_javascript_link_or_outside_image_exists(hostile_course, chromium):
    """Every page and deck of the hostile build, opened in Chromium: nothing set window.__pwned."""
    from coursekit import browser

    files = sorted(
        p.relative_to(hostile_course).as_posix() for p in hostile_course.rglob("*.html") if "_static" not in p.parts
    )
    assert "slides/99_hostile.slides.html" in files and "teaching.html" in files
    ran, links, outside = {}, {}, {}
    with browser.serve(hostile_course) as base:
        context = chromium.new_context()
        requested = []
        context.route(
            lambda url: not url.startswith(base), lambda route: (requested.append(route.request.url), route.abort())
        )
        page = context.new_page()
        for rel in files:
            page.goto(base + rel)
            page.wait_for_load_state("load")
            page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = !d.open; })")
            page.wait_for_timeout(50)
            found = page.evaluate("() => window.__pwned || null")
            if found:
                ran[rel] = found
            bad = page.evaluate(
                "() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"
                ".filter((h) => /^\\s*(javascript|vbscript|data):/i.test(h))"
            )
            if bad:
                links[rel] = bad
            remote = page.evaluate(
                "() => [...document.images].map((i) => i.getAttribute('src') || '')"
                ".filter((s) => /^(https?:)?\\/\\//.test(s))"
            )
            if remote:
                outside[rel] = remote
        context.close()
    assert ran == {}, f"injected script ran: {ran}"
    assert links == {}, f"javascript:/data: links: {links}"
    assert outside == {}, f"images from outside: {outside}"
    assert requested == [], f"requests to outside the machine: {requested[:5]}"
    page_text = (hostile_course / "html" / "99_hostile.html").read_text(encoding="utf-8")
    assert "javascript:window.__pwned=&#x27;bib-url&#x27;" in page_text or "bib-url" in page_text  # shown as text
