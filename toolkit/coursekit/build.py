"""Build the offline course in ``_build/`` from the stored notebooks, with nbconvert's Python API.

The build renders the outputs stored in the notebooks; it executes nothing.  ``make test`` runs
every notebook once under strict nbval, which proves the stored outputs current (text and
figures), and ``make outputs`` refreshes them.

``python -m coursekit build`` (called by ``make course``) writes::

    _build/index.html                 course home, generated from course.yml
    _build/html/<notebook>.html       reading pages (solutions collapsed in <details>)
    _build/slides/<notebook>.slides.html   reveal.js decks with speaker notes
    _build/student/<notebook>.ipynb   student copies: cells tagged `solution` removed
    _build/glossary.html              the glossary (data/glossary.csv), also student/glossary.md
    _build/teaching.html              the teacher's guide (TEACHING.md)
    _build/_static/                   reveal.js, require.js, jQuery, MathJax from node_modules

Nothing in the output refers to a web address: the JavaScript comes from the pinned npm packages
in ``node_modules``.  A notebook is rendered again only when it, the templates or the manifest
changed (content hashes in ``_build/.build-state.json``).
"""

from __future__ import annotations

import concurrent.futures
import filecmp
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.exporters.slides import _RevealMetadataPreprocessor
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from seedsoil import course as course_mod
from seedsoil import data

from . import answerkey, glossary, site
from . import polls as polls_mod
from .paths import manifest, project_root

STATE_FILE = ".build-state.json"

# Files copied from node_modules into _build/_static (only what the pages load).
STATIC_FILES = {
    "reveal.js/dist/reveal.css": "reveal.js/dist/reveal.css",
    "reveal.js/dist/reset.css": "reveal.js/dist/reset.css",
    "reveal.js/dist/reveal.js": "reveal.js/dist/reveal.js",
    # 'white' does not @import web fonts (simple, the nbconvert default, does)
    "reveal.js/dist/theme/white.css": "reveal.js/dist/theme/white.css",
    "reveal.js/dist/theme/fonts/source-sans-pro": "reveal.js/dist/theme/fonts/source-sans-pro",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "requirejs/require.js": "require.js",
    "minisearch/dist/umd/index.js": "minisearch.js",  # the reading site's offline search
    "jquery/dist/jquery.min.js": "jquery.min.js",
    "mathjax/MathJax.js": "mathjax/MathJax.js",
    "mathjax/config/TeX-AMS_CHTML-full.js": "mathjax/config/TeX-AMS_CHTML-full.js",
    "mathjax/config/Safe.js": "mathjax/config/Safe.js",
    "mathjax/extensions": "mathjax/extensions",
    "mathjax/jax/input/TeX": "mathjax/jax/input/TeX",
    "mathjax/jax/output/CommonHTML": "mathjax/jax/output/CommonHTML",
    "mathjax/jax/element": "mathjax/jax/element",
    "mathjax/localization/en": "mathjax/localization/en",
    "mathjax/fonts/HTML-CSS/TeX/woff": "mathjax/fonts/HTML-CSS/TeX/woff",
}

ASSET_URLS = {
    "require_js_url": "../_static/require.js",
    "jquery_url": "../_static/jquery.min.js",
    "mathjax_url": "../_static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


class BuildError(RuntimeError):
    """The build could not finish; the message names the notebook (and cell) at fault."""


@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None


# --- export -----------------------------------------------------------------------------------


#: Tag that keeps a code cell's source on the slides, where the code itself is the lesson.
SLIDE_CODE_TAG = "slide-code"


class SlideCodePreprocessor(Preprocessor):
    """Decks are for a room: a code cell shows its output only, unless tagged ``slide-code``.
    Exercise stubs and solutions leave the deck: an exercise becomes a poll slide (the question
    and lettered options from ``data/polls.yml``) whose speaker notes hold the answer."""

    polls: dict = {}  # exercise id -> coursekit.polls.Poll, set by _exporters

    def preprocess(self, nb, resources):
        kept = []
        where = resources.get("metadata", {}).get("name", "notebook")
        for index, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and ("exercise" in tags or "solution" in tags):
                continue
            poll = _poll_for(cell, self.polls)
            if poll is not None:
                heading = cell.source.splitlines()[0]
                cell.source = polls_mod.slide_markdown(heading, poll)
                notes = nbformat.v4.new_markdown_cell(polls_mod.notes_markdown(poll))
                notes.metadata["slideshow"] = {"slide_type": "notes"}
                kept += [cell, notes]
                continue
            if cell.cell_type == "code" and SLIDE_CODE_TAG not in tags:
                cell.metadata["transient"] = {"remove_source": True}
            columns = cell.metadata.get(SLIDE_COLUMNS_KEY)
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if html:
                    try:
                        output["data"]["text/html"] = shorten_table("".join(html), columns=columns)
                    except ValueError as error:
                        raise ValueError(f"{where}, cell {index}: {error}") from None
            kept.append(cell)
        nb.cells = _one_notes_cell_per_slide(kept)
        # nbconvert marked where slides start and end before this ran; cells were dropped and
        # added since, so mark them again (the template reads these flags).
        for cell in nb.cells:
            for flag in _REVEAL_FLAGS:
                cell.metadata.pop(flag, None)
        return _RevealMetadataPreprocessor().preprocess(nb, resources)


#: The cell metadata nbconvert's reveal template reads, set by its _RevealMetadataPreprocessor.
_REVEAL_FLAGS = (
    "slide_type",
    "slide_start",
    "slide_end",
    "subslide_start",
    "subslide_end",
    "fragment_start",
    "fragment_end",
)


def _one_notes_cell_per_slide(cells: list) -> list:
    """Join the notes cells of each (sub)slide into its first one: reveal.js shows only the first
    ``<aside class="notes">`` of a slide in the speaker view."""
    kept, first = [], None
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            first = None
        if kind == "notes":
            if first is not None:
                first.source = first.source.rstrip("\n") + "\n\n" + cell.source
                continue
            first = cell
        kept.append(cell)
    return kept


def _poll_for(cell, polls: dict):
    """The poll for an exercise's heading cell (``### Exercise exNN-k — ...``), if there is one."""
    if cell.cell_type != "markdown":
        return None
    match = polls_mod.HEADING.match(cell.source)
    return polls.get(match.group(1)) if match else None


#: Most rows a data table shows on a slide; the reading page keeps the whole table.
SLIDE_TABLE_ROWS = 8
#: Cell metadata naming the columns a slide shows of the cell's table (the reading page shows all).
SLIDE_COLUMNS_KEY = "slide_columns"
_TBODY = re.compile(r"(<tbody>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"\s*<tr[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"\s*<t([hd])[^>]*>.*?</t\1>", re.S)


def _keep_columns(html: str, columns: list[str]) -> str:
    """``html`` with only the named columns (by header text), in the table's own order."""
    header = re.search(r"<thead>.*?</thead>", html, re.S)
    names = [re.sub(r"<[^>]+>", "", m.group(0)).strip() for m in _CELL.finditer(header.group(0))] if header else []
    missing = [c for c in columns if c not in names]
    if missing:
        has = ", ".join(names)
        raise ValueError(f"{SLIDE_COLUMNS_KEY}: no column {', '.join(missing)} in the table (it has {has})")
    keep = {i for i, name in enumerate(names) if name in columns}

    def row(match: re.Match) -> str:
        cells = list(_CELL.finditer(match.group(0)))
        if len(cells) != len(names):
            return match.group(0)
        start, end = cells[0].start(), cells[-1].end()
        inner = "".join(c.group(0) for i, c in enumerate(cells) if i in keep)
        return match.group(0)[:start] + inner + match.group(0)[end:]

    return _ROW.sub(row, html)


def shorten_table(html: str, rows: int = SLIDE_TABLE_ROWS, columns: list[str] | None = None) -> str:
    """A course table (class ``seedsoil-table``) cut to its first ``rows`` rows (and to ``columns``
    if given), with a line saying what was left out and where the rest is."""
    if 'class="dataframe seedsoil-table"' not in html:
        return html
    if columns:
        html = _keep_columns(html, columns)
    match = _TBODY.search(html)
    body_rows = _ROW.findall(match.group(2)) if match else []
    if len(body_rows) <= rows and not columns:
        return html
    if len(body_rows) > rows:
        kept = "".join(body_rows[:rows]) + "\n  "
        html = html[: match.start(2)] + kept + html[match.end(2) :]
        shown = f"First {rows} of {len(body_rows)} rows"
    else:
        shown = "Some columns"
    return html + f'<p class="seedsoil-more">{shown}; the whole table is on the reading page.</p>'


def _exporters(root: Path, polls: dict | None = None) -> tuple[HTMLExporter, SlidesExporter]:
    templates = [str(root / "templates")]
    common = dict(
        extra_template_basedirs=templates,
        extra_template_paths=templates,  # for the shared seedsoil_common.j2
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html = HTMLExporter(template_name="seedsoil_html", theme="light", **common)
    html.register_preprocessor(site.ReadingPagePreprocessor(enabled=True), enabled=True)
    slides = SlidesExporter(
        template_name="seedsoil_reveal",
        reveal_url_prefix="../_static/reveal.js",
        reveal_theme="white",
        reveal_scroll=False,  # a slide that does not fit is a bug (tests/test_browser_decks.py), not a scrollbar
        reveal_number="h.v",  # slide numbers, so a room can say "go back to 4.2"
        **common,
    )
    deck = SlideCodePreprocessor(enabled=True)
    deck.polls = polls if polls is not None else load_polls(root)
    slides.register_preprocessor(deck, enabled=True)
    for exporter in (html, slides):
        for name, url in ASSET_URLS.items():
            setattr(exporter, name, url)
        # Helper cells (tag remove-input) show only their output in pages and slides.
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_input_tags={"remove-input"}, enabled=True), enabled=True
        )
    return html, slides


_URL_COMMENTS = re.compile(
    r"/\*(?:[^*]|\*(?!/))*?https?://(?:[^*]|\*(?!/))*\*/"  # /* … https://… */ in inlined CSS
    # // … https://… on a line of its own in the reveal template's script (a line, not any "//":
    # the references' links to doi.org must survive)
    r"|(?m:^[ \t]*//[^\n]*https?://[^\n]*$)"
)


def _postprocess(text: str, course: course_mod.Course, suffix: str) -> str:
    """Point links between notebooks at the built page or deck instead of the .ipynb, and drop
    the documentation comments that nbconvert's CSS and JavaScript carry, so that the pages we
    write contain no web address at all (a simple, strict offline test)."""
    for nb in course.notebooks:
        text = text.replace(f'href="{nb.file}', f'href="{nb.stem}{suffix}')
    # the glossary and the teacher's guide are site pages one level up
    text = text.replace('href="glossary.md', 'href="../glossary.html').replace(
        'href="../TEACHING.md', 'href="../teaching.html'
    )
    return _URL_COMMENTS.sub("", text)


def student_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` for learners: no solution cells, no teacher's speaker notes."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    copy.cells = [
        c
        for c in copy.cells
        if "solution" not in c.get("metadata", {}).get("tags", [])
        and c.get("metadata", {}).get("slideshow", {}).get("slide_type") != "notes"
    ]
    return copy


def _build_one(root: Path, out: Path, file: str, polls: dict | None = None) -> tuple[str, float]:
    """Render one stored notebook as a page, a deck and a student copy (runs in a worker)."""
    t0 = time.perf_counter()
    course = course_mod.load(manifest(root))
    path = root / "notebooks" / file
    nb = nbformat.read(path, as_version=4)
    html, slides = _exporters(root, polls)
    stem = path.stem
    entry = course.by_file(file)
    resources = {"metadata": {"name": entry.title}, "seedsoil": site.nav(course, entry)}
    body, _ = html.from_notebook_node(nb, resources=dict(resources))
    write_atomic(out / "html" / f"{stem}.html", site.add_contents(_postprocess(body, course, ".html")))
    body, _ = slides.from_notebook_node(nb, resources=dict(resources))
    write_atomic(out / "slides" / f"{stem}.slides.html", _postprocess(body, course, ".slides.html"))
    write_atomic(out / "student" / file, nbformat.writes(student_copy(nb)) + "\n")
    return file, time.perf_counter() - t0


# --- the whole course -------------------------------------------------------------------------


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def load_polls(root: Path) -> dict:
    """The poll slides of ``data/polls.yml`` (none if the file is absent), checked against the
    exercises' own checks; BuildError names the exercise whose options do not grade as one answer."""
    path = root / "data" / polls_mod.FILE
    if not path.exists():
        return {}
    try:
        polls = polls_mod.load(path)
    except polls_mod.PollError as error:
        raise BuildError(str(error)) from None
    problems = polls_mod.problems(polls)
    if problems:
        raise BuildError("the poll slides disagree with the exercises:\n" + "\n".join(f"  {p}" for p in problems))
    return polls


def _shared_inputs(root: Path) -> str:
    """Hash of everything every notebook depends on besides itself."""
    files = [manifest(root), root / "package-lock.json", Path(__file__), Path(polls_mod.__file__)]
    files.append(root / "data" / polls_mod.FILE)
    for folder, pattern in (("templates", "*"),):
        files += [p for p in (root / folder).rglob(pattern) if p.is_file() and "__pycache__" not in p.parts]
    return _digest([f for f in files if f.exists()])


def copy_static(root: Path, out: Path) -> None:
    modules = root / "node_modules"
    if not (modules / "reveal.js").is_dir():
        raise BuildError(
            f"{modules} has no reveal.js: install the pinned web assets with `npm ci` (make course does this)."
        )
    for src, dest in STATIC_FILES.items():
        s, d = modules / src, out / "_static" / dest
        files = [(f, d / f.relative_to(s)) for f in s.rglob("*") if f.is_file()] if s.is_dir() else [(s, d)]
        for f, target in files:
            if not (target.is_file() and filecmp.cmp(f, target, shallow=False)):
                write_atomic(target, f.read_bytes())


#: Files this process wrote during the current build (workers' pages are counted in report.built).
_CHANGED: list[Path] = []


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``path`` only if its content changes, and never half-written: a browser (or a test on
    another worker) reading the site while it is rebuilt sees the old file or the new one."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return
    _CHANGED.append(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _env(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / "templates"), autoescape=True, keep_trailing_newline=True
    )


def render_page(
    course: course_mod.Course, root: Path, markdown_text: str, title: str, scripts: tuple[str, ...] = ()
) -> str:
    """A site page (glossary, teacher's guide…) from Markdown, in the site's shell, with links
    pointed at the site."""
    from nbconvert.filters import markdown2html

    body = markdown2html(markdown_text)
    for nb in course.notebooks:
        for prefix in ("notebooks/", ""):
            body = body.replace(f'href="{prefix}{nb.file}', f'href="html/{nb.stem}.html')
    body = body.replace('href="notebooks/glossary.md', 'href="glossary.html').replace(
        'href="glossary.md', 'href="glossary.html'
    )
    page = (
        _env(root)
        .get_template("site_page.html.j2")
        .render(course=course, title=title, body=body, site=site.nav(course), scripts=scripts)
    )
    return site.add_contents(page)


def render_site_pages(course: course_mod.Course, root: Path, out: Path) -> None:
    """Write the glossary, the teacher's guide and the learner's setup page next to the index."""
    write_atomic(out / "glossary.html", render_page(course, root, glossary.page(course, root / "data"), "Glossary"))
    pages = (("teaching.html", "TEACHING.md", "Teacher's guide"), ("setup.html", "SETUP.md", "Setup"))
    for name, source, title in pages:
        write_atomic(out / name, render_page(course, root, (root / source).read_text(encoding="utf-8"), title))
    write_atomic(out / "keypoints.html", render_page(course, root, site.keypoints_markdown(course, root), "Key points"))
    key = answerkey.answer_key_markdown(course, root, load_polls(root))
    write_atomic(out / answerkey.PAGE, render_page(course, root, key, "Answer key"))
    # Search last: its index is made from the pages just written.
    write_atomic(out / "search-script.js", site.SEARCH_SCRIPT)
    search = render_page(
        course, root, site.SEARCH_BODY, "Search", ("_static/minisearch.js", site.SEARCH_INDEX, "search-script.js")
    )
    write_atomic(out / "search.html", search)
    write_atomic(out / site.SEARCH_INDEX, site.search_index_script(course, out))
    write_atomic(out / "student" / glossary.PAGE, (root / "notebooks" / glossary.PAGE).read_bytes())


def render_index(course: course_mod.Course, root: Path) -> str:
    env = _env(root)
    notebooks = [
        {
            "nb": nb,
            "prerequisites": [course[p] for p in nb.prerequisites],
        }
        for nb in course.notebooks
    ]
    return env.get_template("course_index.html.j2").render(course=course, notebooks=notebooks, site=site.nav(course))


def build(
    out: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    log: Callable[[str], None] = print,
) -> Report:
    """Build the course into ``out`` (default ``_build/``); return what was built and skipped.

    The build works in a staging copy of ``out`` (hard links: nothing is copied) and swaps it in
    only when it has succeeded, so a build that fails leaves the previous course untouched, and a
    build that changes nothing leaves ``out`` as it was."""
    root = project_root()
    final = Path(out) if out else root / "_build"
    preflight(root, final)
    stage = final.parent / f".{final.name}.staging-{os.getpid()}"  # one per process: builds may overlap
    shutil.rmtree(stage, ignore_errors=True)
    try:
        if final.exists():
            try:
                shutil.copytree(final, stage, copy_function=os.link, symlinks=True)
            except OSError:  # a file system without hard links
                shutil.rmtree(stage, ignore_errors=True)
                shutil.copytree(final, stage, symlinks=True)
        else:
            stage.mkdir(parents=True)
    except OSError as error:
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError(f"cannot write next to {final}: {error.strerror} ({error.filename})") from None
    _CHANGED.clear()
    try:
        report = _build_into(root, stage, force=force, jobs=jobs, log=log)
    except BaseException as error:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(error, BuildError):
            raise BuildError(f"{error}\nThe course in {final} is unchanged.") from None
        raise
    if final.exists() and not report.built and not _CHANGED:
        shutil.rmtree(stage)  # nothing changed: leave the folder a server may be reading alone
    else:
        old = final.parent / f".{final.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)
        os.replace(stage, final)
        shutil.rmtree(old, ignore_errors=True)
    report.out = final
    return report


def preflight(root: Path, final: Path) -> None:
    """The mistakes a contributor can make in the project's files, found in a second, before any
    notebook is rendered, each as one sentence naming the file."""
    if final.exists() and not final.is_dir():
        raise BuildError(f"{final} is a file: give a folder to build into")
    course = course_mod.load(manifest(root))
    for nb in course.notebooks:
        path = root / "notebooks" / nb.file
        if not path.is_file():
            raise BuildError(f"course.yml lists {nb.file}, but notebooks/{nb.file} does not exist")
        try:
            nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat's errors do not name the file
            conflict = "<<<<<<<" in path.read_text(encoding="utf-8", errors="replace")
            why = "it holds merge-conflict markers (<<<<<<<)" if conflict else f"{type(error).__name__}: {error}"
            raise BuildError(f"notebooks/{nb.file} is not a readable notebook: {str(why)[:300]}") from None
    # The data once, up front: a bad table is reported by file, row and column.
    problems = data.validate_all(root / "data")
    if problems:
        raise BuildError("the data in data/ is not valid:\n" + "\n".join(f"  {p}" for p in problems))
    for name in ("TEACHING.md", "SETUP.md"):
        if not (root / name).is_file():
            raise BuildError(f"{name} is missing: the course's {name[:-3].lower()} page is built from it")
    glossary.check(course, root / "data")
    modules = root / "node_modules"
    missing = [src for src in STATIC_FILES if not (modules / src).exists()]
    if missing:
        raise BuildError(
            f"{modules} lacks {', '.join(missing[:3])}{' …' if len(missing) > 3 else ''}: install the pinned web "
            "assets with `npm ci` (make course does this)"
        )


def _build_into(root: Path, out: Path, *, force: bool, jobs: int | None, log: Callable[[str], None]) -> Report:
    t0 = time.perf_counter()
    course = course_mod.load(manifest(root))
    polls = load_polls(root)  # checked once, before anything is written
    for sub in ("html", "slides", "student"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    state_path = out / STATE_FILE
    state = {} if force else _read_state(state_path, log)
    shared = _shared_inputs(root)
    if state.get("shared") != shared or not isinstance(state.get("notebooks"), dict):
        state = {"shared": shared, "notebooks": {}}
    copy_static(root, out)  # only what is missing or differs is written

    report = Report(out=out)
    todo = []
    for nb in course.notebooks:
        key = _digest([root / "notebooks" / nb.file])
        if state["notebooks"].get(nb.file) == {"source": key, "outputs": _digests(_outputs(out, nb.file))}:
            report.skipped.append(nb.file)
        else:
            todo.append((nb.file, key))
    if report.skipped:
        log(f"up to date: {len(report.skipped)} notebook(s)")

    jobs = jobs or min(2, os.cpu_count() or 1)
    total = len(todo)
    if todo:
        with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, total)) as pool:
            futures = {pool.submit(_build_one, root, out, file, polls): (file, key) for file, key in todo}
            try:
                for i, fut in enumerate(concurrent.futures.as_completed(futures), 1):
                    file, key = futures[fut]
                    try:
                        _, seconds = fut.result()
                    except BuildError:
                        raise
                    except Exception as error:  # a notebook that cannot be read or rendered
                        raise BuildError(f"notebooks/{file}: {type(error).__name__}: {error}") from error
                    state["notebooks"][file] = {"source": key, "outputs": _digests(_outputs(out, file))}
                    report.built.append(file)
                    log(f"[{i}/{total}] {file}: page, slides, student copy ({seconds:.1f} s)")
            except BaseException:
                for f in futures:
                    f.cancel()
                raise

    _remove_stale(out, course, state)
    write_atomic(out / "index.html", render_index(course, root))
    render_site_pages(course, root, out)
    write_atomic(state_path, json.dumps(state, indent=1))
    report.seconds = time.perf_counter() - t0
    return report


def _read_state(path: Path, log: Callable[[str], None]) -> dict:
    """The last build's record; an empty, corrupt or unreadable one only means "build everything"."""
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        log(f"{path.name} could not be read: building everything again")
        return {}
    return state if isinstance(state, dict) else {}


def _remove_stale(out: Path, course: course_mod.Course, state: dict) -> None:
    """Pages, decks and student copies of notebooks that course.yml no longer lists (renamed or
    removed) leave the course, so no reader finds a lesson that is not in it any more."""
    keep = {p for nb in course.notebooks for p in _outputs(out, nb.file)}
    for pattern in ("html/*.html", "slides/*.slides.html", "student/*.ipynb"):
        for path in out.glob(pattern):
            if path not in keep:
                path.unlink()
                _CHANGED.append(path)
    for file in set(state["notebooks"]) - {nb.file for nb in course.notebooks}:
        del state["notebooks"][file]


def _outputs(out: Path, file: str) -> list[Path]:
    """The files the build makes from one notebook: its page, its deck and its student copy."""
    stem = Path(file).stem
    return [out / "html" / f"{stem}.html", out / "slides" / f"{stem}.slides.html", out / "student" / file]


def _digests(paths: list[Path]) -> dict[str, str | None]:
    """Content hash of each built file (None if missing): a damaged or deleted page is rebuilt."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None for p in paths}
