"""Lesson `breast_to_body`: From breast to body — what metastatic breast cancer is.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import data
from ..drawing import SUBTYPE_LABELS, box_arrow, require_columns, require_finite, set_title
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    neutral,
    number,
    register,
)
from ..polls import discussion, poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex01-1", kind="concept")
def _scar_lump(answer) -> Feedback:
    return choice(
        "ex01-1",
        answer,
        "local",
        {
            "local": "Yes: a lump on or near the mastectomy scar or the chest wall is a local recurrence.",
            "regional": "Not quite: regional means the lymph nodes of the armpit or around the collarbone.",
            "distant": "Not quite: distant means another organ, such as bone, lung, liver or brain.",
        },
    )


@register("ex01-2", kind="number")
def _de_novo_share(answer) -> Feedback:
    row = data.load("disease_course").set_index("quantity").filter(like="de novo", axis=0).iloc[0]
    exact = 100 * float(row["n_events"]) / float(row["n_total"])  # 18.28, not the table's rounded 18.3
    return number(
        "ex01-2",
        answer,
        exact,
        abs_tol=0.1,
        unit="percent",
        why=f"{int(row['n_events'])} of {int(row['n_total'])} people: most metastatic breast cancer is a recurrence.",
        hint="Divide n_events by n_total for the de novo row and multiply by 100.",
        misconceptions={
            100 - exact: "that is the other share, the people whose cancer came back after "
            "treatment. The de novo share is the smaller one.",
        },
    )


@register("ex01-3", kind="concept")
def _shortest_survival(answer) -> Feedback:
    s = data.load("survival")
    esme = s[(s.source == "deluche2020") & (s.estimate == "median_os") & (s.subtype != "all")]
    shortest = esme.sort_values("value").iloc[0]
    months = {r.subtype: r.value for r in esme.itertuples()}
    expl = {k: f"{k}: median {v:g} months in ESME." for k, v in months.items()}
    expl[shortest.subtype] = f"Yes: {shortest.value:g} months, far shorter than the other subtypes in ESME."
    return neutral(choice("ex01-3", answer, shortest.subtype, expl))


explain_item(
    "ex01-4",
    model="Before the operation, some cancer cells may already have left the breast and travelled in "
    "the blood to another organ. There they can stay dormant, too few to find on scans, for "
    "years. Surgery removes the tumour that can be seen in the breast, not these cells, so the "
    "cancer can come back elsewhere later.",
    rubric=[
        "Cells can leave the breast before the operation, through the blood.",
        "Those cells can lie dormant, unseen, for a long time.",
        "Surgery treats only what it removes, so a recurrence can appear later in another organ.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex01-1": poll(
        ask=("Two years after a mastectomy, a woman finds a small lump on the scar. Which kind of recurrence is it?"),
        options=[
            ("local", "local"),
            ("regional", "regional"),
            ("distant", "distant"),
        ],
        reveals={
            "B": "mixes up the scar with the lymph nodes of the armpit or around the collarbone.",
            "C": ("thinks every recurrence is metastatic; distant means another organ such as bone, lung or liver."),
        },
        minutes=2,
    ),
    "ex01-2": poll(
        ask=(
            "In the Swedish study [Valachis et al. 2022](#ref-valachis2022), what share of metastatic "
            "breast cancer was already there at the first diagnosis (de novo)?"
        ),
        options=[
            ("about 82%", 81.7235),
            ("0.18%", 0.18),
            ("about 18%", 18.2765),
        ],
        minutes=2,
    ),
    "ex01-3": poll(
        ask=(
            "In the French ESME cohort [Deluche et al. 2020](#ref-deluche2020), which subtype had the "
            "shortest median survival?"
        ),
        options=[
            ("hormone-receptor-positive, HER2-negative", "hr_pos_her2_neg"),
            ("HER2-positive", "her2_pos"),
            ("triple-negative", "triple_negative"),
        ],
        minutes=2,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d01-1": discussion(
        listen_for=[
            "a new lump or thickening in the breast, on the chest wall or near the scar; a lump or swelling in "
            "the armpit or near the collarbone, or a swollen arm",
            "changes of the skin or nipple, or discharge; new symptoms that last, such as bone pain, a cough or "
            "breathlessness",
            "report to the care team rather than interpret alone: many changes turn out to be harmless",
            "confirmed by imaging and then a biopsy, which also re-checks the hormone receptors and HER2",
        ],
        debrief=(
            "Ask two pairs for their three changes and a third pair how a recurrence is confirmed. Correct any "
            "pair that would wait and watch a lasting change, or that thinks a scan alone confirms a recurrence: a "
            "biopsy does. Close on the point to leave with: report a change that lasts and let a professional "
            "look at it; then go back to the two slides on reporting and confirming to check."
        ),
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


def survival_chart(table: pd.DataFrame, title: str) -> Figure:
    """Median overall survival (months) with 95% CIs, one bar per group."""
    require_columns(table, ("subtype", "value", "ci_low", "ci_high"), "survival_chart")
    require_finite(table, ("value", "ci_low", "ci_high"), "survival_chart", minimum=0)
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
    set_title(ax, title)
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
        box_arrow(ax, boxes, pos, u, v, lw=1.3, shrinkA=3, shrinkB=3)
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
