"""A whole build with hostile strings in every source the course shows (issue 18; review rows 5.8, 5.9).

A copy of the project gets a script element, an image with an ``onerror`` handler and an element
with a made-up attribute in a CSV cell of two tables, a bibliography title, course.yml (the
course's subtitle, a lesson title and an objective) and a glossary definition. The two lessons
that show those tables and that title are run again on the spoiled data, the course is built, and
every page, deck and script of the build is read: the strings must arrive as text, and no element
or attribute of theirs may appear.
"""

from __future__ import annotations

import csv
import io
import shutil
from html.parser import HTMLParser

import pytest
import yaml

from coursekit.build import build
from coursekit.notebooks import store_outputs
from coursekit.stamp import stamp_files
from seedsoil import course as course_mod

from nbtools import ROOT

MARK = "xss4e7"
HOSTILE = f'<script>alert("{MARK}")</script><img src=x onerror="alert({MARK})"><b data-{MARK}="1">{MARK}</b>'
LESSONS = ("04_where_it_spreads.ipynb", "09_reading_health_claims.ipynb")


class _Injected(HTMLParser):
    """Elements and attributes that came from the hostile string rather than from the course."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if MARK in name or (name.startswith("on") and MARK in (value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data and "alert(" in data:
            self.found.append(f"<script>{data[:60]}</script>")


def _edit_csv(path, row: int, column: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][column] = f"{rows[row][column]} {HOSTILE}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory):
    copy = tmp_path_factory.mktemp("hostile") / "course"
    copy.mkdir()
    for folder in ("templates", "node_modules"):
        (copy / folder).symlink_to(ROOT / folder)
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, copy / folder)
    for name in ("TEACHING.md", "SETUP.md", "package-lock.json"):
        shutil.copy(ROOT / name, copy / name)
    data = copy / "data"
    _edit_csv(data / "site_effects.csv", 0, "effect")  # shown in lesson 04
    _edit_csv(data / "claims.csv", 0, "claim")  # shown in lesson 09
    _edit_csv(data / "glossary.csv", 0, "definition")
    _replace(data / "references.bib", "{Metastatic progression of breast cancer", "{Metastatic progression " + HOSTILE)
    manifest = yaml.safe_load((data / "course.yml").read_text(encoding="utf-8"))
    lesson = next(nb for nb in manifest["notebooks"] if nb["file"] == LESSONS[0])
    manifest["subtitle"] = f"{HOSTILE} {manifest['subtitle']}"
    lesson["title"] = f"{lesson['title']} {HOSTILE}"
    lesson["objectives"][0]["text"] += f" {HOSTILE}"
    (data / "course.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")

    mp = pytest.MonkeyPatch()
    mp.setenv("SEEDSOIL_ROOT", str(copy))
    mp.setenv("SEEDSOIL_DATA", str(data))  # the kernels read the spoiled tables
    try:
        paths = [copy / "notebooks" / name for name in LESSONS]
        stamp_files(course_mod.load(data / "course.yml"), paths)
        store_outputs(paths, log=lambda message: None)
        build(copy / "_build", log=lambda message: None)
    finally:
        mp.undo()
    return copy / "_build"


def test_hostile_strings_reach_the_pages_as_text_only(hostile_course):
    files = sorted(p for p in hostile_course.rglob("*") if p.suffix in {".html", ".js"} and "_static" not in p.parts)
    shown, injected = set(), {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        if MARK in text:
            shown.add(path.relative_to(hostile_course).as_posix())
        if path.suffix == ".html":
            parser = _Injected()
            parser.feed(text)
            if parser.found:
                injected[path.relative_to(hostile_course).as_posix()] = parser.found[:3]
    assert not injected, f"hostile markup became elements or attributes: {injected}"
    # the strings did arrive (as text), so this test can see an injection where one happens
    for expected in (
        "glossary.html",  # the glossary definition
        "index.html",  # the course's subtitle and a lesson title
        "html/04_where_it_spreads.html",  # a table cell, a bibliography title, an objective
        "slides/04_where_it_spreads.slides.html",
        "html/09_reading_health_claims.html",  # a claim
        "search-index.js",
    ):
        assert expected in shown, f"{expected} does not show the hostile string at all"


def test_the_parser_sees_an_injection():
    parser = _Injected()
    parser.feed(f"<p>{HOSTILE}</p>")
    assert len(parser.found) >= 3
    parser = _Injected()
    parser.feed("<p>" + HOSTILE.replace("<", "&lt;").replace(">", "&gt;") + "</p>")
    assert parser.found == []
