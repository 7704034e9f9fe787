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
from ..polls import discussion, poll
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
    surgery = [i for i in no_benefit if t.loc[i, "subtype"] == "de_novo_stage_iv"]
    for i in no_benefit:
        if i in surgery:
            others = [t.loc[j, "trial"] for j in surgery if j != i]
            options[i] = (
                f"Yes: in {t.loc[i, 'trial']}, removing the primary tumour in de novo stage IV breast cancer did not "
                "lengthen survival" + (f"; {' and '.join(others)} found the same." if others else ".")
            )
        else:
            options[i] = (
                f"Yes: in {t.loc[i, 'trial']}, {t.loc[i, 'treatment_class']} did not lengthen the time to "
                f"progression ({t.loc[i, 'endpoint']}, the trial's endpoint)."
            )
    return neutral(choice("ex09-2", answer, no_benefit, options))


@register("ex09-3", kind="concept")
def _relative_or_absolute(answer) -> Feedback:
    a = absolute_deaths("monaleesa2_os")
    hr = float(results().loc["monaleesa2_os", "hazard_ratio"])
    treated, control = a.iloc[0], a.iloc[1]
    fewer = control["Share who died (%)"] - treated["Share who died (%)"]
    return neutral(
        choice(
            "ex09-3",
            answer,
            "c",
            {
                "a": f"No: that reads a ratio of rates as the share of people. By the final analysis "
                f"{treated['Share who died (%)']:.1f}% and {control['Share who died (%)']:.1f}% had died: "
                f"{fewer:.1f} percentage points fewer, which is "
                f"{100 * fewer / control['Share who died (%)']:.0f}% fewer in relative terms, not "
                f"{100 * (1 - hr):.0f}%.",
                "b": f"No: more than half of each group had died by the final analysis "
                f"({treated['Share who died (%)']:.1f}% with ribociclib). {hr:g} is a ratio of two rates, not a "
                "share of people.",
                "c": f"Yes: a hazard ratio compares the rate of death in the two groups over the follow-up. "
                f"What it means for people shows in absolute numbers: {treated['Share who died (%)']:.1f}% "
                f"against {control['Share who died (%)']:.1f}% had died by the final analysis.",
            },
        )
    )


# --- tables for the room ------------------------------------------------------------------------


def results() -> pd.DataFrame:
    """``data/trial_results.csv`` by id: trial analyses with their absolute numbers and populations."""
    return data.load("trial_results").set_index("id")


def absolute_deaths(result: str) -> pd.DataFrame:
    """One row per arm of a trial analysis (a row of ``trial_results``): patients, how many had
    died by the analysis and what share that is, then the difference in percentage points. The
    absolute numbers behind a hazard ratio."""
    r = results().loc[result]
    if pd.isna(r["events_treatment"]) or pd.isna(r["events_control"]):
        raise ValueError(f"absolute_deaths: trial_results row {result!r} gives no event counts")
    arms = str(data.load("treatments").set_index("id").loc[r["treatment"], "comparison"]).split(" vs ")
    labels = arms if len(arms) == 2 else ["Treatment", "Control"]
    rows = []
    for arm, label in zip(("treatment", "control"), labels):
        patients, events = int(r[f"patients_{arm}"]), int(r[f"events_{arm}"])
        rows.append((label, patients, events, round(100 * events / patients, 1)))
    return pd.DataFrame(rows, columns=["Group", "Patients", "Died by the analysis", "Share who died (%)"])


def by_population(trial: str) -> pd.DataFrame:
    """One row per population a trial analysed: patients, the medians and the hazard ratio with its
    95% interval, so that a biomarker-selected result sits beside the result in everyone."""
    t = results()
    rows = t[t["trial"] == trial]
    if rows.empty:
        raise ValueError(f"by_population: no trial {trial!r} in data/trial_results.csv")
    return pd.DataFrame(
        {
            "Patients analysed": rows["population"],
            "Patients": rows["patients_treatment"] + rows["patients_control"],
            "Median, treatment vs control (months)": [
                f"{a:.1f} vs {b:.1f}" for a, b in zip(rows["median_treatment"], rows["median_control"])
            ],
            "Hazard ratio (95% CI)": [
                f"{h:.2f} ({lo:.2f} to {hi:.2f})"
                for h, lo, hi in zip(rows["hazard_ratio"], rows["ci_low"], rows["ci_high"])
            ],
        }
    ).reset_index(drop=True)


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
            ("ribociclib with letrozole (first line, HR-positive)", "hrpos_1l_cdk46"),
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
    "ex09-3": poll(
        ask=(
            "In MONALEESA-2 the hazard ratio for death was 0.76 [Hortobagyi et al. 2022](#ref-hortobagyi2022). "
            "Which sentence reads it correctly?"
        ),
        options=[
            ("24% fewer people died with ribociclib", "a"),
            ("76% of the people given ribociclib survived", "b"),
            ("at any time, the death rate with ribociclib was about three-quarters of the control group's", "c"),
        ],
        minutes=3,
    ),
}

#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d09-1": discussion(
        listen_for=[
            "a regulator (FDA, EMA) decides whether a drug may be sold for a stated use",
            "a guideline panel weighs all the evidence and says what it recommends, and in what order",
            "the two move at different speeds, and both change: a date says when the lesson was true",
        ],
        debrief=(
            "Ask two pairs for their treatment and their difference. Correct any pair that says approval means "
            "'best' or 'recommended first'. Close on the as-of date: before teaching, the teacher checks the rows "
            "newer than the guidelines (the currency report lists the oldest checks first)."
        ),
        minutes=5,
    ),
}


# --- figures --------------------------------------------------------------------------------


FOREST_ENDPOINTS = {
    "overall survival": ("s", OKABE_ITO["blue"]),
    "progression-free survival": ("D", OKABE_ITO["vermillion"]),
}


#: The group a trial's ratio describes when a test chose the patients (the table's ``biomarker``),
#: in the few words a forest plot's label has room for; first match wins.
BIOMARKER_GROUPS = (
    ("AKT1", "AKT-pathway altered"),
    ("PIK3CA", "PIK3CA-mutant"),
    ("ESR1", "ESR1-mutant"),
    ("PD-L1", "PD-L1 CPS ≥ 10"),
    ("BRCA", "germline BRCA"),
)


def _forest_label(row) -> str:
    """'EMERALD (HR+/HER2−, ESR1-mutant)': the subtype, and the group a test selected, so that a
    ratio from tumours chosen by a test is not read as one for the whole subtype."""
    subtype = SUBTYPE_LABELS.get(row.subtype, row.subtype)
    biomarker = str(getattr(row, "biomarker", "") or "")
    group = [short for key, short in BIOMARKER_GROUPS if key in biomarker][:1]
    parts = [subtype, *(g for g in group if g.lower() not in subtype.lower())]
    dagger = " †" if row.ci_low != row.ci_low else ""  # NaN: the source gave no 95% interval
    return f"{row.trial} ({', '.join(parts)}){dagger}"


def forest_plot(trials: pd.DataFrame, title: str, endpoint: str | None = None) -> Figure:
    """Hazard ratios with 95% CIs on a log axis: overall survival and progression-free survival in
    separate panels, because a PFS ratio and an OS ratio measure different things. Every trial is
    drawn: one whose source gave no 95% interval is marked † (the table's ``interval_note`` says
    why). A trial whose patients a test chose says which group in its label.

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
            if r.ci_low == r.ci_low:  # not NaN; a trial without a 95% interval is marked † in its label
                ax.plot([r.ci_low, r.ci_high], [yi, yi], color=colour, linewidth=2)
            ax.plot(r.hazard_ratio, yi, marker=marker, color=colour, markersize=8, markeredgecolor="black")
            ax.text(3.3, yi, f"{r.hazard_ratio:.2f}", va="center", fontsize=12)
        ax.axvline(1, color="black", linestyle="--", linewidth=1)
        ax.set_yticks(y, [_forest_label(r) for r in rows.itertuples()])
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_title(f"{name} ({len(rows)} trials)", loc="left", fontsize=13)
    ax = axes[-1, 0]
    ax.set_xscale("log")
    ticks = [0.25, 0.5, 1, 2]
    ax.set_xticks(ticks, [f"{x:g}" for x in ticks])
    ax.minorticks_off()
    ax.set_xlim(0.2, 4.0)
    ax.set_xlabel("hazard ratio (left of 1 favours the treatment)")
    fig.suptitle(title, x=0.02, ha="left", fontsize=14, parse_math=False)  # a learner's title, as written
    notes = ["Each trial had its own patients and control arm: compare each ratio with 1, not with the others."]
    if any(g[3]["ci_low"].isna().any() for g in groups):
        notes.append("† no 95% interval reported (the table says why).")
    fig.text(0.02, 0.005, "\n".join(notes), fontsize=12, ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.04 * len(notes), 1, 1))
    return fig
