"""The course's data tables, validated before anything reads them.

>>> from seedsoil import data
>>> sites = data.load("metastatic_sites")     # a pandas DataFrame
>>> data.names()                              # the tables described in data/datapackage.json

``data/datapackage.json`` (a Frictionless Data Package) describes every table: column types,
required values, allowed values and ranges.  :func:`validate` checks a table against it with the
``frictionless`` library, then checks what a schema cannot say: every citation key exists in
``data/references.bib``, confidence limits surround their estimate, a count is not larger than
its denominator.  Any problem is a :class:`Problem` naming the file, the row (as a spreadsheet
numbers it: the header is row 1) and the column.

The course's own tables are validated by the tests and by every build, so :func:`load` reads
them directly (with the column types of the schema).  Tables from anywhere else, a ``data_dir``
argument or the ``SEEDSOIL_DATA`` folder, are validated before they are read, and a problem
raises :class:`DataError`.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import inputs, references
from .resources import ENV, SetupError
from .resources import data_dir as default_data_dir
from .text import EncodingProblem, read_text

PACKAGE = "datapackage.json"
KEY_COLUMNS = ("source", "sources", "guidelines", "regulatory_sources")  # columns holding citation keys (';'-separated)


#: The column of a time-sensitive table (``"time_sensitive": true`` in datapackage.json) that
#: gives the date each row was last checked at its source.
VERIFIED_ON = "verified_on"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """A data file does not match its description; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"{len(problems)} problem(s) in the course data:\n  {shown}{more}")


# --- the package descriptor -------------------------------------------------------------------


def _folder(data_dir: str | Path | None) -> Path:
    return inputs.path("data_dir", data_dir) or default_data_dir()


def _descriptor(folder: Path) -> dict:
    path = folder / PACKAGE
    return _descriptor_cached(path, path.stat().st_mtime_ns if path.exists() else None)


@functools.lru_cache(maxsize=8)
def _descriptor_cached(path: Path, stamp: int | None) -> dict:
    try:
        descriptor = json.loads(read_text(path))
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, "file not found")]) from None
    except NotADirectoryError:
        raise DataError([Problem(str(path.parent), None, None, "is a file, not the data folder")]) from None
    except EncodingProblem as exc:
        raise DataError([Problem(str(path), None, None, str(exc).split(": ", 1)[-1])]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(str(path), exc.lineno, None, f"not valid JSON: {exc.msg}")]) from None
    problems = list(_descriptor_problems(str(path), descriptor))
    if problems:
        raise DataError(problems)
    return descriptor


def _descriptor_problems(label: str, descriptor: object) -> Iterator[Problem]:
    """The parts of datapackage.json the loader relies on: each table's name, path and fields,
    and a type the loader knows for every field."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        yield Problem(label, None, None, "needs a list of 'resources'")
        return
    for i, res in enumerate(resources):
        where = f"resources[{i}]" + (f" ({res.get('name')!r})" if isinstance(res, dict) and res.get("name") else "")
        if not isinstance(res, dict) or not all(isinstance(res.get(k), str) for k in ("name", "path")):
            yield Problem(label, None, where, "needs a 'name' and a 'path'")
            continue
        fields = res.get("schema", {}).get("fields") if isinstance(res.get("schema"), dict) else None
        if not isinstance(fields, list) or not fields:
            yield Problem(label, None, where, "needs a 'schema' with a list of 'fields'")
            continue
        for field in fields:
            name = field.get("name") if isinstance(field, dict) else None
            kind = field.get("type") if isinstance(field, dict) else None
            if not isinstance(name, str):
                yield Problem(label, None, where, "every field needs a 'name'")
            elif not isinstance(field.get("title"), str) or not field["title"].strip():
                yield Problem(label, None, f"{where}, field {name!r}", "needs a 'title': the column's name for readers")
            elif kind not in _DTYPES:
                yield Problem(label, None, f"{where}, field {name!r}", f"'type' must be one of: {', '.join(_DTYPES)}")
        if res.get("time_sensitive"):
            # medical content ages: every row of such a table says when it was last checked at its source
            verified = [f for f in fields if isinstance(f, dict) and f.get("name") == VERIFIED_ON]
            if (
                not verified
                or verified[0].get("type") != "date"
                or not verified[0].get("constraints", {}).get("required")
            ):
                yield Problem(label, None, where, f"a time-sensitive table needs a required date field {VERIFIED_ON!r}")


def descriptor(data_dir: str | Path | None = None) -> dict:
    """The data package (``datapackage.json``): every table, its fields with their titles for
    readers, types and constraints."""
    return _descriptor(_folder(data_dir))


def names(data_dir: str | Path | None = None) -> list[str]:
    """Names of the tables in the data package."""
    return [r["name"] for r in _descriptor(_folder(data_dir))["resources"]]


def resource(name: str, data_dir: str | Path | None = None) -> dict:
    """The descriptor (path, schema, description) of one table."""
    for r in _descriptor(_folder(data_dir))["resources"]:
        if r["name"] == name:
            return copy.deepcopy(r)  # the caller's to change: the loader's own stays as read
    raise ValueError(f"No data table called {name!r}. Tables: {', '.join(names(data_dir))}")


# --- validation -------------------------------------------------------------------------------

_CONSTRAINT_WORDS = {
    "required": lambda v: "a value is required here but the cell is empty",
    "minimum": lambda v: f"must be at least {v}",
    "maximum": lambda v: f"must be at most {v}",
    "enum": lambda v: f"must be one of: {', '.join(map(str, v))}",
    "pattern": lambda v: f"must match the pattern {v}",
}


def _schema_problems(folder: Path, desc: dict) -> list[Problem]:
    """Check one table against its schema with frictionless; translate errors to plain words."""
    label = f"data/{desc['path']}"
    path = folder / desc["path"]
    if not path.is_file():
        return [Problem(label, None, None, "file not found")]
    try:
        text, sep = table_text(path)
    except EncodingProblem as error:
        return [Problem(label, None, None, str(error).split(": ", 1)[1])]
    if not text.strip():
        return [Problem(label, None, None, "the file is empty (expected a header row and data)")]
    schema = desc["schema"]
    try:
        import frictionless  # only validation needs it; learners' kernels only read
    except ImportError:
        raise SetupError(
            "validating course data needs the frictionless package: pip install 'seedsoil[validate]'"
        ) from None

    rows = [row for row in csv.reader(io.StringIO(text), delimiter=sep) if row]
    if len(rows) < 2:
        return [Problem(label, None, None, "the file has a header row but no data rows")]
    res = frictionless.Resource(data=rows, schema=frictionless.Schema.from_descriptor(schema))
    report = res.validate()
    fields = {f["name"]: f for f in schema["fields"]}
    problems = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            column = getattr(err, "field_name", None) or getattr(err, "label", None)
            cell = getattr(err, "cell", None)
            if err.type == "type-error":
                msg = f"{cell!r} is not a valid {fields[column]['type']}"
            elif err.type == "constraint-error":
                field = fields.get(column, {})
                name = next((k for k in field.get("constraints", {}) if f'"{k}"' in err.note), None)
                describe = _CONSTRAINT_WORDS.get(name)
                words = describe(field["constraints"][name]) if describe else err.note
                msg = words if name == "required" else f"{cell!r} {words}" if cell not in (None, "") else words
            elif err.type == "missing-label":
                msg = f"the column is missing; expected columns: {', '.join(fields)}"
            elif err.type in ("extra-label", "incorrect-label", "blank-label", "duplicate-label"):
                msg = f"unexpected header; expected columns in this order: {', '.join(fields)}"
            elif err.type == "unique-error":
                msg = f"{cell!r} must be unique, but an earlier row has the same value"
            elif err.type == "primary-key":
                if any(p.row == row for p in problems):
                    continue  # already reported (unique value or blank row)
                msg = f"repeats the key ({', '.join(schema.get('primaryKey', []))}) of an earlier row"
            elif err.type == "blank-row":
                msg = "the row is empty"
            elif err.type == "source-error":
                msg = "the file could not be read as CSV (empty or malformed)"
            else:
                msg = err.message
            problems.append(Problem(label, row, column, msg))
    return problems


def _row_problems(name: str, df: pd.DataFrame, folder: Path) -> Iterator[Problem]:
    """Checks across columns and files that a Frictionless schema cannot express."""
    label = f"data/{name}.csv"
    keys = set(references.load(folder / "references.bib"))
    for col in KEY_COLUMNS:
        if col in df:
            for i, cell in df[col].items():
                for key in str(cell).split(";") if pd.notna(cell) else []:
                    if key.strip() not in keys:
                        yield Problem(label, i + 2, col, f"citation key {key.strip()!r} is not in data/references.bib")
    check = _TABLE_CHECKS.get(name)
    if check:
        yield from check(label, df, folder) if name in _NEEDS_FOLDER else check(label, df)
    if VERIFIED_ON in df:
        yield from _check_verified(label, df)
    fields = next((r["schema"]["fields"] for r in _descriptor(folder)["resources"] if r["name"] == name), [])
    small = {f["name"] for f in fields if f.get("small_percentages")}  # genuinely all below 1%
    yield from _check_percent_columns(label, df, small)
    yield from _check_text_cells(label, df)


def _ci_surrounds(label: str, df: pd.DataFrame, value: str) -> Iterator[Problem]:
    for i, r in df.iterrows():
        lo, hi, v = r["ci_low"], r["ci_high"], r[value]
        if pd.notna(lo) != pd.notna(hi):
            yield Problem(label, i + 2, "ci_low", "give both confidence limits or neither")
        elif pd.notna(lo) and pd.notna(v) and not lo <= v <= hi:
            yield Problem(label, i + 2, value, f"{v} lies outside its confidence interval {lo}–{hi}")


def _check_sites(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    for i, r in df.iterrows():
        if pd.isna(r["percent"]) and (pd.isna(r["n_with_site"]) or pd.isna(r["n_total"])):
            yield Problem(label, i + 2, "percent", "give the percent, or both n_with_site and n_total")
        if pd.notna(r["n_with_site"]) and pd.notna(r["n_total"]) and r["n_with_site"] > r["n_total"]:
            yield Problem(label, i + 2, "n_with_site", f"{r['n_with_site']} is larger than n_total {r['n_total']}")


def _check_periods(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    for i, r in df.iterrows():
        if r["years_to"] <= r["years_from"]:
            yield Problem(label, i + 2, "years_to", f"must be after years_from ({r['years_from']})")


def _check_counts(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    for i, r in df.iterrows():
        if pd.notna(r["n_events"]) and pd.notna(r["n_total"]) and r["n_events"] > r["n_total"]:
            yield Problem(label, i + 2, "n_events", f"{r['n_events']} is larger than n_total {r['n_total']}")


def _check_treatments(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    yield from _ci_surrounds(label, df, "hazard_ratio")
    for i, r in df.iterrows():
        if pd.notna(r["hazard_ratio"]) and (pd.isna(r["trial"]) or pd.isna(r["endpoint"])):
            yield Problem(label, i + 2, "trial", "a hazard ratio needs the trial and the endpoint it comes from")


def _check_verified(label: str, df: pd.DataFrame, today: dt.date | None = None) -> Iterator[Problem]:
    """A row cannot have been checked after today."""
    today = today or dt.date.today()
    for i, r in df.iterrows():
        if pd.notna(r[VERIFIED_ON]) and dt.date.fromisoformat(str(r[VERIFIED_ON])) > today:
            yield Problem(label, i + 2, VERIFIED_ON, f"{r[VERIFIED_ON]} is in the future")


def _check_percent_columns(label: str, df: pd.DataFrame, small: set[str]) -> Iterator[Problem]:
    """A percent column whose every value lies between 0 and 1 holds fractions (0.05 for 5%),
    unless its field says ``"small_percentages": true`` (carriers among controls, for example)."""
    for column in df.columns:
        if "percent" not in column or column in small or not pd.api.types.is_numeric_dtype(df[column]):
            continue
        values = df[column].dropna()
        if len(values) >= 2 and values.max() <= 1 and values.max() > 0:
            yield Problem(
                label,
                None,
                column,
                f"every value lies between 0 and 1 ({', '.join(f'{v:g}' for v in values.head(3))}…): these look like "
                "fractions; the column holds percentages (5 for 5%)",
            )
            continue
        # one fraction among percentages: a value below 1 where every other value from the same
        # source is at least ten times larger (0.05 among 1.1 to 15.2)
        if "source" not in df.columns:
            continue
        for source, group in df[df[column].notna()].groupby("source"):
            for i, value in group[column].items():
                others = group[column].drop(index=i)
                if 0 < value < 1 and len(others) >= 2 and others.min() >= 1 and value * 10 < others.min():
                    yield Problem(
                        label,
                        int(df.index.get_loc(i)) + 2,
                        column,
                        f"{value:g} looks like a fraction: every other value from {source} is "
                        f"{others.min():g} or more; "
                        "the column holds percentages (5 for 5%)",
                    )


def _check_text_cells(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    """An id with spaces around it (a check looks it up without them), and a spreadsheet formula
    ('=HYPERLINK(...)') where text belongs: both are a spreadsheet's slips, found here."""
    for column in df.columns:
        if not (pd.api.types.is_string_dtype(df[column]) or df[column].dtype == object):
            continue
        for i, cell in df[column].items():
            if not isinstance(cell, str):
                continue
            if column == "id" and cell != cell.strip():
                yield Problem(label, i + 2, column, f"{cell!r} has spaces around it: write {cell.strip()!r}")
            if re.match(r"=\s*[A-Za-z_]+[\w.]*\s*\(", cell):  # '=HYPERLINK(', '=SUM(' (a lone '=' is a qualifier)
                yield Problem(label, i + 2, column, f"{cell[:40]!r} is a spreadsheet formula, not text")


def _check_trial_results(label: str, df: pd.DataFrame, folder: Path) -> Iterator[Problem]:
    yield from _ci_surrounds(label, df, "hazard_ratio")
    treatments = set(pd.read_csv(folder / "treatments.csv", usecols=["id"], dtype=str)["id"])
    for i, r in df.iterrows():
        if r["treatment"] not in treatments:
            yield Problem(label, i + 2, "treatment", f"{r['treatment']!r} is not an id in data/treatments.csv")
        for arm in ("treatment", "control"):
            events, patients = r[f"events_{arm}"], r[f"patients_{arm}"]
            if pd.notna(events) and events > patients:
                yield Problem(label, i + 2, f"events_{arm}", f"{events} is larger than patients_{arm} {patients}")


def _check_genes(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    for i, r in df.iterrows():
        if not r["ci_low"] <= r["odds_ratio"] <= r["ci_high"]:
            yield Problem(label, i + 2, "odds_ratio", f"{r['odds_ratio']} lies outside its confidence interval")
        for count, pct, n in (
            ("carriers_cases", "percent_cases", "n_cases"),
            ("carriers_controls", "percent_controls", "n_controls"),
        ):
            if abs(100 * r[count] / r[n] - r[pct]) > 0.01:
                yield Problem(label, i + 2, pct, f"{r[pct]} does not match {r[count]} of {r[n]}")


def _check_pathway(label: str, df: pd.DataFrame) -> Iterator[Problem]:
    steps = set(df["id"].dropna())
    for i, r in df.iterrows():
        for target in str(r["leads_to"]).split(";") if pd.notna(r["leads_to"]) else []:
            if target.strip() and target.strip() not in steps:
                yield Problem(label, i + 2, "leads_to", f"{target.strip()!r} is not the id of a step in this table")


_TABLE_CHECKS: dict[str, Callable[[str, pd.DataFrame], Iterator[Problem]]] = {
    "testing_pathway": _check_pathway,
    "susceptibility_genes": _check_genes,
    "metastatic_sites": _check_sites,
    "recurrence_hazard": _check_periods,
    "survival": lambda label, df: _ci_surrounds(label, df, "value"),
    "hereditary_risk": _check_counts,
    "treatments": _check_treatments,
    "trial_results": _check_trial_results,
}
_NEEDS_FOLDER = {"trial_results"}  # checks that read another table of the package

# --- loading ----------------------------------------------------------------------------------

_DTYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string", "boolean": "boolean"}


def table_text(path: Path) -> tuple[str, str]:
    """A CSV file as a spreadsheet may have saved it, and its delimiter: UTF-8 with or without a
    byte-order mark, or Windows-1252; commas, semicolons (a European Excel) or tabs; any line endings.
    The validator and the loader both read through here, so a file that passes validation loads
    identically."""
    text = read_text(path, windows_ok=True)
    if "\r" in text:  # an old Mac's line endings (a lone CR) read as line endings too
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    header = text.split("\n", 1)[0]
    return text, max((",", ";", "\t"), key=header.count)  # a tie (a one-column table) keeps the comma


def _read(folder: Path, desc: dict) -> pd.DataFrame:
    fields = desc["schema"]["fields"]
    text, sep = table_text(folder / desc["path"])
    df = pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype={f["name"]: _DTYPES[f["type"]] for f in fields},
        keep_default_na=False,
        na_values=[""],
    )
    for f in fields:
        if f["type"] == "date":
            df[f["name"]] = pd.to_datetime(df[f["name"]]).dt.date
    return df


def validate(name: str, data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in one table (empty list when it is valid)."""
    folder = _folder(data_dir)
    desc = resource(name, folder)
    problems = _schema_problems(folder, desc)
    if problems:
        return problems
    return list(_row_problems(name, _read(folder, desc), folder))


@functools.lru_cache(maxsize=32)
def _load_cached(name: str, folder: Path, stamp: tuple, check: bool) -> pd.DataFrame:
    if check:
        problems = validate(name, folder)
        if problems:
            raise DataError(problems)
    return _read(folder, resource(name, folder))


def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load one table as a new DataFrame (yours to change).

    The course's own tables are read as they are (the tests and the build validate them); a
    ``data_dir`` or ``SEEDSOIL_DATA`` folder is validated first and raises :class:`DataError`.
    """
    folder = _folder(data_dir).resolve()
    desc = resource(name, folder)
    check = data_dir is not None or bool(os.environ.get(ENV))
    # Read again whenever the table, the descriptor or the bibliography changes on disk.
    stamp = tuple(
        (p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None
        for p in (folder / desc["path"], folder / PACKAGE, folder / "references.bib")
    )
    table = _load_cached(name, folder, stamp, check).copy()
    table.attrs["table"] = name  # so a view of it takes its columns' titles from this table
    return table


#: Checks of what other parts of the library need from the tables (the exercises' checks, the
#: quiz, the polls): each returns Problems. Registered by those parts when they are imported
#: (:mod:`seedsoil.exercises` registers the lessons'), so that this module imports none of them.
NEEDS: list[Callable[[], list[Problem]]] = []


def validate_all(data_dir: str | Path | None = None) -> list[Problem]:
    """Problems in every table of the package (empty list when all are valid); for the course's
    own data, also every row an exercise, quiz question or poll needs that is missing (once
    :mod:`seedsoil.exercises` is imported, as the notebooks and the build do)."""
    found = [p for name in names(data_dir) for p in validate(name, data_dir)]
    if found or data_dir is not None and Path(data_dir).resolve() != _folder(None).resolve():
        return found
    for need in NEEDS:
        found += need()
    return found
