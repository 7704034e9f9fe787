"""seedsoil.data and data/: every table validates, and broken copies fail with file, row and column."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from seedsoil import data, references
from seedsoil.data import DataError

from nbtools import NOTEBOOK_FILES, ROOT, read_notebook

NAMES = data.names()


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ to break."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def edit(folder, name, old, new, count=1):
    path = folder / f"{name}.csv"
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}.csv"
    path.write_text(text.replace(old, new, count))


@pytest.mark.parametrize("name", NAMES)
def test_every_table_validates_and_loads(name):
    assert data.validate(name) == []
    df = data.load(name)
    assert len(df) > 0


def test_package_lists_exactly_the_csv_files():
    on_disk = sorted(p.stem for p in (ROOT / "data").glob("*.csv"))
    assert sorted(NAMES) == on_disk


def test_every_row_with_a_number_cites_a_source():
    keys = set(references.load())
    for name in NAMES:
        df = data.load(name)
        key_cols = [c for c in ("source", "sources") if c in df]
        if name in ("glossary",):
            continue
        assert key_cols, f"{name} has no source column"
        for col in key_cols:
            for cell in df[col]:
                assert all(k in keys for k in cell.split(";")), (name, cell)


def test_every_reference_is_used():
    """No dead entries: each key is cited by a data row or a notebook."""
    used = set()
    for name in NAMES:
        df = data.load(name)
        for col in ("source", "sources", "guidelines", "regulatory_sources"):
            if col in df:
                for cell in df[col].dropna():
                    used |= {k.strip() for k in cell.split(";")}
    for file in NOTEBOOK_FILES:
        for cell in read_notebook(file).cells:
            used |= set(re.findall(r"#ref-([A-Za-z0-9_]+)", cell.source))
            used |= set(re.findall(r'"([A-Za-z0-9_]+)"', cell.source)) & set(references.load())
    assert set(references.load()) - used == set()


def test_site_rows_state_their_denominator():
    sites = data.load("metastatic_sites")
    assert sites["population"].str.len().min() > 10
    assert set(sites["cohort_type"]) == {"autopsy", "metastatic_clinical", "de_novo_stage_iv", "all_new_diagnoses"}
    has_number = sites["percent"].notna() | (sites["n_with_site"].notna() & sites["n_total"].notna())
    assert has_number.all()
    pct = pd.concat(
        [sites["percent"].dropna()]
        + [
            data.load(n)[c]
            for n, c in [
                ("organ_blood_flow", "percent_cardiac_output"),
                ("hereditary_risk", "value_percent"),
                ("recurrence_hazard", "value_percent"),
            ]
        ]
    )
    assert pct.between(0, 100).all()


def test_seventy_percent_bone_has_its_real_denominator():
    """'Bone in about 70%' is an autopsy figure, not a figure for all patients."""
    sites = data.load("metastatic_sites")
    coleman = sites[(sites.source == "coleman2006") & (sites.site == "bone")]
    assert list(coleman.cohort_type) == ["autopsy"] and list(coleman.percent) == [70]
    all_new = sites[(sites.cohort_type == "all_new_diagnoses") & (sites.site == "bone")]
    assert (all_new.percent.dropna() < 5).all()


def test_treatments_carry_date_and_guidelines():
    t = data.load("treatments")
    assert t["verified_on"].notna().all() and t["guidelines"].str.len().min() > 0
    with_hr = t[t.hazard_ratio.notna()]
    assert with_hr["trial"].notna().all() and with_hr["endpoint"].notna().all()


def test_every_treatment_row_says_where_its_regulatory_status_was_read():
    t = data.load("treatments")
    systemic = t[t.approach == "systemic"]
    assert systemic["fda"].str.len().min() > 0 and systemic["ema"].str.len().min() > 0
    dated = t[t.fda.str.contains(r"\d{4}") | t.ema.str.contains(r"\d{4}")]
    assert dated["regulatory_sources"].notna().all(), "a regulatory date needs the source it was read in"
    assert set(t.guideline_status) <= {"in_guidelines_consulted", "not_verified_in_guidelines", "no_benefit"}
    # Both randomised trials of primary-tumour surgery in de novo stage IV found no survival benefit,
    # and ablating every metastasis of oligometastatic disease did not delay progression.
    assert set(t.loc[t.guideline_status == "no_benefit", "trial"]) == {
        "Badwe 2015 (Tata Memorial)",
        "E2108 (ECOG-ACRIN)",
        "NRG-BR002",
    }


def test_unknown_table_name():
    with pytest.raises(ValueError, match="No data table called 'sites'"):
        data.load("sites")


# --- broken copies: each must name the file, the row and the column ---------------------------


def problems_of(folder, name):
    with pytest.raises(DataError) as info:
        data.load(name, data_dir=folder)
    return info.value, info.value.problems


def test_percentage_of_170(data_copy):
    edit(data_copy, "metastatic_sites", "bone,all,autopsy,involved,74,", "bone,all,autopsy,involved,170,")
    err, probs = problems_of(data_copy, "metastatic_sites")
    assert (probs[0].file, probs[0].row, probs[0].column) == ("data/metastatic_sites.csv", 2, "percent")
    assert "'170' must be at most 100" in str(err)
    assert "data/metastatic_sites.csv, row 2, column 'percent'" in str(err)


def test_unknown_source_key(data_copy):
    edit(data_copy, "survival", "2008-2016,deluche2020,", "2008-2016,deluch2020,")
    err, probs = problems_of(data_copy, "survival")
    assert (probs[0].row, probs[0].column) == (2, "source")
    assert "citation key 'deluch2020' is not in data/references.bib" in str(err)


def test_wrong_type(data_copy):
    edit(data_copy, "hereditary_risk", "BRCA1,breast cancer,72,", "BRCA1,breast cancer,seventy-two,")
    err, probs = problems_of(data_copy, "hereditary_risk")
    assert (probs[0].row, probs[0].column) == (2, "value_percent")
    assert "'seventy-two' is not a valid number" in str(err)


def test_missing_column(data_copy):
    path = data_copy / "organ_blood_flow.csv"
    lines = [",".join(line.split(",")[:-1]) for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")
    err, probs = problems_of(data_copy, "organ_blood_flow")
    assert probs[0].column == "note" and "the column is missing" in probs[0].message


def test_empty_file(data_copy):
    (data_copy / "claims.csv").write_text("")
    err, probs = problems_of(data_copy, "claims")
    assert probs == [data.Problem("data/claims.csv", None, None, "the file is empty (expected a header row and data)")]


def test_missing_file(data_copy):
    (data_copy / "glossary.csv").unlink()
    err, probs = problems_of(data_copy, "glossary")
    assert probs[0].message == "file not found"


def test_value_not_in_allowed_list(data_copy):
    edit(data_copy, "claims", ",outdated,", ",old,")
    err, probs = problems_of(data_copy, "claims")
    assert probs[0].column == "verdict" and "must be one of: supported, outdated" in probs[0].message


def test_estimate_outside_its_confidence_interval(data_copy):
    edit(data_copy, "treatments", ",0.76,0.63,0.93,", ",0.96,0.63,0.93,")
    err, probs = problems_of(data_copy, "treatments")
    assert (probs[0].row, probs[0].column) == (2, "hazard_ratio") and "outside its confidence interval" in str(err)


def test_count_larger_than_denominator(data_copy):
    edit(data_copy, "metastatic_sites", ",8848,243896,", ",243897,243896,")
    err, probs = problems_of(data_copy, "metastatic_sites")
    assert probs[0].column == "n_with_site" and "larger than n_total" in probs[0].message


def test_all_problems_are_listed_not_just_the_first(data_copy):
    edit(data_copy, "glossary", "metastasis,", "metastasis,", 1)
    path = data_copy / "glossary.csv"
    path.write_text(path.read_text() + "metastasis,duplicate,start_here\n,,\n")
    empty_row = len(path.read_text().splitlines())  # spreadsheet numbering: the header is row 1
    err, probs = problems_of(data_copy, "glossary")
    assert len(probs) >= 2
    assert any("must be unique" in p.message for p in probs)
    assert any(p.message == "the row is empty" and p.row == empty_row for p in probs)


def test_edited_file_is_revalidated(data_copy):
    rows = len((data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert len(data.load("claims", data_dir=data_copy)) == rows
    edit(data_copy, "claims", ",outdated,", ",old,")
    with pytest.raises(DataError):
        data.load("claims", data_dir=data_copy)


def test_glossary_points_at_course_notebooks(course):
    ids = {nb.id for nb in course.notebooks} | {p.id for p in course.planned}
    glossary = data.load("glossary")
    assert set(glossary["first_notebook"]) <= ids


def test_readme_records_where_every_source_was_read():
    readme = (ROOT / "data" / "README.md").read_text()
    missing = [k for k in references.load() if k not in readme]
    assert missing == []
