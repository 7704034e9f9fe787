"""Build the offline course in ``_build/`` from the stored notebooks, with nbconvert's Python API.

The build renders the outputs stored in the notebooks; it executes nothing.  ``make test`` runs
every notebook once under strict nbval, which proves the stored outputs current (text and
figures), and ``make outputs`` refreshes them.

``python -m coursekit build`` (called by ``make course``) writes::

    _build/index.html                 course home, generated from course.yml
    _build/html/<notebook>.html       reading pages (solutions collapsed in <details>)
    _build/slides/<notebook>.slides.html   reveal.js decks with speaker notes
    _build/student/<notebook>.ipynb   student copies: cells tagged `solution` removed
    _build/glossary.html, teaching.html, setup.html, keypoints.html, answers.html, search.html
    _build/_static/                   reveal.js, require.js, jQuery, MathJax, MiniSearch from node_modules

The package, one job a file: ``pages`` (reading pages, site pages, the home page), ``decks``
(the slide preprocessor and the polls), ``student`` (student copies), ``links`` (every link
rewritten in one place), ``assets`` (the web assets; writing files), ``state`` (what the last
build was made from).

Nothing in the output refers to a web address: the JavaScript comes from the pinned npm packages
in ``node_modules``.  A notebook is rendered again only when it, or what every notebook depends
on, changed; a build with nothing to do reads hashes and stops (no notebook library is imported).
The output does not depend on the folder the project is in, nor on the time.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from seedsoil import course as course_mod

from ..paths import manifest, project_root
from . import state as state_mod
from .assets import STATIC_FILES, copy_static, write_atomic
from .errors import BuildError

STATE_FILE = state_mod.FILE

__all__ = ["BuildError", "Report", "STATE_FILE", "STATIC_FILES", "build", "preflight", "student_copy", "write_atomic"]

# The renderers import nbconvert and nbformat, which a build with nothing to do never needs.
_LAZY = {
    "student_copy": "student",
    "load_polls": "decks",
    "slide_variant": "decks",
    "SlideCodePreprocessor": "decks",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None


class BuildInterrupted(BaseException):
    """A signal (SIGTERM, SIGHUP) asked the build to stop."""


# --- one notebook -------------------------------------------------------------------------------


#: Who the build is for: "teacher" (everything) or "learner" (no answer key, guide, speaker notes,
#: solutions or teacher's notes). Set by build() before any worker is forked, which inherits it.
AUDIENCES = ("teacher", "learner")
_audience = "teacher"


def _render(root: Path, out: Path, file: str, polls: dict) -> tuple[str, float]:
    """Render one stored notebook as a page, a deck and a student copy."""
    import nbformat
    from nbconvert.preprocessors import TagRemovePreprocessor

    from .. import site, tags
    from . import decks, links, pages, student
    from .assets import ASSET_URLS

    t0 = time.perf_counter()
    course = course_mod.load(manifest(root))
    nb = nbformat.read(root / "notebooks" / file, as_version=4)
    try:  # 'Solution' is 'solution'; a look-alike of a course tag stops the build, named
        tags.normalise(nb, f"notebooks/{file}")
    except tags.TagError as error:
        raise BuildError(str(error)) from None
    templates = [str(root / "templates")]
    common = dict(
        extra_template_basedirs=templates,
        extra_template_paths=templates,  # for the shared seedsoil_common.j2
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    learner = _audience == "learner"
    html = pages.exporter(common, learner=learner)
    slides = decks.exporter(root / "templates", polls, common, learner=learner)
    for exporter in (html, slides):
        for name, url in ASSET_URLS.items():
            setattr(exporter, name, url)
        # Helper cells (tag remove-input) show only their output in pages and slides.
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_input_tags={"remove-input"}, enabled=True), enabled=True
        )
    entry = course.by_file(file)
    resources = {
        "metadata": {"name": entry.title},
        "seedsoil": site.nav(course, entry, learner=learner),
        "seedsoil_file": file,
    }
    page, deck, copy = _outputs(out, file)
    body, _ = html.from_notebook_node(nb, resources=dict(resources))
    write_atomic(page, site.add_contents(links.drop_url_comments(links.rewrite(body, course.notebooks, links.LESSON))))
    body, _ = slides.from_notebook_node(nb, resources=dict(resources))
    write_atomic(deck, links.drop_url_comments(links.rewrite(body, course.notebooks, links.DECK)))
    write_atomic(copy, nbformat.writes(student.student_copy(nb)) + "\n")
    return file, time.perf_counter() - t0


def _outputs(out: Path, file: str) -> list[Path]:
    """The files the build makes from one notebook: its page, its deck and its student copy."""
    stem = Path(file).stem
    return [out / "html" / f"{stem}.html", out / "slides" / f"{stem}.slides.html", out / "student" / file]


def _worker_start() -> None:
    """A worker dies with the build that started it, even one killed with SIGKILL (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the line above ran
            os._exit(1)


# --- the whole course ---------------------------------------------------------------------------


def _inputs(root: Path, course: course_mod.Course) -> dict:
    """Hashes of what the build reads: the shared inputs, each notebook, and the site pages' own."""
    shared = state_mod.digest(root, state_mod.shared_inputs(root))
    notebooks = {nb.file: state_mod.digest(root, [root / "notebooks" / nb.file]) for nb in course.notebooks}
    site = state_mod.digest(root, state_mod.site_inputs(root)) + shared + "".join(sorted(notebooks.values()))
    shared += f":{_audience}"  # a learner's build and a teacher's are different builds
    return {"shared": shared, "notebooks": notebooks, "site": hashlib.sha256(site.encode()).hexdigest()}


def _up_to_date(previous: dict, inputs: dict, out: Path) -> bool:
    """The last build was made from exactly these inputs, and every file it wrote is intact."""
    if not previous or previous.get("shared") != inputs["shared"] or previous.get("site") != inputs["site"]:
        return False
    recorded = previous.get("notebooks", {})
    if set(recorded) != set(inputs["notebooks"]):
        return False
    if any(recorded[f].get("source") != d for f, d in inputs["notebooks"].items()):
        return False
    files = dict(previous.get("files", {}))
    for entry in recorded.values():
        files.update(entry.get("outputs", {}))
    return bool(files) and state_mod.outputs_intact(out, files)


def _abandoned_copies(final: Path) -> Iterator[Path]:
    """Staging and old copies left by builds that were killed (their process no longer runs)."""
    for path in final.parent.glob(f".{final.name}.*-*"):
        kind, _, pid = path.name.rpartition("-")
        if not kind.endswith((".staging", ".old")) or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            yield path
        except PermissionError:  # another user's live build
            continue


@contextlib.contextmanager
def _signals_stop_the_build() -> Iterator[None]:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP (a CI timeout, an IDE's stop button, a closed terminal)
    stop the build in one way: workers are stopped, the staging copy removed, the last course kept,
    and the person told so in one line."""

    def stop(signum, frame):
        raise BuildInterrupted(signal.Signals(signum).name)

    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError):  # not the main thread: leave the handlers alone
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def build(
    out: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    log: Callable[[str], None] = print,
    audience: str = "teacher",
) -> Report:
    """Build the course into ``out`` (default ``_build/``); return what was built and skipped.

    The build works in a staging copy of ``out`` (hard links: nothing is copied) and swaps it in
    only when it has succeeded, so a build that fails or is stopped leaves the previous course
    untouched, and a build that changes nothing leaves ``out`` as it was."""
    global _audience
    if audience not in AUDIENCES:
        raise BuildError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    _audience = audience
    t0 = time.perf_counter()
    root = project_root()
    final = Path(out) if out else root / ("_build" if audience == "teacher" else "_build_learner")
    if final.is_symlink():  # build where it points, so that the link still leads to the course
        final = final.resolve()
    for path in _abandoned_copies(final):
        shutil.rmtree(path, ignore_errors=True)
    course = course_mod.load(manifest(root))
    inputs = _inputs(root, course)
    previous = state_mod.read(final / STATE_FILE, log) if final.is_dir() else {}
    if not force and final.is_dir():
        if _up_to_date(previous, inputs, final):
            return Report(skipped=[nb.file for nb in course.notebooks], seconds=time.perf_counter() - t0, out=final)
    # the data, the library and the manifest as the last good build validated them: not again
    preflight(root, final, data_checked=not force and previous.get("shared") == inputs["shared"], log=log)
    stage = final.parent / f".{final.name}.staging-{os.getpid()}"  # one per process: builds may overlap
    shutil.rmtree(stage, ignore_errors=True)
    try:
        if final.exists():
            try:
                shutil.copytree(final, stage, copy_function=os.link, symlinks=True)
            except OSError:  # a file system without hard links
                shutil.rmtree(stage, ignore_errors=True)
                shutil.copytree(final, stage, symlinks=True)
        else:
            stage.mkdir(parents=True)
    except OSError as error:
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError(f"cannot write next to {final}: {error.strerror} ({error.filename})") from None
    from .assets import CHANGED

    CHANGED.clear()
    try:
        with _signals_stop_the_build():
            report = _build_into(root, stage, course, inputs, force=force, jobs=jobs, log=log)
    except BaseException as error:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(error, BuildError):
            raise BuildError(f"{error}\nThe course in {final} is unchanged.") from None
        if isinstance(error, BuildInterrupted):
            raise BuildError(f"stopped by {error}; the course in {final} is unchanged.") from None
        raise
    if final.exists() and not report.built and not CHANGED:
        shutil.rmtree(stage)  # nothing changed: leave the folder a server may be reading alone
    else:
        old = final.parent / f".{final.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        try:
            if final.exists():
                os.replace(final, old)
            os.replace(stage, final)
        except OSError as error:  # a read-only folder or a mount point cannot be swapped
            if old.exists() and not final.exists():
                os.replace(old, final)
            shutil.rmtree(stage, ignore_errors=True)
            raise BuildError(
                f"cannot replace {final}: {error.strerror}; the course in it is unchanged (the build swaps the "
                "whole folder, so it cannot be read-only or a mount point: give --out a folder inside one)"
            ) from None
        shutil.rmtree(old, ignore_errors=True)
    report.out = final
    report.seconds = time.perf_counter() - t0
    return report


def preflight(root: Path, final: Path, *, data_checked: bool = False, log: Callable[[str], None] = print) -> None:
    """The mistakes a contributor can make in the project's files, found in a second, before any
    notebook is rendered, each as one sentence naming the file. ``data_checked``: the data are
    those the last successful build validated (their hashes are the same), so they are not read
    again."""
    from seedsoil import data

    from .. import glossary
    from .assets import missing

    if final.exists() and not final.is_dir():
        raise BuildError(f"{final} is a file: give a folder to build into")
    if final.is_dir() and any(final.iterdir()) and not (final / STATE_FILE).exists():
        raise BuildError(
            f"{final} holds files that are not a build of this course: give a new or empty folder "
            "(the build replaces the whole folder)"
        )
    course = course_mod.load(manifest(root))
    for nb in course.notebooks:
        path = root / "notebooks" / nb.file
        if not path.is_file():
            raise BuildError(f"course.yml lists {nb.file}, but notebooks/{nb.file} does not exist")
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            ok = isinstance(json.loads(text).get("cells"), list)
            why = "it has no list of cells"
        except (ValueError, AttributeError) as error:  # the JSON itself is broken
            ok, why = False, f"{type(error).__name__}: {error}"
        if not ok:
            if "<<<<<<<" in text:
                why = "it holds merge-conflict markers (<<<<<<<)"
            raise BuildError(f"notebooks/{nb.file} is not a readable notebook: {str(why)[:300]}")
    # A notebook course.yml does not list is a draft or a lesson taken out: not built, and said so.
    listed = {nb.file for nb in course.notebooks}
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        if path.name not in listed:
            log(f"not built: notebooks/{path.name} is not listed in data/course.yml (add it there to build it)")
    # The data once, up front: a bad table is reported by file, row and column.
    problems = [] if data_checked else data.validate_all(root / "data")
    if problems:
        raise BuildError("the data in data/ is not valid:\n" + "\n".join(f"  {p}" for p in problems))
    for name in ("TEACHING.md", "SETUP.md"):
        if not (root / name).is_file():
            raise BuildError(f"{name} is missing: the course's {name[:-3].lower()} page is built from it")
    glossary.check(course, root / "data")
    lacking = missing(root)
    if lacking:
        raise BuildError(
            f"{root / 'node_modules'} lacks {', '.join(lacking[:3])}{' …' if len(lacking) > 3 else ''}: install the "
            "pinned web assets with `npm ci` (make course does this)"
        )


def _build_into(
    root: Path, out: Path, course: course_mod.Course, inputs: dict, *, force: bool, jobs: int | None, log
) -> Report:
    from . import decks, pages

    polls = decks.load_polls(root)  # checked once, before anything is written
    for sub in ("html", "slides", "student"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    previous = {} if force else state_mod.read(out / STATE_FILE, log)
    same_shared = previous.get("shared") == inputs["shared"]
    recorded = previous.get("notebooks", {}) if same_shared and isinstance(previous.get("notebooks"), dict) else {}
    copy_static(root, out)  # only what is missing or differs is written

    report = Report(out=out)
    notebooks: dict[str, dict] = {}
    todo = []
    for nb in course.notebooks:
        entry = recorded.get(nb.file, {})
        if entry.get("source") == inputs["notebooks"][nb.file] and state_mod.outputs_intact(out, entry.get("outputs")):
            report.skipped.append(nb.file)
            notebooks[nb.file] = entry
        else:
            todo.append(nb.file)
    if report.skipped:
        log(f"up to date: {len(report.skipped)} notebook(s)")
    for i, (file, seconds) in enumerate(_render_all(root, out, todo, polls, jobs), 1):
        rels = [p.relative_to(out).as_posix() for p in _outputs(out, file)]
        notebooks[file] = {
            "source": inputs["notebooks"][file],
            "outputs": {rel: state_mod.file_hash(out / rel) for rel in rels},
        }
        report.built.append(file)
        log(f"[{i}/{len(todo)}] {file}: page, slides, student copy ({seconds:.1f} s)")

    _remove_stale(out, course, previous.get("notebooks", {}))
    write_atomic(out / "index.html", pages.render_index(course, root, learner=_audience == "learner"))
    site_files = previous.get("files", {}) if same_shared else {}
    site_ok = previous.get("site") == inputs["site"] and not report.built
    if not (site_ok and state_mod.outputs_intact(out, {k: v for k, v in site_files.items() if k != "index.html"})):
        pages.render_site_pages(course, root, out, polls, learner=_audience == "learner")
    # Every other file of the build (site pages, search, assets), so that a damaged one is rebuilt.
    lessons = {rel for entry in notebooks.values() for rel in entry["outputs"]}
    files = {
        rel: state_mod.file_hash(p)
        for p in sorted(out.rglob("*"))
        if p.is_file() and (rel := p.relative_to(out).as_posix()) not in lessons and p.name != STATE_FILE
    }
    new_state = {"shared": inputs["shared"], "site": inputs["site"], "notebooks": notebooks, "files": files}
    write_atomic(out / STATE_FILE, state_mod.write(out / STATE_FILE, new_state))
    return report


def _render_all(root: Path, out: Path, todo: list[str], polls: dict, jobs: int | None) -> Iterator[tuple[str, float]]:
    """Render the notebooks in ``todo``: in this process for one, in worker processes for more.
    Yields (file, seconds) as each finishes; a failure names the notebook."""
    if not todo:
        return
    jobs = max(1, min(jobs or min(2, os.cpu_count() or 1), len(todo)))
    if jobs == 1:
        for file in todo:
            yield _guarded(lambda f=file: _render(root, out, f, polls), file)
        return
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)
    try:
        futures = {pool.submit(_render, root, out, file, polls): file for file in todo}
        for fut in concurrent.futures.as_completed(futures):
            yield _guarded(fut.result, futures[fut])
    except BaseException:
        # Ctrl-C, a signal or a failed notebook: the workers stop now, not after the queue.
        for proc in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _guarded(run: Callable[[], tuple[str, float]], file: str) -> tuple[str, float]:
    try:
        return run()
    except (BuildError, BuildInterrupted, KeyboardInterrupt):
        raise
    except Exception as error:  # a notebook that cannot be read or rendered
        raise BuildError(f"notebooks/{file}: {type(error).__name__}: {error}") from error


def _remove_stale(out: Path, course: course_mod.Course, recorded: dict) -> None:
    """Pages, decks and student copies of notebooks that course.yml no longer lists (renamed or
    removed) leave the course, so no reader finds a lesson that is not in it any more. Only files
    a build wrote are removed: the build knows them from its state."""
    from .assets import CHANGED

    listed = {nb.file for nb in course.notebooks}
    for file, entry in recorded.items():
        if file in listed:
            continue
        for rel in entry.get("outputs", {}) if isinstance(entry, dict) else ():
            path = out / rel
            if path.is_file():
                path.unlink()
                CHANGED.append(path)
