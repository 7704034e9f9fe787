"""Diagrams the lessons draw: each function builds a networkx graph, draws it with matplotlib and
returns ``(figure, graph)`` so that tests can assert the graph and notebooks can show the figure.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Patch, Polygon

from . import cascade as cascade_mod
from . import course as course_mod
from . import inputs
from . import spread as spread_mod
from .recurrence import check_periods
from .references import cite
from .sites import COHORT_LABELS
from .style import OKABE_ITO


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False))


def _require(table, columns: tuple[str, ...], where: str) -> None:
    """Check that a chart was given a non-empty table with the columns it draws."""

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{where}() needs a pandas DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{where}(): the table has no column {', '.join(map(repr, missing))}; it needs {', '.join(columns)}"
        )
    if table.empty:
        raise ValueError(f"{where}(): the table is empty")


def _values_in(table: pd.DataFrame, column: str, allowed, where: str) -> None:
    """Check that a column holds only the categories a chart knows how to draw."""
    unknown = sorted(set(table[column]) - set(allowed), key=str)
    if unknown:
        raise ValueError(
            f"{where}(): {column} {', '.join(map(repr, unknown))} is not one it can draw; use {', '.join(allowed)}"
        )


def _finite(table: pd.DataFrame, columns: tuple[str, ...], where: str, *, minimum: float | None = None) -> None:
    """Check that the columns a chart draws hold finite numbers (NaN allowed only where noted)."""
    for column in columns:
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any() or not np.isfinite(values.to_numpy(float)).all():
            raise ValueError(f"{where}(): column {column!r} must hold finite numbers")
        if minimum is not None and (values < minimum).any():
            raise ValueError(f"{where}(): column {column!r} must hold numbers of at least {minimum:g}")


def _percent_map(percent_by_site: object, where: str) -> dict:
    """A non-empty dict of site -> percent between 0 and 100, sites known to the body map."""
    inputs.mapping("percent_by_site", percent_by_site, "{'bone': 70, 'lung': 30}")
    for site, value in percent_by_site.items():
        if site not in BODY_POSITIONS:
            raise ValueError(f"no body position for site {site!r}; sites: {', '.join(BODY_POSITIONS)}")
        if not inputs.is_number(value) or not 0 <= float(value) <= 100:
            raise ValueError(f"{where}(): {site!r}: percent must be a number between 0 and 100, got {value!r}")
    return dict(percent_by_site)


def _box_arrow(ax, boxes: dict, pos: dict, u, v, **style) -> None:
    """An arrow from box ``u`` to box ``v`` that runs edge to edge, so no head hides under a box;
    ``style`` adds to or overrides the arrow properties (width, shrink, curve, line style)."""
    props = dict(
        arrowstyle="-|>",
        color="#333333",
        patchA=boxes[u].get_bbox_patch(),
        patchB=boxes[v].get_bbox_patch(),
    )
    ax.annotate("", xy=pos[v], xytext=pos[u], zorder=2, arrowprops=props | style)


#: Curvatures tried, in order, for an arrow that would otherwise run behind a box (arc3 ``rad``).
_BENDS = (0.0, 0.12, -0.12, 0.22, -0.22, 0.32, -0.32, 0.45, -0.45, 0.6, -0.6)


def _boxes_crossed(p0, p2, rad: float, others) -> int:
    """How many of the display-space boxes ``others`` the arc3 curve from ``p0`` to ``p2`` enters."""
    (x1, y1), (x2, y2) = p0, p2
    control = np.array([(x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)])
    t = np.linspace(0, 1, 60)[:, None]
    curve = (1 - t) ** 2 * np.asarray(p0) + 2 * (1 - t) * t * control + t**2 * np.asarray(p2)
    x, y = curve[:, 0], curve[:, 1]
    return sum(bool(((x > b.x0) & (x < b.x1) & (y > b.y0) & (y < b.y1)).any()) for b in others)


def _clear_arrows(fig, ax, boxes: dict, pos: dict, edges, **style) -> None:
    """Arrows for ``edges`` that do not run behind a box they do not join.

    Each arrow is straight if it can be, otherwise the least curved arc (matplotlib's arc3) that
    misses every other box. Call once the figure's layout is final: box sizes depend on it.
    """
    fig.canvas.draw()  # the boxes' sizes are known only once their text is laid out
    extent = {n: b.get_bbox_patch().get_window_extent().padded(4) for n, b in boxes.items()}
    for u, v in edges:
        p0, p2 = ax.transData.transform(pos[u]), ax.transData.transform(pos[v])
        others = [extent[n] for n in boxes if n not in (u, v)]
        crossed = {rad: _boxes_crossed(p0, p2, rad, others) for rad in _BENDS}
        rad = min(_BENDS, key=lambda r: (crossed[r], abs(r)))
        _box_arrow(ax, boxes, pos, u, v, connectionstyle=f"arc3,rad={rad}", **style)


def layered_positions(g: nx.DiGraph, layer: str = "layer") -> dict[str, tuple[float, float]]:
    """Columns by the node attribute ``layer``; within a column, nodes keep the graph's order.

    (networkx's multipartite_layout orders a column by string hashes, which change between runs,
    so figures would not be reproducible.)
    """
    columns: dict[int, list[str]] = {}
    for node, data in g.nodes(data=True):
        columns.setdefault(data[layer], []).append(node)
    pos = {}
    for x, nodes in columns.items():
        for i, node in enumerate(nodes):
            pos[node] = (float(x), (len(nodes) - 1) / 2 - i)
    return pos


def course_map(course: course_mod.Course | None = None) -> tuple[Figure, nx.DiGraph]:
    """Draw the course map: notebooks as boxes, arrows from prerequisites, columns by depth."""
    g = course_mod.course_graph(course)
    # An arrow that a longer path already implies (10 -> 12 when 10 -> 11 -> 12) is left out.
    drawn = nx.transitive_reduction(g)
    # Rows 1.3 apart leave room between the tallest boxes for the arrows that pass them.
    pos = {n: (x, 1.3 * y) for n, (x, y) in layered_positions(g).items()}
    for x in sorted({x for x, _ in pos.values()}):  # a column of one sits level with what it builds on
        column = [n for n in g if pos[n][0] == x]
        before = list(drawn.predecessors(column[0]))
        if len(column) == 1 and before:
            pos[column[0]] = (x, sum(pos[n][1] for n in before) / len(before))
    n_layers = 1 + max(nx.get_node_attributes(g, "layer").values())
    # Short titles (before the dash) at 12 pt: readable from the back of a room on a slide.
    fig, ax = plt.subplots(figsize=(min(11.0, 1.6 + 1.3 * n_layers), 4.6))
    boxes = {}
    for node, (x, y) in pos.items():
        ready = g.nodes[node]["status"] == "ready"
        boxes[node] = ax.text(
            x,
            y,
            _wrap(g.nodes[node]["title"].split(" — ")[0], 10),
            ha="center",
            va="center",
            fontsize=12,
            color="black",
            zorder=3,
            bbox=dict(
                boxstyle="round,pad=0.35",
                facecolor="#DCEEFB" if ready else "white",
                edgecolor=OKABE_ITO["blue"] if ready else "#555555",
                linestyle="-" if ready else "--",
                linewidth=1.5,
            ),
        )
    xs, ys = zip(*pos.values())
    # Text boxes do not update the data limits, so set them with room for the widest box.
    ax.set_xlim(min(xs) - 0.45, max(xs) + 0.45)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.5)
    ax.set_axis_off()
    if any(g.nodes[n]["status"] != "ready" for n in g):  # the key is needed only when both kinds show
        ax.legend(
            handles=[
                Patch(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], label="ready"),
                Patch(facecolor="white", edgecolor="#555555", linestyle="--", label="planned"),
            ],
            loc="lower right",
            frameon=False,
            fontsize=12,
        )
    ax.set_title("Course map: arrows point from a prerequisite to the notebook that builds on it")
    fig.tight_layout()
    _clear_arrows(fig, ax, boxes, pos, drawn.edges, lw=1.2, shrinkA=3, shrinkB=3)
    return fig, g


# --- the metastatic cascade -------------------------------------------------------------------

#: Where each step happens; drawn as the box style so the figure does not rely on colour alone.
CASCADE_PLACES = {
    "local_invasion": "breast",
    "intravasation": "breast",
    "circulation": "blood",
    "arrest": "blood",
    "extravasation": "new organ",
    "dormancy": "new organ",
    "micrometastasis": "new organ",
    "colonisation": "new organ",
}
_PLACE_STYLE = {
    "breast": dict(facecolor="#FBE3D6", edgecolor=OKABE_ITO["vermillion"], linestyle="-"),
    "blood": dict(facecolor="#FFF1C9", edgecolor="#8A6D00", linestyle="--"),
    "new organ": dict(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], linestyle=":"),
}


def cascade_graph() -> nx.DiGraph:
    """The cascade as a directed graph of steps (from data/cascade_steps.csv).

    The main path joins the steps in order; an optional step (dormancy) is a side branch, with
    an edge that skips it, because not every metastasis goes through it.
    """

    steps = cascade_mod.steps()
    g = nx.DiGraph()
    for _, row in steps.iterrows():
        g.add_node(
            row["step"],
            name=row["name"],
            order=int(row["order"]),
            place=CASCADE_PLACES[row["step"]],
            optional=bool(row["optional"]),
        )
    ids = list(steps["step"])
    g.add_edges_from(zip(ids, ids[1:]), optional=False)
    for before, step, after in zip(ids, ids[1:], ids[2:]):
        if g.nodes[step]["optional"]:
            g.add_edge(before, after, optional=False)
            g.edges[before, step]["optional"] = g.edges[step, after]["optional"] = True
    return g


def cascade() -> tuple[Figure, nx.DiGraph]:
    """Draw the metastatic cascade: the main path snakes over two rows, boxes styled by where they
    happen; an optional step hangs below the path with dashed arrows."""
    g = cascade_graph()
    nodes = list(g)
    main = [n for n in nodes if not g.nodes[n]["optional"]]
    half = (len(main) + 1) // 2
    # First row left to right, second row right to left: the path reads like a snake.
    pos = {n: (float(i), 1.0) for i, n in enumerate(main[:half])}
    pos.update({n: (float(half - 1 - i), 0.0) for i, n in enumerate(main[half:])})
    for n in nodes:
        if g.nodes[n]["optional"]:
            before, after = next(iter(g.predecessors(n))), next(iter(g.successors(n)))
            pos[n] = ((pos[before][0] + pos[after][0]) / 2, pos[before][1] - 0.8)
    fig, ax = plt.subplots(figsize=(10.0, 4.4))
    boxes = {}
    for node in nodes:
        data_ = g.nodes[node]
        label = f"{data_['order']}. " + _wrap(data_["name"], 13)
        if data_["optional"]:
            label += "\n(optional)"
        boxes[node] = ax.text(
            *pos[node],
            label,
            ha="center",
            va="center",
            fontsize=12,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.45", linewidth=1.8, **_PLACE_STYLE[data_["place"]]),
        )
    for u, v, optional in g.edges(data="optional"):
        if optional:
            bend = "arc3,rad=0.25" if pos[u][1] > pos[v][1] else "arc3,rad=-0.25"
        elif pos[u][1] != pos[v][1]:
            bend = "arc3,rad=-0.5"
        else:
            bend = "arc3"
        _box_arrow(
            ax,
            boxes,
            pos,
            u,
            v,
            lw=1.5,
            linestyle="--" if optional else "-",
            shrinkA=4,
            shrinkB=4,
            connectionstyle=bend,
        )
    ax.set_xlim(-0.7, half - 0.3)
    ax.set_ylim(min(y for _, y in pos.values()) - 0.4, 1.45)
    ax.set_axis_off()
    ax.legend(
        handles=[
            Patch(label=f"in the {p}" if p != "new organ" else "in the new organ", **s) for p, s in _PLACE_STYLE.items()
        ],
        loc="upper center",
        ncol=3,
        frameon=False,
        bbox_to_anchor=(0.5, 1.02),
    )
    fig.tight_layout()
    return fig, g


def funnel(attrition: pd.DataFrame, title: str = "Cells left after each step") -> Figure:
    """Horizontal bars of the cells passing each step, on a logarithmic axis."""
    _require(attrition, ("step", "passing"), "funnel")
    _finite(attrition, ("passing",), "funnel", minimum=0)
    if not (attrition["passing"] > 0).any():
        raise ValueError("funnel(): no cells pass any step, and a logarithmic axis cannot show 0")

    labels = [s.replace("_", " ") for s in attrition["step"]]
    fig, ax = plt.subplots()
    y = list(range(len(labels)))[::-1]
    ax.barh(y, attrition["passing"], color=OKABE_ITO["blue"], edgecolor="black")
    ax.set_yticks(y, labels)
    ax.set_xscale("log")
    ax.set_xlabel("cells passing the step (log scale)")
    for yi, value in zip(y, attrition["passing"]):
        ax.text(value * 1.15, yi, f"{value:,.0f}" if value >= 10 else f"{value:.1f}", va="center", fontsize=11)
    ax.set_xlim(right=attrition["passing"].max() * 20)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def enrichment_comparison(table: pd.DataFrame, title: str) -> Figure:
    """Grouped bars of enrichment per organ, one bar per delivery assumption (the columns)."""
    if not isinstance(table, pd.DataFrame) or table.empty or table.shape[1] < 1:
        raise ValueError("enrichment_comparison(): needs a non-empty table, organs as rows, assumptions as columns")
    _finite(table, tuple(table.columns), "enrichment_comparison")
    if (table <= 0).any().any():
        raise ValueError("enrichment_comparison(): enrichments must be above 0 for a logarithmic axis")
    fig, ax = plt.subplots(figsize=(9.0, 4.8))
    organs, width = list(table.index), 0.8 / table.shape[1]
    styles = [(OKABE_ITO["blue"], ""), (OKABE_ITO["orange"], "//"), (OKABE_ITO["bluish_green"], "..")]
    for k, (column, (colour, hatch)) in enumerate(zip(table.columns, styles, strict=False)):
        x = np.arange(len(organs)) + (k - (table.shape[1] - 1) / 2) * width
        values = table[column].to_numpy()
        ax.bar(x, values, width, color=colour, hatch=hatch, edgecolor="black", label=f"liver: {column}")
        for xi, v in zip(x, values):
            ax.text(xi, v * 1.08, f"{v:.2f}×", ha="center", fontsize=12)
    ax.axhline(1, color="black", linestyle="--", linewidth=1)
    ax.text(len(organs) - 0.5, 1.05, "as blood flow predicts", ha="right", va="bottom", fontsize=12)
    ax.set_yscale("log")
    low, high = min(table.min().min(), 1) / 2, max(table.max().max(), 1) * 2.5
    ax.set_ylim(low, high)
    ticks = [t for t in (0.0625, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16) if low <= t <= high]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_xticks(range(len(organs)), organs)
    ax.set_ylabel("share of metastases ÷ share of blood")
    ax.legend(loc="upper right", fontsize=12, frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def site_frequencies(table: pd.DataFrame, title: str) -> Figure:
    """Dot plot of site frequencies with 95% CIs, one marker style per cohort type."""
    _require(table, ("site", "cohort_type", "percent", "ci_low", "ci_high"), "site_frequencies")
    _values_in(table, "cohort_type", COHORT_LABELS, "site_frequencies")

    markers = {"autopsy": "s", "metastatic_clinical": "o", "de_novo_stage_iv": "^", "all_new_diagnoses": "D"}
    colours = dict(zip(markers, [OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"], "black"]))
    site_order = [s for s in ("bone", "lung", "liver", "brain") if s in set(table["site"])]
    fig, ax = plt.subplots(figsize=(9.0, 4.5))
    offsets = dict(zip(markers, (-0.24, -0.08, 0.08, 0.24)))
    for cohort, group in table[table["site"].isin(site_order)].groupby("cohort_type", sort=False):
        x = [site_order.index(s) + offsets[cohort] for s in group["site"]]
        err = [group["percent"] - group["ci_low"], group["ci_high"] - group["percent"]]
        has_ci = group["ci_low"].notna()
        ax.errorbar(
            [xi for xi, h in zip(x, has_ci) if h],
            group["percent"][has_ci],
            yerr=[e[has_ci] for e in err],
            fmt="none",
            ecolor=colours[cohort],
            capsize=3,
        )
        ax.scatter(
            x,
            group["percent"],
            marker=markers[cohort],
            color=colours[cohort],
            s=60,
            zorder=3,
            edgecolor="black",
            label=COHORT_LABELS[cohort],
        )
    ax.set_xticks(range(len(site_order)), site_order)
    ax.set_ylabel("percent of the group with the site involved")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper right", fontsize=12, frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


#: Schematic positions (x, y) of sites on a simple body outline, in axis units.
BODY_POSITIONS = {
    "brain": (0.0, 8.6),
    "non_axillary_lymph_nodes": (-1.05, 7.0),
    "lung": (-0.5, 6.3),
    "liver": (0.5, 5.1),
    "bone": (0.0, 3.3),
}


def body_map(percent_by_site: dict, title: str) -> Figure:
    """A schematic body with a circle per site, its area proportional to the percent given."""
    percent_by_site = _percent_map(percent_by_site, "body_map")
    fig, ax = plt.subplots(figsize=(7.0, 5.0))
    outline = dict(facecolor="#F2F2F2", edgecolor="#555555", linewidth=1.5)
    ax.add_patch(Circle((0, 8.6), 0.8, **outline))  # head
    ax.add_patch(FancyBboxPatch((-1.3, 2.6), 2.6, 4.9, boxstyle="round,pad=0.2", **outline))  # trunk
    for side in (-1, 1):
        ax.add_patch(FancyBboxPatch((side * 1.55 - 0.25, 3.4), 0.5, 3.9, boxstyle="round,pad=0.15", **outline))
        ax.add_patch(FancyBboxPatch((side * 0.6 - 0.3, -0.2), 0.6, 2.7, boxstyle="round,pad=0.15", **outline))
    ax.add_patch(Ellipse((0.6, 6.5), 0.45, 0.5, facecolor="white", edgecolor="black", linestyle="--"))
    ax.annotate(
        "breast (where it started)",
        xy=(0.82, 6.5),
        xytext=(2.3, 9.3),
        fontsize=11,
        arrowprops=dict(arrowstyle="-", color="#555555"),
    )
    for site, value in percent_by_site.items():
        x, y = BODY_POSITIONS[site]
        radius = 0.75 * (value / 100) ** 0.5  # circle area proportional to the percent
        ax.add_patch(
            Circle(
                (x, y), radius, facecolor=OKABE_ITO["vermillion"], alpha=0.5, edgecolor="black", linewidth=1.2, zorder=3
            )
        )
        label = site.replace("non_axillary_lymph_nodes", "lymph nodes (not armpit)")
        # Labels sit outside the body on the right, joined to their circle by a line.
        ax.annotate(
            f"{label}: {value:g}%",
            xy=(x, y),
            xytext=(2.3, y),
            va="center",
            fontsize=11,
            arrowprops=dict(arrowstyle="-", color="#333333"),
            zorder=4,
        )
    ax.set_xlim(-2.2, 6.0)
    ax.set_ylim(-0.6, 9.8)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title)
    fig.tight_layout()
    return fig


# --- clinical pictures used in notebooks 01-04 --------------------------------------------------

SUBTYPE_LABELS = {
    "all": "all subtypes",
    "hr_pos_her2_neg": "HR+/HER2−",
    "her2_pos": "HER2+",
    "triple_negative": "triple-negative",
    "hr_pos": "HR+",
    "hr_neg": "HR−",
    "luminal_a": "luminal A",
    "luminal_b": "luminal B",
    "her2_overexpressing": "HER2-overexpressing",
    "her2_low": "HER2-low",
    "hr_pos_her2_low": "HR+/HER2-low",
    "gbrca_her2_neg": "germline BRCA, HER2−",
    "de_novo_stage_iv": "de novo stage IV",
    "bone_metastases": "bone metastases",
    "brain_metastases": "brain metastases",
}


def survival_chart(table: pd.DataFrame, title: str) -> Figure:
    """Median overall survival (months) with 95% CIs, one bar per group."""
    _require(table, ("subtype", "value", "ci_low", "ci_high"), "survival_chart")
    _finite(table, ("value", "ci_low", "ci_high"), "survival_chart", minimum=0)
    if ((table["ci_low"] > table["value"]) | (table["value"] > table["ci_high"])).any():
        raise ValueError("survival_chart(): each value must lie between its ci_low and ci_high")
    fig, ax = plt.subplots()
    labels = [SUBTYPE_LABELS.get(s, s) for s in table["subtype"]]
    y = list(range(len(labels)))[::-1]
    err = [table["value"] - table["ci_low"], table["ci_high"] - table["value"]]
    ax.barh(y, table["value"], color=OKABE_ITO["sky_blue"], edgecolor="black")
    ax.errorbar(table["value"], y, xerr=err, fmt="none", ecolor="black", capsize=4)
    for yi, v in zip(y, table["value"]):
        ax.text(1, yi, f"{v:g} months", va="center", fontsize=11)
    ax.set_yticks(y, labels)
    ax.set_xlabel("median overall survival, months (95% CI)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def recurrence_types() -> tuple[Figure, nx.DiGraph]:
    """Where breast cancer can come back: local, regional and distant recurrence as a tree."""
    g = nx.DiGraph()
    tree = {
        "primary tumour\n(breast)": [
            "local\nbreast, chest wall, scar",
            "regional\nlymph nodes: armpit,\ncollarbone",
            "distant\n(metastatic, stage IV)",
        ],
        "distant\n(metastatic, stage IV)": ["bone", "lung", "liver", "brain"],
    }
    for parent, children in tree.items():
        for child in children:
            g.add_edge(parent, child)
    kind = {
        n: (
            "primary"
            if n.startswith("primary")
            else "distant"
            if n in ("bone", "lung", "liver", "brain") or n.startswith("distant")
            else "near"
        )
        for n in g
    }
    nx.set_node_attributes(g, kind, "kind")
    pos = {"primary tumour\n(breast)": (0, 2)}
    for i, child in enumerate(tree["primary tumour\n(breast)"]):
        pos[child] = (i - 1.0, 1)
    for i, child in enumerate(tree["distant\n(metastatic, stage IV)"]):
        pos[child] = (0.25 + 0.55 * i, 0)
    fig, ax = plt.subplots(figsize=(9.0, 4.2))
    style = {
        "primary": dict(facecolor="#FBE3D6", edgecolor=OKABE_ITO["vermillion"], linestyle="-"),
        "near": dict(facecolor="#FFF1C9", edgecolor="#8A6D00", linestyle="--"),
        "distant": dict(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], linestyle=":"),
    }
    boxes = {
        n: ax.text(
            *pos[n],
            n,
            ha="center",
            va="center",
            fontsize=12,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.4", linewidth=1.8, **style[kind[n]]),
        )
        for n in g
    }
    for u, v in g.edges:
        _box_arrow(ax, boxes, pos, u, v, lw=1.3, shrinkA=3, shrinkB=3)
    ax.set_xlim(-1.6, 2.2)
    ax.set_ylim(-0.4, 2.4)
    ax.set_axis_off()
    ax.legend(
        handles=[
            Patch(label="where it started", **style["primary"]),
            Patch(label="local or regional recurrence", **style["near"]),
            Patch(label="distant: metastatic breast cancer", **style["distant"]),
        ],
        loc="lower left",
        frameon=False,
        fontsize=12,
    )
    fig.tight_layout()
    return fig, g


#: Box styles of the testing pathway, by kind of step; line styles differ as well as colours.
_PATHWAY_STYLE = {
    "start": dict(facecolor="white", edgecolor="#555555", linestyle="-"),
    "imaging": dict(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], linestyle="--"),
    "test": dict(facecolor="#FFF1C9", edgecolor="#8A6D00", linestyle="-"),
    "decision": dict(facecolor="#FBE3D6", edgecolor=OKABE_ITO["vermillion"], linestyle=":"),
}
_PATHWAY_LEGEND = {"start": "start", "imaging": "scans", "test": "tissue, blood or gene test", "decision": "decision"}


def testing_pathway(table: pd.DataFrame | None = None) -> tuple[Figure, nx.DiGraph]:
    """The pathway from suspicion to treatment and follow-up, left to right, drawn from
    data/testing_pathway.csv; the loop back from progression to a new choice is curved."""
    from . import followup

    g = followup.pathway_graph(table)
    pos = layered_positions(g, layer="stage")
    fig, ax = plt.subplots(figsize=(11.0, 4.6))
    boxes = {
        n: ax.text(
            *pos[n],
            _wrap(g.nodes[n]["step"], 11),
            ha="center",
            va="center",
            fontsize=12,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.35", linewidth=1.6, **_PATHWAY_STYLE[g.nodes[n]["kind"]]),
        )
        for n in g
    }
    back = [(u, v) for u, v in g.edges if g.nodes[v]["stage"] <= g.nodes[u]["stage"]]
    for u, v in back:
        style = dict(connectionstyle="arc3,rad=0.45", linestyle="--")
        _box_arrow(ax, boxes, pos, u, v, lw=1.3, shrinkA=3, shrinkB=3, **style)
    xs, ys = zip(*pos.values())
    ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 0.6)
    ax.set_axis_off()
    kinds = [k for k in _PATHWAY_STYLE if any(d["kind"] == k for _, d in g.nodes(data=True))]
    ax.legend(
        handles=[Patch(label=_PATHWAY_LEGEND[k], **_PATHWAY_STYLE[k]) for k in kinds],
        loc="lower center",
        ncol=len(kinds),
        frameon=False,
        fontsize=12,
    )
    fig.tight_layout()
    _clear_arrows(fig, ax, boxes, pos, [e for e in g.edges if e not in back], lw=1.3, shrinkA=3, shrinkB=3)
    return fig, g


def survival_trend_chart(trends: pd.DataFrame) -> Figure:
    """Hazard ratio of death per later year of diagnosis, by subtype, with 95% intervals: a value
    below 1 means survival improved from one year of diagnosis to the next."""
    _require(trends, ("subtype", "hr_per_year", "hr_ci_low", "hr_ci_high", "median_os_months"), "survival_trend_chart")
    _finite(trends, ("hr_per_year", "hr_ci_low", "hr_ci_high"), "survival_trend_chart", minimum=0)
    labels = SUBTYPE_LABELS
    fig, ax = plt.subplots(figsize=(9.0, 3.8))
    y = list(range(len(trends)))[::-1]
    for yi, r in zip(y, trends.itertuples()):
        improved = r.hr_ci_high < 1
        ax.errorbar(
            r.hr_per_year,
            yi,
            xerr=[[r.hr_per_year - r.hr_ci_low], [r.hr_ci_high - r.hr_per_year]],
            fmt="o" if improved else "s",
            color=OKABE_ITO["blue"] if improved else "#555555",
            markersize=9,
            capsize=4,
        )
        ax.text(1.035, yi, f"{r.hr_per_year:.2f} ({r.hr_ci_low:.2f}-{r.hr_ci_high:.2f})", va="center", fontsize=12)
    ax.axvline(1, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, [labels.get(s, s) for s in trends["subtype"]])
    ax.set_xlim(0.85, 1.09)
    ax.set_xlabel("hazard ratio of death per later year of diagnosis (below 1: improving)")
    fig.tight_layout()
    return fig


def blood_flow(flow: pd.Series, title: str) -> Figure:
    """Bars of resting blood flow (% of cardiac output) per organ group, largest first."""
    if not isinstance(flow, pd.Series) or flow.empty:
        raise ValueError(
            "blood_flow(): needs a non-empty pandas Series of percent per organ, as soil.flow_by_organ() gives"
        )
    _finite(flow.to_frame("percent"), ("percent",), "blood_flow", minimum=0)
    flow = flow.sort_values(ascending=True).rename(index={"lung": "lung (own supply only)"})
    fig, ax = plt.subplots()
    ax.barh(list(flow.index), flow.to_numpy(), color=OKABE_ITO["bluish_green"], edgecolor="black")
    for i, v in enumerate(flow.to_numpy()):
        ax.text(v + 0.3, i, f"{v:g}%", va="center", fontsize=11)
    ax.set_xlabel("percent of cardiac output at rest")
    ax.set_xlim(0, flow.max() * 1.2)
    ax.set_title(title)
    fig.tight_layout()
    return fig


#: The widest histogram of simulated counts (one bar per whole number).
MAX_HISTOGRAM_BARS = 1_000


def simulation_histogram(counts, expected: float, title: str) -> Figure:
    """Histogram of metastases per simulated run, with the expected value marked."""

    counts = inputs.numbers("counts", counts)
    if counts.size == 0:
        raise ValueError("simulation_histogram(): counts is empty: give the metastases of at least one run")
    if (counts < 0).any() or (counts != np.round(counts)).any():
        raise ValueError("simulation_histogram(): counts must be whole numbers, 0 or more")
    if counts.max() - counts.min() > MAX_HISTOGRAM_BARS:
        raise ValueError(
            f"simulation_histogram(): counts span {counts.max() - counts.min():,.0f} values, more than "
            f"{MAX_HISTOGRAM_BARS:,} bars can show; did you pass cell counts instead of metastases?"
        )
    expected = inputs.finite("expected", expected)
    fig, ax = plt.subplots()
    bins = np.arange(counts.min(), counts.max() + 2) - 0.5
    ax.hist(counts, bins=bins, color=OKABE_ITO["sky_blue"], edgecolor="black")
    ax.axvline(expected, color="black", linestyle="--", linewidth=1.5)
    ax.text(expected, ax.get_ylim()[1] * 0.95, f"  expected {expected:.2f}", va="top", fontsize=11)
    ax.set_xlabel("metastases formed in one run")
    ax.set_ylabel("number of runs")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def subtype_heatmap(table: pd.DataFrame, title: str) -> Figure:
    """Sites × subtypes grid of percentages, each cell labelled with its value."""
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError("subtype_heatmap(): needs a non-empty table of percentages, as sites.by_subtype() gives")
    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    values = table.to_numpy(dtype=float)
    im = ax.imshow(values, cmap="cividis", vmin=0, vmax=max(70, np.nanmax(values)), aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:g}%", ha="center", va="center", fontsize=12, color="black" if v >= 35 else "white")
    ax.set_xticks(
        range(table.shape[1]),
        [_wrap(SUBTYPE_LABELS.get(c, c).replace("-", "- "), 11).replace("- ", "-") for c in table.columns],
    )
    ax.set_yticks(range(table.shape[0]), list(table.index))
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    fig.colorbar(im, ax=ax, label="percent of patients")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def first_day_survival(measurements: pd.DataFrame) -> Figure:
    """Measured percent of injected cells alive (or extravasated) after one day, log scale."""
    _require(measurements, ("value", "unit"), "first_day_survival")
    rows = measurements[measurements["unit"] == "percent of injected cells"]
    if rows.empty:
        raise ValueError("no measurements in 'percent of injected cells'")
    fig, ax = plt.subplots()

    labels = [f"{cite(r.source)}\n{_wrap(';'.join(r.system.split(';')[:2]), 28)}" for r in rows.itertuples()]
    colours = [OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"]]
    bars = ax.bar(labels, rows["value"], color=colours[: len(rows)], edgecolor="black")
    for bar, r in zip(bars, rows.itertuples()):
        prefix = {"~": "about ", ">": "more than ", ">=": "at least ", "=": ""}[r.qualifier]
        ax.text(bar.get_x() + bar.get_width() / 2, r.value * 1.3, f"{prefix}{r.value:g}%", ha="center", fontsize=12)
    ax.set_yscale("log")
    ax.set_ylim(0.3, 300)
    ticks = [0.5, 1, 5, 10, 50, 100]
    ax.set_yticks(ticks, [f"{t:g}%" for t in ticks])
    ax.minorticks_off()
    ax.set_ylabel("injected cells, one day later")
    ax.set_title("Two experiments, two answers for the first day")
    fig.tight_layout()
    return fig


#: Fixed positions for the spread network (a schematic, not anatomy to scale).
SPREAD_POSITIONS = {
    "breast": (0.0, 1.0),
    "lymph_nodes": (1.0, 1.8),
    "lung": (1.0, 0.2),
    "bone": (2.2, 1.8),
    "liver": (2.2, 0.2),
}


def spread_network(
    chain, title: str = "Illustrative model: probabilities of the next site"
) -> tuple[Figure, nx.DiGraph]:
    """Draw a spread chain: arrows between different sites, width proportional to probability.

    Staying at the same site (the diagonal) is written under each node rather than drawn.
    """

    g = spread_mod.to_graph(chain)
    pos = {s: SPREAD_POSITIONS.get(s, (3.2, 1.0 + 0.4 * i)) for i, s in enumerate(chain.sites)}
    fig, ax = plt.subplots(figsize=(9.0, 4.4))
    boxes = {}
    for s in chain.sites:
        stay = chain.P[chain.index(s), chain.index(s)]
        label = s.replace("_", " ") + (f"\nstays: {stay:.2f}" if stay > 0 else "")
        boxes[s] = ax.text(
            *pos[s],
            label,
            ha="center",
            va="center",
            fontsize=12,
            zorder=3,
            bbox=dict(
                boxstyle="round,pad=0.45",
                facecolor="#DCEEFB" if s != "breast" else "#FBE3D6",
                edgecolor="black",
                linewidth=1.3,
            ),
        )
    for u, v, d in g.edges(data=True):
        if u == v:
            continue
        w = d["weight"]
        _box_arrow(
            ax,
            boxes,
            pos,
            u,
            v,
            lw=0.8 + 8 * w,
            shrinkA=6,
            shrinkB=6,
            mutation_scale=14,
            connectionstyle="arc3,rad=0.18",
        )
        mx, my = (pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2
        dx, dy = pos[v][0] - pos[u][0], pos[v][1] - pos[u][1]
        # arc3 with a positive rad bends to the right of the direction of travel; label that side.
        ax.text(
            mx + 0.12 * dy,
            my - 0.12 * dx,
            f"{w:.2f}",
            fontsize=12,
            ha="center",
            va="center",
            bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
            zorder=4,
        )
    ax.set_xlim(-0.5, 2.8)
    ax.set_ylim(-0.3, 2.3)
    ax.set_axis_off()
    ax.set_title(title)
    fig.tight_layout()
    return fig, g


def occupancy_chart(exact: pd.DataFrame, simulated: pd.DataFrame, title: str) -> Figure:
    """Share of patients at each site by step: exact (lines) and simulated (markers)."""

    markers = ["o", "s", "^", "D", "v", "P"]
    fig, ax = plt.subplots()
    handles = []
    for k, site in enumerate(exact.columns):
        (line,) = ax.plot(exact.index, exact[site], linewidth=2)
        marker = markers[k % len(markers)]
        ax.plot(
            simulated.index,
            simulated[site],
            linestyle="none",
            marker=marker,
            color=line.get_color(),
            markeredgecolor="black",
        )
        handles.append(
            Line2D(
                [],
                [],
                color=line.get_color(),
                marker=marker,
                markeredgecolor="black",
                linewidth=2,
                label=site.replace("_", " "),
            )
        )
    handles.append(Line2D([], [], color="black", linewidth=2, label="lines: exact"))
    handles.append(Line2D([], [], color="black", marker="o", linestyle="none", label="markers: simulated"))
    ax.legend(handles=handles, loc="upper right", fontsize=12, frameon=False, ncol=2)
    ax.set_xlabel("step (one move of the model: to another site, or staying put)")
    ax.set_ylabel("share of patients")
    ax.set_ylim(0, 0.75)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# --- clinical notebooks 06-08 -----------------------------------------------------------------


def hazard_chart(periods_by_group: dict, title: str) -> Figure:
    """Step plot of annual hazard (percent per year) over years since diagnosis, one line per group."""
    inputs.mapping("periods_by_group", periods_by_group, "{'ER-positive': recurrence.hazard_periods('positive')}")
    for periods in periods_by_group.values():
        check_periods(periods)
    styles = [
        dict(color=OKABE_ITO["blue"], linestyle="-"),
        dict(color=OKABE_ITO["vermillion"], linestyle="--"),
        dict(color=OKABE_ITO["bluish_green"], linestyle=":"),
    ]
    fig, ax = plt.subplots()
    for (label, periods), st in zip(periods_by_group.items(), styles):
        xs = list(periods["years_from"]) + [periods["years_to"].iloc[-1]]
        ys = list(periods["annual_hazard_percent"]) + [periods["annual_hazard_percent"].iloc[-1]]
        ax.step(xs, ys, where="post", linewidth=2.5, label=label, **st)
    ax.set_xlabel("years since diagnosis")
    ax.set_ylabel("annual hazard of recurrence (% per year)")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def incidence_chart(exact: dict, km: dict, title: str) -> Figure:
    """Cumulative incidence: exact curves (lines) and Kaplan–Meier from simulated cohorts (steps)."""
    styles = [dict(color=OKABE_ITO["blue"]), dict(color=OKABE_ITO["vermillion"])]
    fig, ax = plt.subplots()
    for (label, curve), (_, table), st in zip(exact.items(), km.items(), styles):
        ax.plot(curve.index, curve.to_numpy(), linewidth=2.5, label=f"{label}: from the hazards", **st)
        ax.step(
            table["time"],
            100 * (1 - table["survival"]),
            where="post",
            linewidth=1.2,
            linestyle="--",
            label=f"{label}: simulated cohort (Kaplan–Meier)",
            **st,
        )
    ax.set_xlabel("years since diagnosis")
    ax.set_ylabel("had a recurrence (%)")
    ax.set_ylim(0, 100)
    ax.legend(frameon=False, fontsize=12, loc="upper left")
    ax.set_title(title)
    fig.tight_layout()
    return fig


FOREST_ENDPOINTS = {
    "overall survival": ("s", OKABE_ITO["blue"]),
    "progression-free survival": ("D", OKABE_ITO["vermillion"]),
}


def forest_plot(trials: pd.DataFrame, title: str, endpoint: str | None = None) -> Figure:
    """Hazard ratios with 95% CIs on a log axis: overall survival and progression-free survival in
    separate panels, because a PFS ratio and an OS ratio measure different things.

    ``endpoint`` draws one of them alone (a figure that fits a slide with labels readable from
    the back of the room)."""
    _require(trials, ("hazard_ratio", "ci_low", "ci_high", "trial", "endpoint"), "forest_plot")
    if endpoint is not None and endpoint not in FOREST_ENDPOINTS:
        choices = ", ".join(map(repr, FOREST_ENDPOINTS))
        raise ValueError(f"forest_plot: endpoint must be one of {choices}, not {endpoint!r}")

    t = trials.dropna(subset=["hazard_ratio"]).reset_index(drop=True)
    names = [endpoint] if endpoint else list(FOREST_ENDPOINTS)
    groups = [(name, *FOREST_ENDPOINTS[name], t[t.endpoint == name]) for name in names]
    groups = [g for g in groups if len(g[3])]
    if not groups:
        raise ValueError(f"forest_plot: no trial with a hazard ratio for {' or '.join(names)}")
    heights = [len(g[3]) + 1.2 for g in groups]
    fig, axes = plt.subplots(
        len(groups),
        1,
        figsize=(9.4, 0.3 * sum(heights) + 1.3),
        sharex=True,
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, (name, marker, colour, rows) in zip(axes[:, 0], groups):
        y = np.arange(len(rows))[::-1]
        for yi, r in zip(y, rows.itertuples()):
            if r.ci_low == r.ci_low:  # not NaN: some reports give no 95% interval
                ax.plot([r.ci_low, r.ci_high], [yi, yi], color=colour, linewidth=2)
            ax.plot(r.hazard_ratio, yi, marker=marker, color=colour, markersize=8, markeredgecolor="black")
            ax.text(3.3, yi, f"{r.hazard_ratio:.2f}", va="center", fontsize=12)
        ax.axvline(1, color="black", linestyle="--", linewidth=1)
        ax.set_yticks(y, [f"{r.trial} ({SUBTYPE_LABELS.get(r.subtype, r.subtype)})" for r in rows.itertuples()])
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_title(f"{name} ({len(rows)} trials)", loc="left", fontsize=13)
    ax = axes[-1, 0]
    ax.set_xscale("log")
    ticks = [0.25, 0.5, 1, 2]
    ax.set_xticks(ticks, [f"{x:g}" for x in ticks])
    ax.minorticks_off()
    ax.set_xlim(0.2, 4.0)
    ax.set_xlabel("hazard ratio (left of 1 favours the treatment)")
    fig.suptitle(title, x=0.02, ha="left", fontsize=14)
    fig.text(
        0.02,
        0.005,
        "Each trial had its own patients and control arm: compare each ratio with 1, not with the others.",
        fontsize=12,
        ha="left",
        va="bottom",
    )
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def taxonomy_graph(treatments: pd.DataFrame) -> nx.DiGraph:
    """Tree: treatments → approach (local / systemic / supportive) → class → example setting."""
    _require(treatments, ("approach", "treatment_class"), "taxonomy")
    g = nx.DiGraph()
    root = "treatments"
    g.add_node(root, level=0)
    for r in treatments.itertuples():
        approach = r.approach
        klass = r.treatment_class
        g.add_node(approach, level=1)
        g.add_edge(root, approach)
        g.add_node(klass, level=2)
        g.add_edge(approach, klass)
    return g


LEAF_X = 1.6  # where the treatment classes start, in axis units


def taxonomy(treatments: pd.DataFrame) -> tuple[Figure, nx.DiGraph]:
    """Draw the treatment taxonomy as a left-to-right tree (approach, then class)."""
    g = taxonomy_graph(treatments)
    approaches = [n for n in g.successors("treatments")]
    leaves = [(a, c) for a in approaches for c in g.successors(a)]
    # One line per class at 12 pt and a tight pitch: the whole tree fits a slide of its own.
    fig, ax = plt.subplots(figsize=(10.5, 0.28 * len(leaves) + 0.9))
    pos = {}
    for i, (_, c) in enumerate(leaves):
        pos[c] = (LEAF_X, len(leaves) - 1 - i)
    for a in approaches:
        ys = [pos[c][1] for c in g.successors(a)]
        pos[a] = (0.75, sum(ys) / len(ys))
    pos["treatments"] = (0.0, (len(leaves) - 1) / 2)
    style = {
        "local": dict(facecolor="#FBE3D6", edgecolor=OKABE_ITO["vermillion"], linestyle="-"),
        "systemic": dict(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], linestyle="--"),
        "supportive": dict(facecolor="#E3F4EC", edgecolor=OKABE_ITO["bluish_green"], linestyle=":"),
    }
    boxes = {}
    for node, (x, y) in pos.items():
        group = node if node in style else next((a for a in approaches if node in g.successors(a)), None)
        box = style.get(group, dict(facecolor="white", edgecolor="black", linestyle="-"))
        boxes[node] = ax.text(
            x,
            y,
            node,
            ha="left" if x == LEAF_X else "center",
            va="center",
            fontsize=12 if x == LEAF_X else 13,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.2", linewidth=1.4, **box),
        )
    for u, v in g.edges:
        _box_arrow(ax, boxes, pos, u, v, arrowstyle="-", color="#555555", lw=1, shrinkA=2, shrinkB=2)
    ax.set_xlim(-0.35, 4.6)
    ax.set_ylim(-0.7, len(leaves) - 0.3)
    ax.set_axis_off()
    ax.set_title("Treatments for metastatic breast cancer: approach and class")
    fig.tight_layout()
    return fig, g


def icon_array(percent: float, title: str, label_yes: str, label_no: str) -> Figure:
    """100 figures in a 10 × 10 grid; ``percent`` of them filled (rounded to whole people)."""
    if not inputs.is_number(percent) or not 0 <= float(percent) <= 100:
        raise ValueError(f"percent must be a number between 0 and 100, got {percent!r}")
    filled = int(round(percent))
    fig, ax = plt.subplots(figsize=(7.0, 4.5))
    for k in range(100):
        row, col = divmod(k, 10)
        yes = k < filled
        ax.scatter(
            col,
            9 - row,
            s=260,
            marker="o" if yes else "o",
            facecolor=OKABE_ITO["vermillion"] if yes else "white",
            edgecolor="black",
            linewidth=1.2,
            hatch="////" if yes else None,
        )
    ax.set_xlim(-0.8, 16)
    ax.set_ylim(-0.8, 9.8)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.scatter([11], [6.5], s=260, facecolor=OKABE_ITO["vermillion"], edgecolor="black", hatch="////")
    ax.text(11.6, 6.5, f"{filled} {label_yes}", va="center", fontsize=12)
    ax.scatter([11], [4.5], s=260, facecolor="white", edgecolor="black")
    ax.text(11.6, 4.5, f"{100 - filled} {label_no}", va="center", fontsize=12)
    ax.set_title(title)
    fig.tight_layout()
    return fig


#: Levels of evidence for a question about treatment, strongest first (a teaching summary).
EVIDENCE_LEVELS = (
    "systematic reviews and meta-analyses of randomised trials",
    "randomised controlled trials",
    "cohort and case-control studies",
    "case series and case reports",
    "expert opinion, mechanisms, laboratory and animal studies",
    "testimonials and advertising",
)


def evidence_pyramid() -> Figure:
    """A pyramid of evidence for treatment questions, strongest at the top."""

    n = len(EVIDENCE_LEVELS)
    fig, ax = plt.subplots(figsize=(9.0, 4.4))
    shades = ["#08306B", "#2171B5", "#4292C6", "#9ECAE1", "#DEEBF7", "#FFFFFF"]
    for k, label in enumerate(EVIDENCE_LEVELS):
        top, bottom = n - k, n - k - 1
        half_top, half_bottom = 0.15 + 0.55 * k / n, 0.15 + 0.55 * (k + 1) / n
        ax.add_patch(
            Polygon(
                [(-half_bottom, bottom), (half_bottom, bottom), (half_top, top), (-half_top, top)],
                closed=True,
                facecolor=shades[k],
                edgecolor="black",
                linewidth=1.2,
                hatch="//" if k == n - 1 else None,
            )
        )
        ax.text(0.8, bottom + 0.5, f"{k + 1}. {label}", va="center", fontsize=12)
    ax.annotate("", xy=(-0.85, n), xytext=(-0.85, 0), arrowprops=dict(arrowstyle="-|>", color="black", lw=1.5))
    ax.text(-0.92, n / 2, "stronger evidence", rotation=90, va="center", ha="right", fontsize=12)
    ax.set_xlim(-1.1, 3.6)
    ax.set_ylim(-0.2, n + 0.2)
    ax.set_axis_off()
    ax.set_title("Which evidence answers 'does this treatment work?'")
    fig.tight_layout()
    return fig


def claims_network(claims: pd.DataFrame) -> tuple[Figure, nx.DiGraph]:
    """Bipartite graph: each claim (left, marked by verdict) points to the sources that decide it."""

    g = nx.DiGraph()
    markers = {
        "supported": ("o", OKABE_ITO["blue"]),
        "outdated": ("s", OKABE_ITO["orange"]),
        "unsupported": ("^", OKABE_ITO["vermillion"]),
        "misleading": ("D", OKABE_ITO["reddish_purple"]),
        "fabricated": ("X", OKABE_ITO["black"]),
    }
    _require(claims, ("id", "verdict", "sources"), "claims_network")
    _values_in(claims, "verdict", markers, "claims_network")
    for r in claims.itertuples():
        g.add_node(r.id, kind="claim", verdict=r.verdict)
        for key in r.sources.split(";"):
            g.add_node(key, kind="source")
            g.add_edge(r.id, key)
    claim_nodes = [n for n in g if g.nodes[n]["kind"] == "claim"]
    source_nodes = sorted((n for n in g if g.nodes[n]["kind"] == "source"), key=cite)
    pos = {c: (0.0, len(claim_nodes) - 1 - i) for i, c in enumerate(claim_nodes)}
    scale = (len(claim_nodes) - 1) / max(len(source_nodes) - 1, 1)
    pos.update({s: (1.0, (len(source_nodes) - 1 - i) * scale) for i, s in enumerate(source_nodes)})
    # 13 pt labels at a tight pitch: the network fits a slide of its own, readable from the back.
    fig, ax = plt.subplots(figsize=(10.0, 0.28 * max(len(claim_nodes), len(source_nodes)) + 1.3))
    for u, v in g.edges:
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#777777", linewidth=0.8, zorder=1)
    for c in claim_nodes:
        m, colour = markers[g.nodes[c]["verdict"]]
        ax.scatter(*pos[c], marker=m, s=90, color=colour, edgecolor="black", zorder=3)
        ax.text(pos[c][0] - 0.04, pos[c][1], c.replace("_", " "), ha="right", va="center", fontsize=13)
    for s in source_nodes:
        ax.scatter(*pos[s], marker="o", s=30, color="white", edgecolor="black", zorder=3)
        ax.text(pos[s][0] + 0.04, pos[s][1], cite(s), ha="left", va="center", fontsize=13)
    for verdict, (m, colour) in markers.items():
        ax.scatter([], [], marker=m, s=90, color=colour, edgecolor="black", label=verdict)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5, frameon=False, fontsize=13)
    ax.set_xlim(-1.3, 1.9)
    ax.set_axis_off()
    ax.set_title("Claims (left, by verdict) and the sources that decide them (right)")
    fig.tight_layout()
    return fig, g
