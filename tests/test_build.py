"""The offline build: every notebook has a page, a deck and a student copy; no web address.

The build renders the stored outputs; strict nbval in the same test run proves them current.
"""

from __future__ import annotations

import copy
import html
import json
import re

import nbformat
import pytest
from markupsafe import escape

from coursekit import polls as polls_mod
from coursekit.build import BuildError, student_copy
from coursekit.cells import ITEM_HEADING
from coursekit.notebooks import ExecutionError, execute

from nbtools import COURSE, NOTEBOOK_FILES, ROOT, figure_outputs, read_notebook, tags

params = pytest.mark.parametrize("file", NOTEBOOK_FILES)
URL = re.compile(r"https?://", re.I)


def stem(file):
    return file.removesuffix(".ipynb")


def test_index_lists_every_notebook(built_course):
    index = (built_course / "index.html").read_text()
    for nb in COURSE.notebooks:
        assert str(escape(nb.title)) in index
        assert f'href="html/{nb.stem}.html"' in index
        assert f'href="slides/{nb.stem}.slides.html"' in index
        assert f'href="student/{nb.file}"' in index
        for objective in nb.objectives:
            assert str(escape(objective.text)) in index


def test_pages_mention_the_web_only_in_links_a_reader_may_follow(built_course):
    """No script, style, image, font or frame comes from the web; <a href> links may point there."""
    pages = [
        built_course / "index.html",
        built_course / "glossary.html",
        built_course / "teaching.html",
        built_course / "setup.html",
        built_course / "keypoints.html",
        built_course / "search.html",
        built_course / "answers.html",
        built_course / "search-index.js",  # the search documents: text and local links only
        built_course / "search-script.js",
        built_course / "currency.html",
        *(built_course / "html" / f"{nb.stem}.html" for nb in COURSE.notebooks),
        *(built_course / "slides" / f"{nb.stem}.slides.html" for nb in COURSE.notebooks),
        # a moved lesson's old address: a page that sends the reader on
        *(built_course / "html" / f"{old}.html" for old, _ in COURSE.moved),
    ]
    assert len(pages) == 10 + 2 * len(NOTEBOOK_FILES) + len(COURSE.moved)
    assert all(page.is_file() for page in pages)
    for page in pages:
        text = re.sub(r'<a\s[^>]*href="https?://[^"]*"', "<a", page.read_text())
        found = URL.findall(text)
        assert not found, f"{page.name} mentions a web address outside a hyperlink"
    setup = (built_course / "setup.html").read_text()
    assert "setup_check" in setup and 'href="index.html"' in setup


def test_vendored_assets_load_nothing_from_the_web(built_course):
    """Licence headers and XML namespace names in the libraries are text, not requests; but no
    stylesheet may import or load a font from the web, and each page's scripts are local."""
    for css in (built_course / "_static").rglob("*.css"):
        text = css.read_text(errors="replace")
        assert not re.search(r"@import[^;]*https?:|url\(\s*['\"]?https?:", text), css
    lessons = [built_course / "html" / f"{nb.stem}.html" for nb in COURSE.notebooks]
    decks = [built_course / "slides" / f"{nb.stem}.slides.html" for nb in COURSE.notebooks]
    for page in lessons + decks:
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.read_text()):
            assert src.startswith(("../_static/", "data:")), f"{page.name} loads {src}"
            target = src.split("?")[0]
            if not target.startswith("data:"):
                assert (page.parent / target).resolve().is_file(), f"{page.name}: {src} is missing"
    # the search page's scripts are files of the site itself
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', (built_course / "search.html").read_text())
    assert scripts == ["_static/minisearch.js", "search-index.js", "search-script.js"]
    assert all((built_course / src).is_file() for src in scripts)


@params
def test_outputs_exist(built_course, file):
    assert (built_course / "html" / f"{stem(file)}.html").is_file()
    assert (built_course / "slides" / f"{stem(file)}.slides.html").is_file()
    assert (built_course / "student" / file).is_file()


@params
def test_alt_text_reaches_pages_and_slides(built_course, file):
    alts = [c.metadata["alt"] for c in read_notebook(file).cells for _ in range(figure_outputs(c))]
    assert alts, "every notebook has at least one figure"
    for page in (built_course / "html" / f"{stem(file)}.html", built_course / "slides" / f"{stem(file)}.slides.html"):
        found = [html.unescape(a) for a in re.findall(r'<img[^>]*\salt="([^"]*)"', page.read_text())]
        assert found == alts, page.name


@params
def test_solutions_folded_in_pages_and_absent_from_student_copy(built_course, file):
    nb = read_notebook(file)
    n_solutions = sum("solution" in tags(c) for c in nb.cells)
    page = (built_course / "html" / f"{stem(file)}.html").read_text()
    assert page.count('<details class="seedsoil-solution">') == n_solutions
    student = nbformat.read(built_course / "student" / file, as_version=4)
    assert not any("solution" in tags(c) for c in student.cells)
    assert sum("exercise" in tags(c) for c in student.cells) == sum("exercise" in tags(c) for c in nb.cells)
    # no teacher's notes, and no slide-only bullets (they repeat the prose for the room)
    left_out = sum(
        c.metadata.get("slideshow", {}).get("slide_type") == "notes" or bool({"solution", "slide-only"} & set(tags(c)))
        for c in nb.cells
    )
    assert len(student.cells) == len(nb.cells) - left_out
    assert not any("slide-only" in tags(c) for c in student.cells)


@params
def test_every_deck_links_to_the_course_home_and_its_reading_page(built_course, file):
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    nav = deck.split('class="seedsoil-deck-nav"')[1].split("</nav>")[0]
    targets = re.findall(r'href="([^"]+)"', nav)
    assert targets[:2] == ["../index.html", f"../html/{stem(file)}.html"]
    assert all((built_course / "slides" / t).resolve().is_file() for t in targets[:2])
    assert len(targets) == 3 and targets[2].startswith(COURSE.report_errors)  # Report an error


@params
def test_slides_structure_and_speaker_notes(built_course, file):
    nb = read_notebook(file)
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    types = [c.metadata.slideshow.slide_type for c in nb.cells]
    # one notes box per slide that has teacher notes or a poll (reveal shows only a slide's first)
    # the deck's cells: the notebook's, with its polls, generated notes and compare slides
    from coursekit.build.decks import room_cells

    cells = room_cells(copy.deepcopy(nb.cells), polls_mod.load())
    types = [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in cells]
    with_notes, has_notes = 0, False
    for kind in types:
        if kind in ("slide", "subslide"):
            with_notes, has_notes = with_notes + has_notes, False
        has_notes |= kind == "notes"
    with_notes += has_notes
    assert deck.count('<aside class="notes">') == with_notes
    # nbconvert opens two <section>s for a slide (slide + its first subslide) and one per subslide
    assert deck.count("<section") == 2 * types.count("slide") + types.count("subslide")
    assert "../_static/reveal.js/dist/reveal.js" in deck


@params
def test_links_between_notebooks_point_at_built_files(built_course, file):
    page = (built_course / "html" / f"{stem(file)}.html").read_text()
    assert not re.search(r'href="\d\d_[a-z_]+\.ipynb', page)


def test_student_copy_drops_solutions_and_speaker_notes():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("a", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell("b", metadata={"tags": ["solution"]}),
        nbformat.v4.new_markdown_cell("Teacher: c", metadata={"slideshow": {"slide_type": "notes"}}),
    ]
    copy = student_copy(nb)
    assert [c.source for c in copy.cells] == ["a"] and len(nb.cells) == 3


def test_execution_error_names_notebook_and_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("# divide\n1 / 0")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "99_broken.ipynb"
    with pytest.raises(ExecutionError) as info:
        execute(nb, path)
    message = str(info.value)
    assert "99_broken.ipynb: cell 2 of 2 raised ZeroDivisionError" in message
    assert "starts with: # divide" in message


def test_second_build_renders_nothing_again(built_course):
    from coursekit.build import build

    site = [p for p in built_course.rglob("*") if p.is_file() and p.suffix in {".html", ".js", ".css"}]
    before = {p: p.stat().st_mtime_ns for p in site}
    report = build(built_course, log=lambda m: None)
    assert report.built == [] and sorted(report.skipped) == sorted(NOTEBOOK_FILES)
    # Nothing is rewritten, so a reader of the site (or a browser test) never sees a file half-written.
    assert {p: p.stat().st_mtime_ns for p in site} == before
    state = json.loads((built_course / ".build-state.json").read_text())
    assert sorted(state["notebooks"]) == sorted(NOTEBOOK_FILES)


def test_glossary_and_teaching_pages(built_course):
    from coursekit import glossary

    index = (built_course / "index.html").read_text()
    assert 'href="glossary.html"' in index and 'href="teaching.html"' in index
    page = (built_course / "glossary.html").read_text()
    for term in glossary.terms():
        assert f'id="{term.slug}"' in page
    assert 'href="html/' in page and ".ipynb" not in page
    teaching = (built_course / "teaching.html").read_text()
    assert "<table>" in teaching and 'href="html/13_review.html"' in teaching
    assert (built_course / "student" / glossary.PAGE).is_file()


def test_glossary_links_in_pages_and_decks_resolve(built_course):
    ids = set(re.findall(r'id="([^"]+)"', (built_course / "glossary.html").read_text()))
    seen = 0
    for page in [*built_course.glob("html/*.html"), *built_course.glob("slides/*.html")]:
        text = page.read_text()
        assert "glossary.md" not in text, page.name
        for anchor in re.findall(r'href="\.\./glossary\.html#([^"]+)"', text):
            assert anchor in ids, f"{page.name} links to a missing glossary entry {anchor}"
            seen += 1
    assert seen > 0


def test_bad_data_stops_the_build_before_any_notebook(monkeypatch, tmp_path):
    from coursekit import build as build_mod
    from seedsoil import data
    from seedsoil.data import Problem

    monkeypatch.setattr(
        data,
        "validate_all",
        lambda folder: [Problem("data/claims.csv", 3, "verdict", "'old' must be one of: ...")],
    )
    with pytest.raises(BuildError, match=r"data/claims.csv.*row 3.*verdict"):
        build_mod.build(tmp_path / "out", log=lambda m: None)


@params
def test_slides_show_code_only_where_it_teaches(built_course, file):
    """A deck shows a code cell's source only when the cell is tagged slide-code; exercise stubs
    are not on the slides; pages keep all their code."""
    nb = read_notebook(file)
    on_slides = [
        c
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes")
    ]
    keep = [c for c in on_slides if "slide-code" in tags(c)]
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    assert deck.count('jp-InputArea-editor"') == len(keep)
    # no "No answer yet" box from an exercise stub
    assert not re.search(r'class="[^"]*seedsoil-feedback-pending', deck)
    page = (built_course / "html" / f"{stem(file)}.html").read_text()
    shown = [c for c in nb.cells if c.cell_type == "code" and "remove-input" not in tags(c)]
    assert page.count('jp-InputArea-editor"') == len(shown)


def test_at_most_one_slide_in_seven_shows_code():
    slides = code_slides = 0
    for file in NOTEBOOK_FILES:
        seen_code = False
        for cell in read_notebook(file).cells:
            kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            if kind in ("slide", "subslide"):
                slides += 1
                code_slides += seen_code
                seen_code = False
            seen_code |= cell.cell_type == "code" and "slide-code" in tags(cell) and kind not in ("skip", "notes")
        code_slides += seen_code
    assert code_slides / slides <= 1 / 7, f"{code_slides} of {slides} slides show code"


_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def _headers(text: str) -> list[str]:
    return [html.unescape(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", text, re.S) if "<" not in h]


@params
def test_tables_speak_in_words_in_every_view(built_course, file):
    """Issue 24: in the reading page, the deck and the student notebook, no table header is a field
    name; the headers of the course's tables are their titles; no slide says 'first N of M rows'."""
    from seedsoil import render

    views = [
        (built_course / "html" / f"{stem(file)}.html").read_text(encoding="utf-8"),
        (built_course / "slides" / f"{stem(file)}.slides.html").read_text(encoding="utf-8"),
    ]
    student = nbformat.read(built_course / "student" / file, as_version=4)
    views += ["".join(o.get("data", {}).get("text/html", "")) for c in student.cells for o in c.get("outputs", [])]
    for text in views:
        tables = re.findall(rf'<table class="{render.TABLE}[^"]*">.*?</table>', text, re.S)
        for table in tables:
            for header in _headers(table.split("</thead>")[0]):
                assert not _SNAKE.match(header), f"{file}: a table header is a field name: {header!r}"
        assert not re.search(r"First \d+ of \d+ rows", text), f"{file}: a slide shows a cut table"
    titles = {
        f.get("title") for r in __import__("seedsoil").data.descriptor()["resources"] for f in r["schema"]["fields"]
    }
    shown = {h for text in views for h in _headers(text)}
    if any(f'<table class="{render.TABLE}' in text for text in views):
        assert shown & (titles | set(render.TITLES.values())), f"{file}: no header is a title of the course's"


def test_the_build_refuses_a_slide_table_too_big_and_names_notebook_and_cell():
    from coursekit.build import slide_variant
    from seedsoil import render

    big = {"data": {"text/html": f'<table class="{render.TABLE}"></table>', render.PAGE_MIME: "x"}, "metadata": {}}
    with pytest.raises(BuildError, match=r"notebooks/07_x.ipynb, cell 9: this table is too big for a slide"):
        slide_variant(big, "notebooks/07_x.ipynb, cell 9")
    lying = {
        "data": {"text/html": "t", render.SLIDE_MIME: "s"},
        "metadata": {render.SLIDE_MIME: {"rows": 9, "columns": 2}},
    }
    with pytest.raises(BuildError, match=r"cell 3: the slide's table has 9 rows and 2 columns"):
        slide_variant(lying, "notebooks/07_x.ipynb, cell 3")
    fine = {
        "data": {"text/html": "t", render.SLIDE_MIME: "s"},
        "metadata": {render.SLIDE_MIME: {"rows": 2, "columns": 2}},
    }
    slide_variant(fine, "here")
    assert fine["data"]["text/html"] == "s"


@params
def test_decks_show_slide_tables_and_pages_the_reading_views(built_course, file):
    """The deck shows each table's slide view (at most 6 rows and 4 columns, or a line saying where
    the table is), the page its reading view, the student notebook the table itself."""
    from seedsoil import render

    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text(encoding="utf-8")
    for table in re.findall(rf'<table class="{render.TABLE} seedsoil-slide">.*?</table>', deck, re.S):
        body = table.split("<tbody>")[1]
        assert body.count("<tr>") <= render.SLIDE_ROWS, file
        assert table.split("</thead>")[0].count('<th scope="col"') <= render.SLIDE_COLUMNS, file
    nb = read_notebook(file)
    on_slides = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        and c.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes")
        and not {"exercise", "solution"} & set(tags(c))
        for o in c.get("outputs", [])
        if render.SLIDE_MIME in o.get("data", {})
    ]
    shown = deck.count('class="seedsoil-table seedsoil-slide"') + deck.count('class="seedsoil-on-page"')
    assert shown == len(on_slides)
    page = (built_course / "html" / f"{stem(file)}.html").read_text(encoding="utf-8")
    assert 'class="seedsoil-table seedsoil-slide"' not in page
    assert ('class="seedsoil-table-wrap" role="region"' in page) == bool(on_slides)


def test_the_answer_key_has_every_item_and_stays_out_of_student_materials(built_course):
    """_build/answers.html: each poll's expected answer and what the wrong ones reveal, each
    explain item's model answer; not in the student copies or the student bundle."""
    import zipfile

    key = (built_course / "answers.html").read_text(encoding="utf-8")
    for file in NOTEBOOK_FILES:
        for cell in read_notebook(file).cells:
            found = ITEM_HEADING.match(cell.source)
            if found:
                assert found.group(2) in key, found.group(2)
    assert key.count("<strong>expected</strong>") >= 30 and "Model answer:" in key
    assert not list((built_course / "student").rglob("answers*"))
    bundle = built_course / "seedsoil-student.zip"
    if bundle.exists():
        assert not [n for n in zipfile.ZipFile(bundle).namelist() if "answers" in n]
    assert 'href="answers.html"' in (built_course / "teaching.html").read_text(encoding="utf-8")


def test_search_index_covers_lessons_glossary_and_teachers_guide(built_course):
    from coursekit import site

    text = (built_course / site.SEARCH_INDEX).read_text(encoding="utf-8")
    assert text.startswith("window.SEEDSOIL_SEARCH = [")
    for url in [*(f"html/{stem(f)}.html" for f in NOTEBOOK_FILES), "glossary.html", "teaching.html"]:
        assert f'"url":"{url}' in text, url


@params
def test_every_doi_and_pmid_in_the_references_is_a_link(built_course, file):
    from seedsoil.references import get

    page = (built_course / "html" / f"{stem(file)}.html").read_text(encoding="utf-8")
    keys = re.findall(r'<a id="ref-([a-z0-9_]+)"', page)
    assert keys
    for key in keys:
        ref = get(key)
        if ref.doi:
            assert f'href="https://doi.org/{ref.doi.split("(")[0]}' in page, key
        if ref.pmid:
            assert f'href="https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"' in page, key


# --- a way to report an error, content checked as of, moved pages (issues 25 and 26) -------------


def test_every_page_and_deck_has_a_report_an_error_link_prefilled_with_the_page(built_course):
    from urllib.parse import parse_qs, urlsplit

    pages = sorted(built_course.glob("*.html")) + sorted(built_course.glob("html/*.html"))
    decks = sorted(built_course.glob("slides/*.slides.html"))
    moved = {f"{old}.html" for old, _ in COURSE.moved} | {f"{old}.slides.html" for old, _ in COURSE.moved}
    checked = 0
    for path in pages + decks:
        if path.name in moved or path.name == "currency.html":
            continue
        text = path.read_text(encoding="utf-8")
        links = re.findall(r'<a class="report-error"[^>]*href="([^"]+)"', text)
        assert len(links) == 1, f"{path.name}: one 'Report an error' link"
        url = urlsplit(links[0].replace("&amp;", "&"))
        assert f"{url.scheme}://{url.netloc}{url.path}" == COURSE.report_errors
        query = parse_qs(url.query)
        assert query["title"][0].startswith("Factual error: ") and "Page: " in query["body"][0], path.name
        checked += 1
    assert checked >= len(COURSE.notebooks) * 2 + 5
    from urllib.parse import unquote

    lesson = (built_course / "html" / f"{COURSE.notebooks[9].stem}.html").read_text(encoding="utf-8")
    assert "Factual error: 09 Reading the evidence" in unquote(lesson)


def test_lesson_pages_and_decks_say_when_their_content_was_checked(built_course):
    from coursekit.currency import checked_as_of

    for nb in COURSE.notebooks:
        day = (checked_as_of(ROOT, nb) or nb.last_reviewed).isoformat()
        page = (built_course / "html" / f"{nb.stem}.html").read_text(encoding="utf-8")
        deck = (built_course / "slides" / f"{nb.stem}.slides.html").read_text(encoding="utf-8")
        assert f"Content checked as of {day}" in page, nb.file
        assert f"Checked {day}" in deck, nb.file


def test_the_pages_and_decks_of_moved_lessons_send_the_reader_on(built_course):
    assert COURSE.moved
    for old, lesson in COURSE.moved:
        nb = COURSE[lesson]
        for rel, target in (
            (f"html/{old}.html", f"{nb.stem}.html"),
            (f"slides/{old}.slides.html", f"{nb.stem}.slides.html"),
        ):
            text = (built_course / rel).read_text(encoding="utf-8")
            assert f'url={target}"' in text and f'href="{target}"' in text, rel
            assert (built_course / rel).parent.joinpath(target).exists()


def test_the_currency_report_is_built_and_linked_from_the_teachers_guide(built_course):
    report = (built_course / "currency.html").read_text(encoding="utf-8")
    assert "Currency report" in report and "hrpos_2l_vepdegestrant" in report and "<script" not in report
    assert 'href="currency.html"' in (built_course / "teaching.html").read_text(encoding="utf-8")
