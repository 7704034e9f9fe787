"""The reading site around the lesson pages (issue 13): navigation, contents, search, key points.

Every page of ``_build/`` wears the same shell (``templates/seedsoil_shell.j2``): a header with the
course title (home), the glossary, key points, teacher's guide and setup pages, a search box and,
on lesson pages, the teacher-note toggle; a lesson list with the current lesson marked; the
page's own contents; previous and next at the top and the bottom of a lesson.

Search runs in the reader's browser with MiniSearch (pinned in ``package.json``). The build writes
the documents to ``_build/search-index.js`` as a script, not as JSON to fetch, so that search also
works when ``index.html`` is opened as a file (from a USB stick) and not only through ``make serve``.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from seedsoil import course as course_mod
from seedsoil import render
from seedsoil.text import plain

SEARCH_INDEX = "search-index.js"
NAV_MARKER = "<!-- seedsoil:nav -->"
TOC_MARKER = "<!-- seedsoil:toc -->"
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_MAIN = re.compile(r'<main\b[^>]*\bid="content"[^>]*>')
_TEACHER = re.compile(r"^\s*Teacher:\s*")


def short_title(title: str) -> str:
    """'04 Where it spreads — site frequencies…' is listed as 'Where it spreads'."""
    return title.split(" — ")[0]


def nav(course: course_mod.Course, current: course_mod.Notebook | None = None, *, learner: bool = False) -> dict:
    """What the shell needs: the course title, the lessons, and the current one with its neighbours."""
    lessons = [
        {"id": nb.id, "stem": nb.stem, "number": nb.number, "short": short_title(nb.title), "title": nb.title}
        for nb in course.notebooks
    ]
    here = next((i for i, nb in enumerate(course.notebooks) if current is not None and nb.id == current.id), None)
    checked = None
    if current is not None and course.path is not None:
        from .currency import checked_as_of

        root = course.path.parent.parent  # data/course.yml -> the project
        found = checked_as_of(root, current, root / "data")
        checked = (found or current.last_reviewed).isoformat()
    hub_link = ""
    if current is not None and course.hub is not None:
        from .hub import pull_link

        hub_link = pull_link(course.hub.url, course.hub.repo, course.hub.branch, current.file)
    return {
        "title": course.title,
        "learner": learner,
        "hub_link": hub_link,  # "Open on your hub" for this lesson, when course.yml names the class's hub
        "notebook": current.file if current is not None else "",
        "report": course.report_errors,
        "report_link": functools.partial(report_link, course.report_errors),
        "checked": checked,
        "css": render.css(),  # the tables' and feedback boxes' look, from the presentation layer
        "lessons": lessons,
        "current": lessons[here] if here is not None else None,
        "prev": lessons[here - 1] if here else None,
        "next": lessons[here + 1] if here is not None and here + 1 < len(lessons) else None,
    }


class ReadingPagePreprocessor(Preprocessor):
    """Reading pages: the shell gives previous/next, so the notebook's own navigation cell goes;
    a teacher's note loses its 'Teacher:' prefix, as its box is labelled; an output that declares
    a reading-page variant (a table's narrower view, what an exercise box says where no cell can be
    run; ``seedsoil.render``) shows that variant."""

    learner = Bool(False, help="a learner's build: no teacher's notes, no solutions").tag(config=True)

    def preprocess(self, nb, resources):
        nb.cells = [
            c
            for c in nb.cells
            if not (c.cell_type == "markdown" and c.source.startswith(NAV_MARKER))
            and "slide-only" not in c.metadata.get("tags", [])  # the room's few words; the page has the paragraph
            and not (
                self.learner
                and (
                    c.metadata.get("slideshow", {}).get("slide_type") == "notes"
                    or "solution" in c.metadata.get("tags", [])
                )
            )
        ]
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
                cell.source = _TEACHER.sub("", cell.source, count=1)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if render.PAGE_MIME in data:
                    data["text/html"] = data[render.PAGE_MIME]
        return nb, resources


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, one line."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).replace("¶", " ").split())


def headings(page: str) -> list[tuple[str, str]]:
    """(id, text) of each second-level heading of a page, in order."""
    return [(anchor, _text(inner)) for anchor, inner in _H2.findall(page)]


def add_contents(page: str) -> str:
    """Put the page's own contents ('On this page') where the shell left its marker."""
    found = headings(page)
    if len(found) < 2:
        return page.replace(TOC_MARKER, "")
    items = "\n".join(f'<li><a href="#{anchor}">{html.escape(text)}</a></li>' for anchor, text in found)
    toc = f'<details class="toc" open>\n<summary>On this page</summary>\n<ol>\n{items}\n</ol>\n</details>'
    return page.replace(TOC_MARKER, toc, 1)


def _sections(page: str) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) of each h2 section of the page's main content ('' before the first)."""
    start = _MAIN.search(page)
    main = page[start.end() : page.find("</main>", start.end())] if start else ""
    parts = _H2.split(main)
    sections = [("", "", _text(parts[0]))]
    for k in range(1, len(parts), 3):
        sections.append((parts[k], _text(parts[k + 1]), _text(parts[k + 2])))
    return [s for s in sections if s[2]]


def search_documents(course: course_mod.Course, out: Path) -> list[dict]:
    """One searchable document per section of every lesson page and site page already in ``out``."""
    pages = [(f"html/{nb.stem}.html", f"{nb.number} {short_title(nb.title)}") for nb in course.notebooks]
    # (the key points page repeats the lessons, so it is not indexed: results point at the lesson)
    pages += [("glossary.html", "Glossary"), ("teaching.html", "Teacher's guide"), ("setup.html", "Setup")]
    docs = []
    for url, where in pages:
        path = out / url
        if not path.exists():
            continue
        for anchor, heading, text in _sections(path.read_text(encoding="utf-8")):
            docs.append(
                {
                    "id": len(docs),
                    "title": heading or where,
                    "where": where,
                    "url": url + (f"#{anchor}" if anchor else ""),
                    "text": text,
                }
            )
    return docs


def search_index_script(course: course_mod.Course, out: Path) -> str:
    """The text of ``_build/search-index.js``: a script that sets ``window.SEEDSOIL_SEARCH``."""
    docs = search_documents(course, out)
    payload = json.dumps(docs, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.SEEDSOIL_SEARCH = {payload};\n"


#: The search page's body; the script runs MiniSearch over the documents in search-index.js.
SEARCH_BODY = """<h1>Search the course</h1>
<form class="search-page" role="search" action="search.html" method="get">
<label for="search-page-q">Words to look for</label>
<input id="search-page-q" name="q" type="search">
<button type="submit">Search</button>
</form>
<p id="search-status" role="status"></p>
<ol id="search-results" class="search-results"></ol>
"""

SEARCH_SCRIPT = """(function () {
  var q = new URLSearchParams(window.location.search).get("q") || "";
  var input = document.getElementById("search-page-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  input.value = q;
  if (!q.trim()) { status.textContent = "Type a word, for example bone, hazard ratio or BRCA."; return; }
  var engine = new MiniSearch({
    fields: ["title", "text"],
    storeFields: ["title", "where", "url", "text"],
    // typos forgiven in longer words only: "bone" must not find "one"
    searchOptions: { boost: { title: 3 }, prefix: true, combineWith: "AND",
      fuzzy: function (term) { return term.length > 5 ? 0.2 : false; } }
  });
  engine.addAll(window.SEEDSOIL_SEARCH || []);
  var found = engine.search(q).slice(0, 25);
  var noun = found.length === 1 ? " section matches " : " sections match ";
  status.textContent = found.length + noun + "\\u201c" + q + "\\u201d.";
  found.forEach(function (hit) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = hit.url;
    a.textContent = hit.title;
    var where = document.createElement("div");
    where.className = "where";
    var words = hit.text.split(" ");
    where.textContent = hit.where + " \\u2014 " + words.slice(0, 28).join(" ") + (words.length > 28 ? " \\u2026" : "");
    li.appendChild(a);
    li.appendChild(where);
    list.appendChild(li);
  });
})();
"""


def keypoints_markdown(course: course_mod.Course, root: Path) -> str:
    """One page with every lesson's key points, each under a link to its lesson."""
    import nbformat

    parts = [
        "# Key points",
        "",
        "What each lesson wants you to take home. Follow a lesson's title to read it in full.",
    ]
    for nb in course.notebooks:
        notebook = nbformat.read(root / "notebooks" / nb.file, as_version=4)
        cell = next((c for c in notebook.cells if c.source.startswith("## Key points")), None)
        if cell is None:
            continue
        points = cell.source.split("\n", 1)[1].strip() if "\n" in cell.source else ""
        points = re.sub(r"\[([^\]]+)\]\(#ref-[^)]+\)", r"\1", points)  # citations live on the lesson page
        parts += ["", f"## [{nb.number} {plain(nb.title)}](html/{nb.stem}.html)", "", points]
    return "\n".join(parts) + "\n"


def report_link(base: str, page: str, section: str = "") -> str:
    """The "Report an error" address, pre-filled with the page (and section): an issue tracker's
    new-issue form (title and body) or an e-mail (subject and body)."""
    from urllib.parse import quote

    title = f"Factual error: {page}" + (f", {section}" if section else "")
    body = (
        f"Page: {page}\nSection: {section or '(which part?)'}\nWhat is wrong:\n\n"
        "Source that says otherwise (a DOI, PubMed ID or regulator's page):\n"
    )
    if base.startswith("mailto:"):
        return f"{base}?subject={quote(title)}&body={quote(body)}"
    return f"{base}?title={quote(title)}&body={quote(body)}"
