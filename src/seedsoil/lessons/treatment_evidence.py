"""Lesson `treatment_evidence`: Reading the evidence — hazard ratios, endpoints, guidelines and approvals.

Its exercise checks, the poll each exercise becomes in the deck, and the figures it draws (the
forest plots of the pivotal trials). The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import data
from ..drawing import SUBTYPE_LABELS, require_columns
from ..feedback import (
    Feedback,
    choice,
    neutral,
    neutral_number,
    register,
)
from ..polls import poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex09-1", kind="number")
def _hazard_reduction(answer) -> Feedback:
    hr = float(data.load("treatments").set_index("id").loc["hrpos_1l_cdk46", "hazard_ratio"])
    return neutral_number(
        "ex09-1",
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


@register("ex09-2", kind="concept")
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
    return neutral(choice("ex09-2", answer, no_benefit, options))


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex09-1": poll(
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
    "ex09-2": poll(
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
