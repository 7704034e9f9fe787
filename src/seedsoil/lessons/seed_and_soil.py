"""Lesson `seed_and_soil`: Seed and soil — testing Paget against the plumbing.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import soil
from ..drawing import require_finite, set_title
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    number,
    register,
)
from ..polls import discussion, poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex03-1", kind="number")
def _bone_flow_share(answer) -> Feedback:
    flow = soil.flow_by_organ()
    share = flow["bone"] / (flow["bone"] + flow["liver"] + flow["brain"])
    return number(
        "ex03-1",
        answer,
        share,
        abs_tol=0.005,
        why="Bone gets a small slice of the arterial blood that reaches these three organs.",
        hint="Use flow = soil.flow_by_organ(): bone ÷ (bone + liver + brain), as a fraction between 0 and 1.",
        misconceptions={
            100 * share: "that is a percentage; give a fraction between 0 and 1.",
            flow["bone"]: "that is bone's percent of all the heart's output; the question asks for its share of "
            "the blood reaching these three organs.",
            float(flow["bone"] / (flow["bone"] + flow["liver"])): "the brain is missing: add bone, liver and brain.",
            float(
                soil.flow_by_organ(portal=True)["bone"]
                / soil.flow_by_organ(portal=True)[["bone", "liver", "brain"]].sum()
            ): "that counts the gut's portal blood as the liver's; this exercise uses the hepatic artery only "
            "(soil.flow_by_organ() with its default).",
        },
    )


@register("ex03-2", kind="concept")
def _which_hypothesis(answer) -> Feedback:
    return choice(
        "ex03-2",
        answer,
        "seed and soil",
        {
            "seed and soil": "Yes: bone receives more metastases than its blood supply predicts, however the "
            "liver's blood is counted. That is hard to explain by delivery alone and supports seed and soil; it does "
            "not rule out mechanical help, such as slow blood in the marrow or veins around the spine.",
            "blood flow": "Not this time: if delivery alone decided, bone's share of metastases would match its "
            "share of blood flow (enrichment near 1), under either way of counting the liver's blood.",
        },
    )


@register("ex03-3", kind="concept")
def _lung_explanation(answer) -> Feedback:
    return choice(
        "ex03-3",
        answer,
        "b",
        {
            "a": "No: distant metastases arrive through the blood, not by growing across the chest.",
            "b": "Yes: venous blood from the breast returns to the heart and is pumped through the lungs first, so "
            "the lungs are the first narrow vessels the cells meet.",
            "c": "No: the lungs' own oxygen-rich supply (the bronchial arteries) is small. What matters is that "
            "every drop of venous blood, oxygen-poor, passes through the lungs' capillaries on its way back.",
        },
    )


explain_item(
    "ex03-4",
    model="They grafted pieces of lung, ovary or kidney into mice and injected melanoma cells into the "
    "blood. About as many cells lodged in the kidney grafts as in the lung grafts, but tumours "
    "grew only in the lung and ovary grafts. Delivery was similar and the outcome differed, so "
    "delivery by blood flow alone cannot explain where metastases grow: the tissue (the soil) "
    "decides too.",
    rubric=[
        "Tissue grafts received tumour cells through the blood.",
        "Similar numbers of cells arrived, but tumours grew in some tissues only.",
        "So blood flow alone is ruled out as the explanation; the tissue matters (seed and soil).",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex03-1": poll(
        ask=(
            "Of the blood reaching bone, the liver (its artery only) and the brain, what fraction goes to "
            "bone? [National Research Council 1999](#ref-nrc1999radon)"
        ),
        options=[
            ("7.5", 7.5),
            ("about 0.54", 0.535714),
            ("about 0.29", 0.288462),
        ],
        minutes=3,
    ),
    "ex03-2": poll(
        ask=(
            "Bone receives a small share of the blood but a large share of the metastases, whichever way "
            "the liver's blood is counted. Which idea does that support?"
        ),
        options=[
            ("seed and soil", "seed and soil"),
            ("blood flow", "blood flow"),
        ],
        minutes=2,
    ),
    "ex03-3": poll(
        ask=(
            "A web page says breast cancer spreads to the lungs *because they are close to the breast*. "
            "Which explanation fits the lesson?"
        ),
        options=[
            ("cancer grows from the breast across the chest wall into the lungs", "a"),
            ("breast cancer cells in the veins meet the lungs' narrow vessels first", "b"),
            ("the lungs receive more oxygen-rich arterial blood than any other organ", "c"),
        ],
        minutes=3,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d03-1": discussion(
        listen_for=[
            "seed and soil: in Hart and Fidler's mice about as many cells reached the kidney grafts as the lung "
            "grafts, yet tumours grew only in lung and ovary",
            "seed and soil: bone has more metastases than its share of the blood predicts, whichever way the "
            "liver's blood is counted",
            "blood flow: the lung, the first narrow vessels for cells in the veins, is among the organs most often "
            "involved; most cells stop where they first arrive",
            "what both explain: delivery sets the odds, the soil decides what grows",
        ],
        debrief=(
            "Ask one pair for the strongest seed-and-soil evidence and another for the strongest blood-flow "
            "evidence, then ask what both explain. Correct any pair that says blood flow plays no part, or that "
            "the lungs are involved because they are close to the breast. Close on one sentence: delivery sets "
            "the odds; the soil decides what grows."
        ),
        minutes=4,
    ),
}

# --- figures --------------------------------------------------------------------------------


def enrichment_comparison(table: pd.DataFrame, title: str) -> Figure:
    """Grouped bars of enrichment per organ, one bar per delivery assumption (the columns)."""
    if not isinstance(table, pd.DataFrame) or table.empty or table.shape[1] < 1:
        raise ValueError("enrichment_comparison(): needs a non-empty table, organs as rows, assumptions as columns")
    require_finite(table, tuple(table.columns), "enrichment_comparison")
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
    set_title(ax, title)
    fig.tight_layout()
    return fig


def blood_flow(flow: pd.Series, title: str) -> Figure:
    """Bars of resting blood flow (% of cardiac output) per organ group, largest first."""
    if not isinstance(flow, pd.Series) or flow.empty:
        raise ValueError(
            "blood_flow(): needs a non-empty pandas Series of percent per organ, as soil.flow_by_organ() gives"
        )
    require_finite(flow.to_frame("percent"), ("percent",), "blood_flow", minimum=0)
    flow = flow.sort_values(ascending=True).rename(index={"lung": "lung (own supply only)"})
    fig, ax = plt.subplots()
    ax.barh(list(flow.index), flow.to_numpy(), color=OKABE_ITO["bluish_green"], edgecolor="black")
    for i, v in enumerate(flow.to_numpy()):
        ax.text(v + 0.3, i, f"{v:g}%", va="center", fontsize=11)
    ax.set_xlabel("percent of cardiac output at rest")
    ax.set_xlim(0, flow.max() * 1.2)
    set_title(ax, title)
    fig.tight_layout()
    return fig
