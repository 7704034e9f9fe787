"""How old is each row? The currency report, and the "content checked as of" date of each lesson.

Medical content ages by the week. Every row of a time-sensitive table (``"time_sensitive": true``
in ``data/datapackage.json``) carries ``verified_on``: the date its figures were last checked at
their source. This module reads those dates and

- gives each lesson the oldest ``verified_on`` among the rows of the tables it uses (its page
  and deck say "content checked as of" that date);
- writes the currency report (``make currency`` -> ``_build/currency.html``): each lesson's
  treatment "as of" date and checked date, every time-sensitive row oldest first with its age,
  the rows older than a threshold (90 days unless told), every regulatory cell that says "not
  found", "under review" or only "recommended" (the first things to check again), and the
  guideline versions the course follows.

It is a report, not a test: the ages depend on the day it is made. The build writes it with ages
counted from the newest check in the data (so that a build is the same from any folder on any
day); ``make currency`` counts them from today.

    python -m coursekit currency [--days 90] [--today 2026-12-04]
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from seedsoil import data
from seedsoil.course import Course, Notebook

#: Regulatory cells to check again first.
PENDING = re.compile(r"not found|under review|recommended", re.I)
THRESHOLD_DAYS = 90
_LOADS = re.compile(r"""load\(\s*["']([a-z_]+)["']""")


def time_sensitive(data_dir: Path | None = None) -> list[str]:
    """The tables whose rows carry ``verified_on``."""
    return [r["name"] for r in data.descriptor(data_dir)["resources"] if r.get("time_sensitive")]


def tables_used(root: Path, nb: Notebook) -> set[str]:
    """The data tables a lesson loads: in its notebook's code and in its lesson module."""
    import nbformat

    text = "\n".join(
        c.source for c in nbformat.read(root / "notebooks" / nb.file, as_version=4).cells if c.cell_type == "code"
    )
    module = root / "src" / "seedsoil" / "lessons" / f"{nb.id}.py"
    if module.exists():
        text += module.read_text(encoding="utf-8")
    return set(_LOADS.findall(text))


def checked_as_of(root: Path, nb: Notebook, data_dir: Path | None = None) -> dt.date | None:
    """The oldest ``verified_on`` among the rows of the time-sensitive tables the lesson uses
    (None if it uses none)."""
    dates = [
        dt.date.fromisoformat(str(v))
        for name in sorted(tables_used(root, nb) & set(time_sensitive(data_dir)))
        for v in data.load(name, data_dir)["verified_on"].dropna()
    ]
    return min(dates) if dates else None


@dataclass
class Row:
    table: str
    label: str
    verified_on: dt.date
    age_days: int


@dataclass
class Report:
    today: dt.date
    threshold_days: int
    lessons: list[tuple[Notebook, dt.date | None]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    pending: list[tuple[str, str, str]] = field(default_factory=list)  # (row, column, cell)
    guidelines: list[str] = field(default_factory=list)

    @property
    def stale(self) -> list[Row]:
        return [r for r in self.rows if r.age_days > self.threshold_days]


def _label(name: str, row) -> str:
    for key in ("id", "trial", "drug", "measure"):
        if key in row and isinstance(row[key], str) and row[key]:
            extra = f", {row['effect']}" if key == "drug" and "effect" in row else ""
            return f"{row[key]}{extra}"
    return f"row {row.name + 2}"


def newest_check(data_dir: Path | None = None) -> dt.date:
    """The newest ``verified_on`` in the data: the build's fixed reference day."""
    return max(
        dt.date.fromisoformat(str(v))
        for name in time_sensitive(data_dir)
        for v in data.load(name, data_dir)["verified_on"].dropna()
    )


def report(course: Course, root: Path, today: dt.date, threshold_days: int = THRESHOLD_DAYS) -> Report:
    """The currency report for ``course`` on ``today`` (passed in: a report depends on its day)."""
    if threshold_days < 0:
        raise ValueError(f"currency: --days must be 0 or more, not {threshold_days}")
    data_dir = root / "data"
    out = Report(today, threshold_days)
    out.lessons = [(nb, checked_as_of(root, nb, data_dir)) for nb in course.notebooks]
    for name in time_sensitive(data_dir):
        df = data.load(name, data_dir)
        for _, row in df.iterrows():
            day = dt.date.fromisoformat(str(row["verified_on"]))
            label = _label(name, row)
            out.rows.append(Row(name, label, day, (today - day).days))
            for column in ("fda", "ema"):
                if column in row and isinstance(row[column], str) and PENDING.search(row[column]):
                    out.pending.append((f"{name}: {label}", column, row[column]))
    out.rows.sort(key=lambda r: (r.verified_on, r.table, r.label))
    seen: list[str] = []
    for nb in course.notebooks:
        seen += [g for g in nb.guidelines if g not in seen]
    out.guidelines = seen
    return out


def page(rep: Report, course: Course) -> str:
    """The report as a self-contained HTML page (no script, no outside resource)."""
    e = html.escape

    def table(head: list[str], rows: list[list[str]]) -> str:
        th = "".join(f"<th scope='col'>{e(h)}</th>" for h in head)
        body = "\n".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table>\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"

    lessons = [
        [f"{nb.number} {nb.title}", nb.as_of.isoformat() if nb.as_of else "—", d.isoformat() if d else "—"]
        for nb, d in rep.lessons
    ]
    rows = [[r.table, r.label, r.verified_on.isoformat(), r.age_days] for r in rep.rows]
    stale = [[r.table, r.label, r.verified_on.isoformat(), r.age_days] for r in rep.stale]
    pending = [list(p) for p in rep.pending]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Currency report — {e(course.title)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; color: #1a1a1a; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }}
a {{ color: #0b4f8a; }}
</style>
</head>
<body>
<main>
<h1>Currency report</h1>
<p>Ages counted on <strong>{rep.today.isoformat()}</strong>. A row is flagged when its last check at its
source is more than {rep.threshold_days} days old. Run <code>make currency</code> for today's ages
(<code>DAYS=30 make currency</code> for another threshold). Back to the <a href="teaching.html">teacher's guide</a>.</p>
<h2>Lessons: treatment content as of, and oldest row checked</h2>
{table(["Lesson", "Treatment content as of", "Content checked as of (oldest row used)"], lessons)}
<h2>Rows older than {rep.threshold_days} days ({len(rep.stale)})</h2>
{table(["Table", "Row", "Last checked", "Age (days)"], stale) if stale else "<p>None.</p>"}
<h2>Regulatory decisions to check again first ({len(pending)})</h2>
<p>Cells that say "not found", "under review" or only "recommended": a decision may have come since.</p>
{table(["Row", "Column", "What the row says"], pending) if pending else "<p>None.</p>"}
<h2>Guideline versions the course follows</h2>
<ul>
{"".join(f"<li>{e(g)}</li>" for g in rep.guidelines)}
</ul>
<h2>Every time-sensitive row, oldest check first ({len(rows)})</h2>
{table(["Table", "Row", "Last checked", "Age (days)"], rows)}
</main>
</body>
</html>
"""
