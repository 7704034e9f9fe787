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
    """--out pointing at a teacher's own folder must not delete what is in it (review row637)."""
    theirs = tmp_path / "web"
    (theirs / "html").mkdir(parents=True)
    (theirs / "html" / "my_page.html").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="not a build of this course"):
        build(theirs, log=lambda m: None)
    assert (theirs / "html" / "my_page.html").read_text(encoding="utf-8") == "mine"


def test_copies_left_by_a_killed_build_are_removed_by_the_next(copy):
    """A build killed with SIGKILL cannot clean up; the next build removes what it left (review
    row625), and never the copy of a build that is still running."""
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
    in any page, deck, student copy, search index or state (review row589); and a forced rebuild in
    the same folder changes nothing (row590)."""
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
    first = {rel: (outs[0] / rel).read_bytes() for rel in files[0]}
    build(outs[1], force=True, log=lambda message: None)
    assert {rel: (outs[1] / rel).read_bytes() for rel in files[0]} == first


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


def test_row630_a_folder_that_cannot_be_swapped_leaves_the_course_and_no_copy(copy, monkeypatch):
    """A read-only bind mount: replacing _build fails with EBUSY (simulated: root may write anywhere)."""
    import errno

    from coursekit import build as build_mod

    out = copy / "_build"
    build(out, log=lambda m: None)
    before = (out / "index.html").read_bytes()
    real = os.replace

    def busy(src, dst):
        if os.fspath(src) == os.fspath(out):
            raise OSError(errno.EBUSY, "Device or resource busy", os.fspath(out))
        return real(src, dst)

    monkeypatch.setattr(build_mod.os, "replace", busy)
    with pytest.raises(BuildError, match="cannot replace .*Device or resource busy.*unchanged"):
        build(out, force=True, log=lambda m: None)
    assert (out / "index.html").read_bytes() == before
    assert not any(".staging" in p.name or ".old" in p.name for p in copy.iterdir())


def test_row636_a_build_folder_that_is_a_symlink_stays_one(copy, tmp_path):
    target = tmp_path / "elsewhere" / "course"
    build(target, log=lambda m: None)
    link = copy / "_build"
    link.symlink_to(target)
    build(link, force=True, log=lambda m: None)
    assert link.is_symlink() and (link / "index.html").is_file()
    # a link to a folder of other files is refused like the folder itself
    other = tmp_path / "mine"
    other.mkdir()
    (other / "precious.txt").write_text("mine", encoding="utf-8")
    link.unlink()
    link.symlink_to(other)
    with pytest.raises(BuildError, match="not a build of this course"):
        build(link, log=lambda m: None)
    assert link.is_symlink() and (other / "precious.txt").read_text(encoding="utf-8") == "mine"


def test_row645_a_notebook_that_course_yml_does_not_list_is_named_not_built(copy):
    """A draft, or a lesson taken out of course.yml: the build says it is not built (it was silent)."""
    out = copy / "_build"
    extra = copy / "notebooks" / "13_extra.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), extra)
    said = []
    build(out, log=said.append)
    assert "not built: notebooks/13_extra.ipynb is not listed in data/course.yml (add it there to build it)" in said
    assert not (out / "html" / "13_extra.html").exists() and (out / "index.html").is_file()


@pytest.mark.full
@pytest.mark.parametrize(
    "row, sig, group",
    [
        (620, "SIGINT", True),
        (621, "SIGINT", False),
        (622, "SIGTERM", False),
        (623, "SIGTERM", True),
        (624, "SIGKILL", False),
        (626, "SIGHUP", True),
    ],
    ids=["row620", "row621", "row622", "row623", "row624", "row626"],
)
def test_an_interrupted_build_stops_promptly_with_its_workers_and_keeps_the_course(copy, row, sig, group):
    """Ctrl-C, kill -INT of the main process, a CI timeout's SIGTERM and a closed terminal's SIGHUP,
    each mid-render, and SIGKILL: the build ends within a bound, no worker outlives it, no staging
    copy is left (after SIGKILL, once the next build has run), the last good course stays, and the
    message is one line."""
    import signal
    import subprocess
    import sys
    import time

    out = copy / "_build"
    build(out, log=lambda m: None)
    before = {p: p.read_bytes() for p in out.rglob("*.html")}
    run = subprocess.Popen(
        [sys.executable, "-m", "coursekit", "build", "--force", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "SEEDSOIL_ROOT": str(copy)},
    )
    try:
        deadline = time.monotonic() + 120
        while not any(".staging" in p.name for p in copy.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert run.poll() is None, "the build ended before it could be interrupted"
        time.sleep(1.0)  # into the rendering
        number = getattr(signal, sig)
        os.killpg(run.pid, number) if group else os.kill(run.pid, number)
        _, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode != 0 and "Traceback" not in err, err
    if sig != "SIGKILL":  # a killed process says nothing; its workers die with it all the same
        assert "unchanged" in err and len(err.strip().splitlines()) <= 2, err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # nothing of the build's process group still runs
        try:
            os.killpg(run.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a worker of the interrupted build is still running")
    if sig == "SIGKILL":  # it could not clean up: the next build removes its copy
        build(out, log=lambda m: None)
    assert not any(".staging" in p.name or ".old" in p.name for p in copy.iterdir())
    assert {p: p.read_bytes() for p in before} == before
