"""The course's key diagrams as files for teachers' own slides: ``python -m seedsoil figures``.

Each figure is drawn exactly as in its notebook, from the same data, and written to ``figures/``
as SVG and PNG. The files are reproducible: the SVG ids are salted with a fixed string and no
date or software version is written into either format, so regenerating them changes no byte
unless a figure really changed (a test checks this).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")  # files only; no window

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import data, diagrams, recurrence, sites, soil, spread, style  # noqa: E402

DPI = 150
SVG_SALT = "seedsoil"  # fixed seed for the ids matplotlib writes into SVG files


def _first(result) -> Figure:
    return result[0] if isinstance(result, tuple) else result


def _site_frequencies() -> Figure:
    table = sites.table(subtype="all").query("measure != 'only_site'")
    return diagrams.site_frequencies(table, "Bone, lung, liver, brain: four denominators")


def _enrichment() -> Figure:
    seer = data.load("metastatic_sites").query("source == 'wu2017' and site != 'lung'")
    table = soil.enrichment(dict(zip(seer.site, seer.n_with_site)))
    return diagrams.enrichment_chart(table, "Metastases at diagnosis vs blood flow (SEER, 2010-2014)")


def _body_map() -> Figure:
    autopsy = data.load("metastatic_sites").query("source == 'cummings2014'")
    return diagrams.body_map(dict(zip(autopsy["site"], autopsy["percent"])),
                             "Where breast cancer had spread at autopsy (percent of women)")


def _hazards() -> Figure:
    periods = {"ER-positive": recurrence.hazard_periods("positive"),
               "ER-negative": recurrence.hazard_periods("negative")}
    return diagrams.hazard_chart(periods, "Annual hazard of recurrence by oestrogen receptor status (IBCSG trials)")


#: name -> function drawing the figure (names become file names)
FIGURES: dict[str, Callable[[], Figure]] = {
    "course_map": lambda: _first(diagrams.course_map()),
    "cascade": lambda: _first(diagrams.cascade()),
    "recurrence_types": lambda: _first(diagrams.recurrence_types()),
    "blood_flow": lambda: diagrams.blood_flow(soil.flow_by_organ(), "Resting blood flow by organ (% of cardiac output, adult man)"),
    "enrichment": _enrichment,
    "site_frequencies": _site_frequencies,
    "sites_by_subtype": lambda: diagrams.subtype_heatmap(sites.by_subtype(), "Sites by subtype in relapsed patients (Turkey, 1998-2012)"),
    "body_map_autopsy": _body_map,
    "spread_network": lambda: _first(diagrams.spread_network(spread.illustrative_model())),
    "recurrence_hazards": _hazards,
    "treatment_taxonomy": lambda: _first(diagrams.taxonomy(data.load("treatments"))),
    "pivotal_trials": lambda: diagrams.forest_plot(data.load("treatments"), "Pivotal trials: hazard ratios with 95% confidence intervals"),
    "evidence_pyramid": diagrams.evidence_pyramid,
    "claims_network": lambda: _first(diagrams.claims_network(data.load("claims"))),
}


@contextlib.contextmanager
def course_style():
    """The course style for drawing and saving, restored to the caller's settings afterwards."""
    with matplotlib.rc_context():
        style.use()
        yield


def draw(name: str) -> Figure:
    """Draw one figure by name (call inside ``course_style()`` to save it as the course does)."""
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; choose from: {', '.join(FIGURES)}")
    return FIGURES[name]()


def render(name: str, out: Path, formats=("svg", "png"), dpi: int = DPI) -> list[Path]:
    """Draw ``name`` in the course style and write ``out/name.<format>`` for each format."""
    with course_style():
        fig = draw(name)
        try:
            return [save(fig, Path(out) / f"{name}.{fmt}", dpi) for fmt in formats]
        finally:
            plt.close(fig)


def save(fig: Figure, path: Path, dpi: int = DPI) -> Path:
    """Write ``fig`` reproducibly (format from the suffix: .svg or .png)."""
    path = Path(path)
    if path.suffix == ".svg":
        with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
            fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    elif path.suffix == ".png":
        fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
    else:
        raise ValueError(f"{path}: figures are written as .svg or .png")
    return path


def export(out: Path, names: list[str] | None = None, formats=("svg", "png"), dpi: int = DPI) -> list[Path]:
    """Write the named figures (default: all) into ``out``; return the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [path for name in names or list(FIGURES) for path in render(name, out, formats, dpi)]
