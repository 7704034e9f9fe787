"""The offline build: every notebook has a page, a deck and a student copy; no web address."""

from __future__ import annotations

import html
import json
import re

import nbformat
import pytest
from markupsafe import escape

from seedsoil.build import BuildError, execute, student_copy

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
            assert str(escape(objective)) in index


def test_no_web_address_in_generated_pages(built_course):
    pages = [built_course / "index.html", built_course / "glossary.html", built_course / "teaching.html",
             *built_course.glob("html/*.html"), *built_course.glob("slides/*.html")]
    assert len(pages) == 3 + 2 * len(NOTEBOOK_FILES)
    for page in pages:
        found = URL.findall(page.read_text())
        assert not found, f"{page.name} mentions a web address"


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
    assert len(student.cells) == len(nb.cells) - n_solutions


@params
def test_slides_structure_and_speaker_notes(built_course, file):
    nb = read_notebook(file)
    deck = (built_course / "slides" / f"{stem(file)}.slides.html").read_text()
    types = [c.metadata.slideshow.slide_type for c in nb.cells]
    assert deck.count('<aside class="notes">') == types.count("notes")
    # nbconvert opens two <section>s for a slide (slide + its first subslide) and one per subslide
    assert deck.count("<section") == 2 * types.count("slide") + types.count("subslide")
    assert "../_static/reveal.js/dist/reveal.js" in deck


@params
def test_links_between_notebooks_point_at_built_files(built_course, file):
    page = (built_course / "html" / f"{stem(file)}.html").read_text()
    assert not re.search(r'href="\d\d_[a-z_]+\.ipynb', page)


def test_student_copy_function():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("a", metadata={"tags": ["exercise"]}),
                nbformat.v4.new_code_cell("b", metadata={"tags": ["solution"]})]
    copy = student_copy(nb)
    assert [c.source for c in copy.cells] == ["a"] and len(nb.cells) == 2


def test_execution_error_names_notebook_and_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("# divide\n1 / 0")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "99_broken.ipynb"
    with pytest.raises(BuildError) as info:
        execute(nb, path)
    message = str(info.value)
    assert "99_broken.ipynb: cell 2 of 2 raised ZeroDivisionError" in message
    assert "starts with: # divide" in message


def test_second_build_rebuilds_nothing_and_is_fast(built_course):
    import subprocess
    import sys
    import time

    from seedsoil.build import build

    report = build(log=lambda m: None)
    assert report.built == [] and sorted(report.skipped) == sorted(NOTEBOOK_FILES)
    # the whole command, interpreter start included, as `make course` runs it (budget: 5 s)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "seedsoil", "build"], check=True, capture_output=True)
    assert time.perf_counter() - t0 < 5
    state = json.loads((built_course / ".build-state.json").read_text())
    assert sorted(state["notebooks"]) == sorted(NOTEBOOK_FILES)


def test_glossary_and_teaching_pages(built_course):
    from seedsoil import glossary

    index = (built_course / "index.html").read_text()
    assert 'href="glossary.html"' in index and 'href="teaching.html"' in index
    page = (built_course / "glossary.html").read_text()
    for term in glossary.terms():
        assert f'id="{term.slug}"' in page
    assert 'href="html/' in page and ".ipynb" not in page
    teaching = (built_course / "teaching.html").read_text()
    assert "<table>" in teaching and 'href="html/10_review.html"' in teaching
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
    from seedsoil import build as build_mod
    from seedsoil import data
    from seedsoil.data import Problem

    monkeypatch.setattr(data, "validate_all", lambda: [Problem("data/claims.csv", 3, "verdict", "'old' must be one of: ...")])
    with pytest.raises(BuildError, match=r"data/claims.csv.*row 3.*verdict"):
        build_mod.build(tmp_path / "out", log=lambda m: None)
