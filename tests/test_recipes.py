"""CONTRIBUTING's recipes, walked on a fixture lesson: "Add a lesson" edits three files (course.yml,
the notebook, the lesson's module) and "Add an exercise" two (the notebook and the module); every
other place that lists items (the registry's tests, the polls, the decks, the answer key, the
lesson plans) finds the new ones by itself."""

from __future__ import annotations

import importlib.util
import sys

import nbformat
import pytest

from coursekit.build import build
from coursekit.stamp import lesson_items
from seedsoil import feedback, lessons, polls
from seedsoil.exercises import check

from coursecopy import read_manifest, small_course, write_manifest

#: File 3 of "Add a lesson": its checks with their polls, and a figure.
MODULE = '''
"""Lesson `recipe`: a fixture lesson."""

import matplotlib.pyplot as plt

from seedsoil.feedback import choice, number, register
from seedsoil.polls import poll


@register("ex99-1", kind="number")
def _doubled(answer):
    return number("ex99-1", answer, 42.0, abs_tol=0.5, unit="cells",
                  misconceptions={21.0: "that is the number before it doubled."})


@register("ex99-2", kind="concept")
def _which(answer):
    return choice("ex99-2", answer, "b", {"a": "No: a is the first.", "b": "Yes: b doubles.", "c": "No: c halves."})


POLLS = {
    "ex99-1": poll("How many cells after doubling 21?", [("21", 21.0), ("42", 42.0), ("84", 84.0)], minutes=2,
                   reveals={"A": "did not double", "C": "doubled twice"}),
    "ex99-2": poll("Which one doubles?", [("a", "a"), ("b", "b"), ("c", "c")], minutes=1),
}


def dots():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2], "o")
    return fig
'''

#: File 2 of "Add a lesson" (and file 1 of "Add an exercise"): the notebook.
CELLS = [
    ("markdown", "# A fixture lesson", "slide", []),
    ("code", "from seedsoil.exercises import check\nfrom seedsoil.lessons import recipe as lesson", "skip", ["setup"]),
    ("markdown", "## Doubling\n\nCells double.", "slide", []),
    ("markdown", "### Exercise ex99-1 — Double it\n\nHow many cells after doubling 21?", "subslide", []),
    ("code", 'answer = ...\ncheck("ex99-1", answer)', "-", ["exercise"]),
    ("code", 'answer = 42\ncheck("ex99-1", answer)', "-", ["solution"]),
    ("markdown", "### Exercise ex99-2 — Which doubles?\n\nAnswer with a letter.", "subslide", []),
    ("code", 'answer = ...\ncheck("ex99-2", answer)', "-", ["exercise"]),
    ("code", 'answer = "b"\ncheck("ex99-2", answer)', "-", ["solution"]),
    ("markdown", "## In your own words", "slide", []),
    ("markdown", "### Discuss d99-1 — Why double?\n\nTalk in pairs.", "subslide", []),
    ("markdown", "## Key points\n\n- Cells double.", "slide", []),
]


@pytest.fixture
def recipe_lesson(tmp_path, monkeypatch):
    """The fixture lesson's module, imported as seedsoil.lessons.recipe, and a small copy of the
    project whose course.yml lists its notebook; everything it registered is taken back after."""
    path = tmp_path / "recipe.py"
    path.write_text(MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("seedsoil.lessons.recipe", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        monkeypatch.setitem(lessons.MODULES, "recipe", module)
        monkeypatch.delattr(lessons.polls, "_found", raising=False)
        nb = nbformat.v4.new_notebook(
            cells=[
                (nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell)(
                    source, metadata={"slideshow": {"slide_type": slide}, "tags": tags}, id=f"recipe-{k}"
                )
                for k, (kind, source, slide, tags) in enumerate(CELLS)
            ]
        )
        entry = {  # file 1 of "Add a lesson": its entry in course.yml
            "id": "recipe",
            "title": "A fixture lesson",
            "minutes": 10,
            "audience": "tests",
            "last_reviewed": __import__("datetime").date(2026, 12, 1),
            "objectives": [{"text": "Compute a doubling", "assessed_by": ["ex99-1", "ex99-2"]}],
        }
        root = small_course(
            tmp_path / "copy", lessons=("01_from_breast_to_body.ipynb",), extra={"99_recipe.ipynb": (entry, nb)}
        )
        monkeypatch.setenv("SEEDSOIL_ROOT", str(root))
        yield root, module
    finally:
        for item in ("ex99-1", "ex99-2"):
            feedback.REGISTRY.pop(item, None)
            feedback.KINDS.pop(item, None)
            feedback.LESSON_OF.pop(item, None)
        sys.modules.pop(spec.name, None)
        if hasattr(lessons.polls, "_found"):
            del lessons.polls._found


def test_a_lesson_and_its_exercises_need_only_their_three_files(recipe_lesson):
    root, module = recipe_lesson
    # the registry knows the new items, their kinds and their lesson
    assert feedback.ids("number")[-1] == "ex99-1" and feedback.KINDS["ex99-2"] == "concept"
    assert feedback.LESSON_OF["ex99-1"] == "recipe"
    # a number item's typical wrong answer is found through the registry and named
    described = feedback.spec("ex99-1")
    assert described.misconceptions == {21.0: "that is the number before it doubled."}
    assert "before it doubled" in check("ex99-1", 21).message
    # its polls are found, grade one option right each, and the room's letter is accepted
    found = lessons.polls()
    assert {"ex99-1", "ex99-2"} <= set(found) and polls.problems({k: found[k] for k in ("ex99-1", "ex99-2")}) == []
    assert check("ex99-2", "B").correct and not check("ex99-2", "A").correct
    # the lesson plan lists both, with their minutes
    nb = nbformat.read(root / "notebooks" / "99_recipe.ipynb", as_version=4)
    items = lesson_items(nb, found)
    assert [i[2] for i in items] == ["ex99-1", "ex99-2", "d99-1"] and [i[4] for i in items][:2] == [2, 1]
    # the build makes its page, its deck with two poll slides, and answer-key entries
    out = build(root / "_build", log=lambda m: None).out
    deck = (out / "slides" / "99_recipe.slides.html").read_text(encoding="utf-8")
    assert deck.count('<ol class="seedsoil-poll">') == 2 and "Expected answer: <strong>B</strong>" in deck
    key = (out / "answers.html").read_text(encoding="utf-8")
    assert "ex99-1" in key and "ex99-2" in key and "did not double" in key
    assert (out / "html" / "99_recipe.html").is_file()
    manifest = read_manifest(root)
    assert [nb["id"] for nb in manifest["notebooks"]] == ["breast_to_body", "recipe"]
    write_manifest(root, manifest)  # course.yml was the only shared file the lesson touched
