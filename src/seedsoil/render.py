"""The presentation layer: how a table and a feedback box look, in every view of a lesson.

A notebook asks for a *view of the evidence*, not a dump of a file::

    show(treatments, ["subtype", "treatment_class", "biomarker"], caption="…", slide=by_subtype)

- **Words, not field names.** Column headers are the plain-language titles (and units) of
  ``data/datapackage.json``; the columns the models compute have theirs here (:data:`TITLES`).
  Codes read as words (``hr_pos_her2_neg`` → "HR-positive, HER2-negative"). Identifiers and
  bookkeeping (source keys, review dates) are left out unless a lesson names them.
- **A view for each audience.** One output carries three variants: the notebook's table, the
  reading page's (a wide table shows a narrower view with "Show all columns" one click away, and
  scrolls inside its own box on a phone, its first column kept in view) and the slide's (at most
  :data:`SLIDE_ROWS` rows and :data:`SLIDE_COLUMNS` columns, in type a room can read). The build
  picks the variant for the page or the deck; it never reads pandas' HTML. A table too big for a
  slide needs a summary for the room (``slide=``) or says where the whole table is
  (``slide=False``); a slide never shows a silently cut table.
- **One set of tokens.** The class names and colours of tables and feedback boxes are defined
  here, for the inline styles JupyterLab shows and for the CSS of pages and decks (:func:`css`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from numbers import Real

import pandas as pd

#: Colours (Okabe–Ito where they carry meaning; contrast checked on white and on #f7f7f7).
COLOURS = {
    "correct": "#0072B2",
    "wrong": "#D55E00",
    "pending": "#767676",
    "setup": "#555555",
    "box": "#f7f7f7",
    "text": "#111111",
    "rule": "#767676",
    "link": "#0b4f8a",
}
TABLE = "seedsoil-table"
WRAP = "seedsoil-table-wrap"
FEEDBACK = "seedsoil-feedback"
#: The variants an output may carry besides its ``text/html`` (the notebook's view).
PAGE_MIME = "application/vnd.seedsoil.page+html"
SLIDE_MIME = "application/vnd.seedsoil.slide+html"
#: The most a slide's table may show, and the size of its type in slide pixels (reveal scales the
#: 960×700 slide by about 0.99 at 1280×720: 24 px reads as about 23.7 px, 20 px at the least).
SLIDE_ROWS, SLIDE_COLUMNS, SLIDE_TABLE_PX = 6, 4, 24
#: The most columns a reading page's table shows before it offers "Show all columns".
PAGE_COLUMNS = 6
#: Columns a table keeps out of view unless a lesson names them: identifiers and bookkeeping.
BOOKKEEPING = ("id", "source", "sources", "regulatory_sources", "guidelines", "verified_on", "note")

#: Plain titles of the columns the models compute (the data tables' are in datapackage.json).
TITLES = {
    "fraction_of_start": "Share of the starting cells",
    "entering": "Cells entering",
    "passing": "Cells passing",
    "survival": "Share that gets through",
    "stationary": "Share in the long run",
    "outgoing": "Spread sent on",
    "incoming": "Spread received",
    "ratio": "Sent ÷ received",
    "times_lobular": "Times as often with lobular",
    "hepatic artery only": "Liver blood from its artery only",
    "hepatic artery + portal vein": "Liver blood from artery and portal vein",
    "participation_ratio": "Share in trials ÷ share of patients",
    "step": "Step",
    "site": "Site",
    "ci_low": "95% CI, low",
    "ci_high": "95% CI, high",
    "breast": "breast",
    "lymph_nodes": "lymph nodes",
    "lung": "lung",
    "bone": "bone",
    "liver": "liver",
    "brain": "brain",
    "from": "From",
    "kind": "Kind",
    "annual_hazard_percent": "Recurrences per 100 women a year (%)",
    "marker": "Test",
    "tested_in": "Tested in",
    "classes": "Treatment classes it selects",
    "trials": "Trials",
    "percent_first_mri": "Found on the first MRI (%)",
}

#: Codes in the data, as a reader says them.
VALUE_LABELS = {
    "subtype": {
        "all": "all subtypes",
        "hr_pos_her2_neg": "HR-positive, HER2-negative",
        "her2_pos": "HER2-positive",
        "hr_pos_her2_pos": "HR-positive, HER2-positive",
        "hr_neg_her2_pos": "HR-negative, HER2-positive",
        "triple_negative": "triple-negative",
        "her2_low": "HER2-low",
        "gbrca": "germline BRCA1 or BRCA2 variant",
        "luminal_a": "luminal A",
        "luminal_b": "luminal B",
        "her2_overexpressing": "HER2-overexpressing",
    },
    "cohort_type": {
        "autopsy": "autopsy series",
        "metastatic_clinical": "patients with metastases, followed in life",
        "de_novo_stage_iv": "metastatic at first diagnosis",
        "all_new_diagnoses": "everyone newly diagnosed",
    },
    "guideline_status": {
        "in_guidelines_consulted": "in the guidelines consulted",
        "not_verified_in_guidelines": "not verified in the guidelines consulted",
        "no_benefit": "trial found no benefit",
    },
    "estimate": {"median_os": "median overall survival", "five_year_os": "alive after five years"},
    "measure": {
        "involved": "involved at any time",
        "at_diagnosis": "present at diagnosis",
        "only_site": "the only site",
    },
    "direction": {"positive_to_negative": "positive to negative", "negative_to_positive": "negative to positive"},
    "er_status": {"positive": "ER-positive", "negative": "ER-negative"},
}


# --- titles and values --------------------------------------------------------------------------


def _field_titles() -> dict[str, dict[str, str]]:
    """Field name -> table name -> title (with its unit), from the data package."""
    from . import data

    found: dict[str, dict[str, str]] = {}
    for resource in data.descriptor()["resources"]:
        for field in resource["schema"]["fields"]:
            if field.get("title"):
                title = field["title"] + (f" ({field['unit']})" if field.get("unit") else "")
                found.setdefault(field["name"], {})[resource["name"]] = title
    return found


def is_plain(column: object) -> bool:
    """A header already in words ("ER-positive", "N1-3", "Subtype"), not a field name."""
    text = str(column)
    return not (text.islower() and "_" in text) and text not in TITLES


def title(column: str, table: str | None = None, labels: Mapping | None = None) -> str:
    """The header a reader sees for ``column`` (of the data table ``table``, if given)."""
    if labels and column in labels:
        return str(labels[column])
    titles = _field_titles().get(str(column), {})
    if table in titles:
        return titles[table]
    if column in TITLES:
        return TITLES[column]
    for codes in VALUE_LABELS.values():  # a column named by a code (a subtype, one per column)
        if column in codes:
            return codes[column][0].upper() + codes[column][1:]
    if len(set(titles.values())) == 1:
        return next(iter(titles.values()))
    if titles:
        raise ValueError(
            f"column {column!r} has different titles in {', '.join(sorted(titles))}: "
            "say which table with show(..., table='name') or give labels={...}"
        )
    if is_plain(column):
        text = str(column)
        return text[0].upper() + text[1:] if text.islower() else text
    raise ValueError(
        f"column {column!r} has no title for readers: give it one in data/datapackage.json (a data "
        f"table's field) or in seedsoil.render.TITLES (a model's column), or pass labels={{{column!r}: '…'}}"
    )


def word(column: str, value: object) -> object:
    """``value`` as a reader says it (a code of ``column`` in words; other values unchanged)."""
    if isinstance(value, str):
        return VALUE_LABELS.get(str(column), {}).get(value, value)
    return value


def _cell(value: object, digits: int | None) -> str:
    """One cell's text: empty for a missing value, numbers without float noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Real) and not isinstance(value, int) and float(value).is_integer() and digits is None:
        return f"{int(value):,}" if abs(float(value)) >= 10_000 else f"{int(value)}"
    if isinstance(value, Real) and not isinstance(value, int):
        if digits is not None:
            return f"{float(value):,.{digits}f}"
        return f"{float(value):.4g}" if abs(float(value)) < 10_000 else f"{float(value):,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


# --- tables -------------------------------------------------------------------------------------


class Table:
    """A table in its three views: the notebook's, the reading page's and the slide's."""

    def __init__(
        self,
        frame: pd.DataFrame,
        caption: str,
        *,
        headers: list[str],
        digits: Mapping[str, int] | None = None,
        page_columns: list[int] | None = None,
        slide: Table | bool | None = None,
    ):
        self.frame, self.caption, self.headers = frame, caption, headers
        self.digits = dict(digits or {})
        self.page_columns = page_columns
        self.slide = slide

    # what the room, the reader and the learner see
    def rows(self) -> list[list[str]]:
        out = []
        for record in self.frame.itertuples(index=False):
            out.append([_cell(word(c, v), self.digits.get(c)) for c, v in zip(self.frame.columns, record)])
        return out

    def html(self, *, columns: list[int] | None = None, css_class: str = "") -> str:
        keep = range(len(self.headers)) if columns is None else columns
        head = "".join(f'<th scope="col">{html.escape(self.headers[k])}</th>' for k in keep)
        body = []
        for row in self.rows():
            cells = [row[k] for k in keep]
            first = f'<th scope="row">{html.escape(cells[0])}</th>' if cells else ""
            rest = "".join(f"<td>{html.escape(c)}</td>" for c in cells[1:])
            body.append(f"<tr>{first}{rest}</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        classes = f"{TABLE} {css_class}".strip()
        return f'<table class="{classes}">{caption}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'

    def notebook_html(self) -> str:
        return f'<div class="{WRAP}">{self.html()}</div>'

    def _repr_html_(self) -> str:
        return self.notebook_html()

    def page_html(self) -> str:
        """The reading page's table: all of it when it fits the column, else a narrower view with
        every column one click away; on a phone it scrolls inside its own box."""
        label = html.escape(self.caption or "table")
        wrap = f'<div class="{WRAP}" role="region" aria-label="{label}" tabindex="0">'
        if len(self.headers) <= PAGE_COLUMNS:
            return wrap + self.html() + "</div>"
        narrow = self.page_columns or list(range(PAGE_COLUMNS - 1))
        return (
            wrap + self.html(columns=narrow) + "</div>"
            f'<details class="seedsoil-all-columns"><summary>Show all columns ({len(self.headers)})</summary>'
            f"{wrap}{self.html()}</div></details>"
        )

    def slide_size(self) -> tuple[int, int]:
        return len(self.frame), len(self.headers)

    def slide_html(self) -> str:
        """The slide's table; a pointer to the reading page where the table is not for a room."""
        if self.slide is False:
            rows, _ = self.slide_size()
            what = html.escape(self.caption or "The table")
            return (
                f'<p class="seedsoil-on-page">{what}: {rows} rows, on the reading page '
                "(the teacher's notes say what to take from it).</p>"
            )
        view = self if self.slide is None else self.slide
        return view.html(css_class="seedsoil-slide")

    def slide_fits(self) -> bool:
        if self.slide is False:
            return True
        rows, columns = (self if self.slide is None else self.slide).slide_size()
        return rows <= SLIDE_ROWS and columns <= SLIDE_COLUMNS

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "text/html": self.notebook_html(),
            PAGE_MIME: self.page_html(),
            "text/plain": repr(self),
        }
        metadata = {}
        if self.slide_fits():
            data[SLIDE_MIME] = self.slide_html()
            rows, columns = (0, 0) if self.slide is False else (self.slide or self).slide_size()
            metadata[SLIDE_MIME] = {"rows": rows, "columns": columns}
        return data, metadata

    def __repr__(self) -> str:
        frame = pd.DataFrame(self.rows(), columns=self.headers)
        text = frame.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text


def show(
    df: pd.DataFrame,
    columns: list[str] | None = None,
    caption: str = "",
    *,
    table: str | None = None,
    labels: Mapping[str, str] | None = None,
    digits: int | Mapping[str, int] | None = None,
    page_columns: list[str] | None = None,
    slide: pd.DataFrame | list[str] | bool | None = None,
    slide_caption: str | None = None,
) -> Table:
    """A table of ``df`` for people: ``columns`` (default: all but identifiers and bookkeeping),
    headed by their plain titles (``table`` names the data table when a field's title differs
    between tables; ``labels`` overrides), numbers to ``digits`` decimals.

    ``slide`` is what the deck shows: by default the same table, if it fits a slide
    (SLIDE_ROWS rows, SLIDE_COLUMNS columns); else a summary for the room (a DataFrame, or a
    list of the columns to keep of the same rows), or ``False`` for a line that says the table is
    on the reading page. ``page_columns`` picks the narrower view a wide table first shows on a
    reading page."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"show() needs a pandas DataFrame, got {type(df).__name__}")
    if labels is not None and not isinstance(labels, Mapping):
        raise TypeError(f"labels must be a dict of column -> title, got {type(labels).__name__}")
    if columns is None:
        columns = [c for c in df.columns if c not in BOOKKEEPING]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"columns not in the table: {missing}; available: {list(df.columns)}")
    frame = df[list(columns)].reset_index(drop=True)
    frame.columns.name = None
    places = digits if isinstance(digits, Mapping) else {c: digits for c in frame.columns if digits is not None}
    table = table or df.attrs.get("table")  # data.load() names its table
    headers = [title(c, table, labels) for c in frame.columns]
    narrow = None
    if page_columns is not None:
        unknown = [c for c in page_columns if c not in frame.columns]
        if unknown:
            raise ValueError(f"page_columns {unknown} are not among the columns shown: {list(frame.columns)}")
        narrow = [list(frame.columns).index(c) for c in page_columns]
    view: Table | bool | None = None
    if slide is False:
        view = False
    elif isinstance(slide, pd.DataFrame):
        view = show(
            slide,
            caption=slide_caption if slide_caption is not None else caption,
            table=table,
            labels=labels,
            digits=digits,
        )
    elif isinstance(slide, list):
        view = show(
            df,
            slide,
            caption=slide_caption if slide_caption is not None else caption,
            table=table,
            labels=labels,
            digits=digits,
        )
    elif slide is not None:
        raise TypeError("slide must be a DataFrame, a list of columns, or False")
    made = Table(frame, caption, headers=headers, digits=places, page_columns=narrow, slide=view)
    if isinstance(view, Table) and not made.slide_fits():
        rows, cols = view.slide_size()
        raise ValueError(
            f"the slide's table has {rows} rows and {cols} columns; a slide shows at most {SLIDE_ROWS} rows "
            f"and {SLIDE_COLUMNS} columns: summarise it for the room, or pass slide=False"
        )
    return made


# --- feedback boxes -----------------------------------------------------------------------------


def feedback_html(kind: str, symbol: str, status: str, exercise: str, message: str) -> str:
    """The box under an exercise: the status in words and a symbol, never colour alone. Styled
    inline too, so it reads as a box in JupyterLab, where the course's CSS is absent."""
    colour = COLOURS[kind]
    border = "double" if kind == "wrong" else "solid"
    style = (
        f"border-left:6px {border} {colour};padding:0.4em 0.8em;margin:0.3em 0;"
        f"background:{COLOURS['box']};color:{COLOURS['text']}"
    )
    return (
        f'<div class="{FEEDBACK} {FEEDBACK}-{kind}" role="status" style="{style}">'
        f"<strong>{(symbol + ' ') if symbol else ''}{html.escape(status)}</strong> "
        f"<small>({html.escape(exercise)})</small> " + html.escape(message).replace("\n", "<br>") + "</div>"
    )


#: What the box under an exercise says on a reading page, where no cell can be run.
ON_A_PAGE = (
    "On this page the exercise cannot be run. In JupyterLab (or on your hub), replace the ... in "
    "the cell above with your answer and run the cell: this box then says whether it is right, and why."
)


def css() -> str:
    """The course's rules for tables and feedback boxes, for the pages' and the decks' stylesheet."""
    c = COLOURS
    return f"""
.{FEEDBACK} {{ border-left: 6px solid {c["pending"]}; padding: 0.4em 0.8em; margin: 0.3em 0;
  background: {c["box"]}; color: {c["text"]}; }}
.{FEEDBACK}-correct {{ border-left-color: {c["correct"]}; }}
.{FEEDBACK}-wrong {{ border-left-color: {c["wrong"]}; border-left-style: double; }}
.{FEEDBACK}-pending {{ border-left-color: {c["pending"]}; }}
.{FEEDBACK}-setup {{ border-left-color: {c["setup"]}; }}
.{WRAP} {{ max-width: 100%; overflow-x: auto; margin: 0.5em 0; }}
.{WRAP}:focus {{ outline: 2px solid {c["link"]}; }}
table.{TABLE} {{ border-collapse: collapse; }}
table.{TABLE} caption {{ caption-side: top; text-align: left; font-style: italic; padding-bottom: 0.3em; }}
.jp-RenderedHTMLCommon table.{TABLE} th, .jp-RenderedHTMLCommon table.{TABLE} td,
table.{TABLE} th, table.{TABLE} td {{ text-align: left; vertical-align: top; padding: 0.25em 0.6em;
  border-bottom: 1px solid #d0d0d0; }}
table.{TABLE} thead th {{ border-bottom: 2px solid {c["rule"]}; }}
table.{TABLE} tbody th[scope=row] {{ position: sticky; left: 0; background: #fff; font-weight: 600; }}
details.seedsoil-all-columns > summary {{ cursor: pointer; color: {c["link"]}; text-decoration: underline; }}
.reveal table {{ font-size: {SLIDE_TABLE_PX}px; }}
.reveal table.{TABLE}.seedsoil-slide {{ font-size: {SLIDE_TABLE_PX}px; margin: 0.3em 0; line-height: 1.25; }}
.reveal table.{TABLE}.seedsoil-slide caption {{ font-size: 0.8em; }}
.reveal .jp-RenderedHTMLCommon table.{TABLE}.seedsoil-slide th,
.reveal .jp-RenderedHTMLCommon table.{TABLE}.seedsoil-slide td {{ padding: 0.2em 0.5em; }}
.reveal .seedsoil-on-page {{ font-size: {SLIDE_TABLE_PX}px; font-style: italic; }}
"""
