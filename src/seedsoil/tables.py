"""Show a data table in a notebook: an HTML table in pages and slides, aligned text elsewhere.

pandas' Styler gives each table random element ids, which would change every run and break
strict nbval; this small wrapper renders the same table the same way every time.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd


class Table:
    def __init__(self, df: pd.DataFrame, caption: str = ""):
        self.df = _blank_missing(df)
        self.caption = caption

    def _repr_html_(self) -> str:
        body = self.df.to_html(index=False, border=0, na_rep="", classes="seedsoil-table")
        body = body.replace('<tr style="text-align: right;">', "<tr>")  # text reads left-aligned
        if self.caption:
            body = body.replace(">\n  <thead>", f">\n  <caption>{html.escape(self.caption)}</caption>\n  <thead>", 1)
        return body

    def __repr__(self) -> str:
        text = self.df.to_string(index=False, na_rep="")
        return f"{self.caption}\n{text}" if self.caption else text


def _blank_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Missing values shown as empty cells: pandas writes '<NA>' for its nullable types even with
    ``na_rep``. The columns' own name (left by a pivot) would print as a stray header: dropped."""
    df = df.copy()
    df.columns.name = None
    for column in df.columns:
        if pd.api.types.is_extension_array_dtype(df[column]) and df[column].isna().any():
            df[column] = df[column].astype(object).where(df[column].notna(), "")
    return df


def show(df: pd.DataFrame, columns: list[str] | None = None, caption: str = "", rename: dict | None = None) -> Table:
    """A display-ready table of ``df`` (optionally some columns, renamed for readers)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"show() needs a pandas DataFrame, got {type(df).__name__}")
    if columns is not None:
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise ValueError(f"columns not in the table: {missing}; available: {list(df.columns)}")
        df = df[columns]
    if rename is not None and not isinstance(rename, Mapping):
        raise TypeError(f"rename must be a dict of old column name -> new name, got {type(rename).__name__}")
    if rename:
        df = df.rename(columns=rename)
    return Table(df.reset_index(drop=True), caption)
