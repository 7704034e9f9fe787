"""Lesson `spread_network`: Spread as a network — a Markov chain model of metastasis.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import spread
from .. import spread as spread_mod
from ..drawing import box_arrow, set_title
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    number,
    register,
)
from ..polls import discussion, poll

# --- checks ---------------------------------------------------------------------------------


@register("ex05-1", kind="number")
def _two_steps_to_bone(answer) -> Feedback:
    chain = spread.illustrative_model()
    p = float(spread.k_step(chain, "breast", 2)["bone"])
    return number(
        "ex05-1",
        answer,
        p,
        abs_tol=0.001,
        why="Sum over the middle site: P(breast→nodes)·P(nodes→bone) + P(breast→lung)·P(lung→bone).",
        hint="Only two middle sites are possible after the breast; multiply along each path and add.",
        misconceptions=_one_path_or_sum(chain),
    )


def _one_path_or_sum(chain) -> dict[float, str]:
    """The typical slips of ex05-1: one path only, or adding the probabilities into bone."""
    P = chain.frame()
    via = [m for m in P.columns if P.loc["breast", m] > 0 and P.loc[m, "bone"] > 0]
    slips = {
        float(P.loc["breast", m] * P.loc[m, "bone"]): "that is one path only; add the path through the other "
        "middle site too."
        for m in via
    }
    slips[float(sum(P.loc[m, "bone"] for m in via))] = (
        "that adds the probabilities into bone; multiply along each path (breast → middle → bone), then add."
    )
    return slips


@register("ex05-2", kind="concept")
def _next_after_bone(answer) -> Feedback:
    chain = spread.illustrative_model()
    row = chain.frame().loc["bone"].drop("bone")
    row = row[row > 0]  # the options the prompt names: the sites bone can lead to
    best = row.idxmax()
    return choice(
        "ex05-2",
        answer,
        best,
        {
            s: (
                f"Yes: {row[s]:.3f}, the largest move out of bone in the model."
                if s == best
                else f"P(bone→{s}) = {row[s]:.3f}; another site is more likely."
            )
            for s in row.index
        },
    )


@register("ex05-3", kind="concept")
def _what_if(answer) -> Feedback:
    base = spread.illustrative_model()
    changed = spread.change_transition(base, "lung", "bone", factor=2)
    shift = spread.stationary(changed) - spread.stationary(base)
    gainer = shift.idxmax()
    return choice(
        "ex05-3",
        answer,
        gainer,
        {
            s: (
                f"Yes: its long-run share changes by {shift[s]:+.3f}."
                if s == gainer
                else f"Its long-run share changes by {shift[s]:+.3f}; another site gains more."
            )
            for s in base.sites
        },
    )


explain_item(
    "ex05-4",
    model="Each site (breast, lymph nodes, lung, bone, liver) is a node. At each step the disease moves "
    "from its current site to a next site, or stays, with a probability that depends only on the "
    "current site, not on the path so far. The probabilities form a transition matrix whose rows "
    "add up to 1; multiplying by the matrix k times gives where patients are after k steps, and a "
    "simulation of many patients gives the same answer on average. The course's matrix is "
    "illustrative, not measured.",
    rubric=[
        "Sites are the states; arrows carry probabilities of the next site.",
        "The next step depends only on the current site (the Markov property).",
        "The matrix, applied step after step, gives where patients are; the model is illustrative.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex05-1": poll(
        ask="In the illustrative model, what is the probability of being in bone two steps after the breast?",
        options=[
            ("about 0.18", 0.179612),
            ("about 0.09", 0.09),
            ("0.36", 0.36),
        ],
        minutes=4,
    ),
    "ex05-2": poll(
        ask=(
            "In the illustrative model, leaving aside staying in bone, which site is the likeliest next step from bone?"
        ),
        options=[
            ("lung", "lung"),
            ("lymph nodes", "lymph_nodes"),
            ("liver", "liver"),
        ],
        minutes=2,
    ),
    "ex05-3": poll(
        ask=(
            "Suppose lung metastases were twice as likely to be followed by bone (the extra probability "
            "comes from staying in the lung). Whose long-run share rises the most?"
        ),
        options=[
            ("lymph nodes", "lymph_nodes"),
            ("lung", "lung"),
            ("bone", "bone"),
            ("liver", "liver"),
        ],
        reveals={
            "A": "the change touches the lung's row only; the lymph nodes barely move.",
            "B": "the lung loses probability of staying, so its long-run share falls.",
            "D": "the liver barely moves; the extra flow goes from lung to bone.",
        },
        minutes=3,
    ),
}


#: The teacher's notes of each discussion prompt: what to listen for, how to close, the minutes.
DISCUSSIONS = {
    "d05-1": discussion(
        listen_for=[
            "It can show a student how chances along paths combine, how a population settles into a "
            "long-run pattern, or how changing one arrow changes the whole network.",
            "It cannot tell a patient where her own disease will go next, when, or how long she will live.",
            "Why: the matrix is an illustrative fit to rescaled autopsy shares, not estimated from patients "
            "followed over time; a step has no duration; subtype and treatment are left out.",
        ],
        debrief=(
            "Ask two pairs to give their 'can' and their 'cannot' in one sentence each. Correct anyone who "
            "reads the model's numbers as a forecast, or its spreader and sponge labels as facts about "
            "patients. Close with the point: a model like this helps to understand spread, and questions "
            "about one person's disease belong with her care team."
        ),
        minutes=4,
    ),
}

# --- figures --------------------------------------------------------------------------------


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
        box_arrow(
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
    set_title(ax, title)
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
    set_title(ax, title)
    fig.tight_layout()
    return fig
