"""Command line of the course toolkit: ``python -m coursekit <command>``; ``--help`` lists the commands."""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show the full traceback when a command stops")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the offline course in _build/ from the stored notebooks")
    b.add_argument("--out", type=Path, help="output folder (default: _build)")
    b.add_argument("--force", action="store_true", help="render everything again, ignoring the cache")
    b.add_argument("--open", action="store_true", help="then say where the course is (and open it in a browser)")
    b.add_argument(
        "--audience",
        choices=("teacher", "learner"),
        default="teacher",
        help="learner: no answer key, teacher's guide, speaker notes or solutions (default out: _build_learner)",
    )
    e = sub.add_parser("outputs", help="stamp and re-execute notebooks, storing their outputs")
    e.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in course.yml")
    sub.add_parser("stamp", help="refresh the cells generated from course.yml (about, objectives, navigation)")
    f = sub.add_parser("figures", help="export the figures tagged in the notebooks to figures/ as SVG and PNG")
    f.add_argument("--out", type=Path, help="output folder (default: figures/)")
    f.add_argument("names", nargs="*", help="default: every figure")
    n = sub.add_parser("bundle", help="write _build/seedsoil-student.zip: student notebooks, wheel, setup page")
    n.add_argument("--wheel", type=Path, required=True, help="the student library's wheel (make dist)")
    s = sub.add_parser("shots", help="screenshots of the index and the first two slides of each deck")
    s.add_argument("--out", type=Path, help="default: _build/shots/")
    h = sub.add_parser("handouts", help="a PDF per slide deck in _build/handouts/, one slide per page")
    h.add_argument("--notes", action="store_true", help="also write <deck>.notes.pdf with the speaker notes")
    h.add_argument("--out", type=Path, help="default: _build/handouts/")
    c = sub.add_parser(
        "slidecheck",
        help="list the slides that do not fit at 16:9 and 4:3, lack speaker notes or carry too many words",
    )
    c.add_argument("lessons", nargs="*", help="lesson ids or numbers (default: every deck)")
    c.add_argument("--out", type=Path, help="the built course (default: _build)")
    r = sub.add_parser("currency", help="write the currency report (how old each row's check is) to _build/")
    r.add_argument("--days", type=int, default=90, help="flag rows checked more than this many days ago")
    r.add_argument("--today", type=_date, help="count ages from this day (YYYY-MM-DD; default: today)")
    r.add_argument("--out", type=Path, help="output folder (default: _build)")
    v = sub.add_parser("serve", help="serve the built course on 127.0.0.1 (only files inside it)")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--out", type=Path, help="the built course (default: _build)")
    u = sub.add_parser("hub", help="run the course on a JupyterHub on 127.0.0.1 (demo log-in; Ctrl-C stops it)")
    u.add_argument("--port", type=int, default=8765, help="the address students open (the next two ports too)")
    y = sub.add_parser(
        "studentrepo", help="write the students' git repository (the built student notebooks) to publish"
    )
    y.add_argument("--out", type=Path, help="the repository folder (default: .hub/course)")
    k = sub.add_parser("hublink", help="print nbgitpuller links: the whole course and each lesson, for a hub")
    k.add_argument("--hub", help="the hub's address, https://... (default: course.yml's hub)")
    k.add_argument("--repo", help="the git repository of student notebooks (default: course.yml's hub repo)")
    k.add_argument("--branch", help="its branch (default: course.yml's, or main)")
    k.add_argument(
        "--binder", metavar="OWNER/NAME", help="also a Binder link, the image built from this GitHub project"
    )
    a = sub.add_parser("assignments", help="write nbgrader versions of the lessons to _build/assignments/")
    a.add_argument("lessons", nargs="*", help="lesson ids or numbers (default: every lesson)")
    a.add_argument("--out", type=Path, help="the nbgrader course folder (default: _build/assignments)")
    a.add_argument("--release", action="store_true", help="also run nbgrader generate_assignment (student versions)")
    g = sub.add_parser(
        "gradebook", help="the nbgrader gradebook as the course reads it: checked and hand-marked points"
    )
    g.add_argument("--folder", type=Path, help="the nbgrader course folder (default: _build/assignments)")
    g.add_argument("--out", type=Path, help="the CSV to write (default: <folder>/gradebook.csv)")
    o = sub.add_parser("open", help="open the built course in a browser, or say where it is")
    o.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    from .build import BuildError
    from .paths import project_root

    root = project_root()
    try:
        if args.command == "build":
            from .build import build

            report = build(args.out, force=args.force, audience=args.audience)
            print(
                f"built {len(report.built)}, up to date {len(report.skipped)}, "
                f"in {report.seconds:.1f} s -> {report.out / 'index.html'}"
            )
            if args.open:
                return _open(report.out)
        elif args.command == "outputs":
            from seedsoil.course import load

            from .notebooks import store_outputs
            from .paths import manifest
            from .stamp import stamp_files

            course = load(manifest(root))
            paths = args.notebooks or [root / "notebooks" / nb.file for nb in course.notebooks]
            for path in paths:
                if not Path(path).is_file():
                    raise BuildError(f"{path}: no such notebook")
                try:
                    course.by_file(path)
                except KeyError:
                    raise BuildError(f"{path}: not a notebook listed in course.yml") from None
            stamp_files(course, [Path(p) for p in paths])
            store_outputs([Path(p) for p in paths])
        elif args.command == "stamp":
            from .stamp import stamp_files

            changed = stamp_files()
            print("stamped: " + (", ".join(p.name for p in changed) or "nothing changed"))
        elif args.command == "figures":
            from .figures import export

            written = export(args.out or root / "figures", args.names or None)
            print(f"wrote {len(written)} files to {written[0].parent}")
        elif args.command == "bundle":
            from .bundle import bundle

            path = bundle(root, args.wheel)
            print(f"wrote {path}")
        elif args.command == "shots":
            from .browser import screenshots

            written = screenshots(args.out or root / "_build" / "shots", root, root / "_build")
            print(f"wrote {len(written)} screenshots to {written[0].parent}")
        elif args.command == "handouts":
            from .handouts import handouts

            written = handouts(root, root / "_build", args.out or root / "_build" / "handouts", notes=args.notes)
            short = [f"{p.name}: {pages} pages for {slides} slides" for p, pages, slides in written if pages != slides]
            if short:
                print("handouts stopped: a PDF does not have one page per slide: " + "; ".join(short), file=sys.stderr)
                return 1
        elif args.command == "slidecheck":
            from .deckwalk import check_decks

            found = check_decks(root, args.out or root / "_build", only=args.lessons or None)
            print("\n".join(found + [f"{len(found)} problems"]))
            return 1 if found else 0
        elif args.command == "currency":
            import datetime as dt

            from seedsoil.course import load

            from . import currency
            from .paths import manifest

            course = load(manifest(root))
            rep = currency.report(course, root, args.today or dt.date.today(), args.days)
            out = args.out or root / "_build"
            out.mkdir(parents=True, exist_ok=True)
            (out / "currency.html").write_text(currency.page(rep, course), encoding="utf-8")
            oldest = rep.rows[0]
            print(
                f"{len(rep.rows)} time-sensitive rows; oldest check {oldest.verified_on} ({oldest.table}: "
                f"{oldest.label}); {len(rep.stale)} older than {args.days} days; {len(rep.pending)} regulatory "
                f"cells to check again -> {out / 'currency.html'}"
            )
        elif args.command == "serve":
            from .serve import server

            try:
                httpd = server(args.out or root / "_build", args.port)
            except OSError as error:
                if error.errno not in (98, 48):  # address in use (Linux, macOS)
                    raise
                print(f"serve stopped: port {args.port} is in use; try `make serve PORT=8001`", file=sys.stderr)
                return 1
            print(f"Serving the course at http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C to stop)")
            try:
                httpd.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                httpd.server_close()
        elif args.command == "hub":
            return _hub(root, args.port)
        elif args.command == "studentrepo":
            from .hub import hub_dir, student_repo

            repo = student_repo(root, root / "_build", args.out or hub_dir(root) / "course")
            print(
                f"wrote {repo}: the student notebooks, committed. Publish it, for example:\n"
                f"  git -C {repo} remote add origin <your new, empty repository's address>\n"
                f"  git -C {repo} push -u origin main"
            )
        elif args.command == "hublink":
            from seedsoil.course import load

            from .hub import BRANCH, links
            from .paths import manifest

            course = load(manifest(root))
            hub = args.hub or (course.hub.url if course.hub else None)
            repo = args.repo or (course.hub.repo if course.hub else None)
            if not hub or not repo:
                print(
                    "hublink stopped: give --hub https://your.hub and --repo https://.../student-notebooks.git "
                    "(or name them under 'hub:' in data/course.yml)",
                    file=sys.stderr,
                )
                return 2
            branch = args.branch or (course.hub.branch if course.hub else BRANCH)
            for what, link in links(course, hub, repo, branch):
                print(f"{what}\n  {link}")
            if args.binder:
                from .hub import binder_link

                print(f"the whole course on Binder (public, nothing saved)\n  {binder_link(args.binder, repo, branch)}")
        elif args.command == "assignments":
            from .assignments import write_assignments

            written = write_assignments(root, args.out or root / "_build" / "assignments", args.lessons, args.release)
            print(f"wrote {len(written)} nbgrader source notebooks -> {written[0].parent.parent.parent}")
        elif args.command == "gradebook":
            from .assignments import gradebook

            folder = args.folder or root / "_build" / "assignments"
            print(f"wrote {gradebook(folder, args.out or folder / 'gradebook.csv')}")
        elif args.command == "open":
            return _open(args.out or root / "_build")
    except KeyboardInterrupt:  # Ctrl-C outside a build's own handling (while it checks the project)
        if args.debug:
            raise
        print(f"{args.command} stopped by Ctrl-C", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        # One line for the person at the keyboard: the project's own errors (BuildError,
        # CourseError, DataError...) are written for people; a file-system error names its file.
        if isinstance(exc, OSError) and exc.filename:
            message = f"{exc.strerror}: {exc.filename}"
        elif type(exc).__module__.startswith(("seedsoil", "coursekit")) or isinstance(exc, ValueError):
            message = str(exc)
        else:
            message = f"{type(exc).__name__}: {exc} (run with --debug for the traceback)"
        print(f"{args.command} stopped: {message}", file=sys.stderr)
        return 1
    return 0


def _hub(root: Path, port: int) -> int:
    """make hub: the students' repository from the built course, then JupyterHub on 127.0.0.1."""
    import signal
    import time

    def stop(signum, frame):  # a closed terminal or a kill stops the hub as Ctrl-C does
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    # a shell starting this in the background ignores SIGINT for it: Ctrl-C and kill -INT still stop it
    signal.signal(signal.SIGINT, signal.default_int_handler)

    from .hub import TARGET, LocalHub, hub_dir, pull_link, student_repo

    folder = hub_dir(root)
    repo = student_repo(root, root / "_build", folder / "course")
    with LocalHub(root, folder, port, repo=f"file://{repo}") as hub:
        link = pull_link(hub.url, f"file://{repo}", notebook="00_start_here.ipynb")
        print(
            f"JupyterHub is running at {hub.url}/ (this machine only). Log in under any name: the demo\n"
            f"accepts every name without a password; 'teacher' is an administrator. Logging in pulls the\n"
            f"student notebooks into ~/{TARGET} and opens lesson 00; the one-click link that does the same\n"
            f"for a user already logged in:\n  {link}\n"
            f"Ctrl-C stops the hub and every student's server (logs: {folder / 'logs'})."
        )
        try:
            while hub.process.poll() is None:
                time.sleep(0.5)
            print(f"JupyterHub stopped by itself (exit {hub.process.returncode}); see {folder / 'logs' / 'hub.log'}")
            return 1
        except KeyboardInterrupt:
            print("stopping the hub and the students' servers ...")
    return 0


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def _open(out: Path) -> int:
    """Say where the built course is; open it in a browser when someone is at a screen."""
    index = out / "index.html"
    if not index.exists():
        print(f"{index} does not exist yet: run `make course` first.", file=sys.stderr)
        return 1
    print(f"The course is at {index}")
    print("For slides with speaker notes, run `make serve` and open http://127.0.0.1:8000/")
    interactive = sys.stdout.isatty() and not os.environ.get("CI")
    if interactive and (os.environ.get("DISPLAY") or sys.platform in ("darwin", "win32")):
        webbrowser.open(index.resolve().as_uri())
    return 0


if __name__ == "__main__":
    sys.exit(main())
