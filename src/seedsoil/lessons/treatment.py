"""Lesson `treatment`: Treating metastatic disease — a map of today's options.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import data
from ..drawing import SUBTYPE_LABELS, box_arrow, require_columns
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    neutral,
    neutral_number,
    register,
)
from ..polls import poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex07-1", kind="concept")
def _local_or_systemic(answer) -> Feedback:
    row = data.load("treatments").set_index("id").loc["bone_rt"]
    return choice(
        "ex07-1",
        answer,
        row["approach"],
        {
            "local": "Yes: radiotherapy treats only the area it is aimed at.",
            "systemic": "No: systemic treatments travel in the blood to the whole body; radiotherapy treats one area.",
            "supportive": "Close — it relieves pain — but radiotherapy is a local treatment; supportive care is the "
            "wider care around it.",
        },
    )


@register("ex07-2", kind="number")
def _hazard_reduction(answer) -> Feedback:
    hr = float(data.load("treatments").set_index("id").loc["hrpos_1l_cdk46", "hazard_ratio"])
    return neutral_number(
        "ex07-2",
        answer,
        100 * (1 - hr),
        abs_tol=0.5,
        unit="percent",
        why=f"A hazard ratio of {hr:g} means the hazard of death was {hr:.0%} of the control group's, i.e. "
        f"{100 * (1 - hr):.0f}% lower.",
        hint="Reduction = (1 − hazard ratio) × 100.",
        misconceptions={
            100 * hr: f"that reads the hazard ratio itself as the reduction. {hr:g} means the rate was "
            f"{hr:.0%} of the control group's, so it was lower by 1 − {hr:g}.",
        },
    )


@register("ex07-3", kind="concept")
def _no_benefit(answer) -> Feedback:
    t = data.load("treatments").set_index("id")
    no_benefit = list(t.index[t.guideline_status == "no_benefit"])
    options = {
        i: f"Not this one: {t.loc[i, 'trial']} tested {t.loc[i, 'treatment_class']} and its status is "
        f"'{t.loc[i, 'guideline_status']}'."
        for i in t.index
    }
    for i in no_benefit:
        options[i] = (
            f"Yes: in {t.loc[i, 'trial']}, removing the primary tumour in de novo stage IV breast cancer did not "
            "lengthen survival. Both randomised trials in the table found the same."
        )
    return neutral(choice("ex07-3", answer, no_benefit, options))


explain_item(
    "ex07-4",
    model="The subtype sets the family of treatments, but within it biomarkers choose: an ESR1 mutation "
    "found on a blood test at progression points to an oral oestrogen-receptor degrader; a "
    "PIK3CA, AKT1 or PTEN alteration to a PI3K or AKT inhibitor; an inherited BRCA1/2 variant to "
    "a PARP inhibitor; a HER2-low result to an antibody-drug conjugate aimed at HER2. So two "
    "women with the same subtype can get different drugs because their tumours differ.",
    rubric=[
        "The subtype is not enough: biomarkers choose within it.",
        "Names at least two biomarker-drug pairs from the lesson's table.",
        "Tests can be on the tumour, on blood (circulating DNA) or on inherited genes.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex07-1": poll(
        ask="Radiotherapy for a painful bone metastasis is which kind of treatment?",
        options=[
            ("local", "local"),
            ("systemic", "systemic"),
            ("supportive", "supportive"),
        ],
        reveals={
            "B": ("systemic treatments travel in the blood to the whole body; radiotherapy acts where it is aimed."),
            "C": (
                "its aim here is relief, but the kind is decided by where it acts; bone-targeted drugs are "
                "the supportive row."
            ),
        },
        minutes=2,
    ),
    "ex07-2": poll(
        ask=(
            "In MONALEESA-2, adding ribociclib to letrozole gave a hazard ratio for death of 0.76 "
            "[Hortobagyi et al. 2022](#ref-hortobagyi2022). By what percentage was the rate of death lower?"
        ),
        options=[
            ("76%", 76),
            ("24%", 24),
            ("0.24%", 0.24),
        ],
        minutes=3,
    ),
    "ex07-3": poll(
        ask="Which of these was tested in randomised trials and did **not** lengthen survival?",
        options=[
            ("endocrine therapy plus a CDK4/6 inhibitor (first line, HR-positive)", "hrpos_1l_cdk46"),
            ("surgery of the primary tumour in de novo stage IV", "denovo_primary_surgery"),
            ("trastuzumab deruxtecan in HER2-low disease", "her2low_tdxd"),
        ],
        reveals={
            "A": (
                "MONALEESA-2 found longer overall survival with ribociclib, hazard ratio 0.76 [Hortobagyi "
                "et al. 2022](#ref-hortobagyi2022)."
            ),
            "C": (
                "DESTINY-Breast04 found longer overall survival, hazard ratio 0.64 [Modi et al. 2022](#ref-modi2022)."
            ),
        },
        minutes=3,
    ),
}


# --- figures --------------------------------------------------------------------------------


FOREST_ENDPOINTS = {
    "overall survival": ("s", OKABE_ITO["blue"]),
    "progression-free survival": ("D", OKABE_ITO["vermillion"]),
}


def forest_plot(trials: pd.DataFrame, title: str, endpoint: str | None = None) -> Figure:
    """Hazard ratios with 95% CIs on a log axis: overall survival and progression-free survival in
    separate panels, because a PFS ratio and an OS ratio measure different things. Every trial is
    drawn: one whose source gave no 95% interval says so beside its point (the table's
    ``interval_note`` says why).

    ``endpoint`` draws one of them alone (a figure that fits a slide with labels readable from
    the back of the room)."""
    require_columns(trials, ("hazard_ratio", "ci_low", "ci_high", "trial", "endpoint"), "forest_plot")
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
            if r.ci_low == r.ci_low:  # not NaN
                ax.plot([r.ci_low, r.ci_high], [yi, yi], color=colour, linewidth=2)
            else:  # the source gave no 95% interval: said on the plot, and why in the table
                ax.text(
                    r.hazard_ratio * 1.12, yi, "95% interval not reported", va="center", fontsize=12, style="italic"
                )
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
    require_columns(treatments, ("approach", "treatment_class"), "taxonomy")
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
        box_arrow(ax, boxes, pos, u, v, arrowstyle="-", color="#555555", lw=1, shrinkA=2, shrinkB=2)
    ax.set_xlim(-0.35, 4.6)
    ax.set_ylim(-0.7, len(leaves) - 0.3)
    ax.set_axis_off()
    ax.set_title("Treatments for metastatic breast cancer: approach and class")
    fig.tight_layout()
    return fig, g


# --- tables for the room ------------------------------------------------------------------------

#: Drug families as a room says them, found by words in the treatment class (first match wins).
FAMILIES = (
    ("CDK4/6 inhibitor and fulvestrant", "PI3K, AKT or mTOR inhibitor"),
    ("degrader", "oral ER degrader"),
    ("CDK4/6", "endocrine therapy + CDK4/6 inhibitor"),
    ("PI3K", "PI3K, AKT or mTOR inhibitor"),
    ("AKT", "PI3K, AKT or mTOR inhibitor"),
    ("mTOR", "PI3K, AKT or mTOR inhibitor"),
    ("checkpoint", "immunotherapy + chemotherapy"),
    ("antibody-drug conjugate", "antibody-drug conjugate"),
    ("HER2", "anti-HER2 antibodies or tablets"),
    ("PARP", "PARP inhibitor"),
    ("chemotherapy", "chemotherapy"),
)
#: Tests as a room says them, found by words in the biomarker column.
TESTS = (
    ("PIK3CA", "PIK3CA, AKT1, PTEN"),
    ("AKT1", "PIK3CA, AKT1, PTEN"),
    ("ESR1", "ESR1 (blood test)"),
    ("HER2-low", "HER2 score"),
    ("HER2-positive", "HER2 score"),
    ("PD-L1", "PD-L1 score"),
    ("BRCA", "BRCA1/2 (blood test)"),
)
#: The subtypes in the order a lesson goes through them, with the groups of rows each takes.
SUBTYPE_ROWS = (
    ("HR-positive, HER2-negative", ("hr_pos_her2_neg",)),
    ("HER2-low or ultralow", ("hr_pos_her2_low", "her2_low")),
    ("HER2-positive", ("her2_pos",)),
    ("triple-negative", ("triple_negative",)),
    ("inherited BRCA1/2, HER2-negative", ("gbrca_her2_neg",)),
)


def _first(text: str, rules) -> str | None:
    return next((words for key, words in rules if key in text), None)


def by_subtype(treatments: pd.DataFrame) -> pd.DataFrame:
    """One row per subtype for a slide: the drug families the treatment table lists for it and the
    tests that choose between them (chemotherapy, for every subtype, is said in words)."""
    require_columns(treatments, ("subtype", "approach", "treatment_class", "biomarker"), "by_subtype")
    systemic = treatments[treatments["approach"] == "systemic"]
    rows = []
    for label, codes in SUBTYPE_ROWS:
        part = systemic[systemic["subtype"].isin(codes)]
        families = dict.fromkeys(f for c in part["treatment_class"] if (f := _first(str(c), FAMILIES)))
        tests = dict.fromkeys(t for b in part["biomarker"].fillna("") if (t := _first(str(b), TESTS)))
        rows.append(
            {
                "Subtype": label,
                "Drug families": "; ".join(families),
                "Tests that choose": "; ".join(tests) or "hormone receptors only",
            }
        )
    return pd.DataFrame(rows)
