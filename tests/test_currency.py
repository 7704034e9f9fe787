"""A course that knows how old it is (issue 26): every time-sensitive table carries verified_on,
the data package refuses one without it, and the currency report lists what it should for a day
passed in (never today's date: a test must not change with the calendar)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil

import pytest

from coursekit import currency
from seedsoil import data

from nbtools import COURSE, ROOT

TIME_SENSITIVE = {"treatments", "trial_results", "side_effects", "us_disparities"}


def test_every_time_sensitive_table_carries_verified_on_and_validates():
    assert set(currency.time_sensitive()) == TIME_SENSITIVE
    for name in TIME_SENSITIVE:
        df = data.load(name)
        assert df["verified_on"].notna().all(), name
        assert all(dt.date.fromisoformat(str(v)) for v in df["verified_on"])
    assert data.validate_all() == []


def _copy(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(ROOT / "data", root / "data")
    (root / "notebooks").symlink_to(ROOT / "notebooks")
    (root / "src").symlink_to(ROOT / "src")
    return root


def _set(root, table, updates: dict[str, str], column="verified_on", key="id"):
    path = root / "data" / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for r in rows:
        if r[key] in updates:
            r[column] = updates[r[key]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_time_sensitive_table_without_verified_on_is_refused(tmp_path):
    root = _copy(tmp_path)
    desc = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    table = next(r for r in desc["resources"] if r["name"] == "side_effects")
    table["schema"]["fields"] = [f for f in table["schema"]["fields"] if f["name"] != "verified_on"]
    (root / "data" / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(data.DataError, match=r"side_effects.*needs a required date field 'verified_on'"):
        data.validate_all(root / "data")


def test_a_check_dated_in_the_future_is_refused(tmp_path):
    root = _copy(tmp_path)
    _set(root, "treatments", {"bone_rt": "2999-01-01"})
    problems = data.validate("treatments", root / "data")
    assert any(p.column == "verified_on" and "future" in p.message for p in problems), problems


def test_the_report_orders_rows_by_age_flags_old_ones_and_lists_pending_decisions(tmp_path):
    root = _copy(tmp_path)
    _set(root, "treatments", {"bone_rt": "2026-01-10", "her2_1l_dual": "2026-08-01"})
    today = dt.date(2026, 12, 10)
    rep = currency.report(COURSE, root, today, threshold_days=90)
    assert (rep.rows[0].label, rep.rows[0].verified_on, rep.rows[0].age_days) == ("bone_rt", dt.date(2026, 1, 10), 334)
    assert rep.rows[1].label == "her2_1l_dual" and rep.rows[1].age_days == 131
    assert [r.label for r in rep.stale] == ["bone_rt", "her2_1l_dual"]
    assert all(r.age_days <= 90 for r in rep.rows[2:])
    assert [a.age_days for a in rep.rows] == sorted((a.age_days for a in rep.rows), reverse=True)
    pending = {(row, column) for row, column, _ in rep.pending}
    assert ("treatments: hrpos_1l_camizestrant_switch", "fda") in pending  # under review
    assert ("treatments: hrpos_2l_vepdegestrant", "ema") in pending  # not found
    assert not any(row.endswith("hrpos_2l_elacestrant") for row, _ in pending)  # approved in both
    assert any("ESMO" in g for g in rep.guidelines)
    page = currency.page(rep, COURSE)
    assert "2026-12-10" in page and page.index("bone_rt") < page.index("her2_1l_dual") and "<script" not in page
    # a shorter threshold flags more; a negative one is refused
    assert len(currency.report(COURSE, root, today, threshold_days=0).stale) == len(rep.rows)
    with pytest.raises(ValueError, match="--days"):
        currency.report(COURSE, root, today, threshold_days=-1)


def test_a_lesson_is_checked_as_of_the_oldest_row_it_uses(tmp_path):
    root = _copy(tmp_path)
    _set(root, "trial_results", {"veritac2_all": "2026-02-02"})
    assert currency.checked_as_of(root, COURSE["treatment_evidence"], root / "data") == dt.date(2026, 2, 2)
    assert "trial_results" not in currency.tables_used(root, COURSE["where_it_spreads"])
    assert currency.checked_as_of(root, COURSE["start_here"], root / "data") is None
