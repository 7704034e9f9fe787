"""Tags read without regard to case, look-alikes refused, and the standard keys outside tools read
(issue 27: a solution tagged 'Solution' stayed in the student copy; Jupyter Book and RISE showed
solutions and teacher notes; nbconvert and Jupyter Book lost the alt text)."""

from __future__ import annotations

import nbformat
import pytest

from coursekit import tags
from coursekit.build.student import student_copy

from nbtools import NOTEBOOK_FILES, read_notebook


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for source, cell_tags, kind in cells:
        cell = (
            nbformat.v4.new_code_cell(source) if source.startswith("answer") else nbformat.v4.new_markdown_cell(source)
        )
        cell.metadata["tags"] = list(cell_tags)
        cell.metadata["slideshow"] = {"slide_type": kind}
        nb.cells.append(cell)
    return nb


def test_a_capitalised_solution_is_a_solution_and_leaves_the_student_copy():
    """Review row604."""
    nb = _nb(
        ("answer = ...", ["exercise"], "-"), ("answer = 42", ["Solution"], "-"), ("answer = 43", [" SOLUTION "], "-")
    )
    assert tags.normalise(nb, "notebooks/x.ipynb") == [
        "cell 1: 'Solution' -> 'solution'",
        "cell 2: ' SOLUTION ' -> 'solution'",
    ]
    assert [c.source for c in student_copy(nb).cells] == ["answer = ..."]


@pytest.mark.parametrize("tag", ["soluton", "solutions", "exercse", "slide-figures", "remove_input"])
def test_a_look_alike_tag_is_refused_with_notebook_and_cell(tag):
    nb = _nb(("# T", [], "slide"), ("answer = 1", [tag], "-"))
    with pytest.raises(tags.TagError, match=rf"notebooks/x.ipynb, cell 1: tag '{tag}' looks like"):
        tags.normalise(nb, "notebooks/x.ipynb")


def test_other_tags_and_standard_ones_pass():
    nb = _nb(("answer = 1", ["hide-input", "my-own-thing", "Remove-Cell"], "-"))
    tags.normalise(nb)
    assert nb.cells[0].metadata.tags == ["hide-input", "my-own-thing", "remove-cell"]


def test_standard_keys_hide_solutions_and_notes_from_outside_tools_and_carry_the_alt_text():
    nb = _nb(("answer = 42", ["solution"], "-"), ("Teacher: say this", [], "notes"), ("answer = fig", [], "-"))
    nb.cells[2].metadata["alt"] = "A bar chart of twelve organs by blood flow, bone small and kidneys large."
    nb.cells[2].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})]
    tags.standard_keys(nb)
    tags.standard_keys(nb)  # twice changes nothing
    assert (
        nb.cells[0].metadata.tags == ["solution", "remove-cell"] and nb.cells[0].metadata.slideshow.slide_type == "skip"
    )
    assert nb.cells[1].metadata.tags == ["remove-cell"] and nb.cells[1].metadata.slideshow.slide_type == "notes"
    alt = nb.cells[2].metadata.alt
    assert nb.cells[2].metadata["mystnb"]["image"]["alt"] == alt
    assert nb.cells[2].outputs[0].metadata["image/png"]["alt"] == alt


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_the_course_notebooks_carry_the_standard_keys(file):
    nb = read_notebook(file)
    for i, cell in enumerate(nb.cells):
        t = cell.metadata.get("tags", [])
        if "solution" in t:
            assert "remove-cell" in t and cell.metadata.slideshow.slide_type == "skip", f"{file} cell {i}"
        if cell.cell_type == "markdown" and cell.metadata.slideshow.slide_type == "notes":
            assert "remove-cell" in t, f"{file} cell {i}"
        if cell.metadata.get("alt"):
            images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
            assert all(o.metadata["image/png"]["alt"] == cell.metadata.alt for o in images), f"{file} cell {i}"
