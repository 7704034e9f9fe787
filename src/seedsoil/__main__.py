"""Command line: ``python -m seedsoil {build,execute,stamp,figures,shots,open}``."""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seedsoil", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute the notebooks and build the offline course in _build/")
    b.add_argument("--out", type=Path, help="output folder (default: _build)")
    b.add_argument("--force", action="store_true", help="rebuild everything, ignoring the cache")
    e = sub.add_parser("execute", help="stamp and re-execute notebooks, storing their outputs")
    e.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in course.yml")
    sub.add_parser("stamp", help="refresh the cells generated from course.yml (about, objectives, navigation)")
    f = sub.add_parser("figures", help="export the key diagrams to figures/ as SVG and PNG")
    f.add_argument("--out", type=Path, help="output folder (default: figures/)")
    f.add_argument("--formats", default="svg,png", help="comma-separated: svg,png (default both)")
    f.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    f.add_argument("names", nargs="*", help="default: every figure")
    s = sub.add_parser("shots", help="screenshots of the index and the first two slides of each deck")
    s.add_argument("--out", type=Path, help="default: _build/shots/")
    o = sub.add_parser("open", help="open the built course in a browser, or say where it is")
    o.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    from .build import BuildError

    try:
        if args.command == "build":
            from .build import build

            report = build(args.out, force=args.force)
            print(
                f"built {len(report.built)}, up to date {len(report.skipped)}, "
                f"in {report.seconds:.1f} s -> {report.out / 'index.html'}"
            )
        elif args.command == "execute":
            from .build import store_outputs

            store_outputs(args.notebooks or None)
        elif args.command == "stamp":
            from .stamp import stamp_files

            changed = stamp_files()
            print("stamped: " + (", ".join(p.name for p in changed) or "nothing changed"))
        elif args.command == "figures":
            from .figures import export
            from .paths import project_root

            written = export(args.out or project_root() / "figures", args.names or None,
                             formats=tuple(args.formats.split(",")), dpi=args.dpi)
            print(f"wrote {len(written)} files to {written[0].parent}")
        elif args.command == "shots":
            from .browser import screenshots
            from .paths import project_root

            root = project_root()
            written = screenshots(args.out or root / "_build" / "shots", root, root / "_build")
            print(f"wrote {len(written)} screenshots to {written[0].parent}")
        elif args.command == "open":
            from .paths import project_root

            index = (args.out or project_root() / "_build") / "index.html"
            if not index.exists():
                print(f"{index} does not exist yet: run `make course` first.", file=sys.stderr)
                return 1
            print(f"The course is at {index}")
            print("For slides with speaker notes, run `make serve` and open http://127.0.0.1:8000/")
            interactive = sys.stdout.isatty() and not os.environ.get("CI")
            if interactive and (os.environ.get("DISPLAY") or sys.platform in ("darwin", "win32")):
                webbrowser.open(index.resolve().as_uri())
    except BuildError as exc:
        print(f"build stopped: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # CourseError, GlossaryError, DataError: messages written for people
        if type(exc).__module__.startswith("seedsoil"):
            print(f"{args.command} stopped: {exc}", file=sys.stderr)
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
