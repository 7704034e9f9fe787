"""Autograder versions of the lessons, for nbgrader (``make assignments``).

Each lesson becomes an nbgrader *source* notebook: what the student copy holds (no teacher's
notes), with the exercises as nbgrader cells. Grading calls the same ``check()`` a student runs
in class, so the feedback in the grade is the feedback they saw:

- an exercise that ``check()`` judges: an answer cell (the model answer between nbgrader's
  solution markers, which ``generate_assignment`` replaces with ``answer = ...``), then a locked
  test cell worth one point that asserts ``check(id, answer).correct`` and fails with its message;
- an explain item: an answer cell marked by hand, one point per rubric line; the model answer
  and the rubric sit between the solution markers, so a grader sees them and a student does not;
- a discussion prompt (dNN-k): a written answer cell marked by hand, one point per point to
  listen for, the points between the solution markers;
- a predict item: left as it is (a guess is not graded);
- every other cell: locked, so a student cannot change the lesson or a test.

Why nbgrader and not otter-grader: see CONTRIBUTING.md ("Collecting results").
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from seedsoil import course as course_mod

from .build.student import student_copy

CHECK = re.compile(r'^\s*check\(\s*"(?P<id>[a-z]+\d\d(?:-\d+)?)"\s*,\s*answer\s*\)\s*$')
STUB = re.compile(r"^\s*answer\s*=\s*\.\.\.\s*(?:#\s*(?P<hint>.*))?$")
#: A stub with a scaffold, such as ``answer = {claim_id: ... for claim_id in judged["id"]}``.
SCAFFOLD = re.compile(r"^\s*answer\s*=.*\.\.\.")
DISCUSS = re.compile(r"^###\s+Discuss\s+(?P<id>d\d\d-\d+)\b", re.M)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
#: What a student sees where the model answer was (nbgrader's ClearSolutions writes it).
CODE_STUB = "answer = ...  # YOUR ANSWER HERE"
COURSE_ID = "seed-and-soil"

CONFIG = f'''"""nbgrader's settings for the course's assignments (written by `make assignments`)."""

c = get_config()  # noqa: F821 - nbgrader defines it when it reads this file

c.CourseDirectory.root = "."
c.CourseDirectory.course_id = "{COURSE_ID}"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# A student sees the same stub as in class, so check() says "No answer yet" until they answer.
c.ClearSolutions.code_stub = {{"python": "{CODE_STUB}"}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ExecutePreprocessor.timeout = 120
c.Autograde.create_student = True
# Feedback pages load nothing from the web: nbconvert's mathjax() macro would fetch MathJax from a
# CDN, so the course's feedback template (templates/seedsoil_feedback, written beside this file)
# is nbgrader's with that macro replaced by nothing.
import os  # noqa: E402

import nbgrader  # noqa: E402

c.HTMLExporter.template_name = "seedsoil_feedback"
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"),
    os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
]
'''
#: Replaces nbconvert's macro of the same name in feedback pages: no script from a CDN.
MATHJAX_TEMPLATE = "{%- macro mathjax(url=None) -%}{%- endmacro -%}\n"


class AssignmentError(ValueError):
    """A lesson that cannot become an assignment, said with its notebook and cell."""


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def _tags(cell) -> list[str]:
    return [t.lower() for t in cell.get("metadata", {}).get("tags", [])]


def _item(cell) -> str | None:
    return next((m["id"] for line in cell.source.splitlines() if (m := CHECK.match(line))), None)


def source_notebook(nb: nbformat.NotebookNode, file: str) -> nbformat.NotebookNode:
    """The nbgrader source version of the course notebook ``nb`` (read from notebooks/``file``)."""
    import seedsoil.exercises  # noqa: F401  (registers every lesson's checks)
    from seedsoil import lessons
    from seedsoil.feedback import KINDS, spec

    solutions = {_item(c): c.source for c in nb.cells if "solution" in _tags(c) and _item(c)}
    discussions = lessons.discussions()
    cells = []
    for index, cell in enumerate(student_copy(nb).cells):
        where = f"notebooks/{file}, cell {index}"
        item = _item(cell) if cell.cell_type == "code" and "exercise" in _tags(cell) else None
        if item and KINDS.get(item) == "predict":
            cells.append(cell)  # a guess before the reveal: not graded, left editable
            continue
        if item:
            if item not in solutions:
                raise AssignmentError(f"{where}: exercise {item} has no solution cell to take the model answer from")
            if KINDS.get(item) == "explain":
                cells.append(_explain_cell(cell, item, spec(item), where))
            else:
                cells += _checked_cells(cell, item, solutions[item], where)
            continue
        cell.metadata["nbgrader"] = _meta(f"{file[:2]}-cell-{index:03d}-{_digest(cell.source)}", locked=True)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        found = DISCUSS.search(cell.source) if cell.cell_type == "markdown" else None
        if found and found["id"] in discussions:
            cells.append(_discussion_cell(found["id"], discussions[found["id"]]))
    out = nbformat.from_dict(nb)
    out.cells = cells
    out.metadata.pop("widgets", None)
    nbformat.validate(out)
    return out


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _split(cell, item: str, where: str) -> tuple[list[str], str | None, list[str]]:
    """The exercise cell's lines before its ``answer = ...`` stub, the stub's hint, and the lines after."""
    lines = cell.source.splitlines()
    for k, line in enumerate(lines):
        stub = STUB.match(line)
        if stub:
            return lines[:k], stub["hint"], lines[k + 1 :]
        if SCAFFOLD.match(line):  # the scaffold stays as a hint: the stub replaces the whole line
            return lines[:k], f"start from: {line.strip()}", lines[k + 1 :]
    raise AssignmentError(f"{where}: exercise {item} has no 'answer = ...' line for the student to fill")


def _checked_cells(cell, item: str, solution: str, where: str) -> list:
    before, hint, after = _split(cell, item, where)
    model = [line for line in solution.splitlines() if not CHECK.match(line)]
    lines = [*before, *([f"# {hint}"] if hint else []), BEGIN, *model, END, *after]
    answer = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["exercise"]})
    answer.metadata["nbgrader"] = _meta(f"{item}-answer", solution=True)
    test = nbformat.v4.new_code_cell(
        "\n".join(
            [
                f"# Graded automatically, 1 point: the same check as in class, {item}.",
                f'_feedback = check("{item}", answer)',
                "assert _feedback.correct, _feedback.message",
            ]
        ),
        metadata={"tags": ["autograder-test"]},
    )
    test.metadata["nbgrader"] = _meta(f"{item}-test", grade=True, locked=True, points=1)
    return [answer, test]


def _explain_cell(cell, item: str, found, where: str):
    before, hint, after = _split(cell, item, where)
    # no check() here: in class it shows the model answer once something is written, which a
    # graded answer must not see before it is handed in
    after = [line for line in after if not CHECK.match(line)]
    rubric = [f"#   - {point}" for point in found.rubric]
    lines = [
        *before,
        f"# Marked by hand: {len(found.rubric)} points. Write your own answer; the model answer comes with the grade.",
        *([f"# {hint}"] if hint else []),
        BEGIN,
        "# For the grader, one point for each:",
        *rubric,
        f"answer = {found.model!r}",
        END,
        *after,
    ]
    answer = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["exercise"]})
    answer.metadata["nbgrader"] = _meta(f"{item}-answer", solution=True, grade=True, points=len(found.rubric))
    return answer


def _discussion_cell(item: str, found):
    points = "\n".join(f"- {point}" for point in found.listen_for)
    text = (
        f"**Your answer to {item}** (marked by hand, {len(found.listen_for)} points):\n\n"
        f"{BEGIN}\nFor the grader, one point for each:\n\n{points}\n{END}"
    )
    answer = nbformat.v4.new_markdown_cell(text)
    answer.metadata["nbgrader"] = _meta(f"{item}-answer", solution=True, grade=True, points=len(found.listen_for))
    return answer


def write_assignments(root: Path, out: Path, lessons: list[str] | None = None, release: bool = False) -> list[Path]:
    """Write the nbgrader course folder ``out``: nbgrader_config.py and source/<lesson>/<lesson>.ipynb
    for each lesson (all, or those named by id or number); with ``release``, also the student
    versions (nbgrader generate_assignment). Returns the source notebooks written."""
    course = course_mod.load(root / "data" / "course.yml")
    chosen = [nb for nb in course.notebooks if not lessons or nb.id in lessons or nb.number in lessons]
    unknown = sorted(set(lessons or []) - {nb.id for nb in chosen} - {nb.number for nb in chosen})
    if unknown:
        raise AssignmentError(f"no lesson {unknown[0]!r} in data/course.yml (give ids or numbers such as 01)")
    out.mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    feedback = out / "templates" / "seedsoil_feedback"
    feedback.mkdir(parents=True, exist_ok=True)
    (feedback / "conf.json").write_text('{"base_template": "feedback", "mimetypes": {"text/html": true}}\n')
    (feedback / "mathjax.html.j2").write_text(MATHJAX_TEMPLATE, encoding="utf-8")
    written = []
    for nb in chosen:
        path = out / "source" / nb.stem / nb.file
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(nbformat.read(root / "notebooks" / nb.file, as_version=4), nb.file), path)
        glossary = root / "notebooks" / "glossary.md"
        if glossary.is_file():  # released with the notebook, so its linked words still open
            shutil.copyfile(glossary, path.parent / "glossary.md")
        written.append(path)
        if release:
            nbgrader(out, "generate_assignment", nb.stem, "--force")
    return written


def nbgrader(folder: Path, *args: str, timeout: float = 900) -> str:
    """Run an nbgrader command in the course folder; its output, or AssignmentError with its last lines."""
    bin_dir = Path(sys.executable).parent  # nbgrader runs alembic, and its kernels, from this environment
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(bin_dir / "nbgrader"), *args]
    run = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=timeout, env=env)
    if run.returncode:
        tail = " | ".join((run.stdout + run.stderr).strip().splitlines()[-4:])
        raise AssignmentError(f"nbgrader {' '.join(args)} failed in {folder}: {tail[-800:]}")
    return run.stdout + run.stderr


#: The columns of the course's gradebook, one row per student and lesson.
GRADEBOOK_COLUMNS = (
    "student",
    "lesson",
    "submitted",
    "checked_score",
    "checked_max",
    "hand_marked_score",
    "hand_marked_max",
    "awaiting_hand_marking",
)


def gradebook(folder: Path, out: Path) -> Path:
    """Write ``out``, a CSV of nbgrader's gradebook in ``folder`` the way the course's marking
    policy reads it: for each student and lesson, whether they handed it in, the points of the
    exercises check() judges (for practice), the hand-marked points of explain and discussion
    answers (for marks that count), and how many answers still await hand-marking, so a lesson
    not handed in or not yet marked is never read as a zero."""
    import csv

    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as book:
        for assignment in sorted(book.assignments, key=lambda a: a.name):
            for student in sorted(book.students, key=lambda s: s.id):
                row = dict.fromkeys(GRADEBOOK_COLUMNS, "")
                row.update(student=student.id, lesson=assignment.name, submitted="no")
                try:
                    submission = book.find_submission(assignment.name, student.id)
                except MissingEntry:
                    rows.append(row)
                    continue
                checked, hand, checked_max, hand_max, waiting = 0.0, 0.0, 0.0, 0.0, 0
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.name.endswith("-test"):
                            checked += grade.score or 0
                            checked_max += grade.max_score
                        else:
                            hand += grade.score or 0
                            hand_max += grade.max_score
                            waiting += bool(grade.needs_manual_grade)
                row.update(
                    submitted="yes",
                    checked_score=f"{checked:g}",
                    checked_max=f"{checked_max:g}",
                    hand_marked_score=f"{hand:g}",
                    hand_marked_max=f"{hand_max:g}",
                    awaiting_hand_marking=str(waiting),
                )
                rows.append(row)
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=GRADEBOOK_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out
