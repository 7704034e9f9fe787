"""Lesson `cascade`: The metastatic cascade — why most cancer cells fail.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import cascade as cascade_mod
from .. import inputs
from ..drawing import box_arrow, require_columns, require_finite, set_title, wrap
from ..feedback import (
    SPEC,
    Feedback,
    as_names,
    choice,
    explain_item,
    items,
    number,
    predict,
    register,
)
from ..polls import discussion, poll
from ..references import cite
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex02-1", kind="ordering")
def _cascade_order(answer) -> Feedback:
    steps = cascade_mod.steps()
    required = list(steps.loc[~steps["optional"], "step"])
    why = (
        "Out of the breast, into and through the blood, out into the new organ, then growth. Dormancy is a "
        "possible pause between getting out of the vessel and growing, not a step every metastasis takes."
    )
    if answer is SPEC:
        return items("ex02-1", SPEC, required, ordered=True, why=why)
    answer = as_names(answer)  # a Series, an array or a generator of names is read like a list
    if isinstance(answer, Feedback):
        return Feedback("ex02-1", answer.correct, answer.message)
    if "dormancy" not in [a.strip().lower() for a in answer]:
        # the path that skips the optional step is also right, and its slips are told against it
        return items("ex02-1", answer, required, ordered=True, why=why)
    return items("ex02-1", answer, list(cascade_mod.STEPS), ordered=True, why=why)


@register("ex02-2", kind="concept")
def _bottleneck(answer) -> Feedback:
    step = cascade_mod.bottleneck(cascade_mod.ILLUSTRATIVE)
    p = cascade_mod.ILLUSTRATIVE[step]
    return choice(
        "ex02-2",
        answer,
        step,
        {
            s: (
                f"Yes: only {p:.0%} of the cells that reach it get through."
                if s == step
                else f"{s.replace('_', ' ')} lets {cascade_mod.ILLUSTRATIVE[s]:.0%} through; "
                "look for the smallest value."
            )
            for s in cascade_mod.STEPS
        },
    )


@register("ex02-3", kind="number")
def _cells_per_metastasis(answer) -> Feedback:
    needed = cascade_mod.cells_needed(cascade_mod.ILLUSTRATIVE)
    return number(
        "ex02-3",
        answer,
        needed,
        rel_tol=0.01,
        unit="cells",
        why="One divided by the product of all the step survivals.",
        hint="Multiply the eight survival probabilities, then take 1 divided by the product.",
        misconceptions={
            needed * cascade_mod.ILLUSTRATIVE["colonisation"]: "the last step, colonisation, is missing from the "
            "product: include all eight steps.",
            1_000_000: "that is the number of cells the model starts with; the question is 1 divided by the "
            "product of all eight survivals.",
        },
    )


@register("ex02-4", kind="number")
def _tweak_colonisation(answer) -> Feedback:
    others = 1.0
    for s, p in cascade_mod.ILLUSTRATIVE.items():
        if s != "colonisation":
            others *= p
    target = 1e-5 / others  # one metastasis per 100,000 cells
    return number(
        "ex02-4",
        answer,
        target,
        rel_tol=0.02,
        why="Overall survival must be 1/100,000, so colonisation = 0.00001 ÷ (product of the other seven).",
        hint="Keep the other seven steps and solve product × p = 0.00001 for p.",
        misconceptions={
            cascade_mod.ILLUSTRATIVE["colonisation"] ** 2 / target: "that moves the wrong way: fewer cells per "
            "metastasis needs colonisation to be easier (a larger probability), not harder.",
            1e-5: "that sets one step to the overall target and forgets the other seven steps in the product.",
        },
    )


@functools.lru_cache(maxsize=1)
def _share_with_no_metastasis() -> float:
    """Percent of the notebook's 1,000 seeded simulated tumours that form no metastasis."""
    runs = cascade_mod.simulate(1_000_000, cascade_mod.ILLUSTRATIVE, seed=2026, runs=1000)
    return 100 * float((runs.query("step == 'colonisation'")["passing"] == 0).mean())


@register("ex02-6", kind="predict")
def _guess_none(answer) -> Feedback:
    return predict(
        "ex02-6",
        answer,
        _share_with_no_metastasis(),
        unit="percent",
        close=5,
        why="Even when the average is near two metastases, chance alone leaves some tumours with none, "
        "about one in six here. The histogram below shows the whole spread.",
    )


explain_item(
    "ex02-5",
    model="Dormancy: cells that have left a vessel survive in an organ without growing, sometimes for "
    "years, which is one reason metastases can appear long after treatment. Early dissemination: "
    "cells can leave the tumour early, before it is large or found (shown in a mouse model, still "
    "debated in patients). A circulating tumour cell count measures how many cancer cells are in "
    "a blood sample at one moment; a high count went with shorter survival, but it does not show "
    "where or whether metastases will grow.",
    rubric=[
        "Dormancy is survival without growth, and it explains late recurrence.",
        "Early dissemination means leaving before the primary tumour is found or large.",
        "A CTC count is cells in the blood at one moment, a sign of outlook, not a map of metastases.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex02-1": poll(
        ask="In which order does a cell meet the steps of the cascade?",
        options=[
            (
                "invasion → circulation → intravasation → arrest → extravasation → micrometastasis → colonisation",
                [
                    "local_invasion",
                    "circulation",
                    "intravasation",
                    "arrest",
                    "extravasation",
                    "micrometastasis",
                    "colonisation",
                ],
            ),
            (
                "invasion → intravasation → circulation → extravasation → arrest → micrometastasis → colonisation",
                [
                    "local_invasion",
                    "intravasation",
                    "circulation",
                    "extravasation",
                    "arrest",
                    "micrometastasis",
                    "colonisation",
                ],
            ),
            (
                "invasion → intravasation → circulation → arrest → extravasation → micrometastasis → colonisation",
                [
                    "local_invasion",
                    "intravasation",
                    "circulation",
                    "arrest",
                    "extravasation",
                    "micrometastasis",
                    "colonisation",
                ],
            ),
        ],
        reveals={
            "A": "a cell has to get into a vessel (intravasation) before it can travel in the blood.",
            "B": "a cell has to stop in a narrow vessel (arrest) before it can get out of it.",
        },
        minutes=3,
    ),
    "ex02-2": poll(
        ask="In the course's illustrative profile, which step lets the smallest share of cells through?",
        options=[
            ("local invasion", "local_invasion"),
            ("arrest in a small vessel", "arrest"),
            ("colonisation (growing into a tumour)", "colonisation"),
        ],
        minutes=2,
    ),
    "ex02-3": poll(
        ask=("Under the illustrative profile, about how many cells must leave the breast for one metastasis to form?"),
        options=[
            ("about 5,600", 5555.56),
            ("about 560,000", 555555.56),
            ("1,000,000", 1000000),
        ],
        minutes=3,
    ),
    "ex02-4": poll(
        ask=(
            "Keep the other seven steps. What must the colonisation probability become for one metastasis "
            "per 100,000 cells, instead of about one per half a million?"
        ),
        options=[
            ("about 0.056 (1 in 18)", 0.0555556),
            ("about 0.0018 (1 in 560)", 0.0018),
            ("0.00001 (1 in 100,000)", 1e-05),
        ],
        minutes=4,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d02-1": discussion(
        listen_for=[
            "most cells survive the blood and leave the vessels; the main losses come later, in growth in the new "
            "organ",
            "blocking circulation may come too late: cells can leave the breast early, before the cancer is found",
            "a drug acting in the new organ reaches cells that have already spread and keeps them from growing",
            "in the attrition model, cutting any one step's share cuts the number of metastases by the same factor",
        ],
        debrief=(
            "Ask one pair about each drug. If a pair says that stopping circulation is useless, bring in the "
            "model: halving any step's share halves the metastases. Then add what the model leaves out: by the "
            "time cancer is found, cells may already have left and be waiting in other organs, so a drug that "
            "acts there reaches cells that a block on circulation would miss. Close on that point."
        ),
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


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
        label = f"{data_['order']}. " + wrap(data_["name"], 13)
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
        box_arrow(
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
    require_columns(attrition, ("step", "passing"), "funnel")
    require_finite(attrition, ("passing",), "funnel", minimum=0)
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
    set_title(ax, title)
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
    set_title(ax, title)
    fig.tight_layout()
    return fig


def first_day_survival(measurements: pd.DataFrame) -> Figure:
    """Measured percent of injected cells alive (or extravasated) after one day, log scale."""
    require_columns(measurements, ("value", "unit"), "first_day_survival")
    rows = measurements[measurements["unit"] == "percent of injected cells"]
    if rows.empty:
        raise ValueError("no measurements in 'percent of injected cells'")
    fig, ax = plt.subplots()

    labels = [f"{cite(r.source)}\n{wrap(';'.join(r.system.split(';')[:2]), 28)}" for r in rows.itertuples()]
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
