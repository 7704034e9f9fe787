"""Builds that fail, are damaged, or find old lessons leave a good course (on a two-lesson copy).

The build works in a staging copy and swaps it in only when it has succeeded; a state file records
what each page was built from. These tests change the project, so they work on a small copy of it
(``coursecopy.small_course``), never on the shared built course.
"""

from __future__ import annotations

import os

import nbformat
import pytest

from coursekit.build import STATE_FILE, BuildError, build
from seedsoil import render

from coursecopy import LESSONS, read_manifest, small_course, write_manifest


def stem(file):
    return file.removesuffix(".ipynb")


@pytest.fixture
def copy(tmp_path, monkeypatch):
    root = small_course(tmp_path)
    monkeypatch.setenv("SEEDSOIL_ROOT", str(root))
    return root


def test_build_renders_stored_outputs_without_executing(copy):
    """A stored output that no kernel would produce reaches the page: nothing was re-run."""
    marker = "stored-output-marker-41f3"
    path = copy / "notebooks" / LESSONS[0]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.get("outputs"))
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=marker)]
    nbformat.write(nb, path)
    build(copy / "_build", log=lambda m: None)
    assert marker in (copy / "_build" / "html" / f"{stem(LESSONS[0])}.html").read_text()


def test_a_failed_build_leaves_the_previous_course_untouched(copy):
    out = copy / "_build"
    build(out, log=lambda m: None)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".ipynb", ".json"}}
    # one notebook edited (so it is rebuilt), another that fails while it is rendered: a readable
    # notebook whose table claims a slide view bigger than a slide (a broken file is caught before
    # any rendering starts, by the preflight)
    first = copy / "notebooks" / LESSONS[0]
    nb = nbformat.read(first, as_version=4)
    nb.cells[0].source += "\n\nAn edit that must not reach the built page."
    nbformat.write(nb, first)
    name = LESSONS[1]
    broken = nbformat.read(copy / "notebooks" / name, as_version=4)
    output = next(o for c in broken.cells for o in c.get("outputs", []) if render.SLIDE_MIME in o.get("data", {}))
    output.setdefault("metadata", {})[render.SLIDE_MIME] = {"rows": 40, "columns": 2}
    nbformat.write(broken, copy / "notebooks" / name)
    with pytest.raises(BuildError) as error:
        build(out, log=lambda m: None)
    assert f"notebooks/{name}" in str(error.value) and "40 rows" in str(error.value)
    assert "is unchanged" in str(error.value)
    after = {p: p.read_bytes() for p in before}
    assert after == before, "a failed build changed the built course"
    assert not any(".staging" in p.name for p in copy.iterdir())


def test_a_damaged_state_file_or_page_is_repaired_by_a_plain_build(copy):
    out = copy / "_build"
    build(out, log=lambda m: None)
    page = out / "html" / f"{stem(LESSONS[1])}.html"
    good = page.read_bytes()
    (out / STATE_FILE).write_text("{not json", encoding="utf-8")
    report = build(out, log=lambda m: None)
    assert sorted(report.built) == sorted(LESSONS)  # an unreadable state means: build it all
    page.write_bytes(good[: len(good) // 2])  # a damaged page
    (out / "slides" / f"{stem(LESSONS[0])}.slides.html").unlink()  # a missing deck
    (out / "_static" / "minisearch.js").unlink()  # a missing asset
    (out / "glossary.html").write_text("damaged", encoding="utf-8")  # a damaged site page
    report = build(out, log=lambda m: None)
    assert sorted(report.built) == sorted(LESSONS)
    assert page.read_bytes() == good and (out / "_static" / "minisearch.js").is_file()
    assert "damaged" not in (out / "glossary.html").read_text(encoding="utf-8")
    # and a build with nothing to do reads hashes, renders nothing, writes nothing
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert build(out, log=lambda m: None).built == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_pages_of_a_lesson_no_longer_in_the_course_are_removed_but_not_a_teachers_own_page(copy):
    """A renamed or removed notebook leaves no page, deck or student copy behind; a file the build
    did not write stays."""
    out = copy / "_build"
    build(out, log=lambda m: None)
    gone = stem(LESSONS[0])
    stale = [out / "html" / f"{gone}.html", out / "slides" / f"{gone}.slides.html", out / "student" / LESSONS[0]]
    assert all(p.is_file() for p in stale)
    mine = out / "html" / "my_timetable.html"
    mine.write_text("a teacher's own page", encoding="utf-8")
    manifest = read_manifest(copy)
    manifest["notebooks"] = [nb for nb in manifest["notebooks"] if nb["file"] != LESSONS[0]]
    for nb in manifest["notebooks"]:
        nb["prerequisites"] = []
    write_manifest(copy, manifest)
    build(out, log=lambda m: None)
    assert not any(path.exists() for path in stale)
    assert (out / "html" / f"{stem(LESSONS[1])}.html").is_file() and mine.is_file()


def test_a_folder_that_is_not_a_build_is_refused_and_left_alone(copy, tmp_path):
    """--out pointing at a teacher's own folder must not delete what is in it (review row 637)."""
    theirs = tmp_path / "web"
    (theirs / "html").mkdir(parents=True)
    (theirs / "html" / "my_page.html").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="not a build of this course"):
        build(theirs, log=lambda m: None)
    assert (theirs / "html" / "my_page.html").read_text(encoding="utf-8") == "mine"


def test_copies_left_by_a_killed_build_are_removed_by_the_next(copy):
    """A build killed with SIGKILL cannot clean up; the next build removes what it left (review
    rows 620-626), and never the copy of a build that is still running."""
    out = copy / "_build"
    dead = copy / "._build.staging-999999999"
    dead.mkdir()
    (dead / "index.html").write_text("half a course", encoding="utf-8")
    alive = copy / f"._build.staging-{os.getppid()}"  # a process that is running
    alive.mkdir()
    build(out, log=lambda m: None)
    assert not dead.exists() and alive.exists()
    alive.rmdir()


def test_a_build_is_the_same_byte_for_byte_from_another_folder(tmp_path, monkeypatch):
    """The same sources built in two folders give identical files: no path, time or random id
    in any page, deck, student copy, search index or state."""
    from coursecopy import small_course

    outs = []
    for name in ("first", "second-folder"):
        root = small_course(tmp_path / name)
        monkeypatch.setenv("SEEDSOIL_ROOT", str(root))
        build(root / "_build", log=lambda message: None)
        outs.append(root / "_build")
    files = [sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) for out in outs]
    assert files[0] == files[1]
    different = [rel for rel in files[0] if (outs[0] / rel).read_bytes() != (outs[1] / rel).read_bytes()]
    assert different == [], f"files that differ between the two folders: {different[:5]}"


def test_a_learners_build_carries_no_teacher_material(copy, tmp_path):
    out = tmp_path / "learner"
    build(out, audience="learner", log=lambda message: None)
    for page in ("answers.html", "teaching.html", "currency.html"):
        assert not (out / page).exists(), page
    texts = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    texts["search-index.js"] = (out / "search-index.js").read_text(encoding="utf-8")
    for rel, text in texts.items():
        if "_static" in rel:
            continue
        for teacher in (
            "Expected answer",
            '<aside class="notes">',
            '<details class="seedsoil-solution"',
            'class="teacher-toggle"',
            'href="teaching.html"',
            'href="../teaching.html"',
            "Model answer",
        ):
            assert teacher not in text, f"{rel} shows {teacher!r}"
    assert (out / "slides").is_dir() and any((out / "slides").iterdir())
