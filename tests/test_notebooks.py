"""The anatomy every notebook in course.yml must have (see CONTRIBUTING.md)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from coursekit.cells import ABOUT, ITEM_HEADING, NAV, OBJECTIVES, TITLE_NOTES
from coursekit.notebooks import KERNELSPEC, dumps, language_info
from coursekit.stamp import stamp
from seedsoil import references

from nbtools import COURSE, NOTEBOOK_FILES, ROOT, figure_outputs, read_notebook, tags

SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
ALLOWED_TAGS = {"setup", "exercise", "solution", "remove-input", "slide-code", "slide-figure", "slide-only"}
ALLOWED_TAGS |= {"remove-cell"}  # written by the stamp for Jupyter Book (coursekit.tags.standard_keys)
PLACEHOLDER_ALT = {"", "figure", "a figure", "image", "plot", "no description has been provided for this image"}

params = pytest.mark.parametrize("file", NOTEBOOK_FILES)


def md_cells(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def test_every_notebook_is_in_course_yml():
    on_disk = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert on_disk == sorted(NOTEBOOK_FILES)


@params
def test_valid_nbformat_and_metadata_as_jupyterlab_writes_it(file):
    """Full kernelspec and language_info: JupyterLab does not mark the notebook modified on
    opening, and `nbconvert --to script` writes a .py file."""
    nb = read_notebook(file)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec == KERNELSPEC
    info = nb.metadata.language_info
    assert {k: v for k, v in info.items() if k != "version"} == {
        k: v for k, v in language_info().items() if k != "version"
    }
    assert re.fullmatch(r"3\.\d+\.\d+", info["version"])
    raw = (ROOT / "notebooks" / file).read_text(encoding="utf-8")
    assert raw == dumps(nbformat.reads(raw, as_version=4)), "stored as nbformat writes it: `make stamp`"


def test_script_export_is_python():
    from nbconvert import ScriptExporter

    _, resources = ScriptExporter().from_notebook_node(read_notebook(NOTEBOOK_FILES[0]))
    assert resources["output_extension"] == ".py"


@params
def test_title_matches_manifest(file):
    nb = read_notebook(file)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert first.source.splitlines()[0] == f"# {COURSE.by_file(file).title}"
    assert first.metadata.slideshow.slide_type == "slide"


@params
def test_generated_cells_are_up_to_date(file):
    """About, objectives and navigation match course.yml (run `make stamp` after editing it)."""
    nb = read_notebook(file)
    before = nbformat.writes(nb)
    after = nbformat.writes(stamp(nb, COURSE, COURSE.by_file(file)))
    assert before == after, "run `make stamp` (or `make outputs`) to refresh the generated cells"
    about = nb.cells[1].source
    assert about.startswith(ABOUT) and "not medical advice" in about.lower()
    assert nb.cells[2].source.startswith(TITLE_NOTES) and nb.cells[3].source.startswith(OBJECTIVES)
    assert nb.cells[-1].source.startswith(NAV)


@params
def test_every_cell_has_a_slide_type_and_known_tags(file):
    for i, cell in enumerate(read_notebook(file).cells):
        assert cell.metadata.get("slideshow", {}).get("slide_type") in SLIDE_TYPES, f"cell {i}"
        assert set(tags(cell)) <= ALLOWED_TAGS, f"cell {i} has unknown tags {tags(cell)}"


@params
def test_one_setup_cell_first(file):
    nb = read_notebook(file)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = [c for c in code if "setup" in tags(c)]
    assert len(setup) == 1 and code[0] is setup[0]
    assert "seedsoil" in setup[0].source


@params
def test_sections_in_order(file):
    heads = [ln for c in md_cells(read_notebook(file)) for ln in c.source.splitlines() if ln.startswith("## ")]
    assert "## Learning objectives" in heads and "## Key points" in heads and "## References" in heads
    assert heads.index("## Key points") < heads.index("## References") == len(heads) - 1
    content = heads[heads.index("## Learning objectives") + 1 : heads.index("## Key points")]
    assert len(content) >= 2, "at least two content sections"


@params
def test_executed_top_to_bottom(file):
    """Strict nbval skips cells without an execution count, so every code cell must have one."""
    counts = [c.execution_count for c in read_notebook(file).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{file} was not saved from one clean run (execution counts {counts[:4]}…): in JupyterLab, "
        "Kernel > Restart Kernel and Run All Cells, then save; or run `make outputs`"
    )


def names_read_before_defined(cells: list[str]) -> list[tuple[int, str]]:
    """(cell, name) for every name a code cell reads that no earlier cell (nor the cell itself, nor
    Python or IPython) defines: what a learner's run meets as a NameError."""
    import ast
    import builtins

    defined = set(dir(builtins)) | {"display", "get_ipython", "In", "Out"}
    missing = []
    for k, source in enumerate(cells):
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(code)
        bound, read = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, ast.arg):
                bound.add(node.arg)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        missing += [(k, name) for name in sorted(read - bound - defined)]
        defined |= bound
    return missing


@params
def test_a_student_copy_runs_without_the_solutions(file):
    """Student copies drop the solution cells: no later cell may need a name that only a solution
    defines (it would stop a learner with a NameError). Checked on the code, so that the lessons
    are executed once per test run (by nbval)."""
    from coursekit.build import student_copy

    cells = [c.source for c in student_copy(read_notebook(file)).cells if c.cell_type == "code"]
    assert names_read_before_defined(cells) == []


def test_the_student_copy_check_finds_a_name_only_a_solution_defined():
    cells = ["import math\nfrom seedsoil import data", "answer = ...", "print(math.pi * hr)", "[x for x in data]"]
    assert names_read_before_defined(cells) == [(2, "hr")]


@params
def test_no_errors_or_stderr_stored(file):
    for i, cell in enumerate(read_notebook(file).cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {i} stored an error"
            assert out.get("name") != "stderr", f"cell {i} printed to stderr: {out.get('text', '')[:200]}"
            assert "image/svg+xml" not in out.get("data", {}), f"cell {i}: SVG output differs every run"


@params
def test_exercises_have_check_and_solution(file):
    cells = read_notebook(file).cells
    exercises = [i for i, c in enumerate(cells) if "exercise" in tags(c)]
    assert exercises, "each notebook has at least one exercise"
    for i in exercises:
        ex_id = re.search(r'check\("(ex\d\d-\d+)"', cells[i].source)
        assert ex_id, f'exercise cell {i} calls check("exNN-k", answer)'
        assert ex_id.group(1).startswith(f"ex{file[:2]}-")
        assert "..." in cells[i].source, f"exercise cell {i} has a ... stub"
        heading = next(c for c in reversed(cells[:i]) if c.cell_type == "markdown" and c.source.startswith("### "))
        assert ex_id.group(1) in heading.source.splitlines()[0], f"exercise cell {i}: heading names another id"
        sol = cells[i + 1]
        assert "solution" in tags(sol) and f'check("{ex_id.group(1)}"' in sol.source, f"cell {i + 1}"
        outputs = cells[i].outputs[0]["data"]["text/plain"] + sol.outputs[0]["data"]["text/plain"]
        # the solution is right ("Right" for a question about survival, which has no game tick);
        # an explain or predict item is not graded: its solution shows what to compare with
        assert "No answer yet" in outputs and ("Correct" in outputs or "] Right:" in outputs or "] Compare:" in outputs)


@params
def test_figures_have_alt_text(file):
    for i, cell in enumerate(read_notebook(file).cells):
        if figure_outputs(cell):
            alt = cell.metadata.get("alt", "")
            assert alt.strip().lower() not in PLACEHOLDER_ALT, f"cell {i}: figure without alt text"
            assert len(alt.split()) >= 12, f"cell {i}: alt text should describe what the figure shows"


@params
def test_speaker_notes_present(file):
    notes = [c for c in read_notebook(file).cells if c.metadata.slideshow.slide_type == "notes"]
    assert len(notes) >= 2


@params
def test_citations_resolve_and_are_listed(file):
    nb = read_notebook(file)
    cited = set()
    for c in md_cells(nb):
        cited |= set(re.findall(r"\]\(#ref-([A-Za-z0-9_:-]+)\)", c.source))
    bib_cell = [c for c in nb.cells if c.cell_type == "code" and "bibliography(" in c.source]
    assert len(bib_cell) == 1 and "remove-input" in tags(bib_cell[0])
    listed = set(re.findall(r'"([^"]+)"', bib_cell[0].source))
    known = set(references.load())
    assert cited <= known, f"unknown citation keys: {cited - known}"
    assert cited <= listed, f"cited but not in the References cell: {cited - listed}"


@params
def test_code_cells_are_short(file):
    """A cell a teacher can read aloud: the work belongs in seedsoil."""
    for i, cell in enumerate(read_notebook(file).cells):
        if cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
            assert len(lines) <= 12, f"cell {i} has {len(lines)} lines of code"
            if "remove-input" not in tags(cell):
                # 88 characters fit on a 1280-pixel slide without a horizontal scroll bar
                wide = [ln for ln in cell.source.splitlines() if len(ln) > 88]
                assert not wide, f"cell {i}: {len(wide)} line(s) wider than 88 characters: {wide[0]!r}"


NUMBER = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s?(?:%(?!\W*(?:confidence|CI|Wilson|interval)\b)|percent\b| months?\b| patients\b| "
    r"women\b| autopsies\b| records\b| people\b)"
)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _sourced_numbers(keys: set[str]) -> set[float]:
    """Every number in the data rows (numeric cells and numbers in text) citing one of ``keys``."""
    from seedsoil import data

    found: set[float] = set()
    for name in data.names():
        df = data.load(name)
        key_col = next((c for c in ("source", "sources") if c in df), None)
        if key_col is None:
            continue
        rows = df[df[key_col].apply(lambda cell: bool(set(str(cell).split(";")) & keys))]
        for value in rows.to_numpy().ravel():
            if isinstance(value, (int, float)) and value == value:
                found.add(round(float(value), 4))
            elif isinstance(value, str):
                found |= {round(float(x.replace(",", "")), 4) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", value)}
    return found


@params
def test_numbers_in_prose_come_from_cited_data(file):
    """A number with a unit in the text must appear in a data row whose source the cell cites."""
    for i, cell in enumerate(read_notebook(file).cells):
        if cell.cell_type != "markdown" or cell.source.startswith("<!-- seedsoil:"):
            continue
        text = QUOTED.sub("", cell.source)
        numbers = [float(m.replace(",", "")) for m in NUMBER.findall(text)]
        if not numbers:
            continue
        keys = set(re.findall(r"\]\(#ref-([A-Za-z0-9_]+)\)", text))
        assert keys, f"cell {i}: numbers {numbers} without a citation in the same cell"
        known = _sourced_numbers(keys)
        missing = [n for n in numbers if round(n, 4) not in known]
        assert not missing, f"cell {i}: {missing} not found in data rows of {sorted(keys)}"


# --- every objective assessed (issue 17) ------------------------------------------------------------


def _items(file: str) -> tuple[dict[str, str], str]:
    """The assessing items of a notebook by id (with the kind of heading), and all its text."""
    cells = read_notebook(file).cells
    found = {}
    for c in cells:
        if c.cell_type == "markdown" and (m := ITEM_HEADING.match(c.source)):
            found[m.group(2)] = m.group(1)
    text = "\n".join(c.source for c in cells) + json.dumps([c.get("outputs", []) for c in cells])
    return found, text


@params
def test_every_objective_is_assessed_by_items_of_its_notebook(file):
    nb = COURSE.by_file(file)
    items, text = _items(file)
    for objective in nb.objectives:
        assert objective.assessed_by, objective.text
        for item in objective.assessed_by:
            if item.startswith("q"):  # a quiz question: its id appears in the notebook's quiz
                assert re.search(rf"\b{item}\b", text), f"{objective.text}: {item} is not in {file}"
            else:
                assert item in items, f"{objective.text}: no exercise or discussion prompt {item} in {file}"
                assert item.lstrip("exd")[:2] == file[:2], f"{item} belongs to another notebook"
        if objective.text.split()[0] in ("Explain", "Describe"):
            kinds = {items.get(i) for i in objective.assessed_by}
            assert kinds & {"Explain", "Discuss"}, f"{objective.text}: assess it with an explain item or a discussion"
    assert any(kind == "Discuss" for kind in items.values()), f"{file} has no discussion prompt for pairs"
    from seedsoil import exercises  # noqa: F401 - registers every item, with its kind
    from seedsoil.feedback import KINDS

    concepts = [i for i, kind in items.items() if kind == "Exercise" and KINDS.get(i) == "concept"]
    assert concepts, f"{file} has no concept question (a multiple-choice exercise registered as kind='concept')"


@params
def test_no_output_below_an_exercise_gives_its_answer_away(file):
    """A student copy has no solutions; the outputs right below the exercise must not show the
    number the exercise asks for."""
    cells = read_notebook(file).cells
    for i, cell in enumerate(cells):
        if "solution" not in tags(cell):
            continue
        found = re.search(r"(?:Correct|Right): (\d[\d.]{3,})", json.dumps(cell.get("outputs", [])))
        if not found:
            continue
        value = found.group(1).rstrip(".")[:5]
        for below in cells[i + 1 : i + 5]:
            if {"exercise", "solution"} & set(tags(below)):
                break
            assert value not in json.dumps(below.get("outputs", [])), f"cell {i}: the answer {value} shows below it"
