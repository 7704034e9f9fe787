"""The glossary: generated page, links from each term's first use, and the teacher's guide table."""

from __future__ import annotations

import copy

import nbformat
import pytest

from coursekit import glossary, stamp

from nbtools import COURSE, NOTEBOOK_FILES, ROOT, read_notebook

TERMS = {t.slug: t for t in glossary.terms()}


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_every_glossary_link_names_a_term(file):
    for text, slug in glossary.links(read_notebook(file)):
        assert slug in TERMS, f"{file}: [{text}](glossary.md#{slug}) has no entry in data/glossary.csv"


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_terms_are_linked_at_their_first_notebook(file):
    """Stamping again would change nothing: every term introduced here is already linked."""
    nb = read_notebook(file)
    entry = COURSE.by_file(file)
    before = copy.deepcopy(nb)
    assert glossary.link_terms(nb, entry.id) == []
    assert nb == before, f"{file}: glossary links are out of date; run `make stamp`"
    linked = {slug for _, slug in glossary.links(nb)}
    for term in TERMS.values():
        if term.first_notebook == entry.id:
            assert term.slug in linked, f"{file}: {term.term!r} is not linked"


def test_every_term_is_linked_somewhere():
    linked = {slug for f in NOTEBOOK_FILES for _, slug in glossary.links(read_notebook(f))}
    assert set(TERMS) <= linked


def test_glossary_page_is_up_to_date():
    page = ROOT / "notebooks" / glossary.PAGE
    assert page.read_text(encoding="utf-8") == glossary.page(COURSE), "run `make stamp`"
    for term in TERMS.values():
        assert f'<a id="{term.slug}"></a>**{term.term}**' in glossary.page(COURSE)


def test_teaching_minutes_table_is_up_to_date():
    text = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
    assert stamp.minutes_table(COURSE) in text, "run `make stamp`"
    assert f"**{COURSE.total_minutes}**" in text


def _nb(*sources, notes=()):
    cells = [nbformat.v4.new_markdown_cell("# Title")]
    cells += [nbformat.v4.new_markdown_cell(s) for s in sources]
    for s in notes:
        c = nbformat.v4.new_markdown_cell(s)
        c.metadata["slideshow"] = {"slide_type": "notes"}
        cells.append(c)
    return nbformat.v4.new_notebook(cells=cells)


def _term_of(notebook_id):
    return next(t for t in TERMS.values() if t.first_notebook == notebook_id and " " not in t.term)


def test_link_first_use_skips_headings_code_links_and_notes():
    term = _term_of("cascade")
    word = term.term
    nb = _nb(
        f"## About {word}",
        f"Code `{word}` and [{word}](elsewhere.md) first; then {word} in text.",
        notes=[f"{word} in the notes"],
    )
    others = [t.term for t in TERMS.values() if t.first_notebook == "cascade" and t is not term]
    missing = glossary.link_terms(nb, "cascade")
    assert term.term not in missing and set(missing) == set(others)
    assert nb.cells[1].source == f"## About {word}"
    assert nb.cells[2].source.endswith(f"then [{word}](glossary.md#{term.slug}) in text.")
    assert "glossary.md" not in nb.cells[3].source


def test_linking_is_idempotent():
    term = _term_of("cascade")
    nb = _nb(f"One {term.term}, two {term.term}.")
    glossary.link_terms(nb, "cascade")
    once = copy.deepcopy(nb)
    glossary.link_terms(nb, "cascade")
    assert nb == once
    assert nb.cells[1].source.count("glossary.md#") == 1


def test_term_split_over_lines_and_plural():
    nb = _nb("Cells pass through capillary\nbeds on their way.")
    glossary.link_terms(nb, "seed_and_soil")
    assert "[capillary\nbeds](glossary.md#capillary-bed)" in nb.cells[1].source


def test_link_terms_returns_the_terms_it_could_not_find():
    nb = _nb("Nothing relevant here.")
    assert "Markov chain" in glossary.link_terms(nb, "spread_network")


def test_stamp_files_names_a_missing_term_and_still_writes_the_page(tmp_path):
    """A term whose first notebook never uses it stops `make stamp` with the term and the file."""
    import shutil

    from coursekit.paths import manifest
    from seedsoil.course import load

    root = tmp_path / "course"
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "TEACHING.md", root / "TEACHING.md")
    with open(root / "data" / "glossary.csv", "a", encoding="utf-8") as f:
        f.write("zebra crossing,A term no notebook uses.,spread_network,\n")
    (root / "notebooks" / glossary.PAGE).unlink()
    with pytest.raises(glossary.GlossaryError, match=r"'zebra crossing' \(in 05_spread_as_a_network.ipynb\)"):
        stamp.stamp_files(load(manifest(root)))
    assert "zebra crossing" in (root / "notebooks" / glossary.PAGE).read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_slug_rejects_bad_terms(bad):
    with pytest.raises(ValueError):
        glossary.slug(bad)


def test_slug():
    assert glossary.slug("CDK4/6 inhibitor") == "cdk4-6-inhibitor"
    assert glossary.slug("BRCA1 and BRCA2") == "brca1-and-brca2"
