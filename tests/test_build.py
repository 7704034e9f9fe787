"""The offline build: every notebook has a page, a deck and a student copy; no web address.

The build renders the stored outputs; strict nbval in the same test run proves them current.
"""

from __future__ import annotations

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

from nbtools import COURSE, NOTEBOOK_FILES, figure_outputs, read_notebook, tags

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
        *built_course.glob("html/*.html"),
        *built_course.glob("slides/*.html"),
    ]
    assert len(pages) == 9 + 2 * len(NOTEBOOK_FILES)
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
    for page in [*built_course.glob("html/*.html"), *built_course.glob("slides/*.html")]:
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
    n_notes = sum(c.metadata.get("slideshow", {}).get("slide_type") == "notes" for c in nb.cells)
    assert len(student.cells) == len(nb.cells) - n_solutions - n_notes


@params
def test_every_deck_links_to_the_course_home_and_its_reading_page(built_course, file):
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    nav = deck.split('class="seedsoil-deck-nav"')[1].split("</nav>")[0]
    targets = re.findall(r'href="([^"]+)"', nav)
    assert targets == ["../index.html", f"../html/{stem(file)}.html"]
    assert all((built_course / "slides" / t).resolve().is_file() for t in targets)


@params
def test_slides_structure_and_speaker_notes(built_course, file):
    nb = read_notebook(file)
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    types = [c.metadata.slideshow.slide_type for c in nb.cells]
    # one notes box per slide that has teacher notes or a poll (reveal shows only a slide's first)
    with_notes, has_notes = 0, False
    for cell, kind in zip(nb.cells, types):
        if kind in ("slide", "subslide"):
            with_notes, has_notes = with_notes + has_notes, False
        has_notes |= kind == "notes" or bool(polls_mod.HEADING.match(cell.source))
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
    assert "<table>" in teaching and 'href="html/12_review.html"' in teaching
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


def test_slide_tables_show_at_most_eight_rows_and_say_where_the_rest_is():
    import pandas as pd

    from coursekit.build import SLIDE_TABLE_ROWS, shorten_table
    from seedsoil.tables import show

    table = show(pd.DataFrame({"site": [f"s{i}" for i in range(12)], "percent": range(12)}), caption="c")
    short = shorten_table(table._repr_html_())
    assert short.count("<tr") == 1 + SLIDE_TABLE_ROWS  # header row + the first rows
    assert "s7" in short and "s8" not in short and "First 8 of 12 rows" in short
    small = show(pd.DataFrame({"site": ["a", "b"]}))._repr_html_()
    assert shorten_table(small) == small
    assert shorten_table("<table><tbody>" + "<tr><td>x</td></tr>" * 20 + "</tbody></table>").count("<tr>") == 20


def test_a_slide_table_keeps_only_the_columns_the_cell_names():
    import pandas as pd

    from coursekit.build import shorten_table
    from seedsoil.tables import show

    frame = pd.DataFrame({"trial": ["A", "B"], "note": ["long words", "more words"], "hr": [0.5, 0.7]})
    html = show(frame, caption="c")._repr_html_()
    short = shorten_table(html, columns=["trial", "hr"])
    assert "note" not in short and "long words" not in short
    assert ">A<" in short and "0.5" in short and "Some columns" in short
    with pytest.raises(ValueError, match=r"slide_columns: no column verdict .*trial, note, hr"):
        shorten_table(html, columns=["trial", "verdict"])


def test_slide_columns_metadata_names_real_columns():
    """Every cell with slide_columns shows a table that has those columns (else the build fails)."""
    from coursekit.build import SLIDE_COLUMNS_KEY, shorten_table

    seen = 0
    for file in NOTEBOOK_FILES:
        for cell in read_notebook(file).cells:
            if SLIDE_COLUMNS_KEY in cell.metadata:
                html = "".join(cell.outputs[0]["data"]["text/html"])
                short = shorten_table(html, columns=cell.metadata[SLIDE_COLUMNS_KEY])  # raises on a wrong name
                headers = re.findall(r"<th[^>]*>([^<]*)</th>", short.split("</thead>")[0])
                assert [h for h in headers if h.strip()] == cell.metadata[SLIDE_COLUMNS_KEY], file
                seen += 1
    assert seen >= 2


@params
def test_decks_show_short_tables_and_pages_whole_ones(built_course, file):
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    page = (built_course / "html" / f"{stem(file)}.html").read_text()
    tbody = re.compile(r'<table[^>]*class="dataframe seedsoil-table".*?<tbody>(.*?)</tbody>', re.S)
    assert all(body.count("<tr>") <= 8 for body in tbody.findall(deck))
    # every long table the deck shows says where the rest is (a table in a cell skipped from the
    # deck is on the reading page only)
    long_in_deck = sum(
        body.count("<tr>") > 8
        for cell in read_notebook(file).cells
        if cell.cell_type == "code" and cell.metadata.get("slideshow", {}).get("slide_type") != "skip"
        for output in cell.get("outputs", [])
        for body in tbody.findall("".join(output.get("data", {}).get("text/html", "")))
    )
    assert deck.count('<p class="seedsoil-more">') == long_in_deck
    assert sum(body.count("<tr>") > 8 for body in tbody.findall(page)) >= long_in_deck  # pages show them whole


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
