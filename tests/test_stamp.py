"""coursekit.stamp: generated cells follow course.yml, and stamping twice changes nothing."""

import nbformat
import pytest
from test_course import GOOD, write

from coursekit.cells import ABOUT, NAV, OBJECTIVES, TITLE_NOTES
from coursekit.stamp import stamp
from seedsoil.course import load


def fresh(title="# A"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(title), nbformat.v4.new_code_cell("x = 1")]
    return nb


def test_stamp_inserts_and_is_idempotent(tmp_path):
    course = load(write(tmp_path, GOOD))
    b = course["b"]
    nb = stamp(fresh(), course, b)
    assert [c.source.split("\n")[0] for c in nb.cells] == ["# A", ABOUT, TITLE_NOTES, OBJECTIVES, "x = 1", NAV]
    once = nbformat.writes(nb)
    assert nbformat.writes(stamp(nb, course, b)) == once
    assert "[00 A](00_a.ipynb)" in nb.cells[1].source  # prerequisite link
    assert "1. Compute y" in nb.cells[3].source
    assert "← Previous: [00 A](00_a.ipynb)" in nb.cells[-1].source
    assert "this is the last notebook" in nb.cells[-1].source
    assert nb.cells[-1].metadata.slideshow.slide_type == "skip"


def test_stamp_refreshes_changed_manifest_and_moves_nav_last(tmp_path):
    course = load(write(tmp_path, GOOD))
    nb = stamp(fresh(), course, course["b"])
    nb.cells.insert(4, nb.cells.pop())  # nav cell pushed up by an author's edit
    nb.cells.append(nbformat.v4.new_markdown_cell("## Key points"))
    changed = load(write(tmp_path, GOOD.replace("Compute y", "Compare z")))
    stamp(nb, changed, changed["b"])
    assert "1. Compare z" in nb.cells[3].source
    assert nb.cells[-1].source.startswith(NAV)
    assert sum(c.source.startswith(NAV) for c in nb.cells) == 1


def test_treatment_notebooks_show_guideline_and_date(tmp_path):
    text = GOOD.replace(
        "    prerequisites: [a]",
        "    prerequisites: [a]\n    as_of: 2026-11-01\n    guidelines: ['ESMO 2021 [gennari2021]']",
    )
    course = load(write(tmp_path, text))
    nb = stamp(fresh(), course, course["b"])
    assert "Treatment content as of:** 2026-11-01, following ESMO 2021" in nb.cells[1].source


def test_title_required(tmp_path):
    course = load(write(tmp_path, GOOD))
    with pytest.raises(ValueError, match="first cell must be a Markdown cell"):
        stamp(fresh("no title"), course, course["a"])


# --- the teacher's guide runs a class (issue 17) ------------------------------------------------


def test_teachers_guide_lesson_plans_are_current_and_fit_each_notebooks_time():
    import re

    from coursekit.cells import PLANS
    from coursekit.polls import load
    from coursekit.stamp import lesson_items, lesson_plans

    from nbtools import COURSE, ROOT, read_notebook

    text = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
    block = text.split(PLANS[0])[1].split(PLANS[1])[0].strip("\n")
    assert block == lesson_plans(COURSE, ROOT), "TEACHING.md's lesson plans are out of date: make stamp"
    polls = load()
    for nb in COURSE.notebooks:
        items = lesson_items(read_notebook(nb.file), polls)
        assert items and sum(item[4] for item in items) < nb.minutes, f"{nb.file}: its items take all its time"
        # the plan names the slide of every item
        assert all(re.fullmatch(r"\d+\.\d+", item[5]) for item in items), nb.file
        plan = block.split(f"### {nb.number} ")[1].split("\n### ")[0]
        assert all(f"slide {item[5]}: {item[2]}" in plan for item in items), nb.file
    # the class sessions are the manifest's (their sums and breaks are checked when it loads)
    from coursekit.cells import SCHEDULE
    from coursekit.stamp import schedule

    assert text.split(SCHEDULE[0])[1].split(SCHEDULE[1])[0].strip("\n") == schedule(COURSE)
    assert "simulation exercises" not in text  # promised once, never written


# --- content notes before survival and autopsy figures (issue 16) -------------------------------------

#: Code that shows patients' survival or autopsy data.
SHOWS = r'data\.load\("survival"\)|autopsy|cummings2014|forest_plot|ctc_trial|survival_(trend_)?chart|site_frequencies'


def test_survival_and_autopsy_figures_come_after_a_content_note_with_support():
    import re

    from coursekit.cells import CONTENT_NOTE, CONTENT_SLIDE
    from coursekit.stamp import SUPPORT, content_note_source

    from nbtools import COURSE, read_notebook

    for nb in COURSE.notebooks:  # course.yml says which notebooks warn of what (content_notes)
        file = nb.file
        cells = read_notebook(file).cells
        notes = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith(CONTENT_NOTE)]
        for i in notes:  # every note is the stamp's text, with the support signposting
            assert cells[i].source == content_note_source(cells[i].source.splitlines()[0]), file
            assert SUPPORT in cells[i].source
        shows = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "code"
            and re.search(SHOWS, c.source)
            and not {"exercise", "solution"} & set(c.metadata.get("tags", []))
        ]
        named = {k for i in notes for k in cells[i].source.splitlines()[0].removeprefix(CONTENT_NOTE)[:-4].split()}
        assert named == set(nb.content_notes), (
            f"{file}: content notes {sorted(named)}; course.yml says {nb.content_notes}"
        )
        if {"survival", "autopsy"} & named:
            assert shows, f"{file}: no survival or autopsy figure found; update content_notes in course.yml"
            assert notes[0] < shows[0], f"{file}: the content note must come before cell {shows[0]}"
        for i in notes:  # the room sees a short version, with notes to read it aloud and signpost support
            assert cells[i + 1].source.startswith(CONTENT_SLIDE) and "slide-only" in cells[i + 1].metadata.tags
            assert SUPPORT in cells[i + 2].source and cells[i + 2].metadata.slideshow.slide_type == "notes"


def test_a_content_note_names_what_it_warns_of():
    from coursekit.stamp import content_note_source

    text = content_note_source("<!-- seedsoil:content-note survival autopsy -->")
    assert "survival figures" in text and "autopsy studies" in text
    with pytest.raises(ValueError, match="a content note names"):
        content_note_source("<!-- seedsoil:content-note sadness -->")


def test_every_kind_of_content_note_the_manifest_allows_has_its_words():
    from coursekit.stamp import CONTENT_KINDS, CONTENT_SHORT
    from seedsoil.course import CONTENT_NOTES

    assert set(CONTENT_KINDS) == set(CONTENT_SHORT) == set(CONTENT_NOTES)
