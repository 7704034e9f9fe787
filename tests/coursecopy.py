"""A small copy of the project to change and build on its own: the tests that break, interrupt or
spoil a build work on two lessons, not on all of them.

The copy has the project's data (course.yml and the glossary cut down to the lessons kept), its
templates and web assets (linked, not copied), the guide and setup pages, and the notebooks named.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import nbformat
import yaml

from nbtools import ROOT

#: Two short lessons with figures, tables, polls and an explain item.
LESSONS = ("00_start_here.ipynb", "03_seed_and_soil.ipynb")


def small_course(dest: Path, lessons: tuple[str, ...] = LESSONS, extra: dict | None = None) -> Path:
    """A copy of the project in ``dest/course`` whose course.yml lists only ``lessons`` (and any
    ``extra`` notebooks: file -> (manifest entry, NotebookNode)); returns its root."""
    root = Path(dest) / "course"
    root.mkdir(parents=True)
    for folder in ("templates", "node_modules"):
        (root / folder).symlink_to(ROOT / folder)
    shutil.copytree(ROOT / "data", root / "data")
    (root / "notebooks").mkdir()
    for name in (*lessons, "glossary.md"):
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks" / name)
    for name in ("TEACHING.md", "SETUP.md", "package-lock.json"):
        shutil.copy(ROOT / name, root / name)

    manifest = yaml.safe_load((ROOT / "data" / "course.yml").read_text(encoding="utf-8"))
    kept = [nb for nb in manifest["notebooks"] if nb["file"] in lessons]
    for file, (entry, nb) in (extra or {}).items():
        kept.append({**entry, "file": file})
        nbformat.write(nb, root / "notebooks" / file)
    ids = {nb["id"] for nb in kept}
    for nb in kept:
        nb["prerequisites"] = [p for p in nb.get("prerequisites", []) if p in ids]
    manifest["notebooks"] = kept
    manifest.pop("planned", None)
    # the sessions and the old pages' redirects are the whole course's
    manifest.pop("sessions", None)
    manifest["moved"] = {old: new for old, new in (manifest.get("moved") or {}).items() if new in ids}
    write_manifest(root, manifest)

    # the glossary keeps the terms whose first lesson is in the copy
    path = root / "data" / "glossary.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(r for r in rows if r["first_notebook"] in ids)
    path.write_text(out.getvalue(), encoding="utf-8")
    return root


def read_manifest(root: Path) -> dict:
    return yaml.safe_load((root / "data" / "course.yml").read_text(encoding="utf-8"))


def write_manifest(root: Path, manifest: dict) -> None:
    (root / "data" / "course.yml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
