"""What the last build was made from: ``_build/.build-state.json``.

The state records a content hash of the inputs (the notebook itself, what every notebook depends
on, what the site pages depend on) and of every file built from them. A build whose inputs and
outputs all match does nothing, and a deleted or damaged page is rebuilt. Hashes cover file
*contents* and paths *relative to the project*, so moving or copying the project changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

FILE = ".build-state.json"
VERSION = 2

#: The toolkit modules whose code shapes every page and deck (the build itself, the polls, the
#: site shell, the glossary, the answer key, the generated-cell markers).
_TOOLKIT = ("polls.py", "site.py", "glossary.py", "answerkey.py", "cells.py")


def digest(root: Path, paths: Iterable[Path]) -> str:
    """One hash of the files' contents and their paths relative to ``root``."""
    h = hashlib.sha256()
    for p in sorted(Path(p) for p in paths):
        try:
            name = p.relative_to(root).as_posix()
        except ValueError:  # a file outside the project (the toolkit, when installed elsewhere)
            name = p.name
        h.update(name.encode() + b"\0")
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def file_hash(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return [p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts]


def shared_inputs(root: Path) -> list[Path]:
    """Everything every page and deck depends on besides its own notebook: the manifest, the
    templates, the pinned web assets, the data (polls ask the exercises' checks, which read it),
    the student library's code (the lessons' checks and polls) and the toolkit code that renders."""
    import seedsoil

    toolkit = Path(__file__).resolve().parents[1]
    files = [root / "data" / "course.yml", root / "package-lock.json"]
    files += _files(root / "templates") + _files(root / "data")
    files += _files(Path(seedsoil.__file__).parent, "*.py")
    files += _files(Path(__file__).parent, "*.py") + [toolkit / name for name in _TOOLKIT]
    return files


def site_inputs(root: Path) -> list[Path]:
    """What the site pages depend on besides the shared inputs: the guide, the setup page and the
    glossary page (key points, the answer key and search read the notebooks and built pages)."""
    return [root / "TEACHING.md", root / "SETUP.md", root / "notebooks" / "glossary.md"]


def read(path: Path, log: Callable[[str], None]) -> dict:
    """The last build's record; an empty, corrupt, old or unreadable one only means "build everything"."""
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        log(f"{path.name} could not be read: building everything again")
        return {}
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return {}
    return state


def outputs_intact(out: Path, recorded: dict) -> bool:
    """Every file in ``recorded`` (path relative to ``out`` -> hash) is there, unchanged."""
    return isinstance(recorded, dict) and all(file_hash(out / rel) == h for rel, h in recorded.items())


def write(path: Path, state: dict) -> str:
    return json.dumps({**state, "version": VERSION}, indent=1, sort_keys=True)
