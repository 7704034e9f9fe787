"""Files as people really save them (issue 18): a table saved by Excel (UTF-8 with a byte-order
mark, Windows-1252, semicolons, Windows line endings) loads like the original, and what cannot
be read is reported with the file and the line."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from seedsoil import course, data, references

from nbtools import ROOT

TABLE = "site_effects"


def _semicolons(text: str) -> str:
    """The table as a spreadsheet set to a European locale saves it: fields split by ';'."""
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return out.getvalue()


def _copy_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


@pytest.mark.parametrize(
    "save",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),  # CSV UTF-8 (Excel)
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),  # Windows line endings
        lambda text: text.encode("cp1252"),  # a spreadsheet on Windows
        lambda text: _semicolons(text).encode("utf-8"),  # a European Excel
    ],
    ids=["bom", "crlf", "cp1252", "semicolons"],
)
def test_a_table_saved_by_a_spreadsheet_validates_and_loads_like_the_original(tmp_path, save):
    folder = _copy_data(tmp_path)
    path = folder / "organ_blood_flow.csv"
    original = data.load("organ_blood_flow")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(save(text))
    assert data.validate("organ_blood_flow", folder) == []
    pd.testing.assert_frame_equal(data.load("organ_blood_flow", folder), original)


def test_a_table_with_bytes_that_are_no_text_names_the_file_and_line(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / f"{TABLE}.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3] + b"\x81\x8d"  # undefined even in Windows-1252
    path.write_bytes(b"\n".join(lines))
    problems = data.validate(TABLE, folder)
    assert problems and "line 4" in str(problems[0]) and "UTF-8" in str(problems[0]) and TABLE in str(problems[0])


def test_course_yml_and_references_bib_in_another_encoding(tmp_path):
    manifest = tmp_path / "course.yml"
    manifest.write_bytes(b"\xef\xbb\xbf" + (ROOT / "data" / "course.yml").read_bytes())  # a BOM is fine
    assert course.load(manifest).title == "Seed & Soil"
    manifest.write_bytes(
        (ROOT / "data" / "course.yml")
        .read_text(encoding="utf-8")
        .encode("cp1252", "replace")
        .replace(b"title: Seed", b"title: S\xe9ed")
    )
    with pytest.raises(course.CourseError, match=r"course.yml: line \d+: byte 0x.. is not UTF-8"):
        course.load(manifest)
    bib = tmp_path / "references.bib"
    bib.write_bytes("@misc{k, title = {Caf\u00e9}, year = {2020}, url = {https://x.org}}\n".encode("cp1252"))
    with pytest.raises(ValueError, match=r"references.bib: line 1: byte 0xe9 is not UTF-8"):
        references.load(bib)
