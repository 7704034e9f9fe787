"""The student bundle, ``_build/seedsoil-student.zip``: what a teacher puts on a learning
platform or a USB stick (``make bundle``).

Inside one folder, ``seedsoil-student/``:

- ``notebooks/``: the student copies from the build (no solutions, no speaker notes) and the
  glossary;
- the student library's wheel (``make dist``);
- ``requirements.txt``: the wheel plus the pinned versions of what the notebooks need;
- ``SETUP.md``: the learner's setup page.
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from pathlib import Path

from seedsoil import course as course_mod

from .paths import manifest

NAME = "seedsoil-student"


def requirements(root: Path, wheel: Path) -> str:
    """The wheel and the exact versions (from the project's pins) of what it and Jupyter need."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["lab"]]
    names = [re.split(r"[<>=\[\s]", w)[0].lower().replace("_", "-") for w in wanted]
    pins = {}
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    missing = [n for n in names if n not in pins]
    if missing:
        raise ValueError(f"requirements.txt pins no version of {', '.join(missing)}")
    lines = ["# Install with: pip install -r requirements.txt (see SETUP.md)", f"./{wheel.name}"]
    return "\n".join(lines + [f"{n}=={pins[n]}" for n in sorted(set(names))]) + "\n"


def bundle(root: Path, wheel: Path, build_dir: Path | None = None) -> Path:
    """Write the zip from the built student copies and ``wheel``; return its path."""
    build_dir = build_dir or root / "_build"
    wheel = Path(wheel)
    if not wheel.is_file() or wheel.suffix != ".whl":
        raise FileNotFoundError(f"{wheel}: not a wheel file; build one with `make dist`")
    if not wheel.name.startswith("seedsoil-"):
        raise ValueError(f"{wheel.name}: not the course's student library (seedsoil-*.whl); build it with `make dist`")
    course = course_mod.load(manifest(root))
    student = build_dir / "student"
    files = [student / nb.file for nb in course.notebooks] + [student / "glossary.md"]
    absent = [f.name for f in files if not f.is_file()]
    if absent:
        raise FileNotFoundError(f"{student} lacks {', '.join(absent)}: build the course first (make course)")
    out = build_dir / f"{NAME}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f"{NAME}/notebooks/{f.name}")
        z.write(wheel, f"{NAME}/{wheel.name}")
        z.writestr(f"{NAME}/requirements.txt", requirements(root, wheel))
        z.write(root / "SETUP.md", f"{NAME}/SETUP.md")
    return out
