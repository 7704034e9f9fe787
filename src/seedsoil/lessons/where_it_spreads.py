"""Lesson `where_it_spreads`: Where it spreads — site frequencies and what they do to a patient.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch

from .. import data, inputs, sites
from ..drawing import SUBTYPE_LABELS, require_columns, require_values, set_title, wrap
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    number,
    register,
)
from ..polls import discussion, poll
from ..references import cite
from ..sites import COHORT_LABELS
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex04-1", kind="concept")
def _lowest_bone_cohort(answer) -> Feedback:
    t = sites.table(subtype="all")
    bone = t[(t.site == "bone") & (t.measure != "only_site")]
    lowest = bone.sort_values("percent").iloc[0]["cohort_type"]
    return choice(
        "ex04-1",
        answer,
        lowest,
        {
            "autopsy": "Autopsy series show the highest figures: everyone in them died of the disease and every "
            "organ was examined.",
            "metastatic_clinical": "These are patients whose cancer had already spread, so bone is involved in most "
            "of them.",
            "de_novo_stage_iv": "These patients all have metastases at diagnosis; bone is involved in about two "
            "thirds.",
            "all_new_diagnoses": "Yes: the denominator is everyone newly diagnosed, and most of them have no "
            "metastases at all.",
        },
    )


@register("ex04-3", kind="concept")
def _brain_subtype(answer) -> Feedback:
    table = sites.by_subtype()
    top = table.loc["brain"].idxmax()
    return choice(
        "ex04-3",
        answer,
        top,
        {
            s: (
                f"Yes: {table.loc['brain', s]:g}% of relapsed patients with this subtype had brain metastases."
                if s == top
                else f"{table.loc['brain', s]:g}% for this subtype; one subtype is higher."
            )
            for s in table.columns
        },
    )


@register("ex04-2", kind="number")
def _wilson_low(answer) -> Feedback:
    row = data.load("metastatic_sites").query("source == 'savciheijink2015' and site == 'bone'").iloc[0]
    n = int(row["n_total"])
    low, high = sites.proportion_ci(row["percent"] / 100 * n, n)
    # 70.6% of 263 is 185.7 patients; a learner who rounds to the 186 real patients is right too
    whole, _ = sites.proportion_ci(round(row["percent"] / 100 * n), n)
    if (
        isinstance(answer, (int, float))
        and not isinstance(answer, bool)
        and 0 <= answer <= 100
        and abs(answer - 100 * whole) <= 0.1
    ):
        return Feedback(
            "ex04-2",
            True,
            f"{100 * whole:.1f} percent, counting the {round(row['percent'] / 100 * n)} patients as a whole "
            f"number. With {n} patients the 95% interval runs from about {100 * low:.1f}% to {100 * high:.1f}%.",
        )
    return number(
        "ex04-2",
        answer,
        100 * low,
        abs_tol=0.1,
        unit="percent",
        why=f"With {n} patients the 95% interval runs from {100 * low:.1f}% to {100 * high:.1f}%.",
        hint="sites.proportion_ci(k, n) returns fractions; k = 0.706 × 263, n = 263; multiply by 100.",
        misconceptions={
            float(row["percent"]): "that is the observed percentage; the interval's lower end lies below it.",
            100 * high: "that is the upper end of the interval; the question asks where it starts.",
        },
    )


@register("ex04-6", kind="number")
def _lobular_gut(answer) -> Feedback:
    t = sites.lobular().set_index(["site", "timing", "source"])
    gut = t.loc[("gastrointestinal tract", "at any time", "mathew2017")]
    registry = t.loc[("gastrointestinal tract", "registry record", "borst1993")]
    lob, duct = gut["percent_lobular"], gut["percent_ductal"]
    return number(
        "ex04-6",
        answer,
        lob / duct,
        abs_tol=0.5,
        why=f"{lob:g}% ÷ {duct:g}%: metastases in the gut were about {lob / duct:.0f} times as common with "
        f"lobular cancer, although still uncommon ({cite('mathew2017')}).",
        hint="Divide the lobular percentage by the ductal one, for the gastrointestinal tract at any time.",
        misconceptions={
            lob - duct: "that is the difference in percentage points; the question asks how many times as often.",
            registry["percent_lobular"] / registry["percent_ductal"]: "that is the registry study's ratio, whose "
            "denominator is everyone diagnosed; use the cohort of patients with metastatic disease.",
        },
    )


@register("ex04-7", kind="concept")
def _male_brca2_denominator(answer) -> Feedback:
    t = sites.special_presentations().set_index("id")["value"]
    carriers, risk = t["male_brca2"], t["male_brca2_risk"]
    return choice(
        "ex04-7",
        answer,
        "b",
        {
            "a": f"No: {carriers:g}% is of men who have breast cancer. Of men who carry a harmful BRCA2 variant, "
            f"about {risk:g}% develop breast cancer in their lifetime ({cite('campos2021')}).",
            "b": f"Yes: {carriers:g}% counts carriers among men with breast cancer; {risk:g}% counts breast cancers "
            "among carriers. Same two groups, different denominators.",
            "c": f"No: breast cancer is about {t['male_share']:g}% of all cancers in men; the {carriers:g}% is the "
            "share of men with breast cancer who carry a BRCA2 variant.",
        },
    )


@register("ex04-4", kind="concept")
def _seventy_percent_claim(answer) -> Feedback:
    return choice(
        "ex04-4",
        answer,
        "only for advanced disease",
        {
            "true for everyone with breast cancer": "No: at diagnosis only a few percent of all patients have bone "
            "metastases; the 70% is about advanced disease.",
            "only for advanced disease": "Yes: about 70% is what autopsy series and cohorts of patients with "
            "metastases show; the denominator matters.",
            "false": "Too strong: the figure is right for advanced or fatal disease, just not for everyone diagnosed.",
        },
    )


explain_item(
    "ex04-5",
    model="Bone: pain, a bone breaking where it has been weakened, pressure on the spinal cord, and "
    "high calcium in the blood. Lung: breathlessness, a cough that does not go away, chest pain. "
    "Liver: often nothing at first (abnormal blood tests), later swelling of the belly, jaundice "
    "or pain under the right ribs. Brain: headache, confusion, seizures, weakness on one side or "
    "trouble with speech or vision.",
    rubric=[
        "Names at least two real effects for each site chosen (the table in this lesson lists them).",
        "Separates what a patient feels (symptoms) from what only a test finds.",
        "Says these are reasons to report changes, not a way to diagnose oneself.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex04-1": poll(
        ask="Which kind of cohort gives the lowest percentage for bone metastases?",
        options=[
            ("autopsy series", "autopsy"),
            ("patients with metastases", "metastatic_clinical"),
            ("de novo stage IV", "de_novo_stage_iv"),
            ("all new diagnoses", "all_new_diagnoses"),
        ],
        reveals={
            "A": ("autopsy counts people who died of the disease, every organ examined; it gives the highest figures."),
            "B": "everyone counted here already has metastases, so bone is common.",
            "C": ("everyone counted here has metastases at diagnosis; the widest denominator is everyone diagnosed."),
        },
        minutes=3,
    ),
    "ex04-2": poll(
        ask=(
            "In a clinical cohort of 263 patients, 70.6% had bone metastases [Savci-Heijink et al. "
            "2015](#ref-savciheijink2015). Where does the 95% interval start?"
        ),
        options=[
            ("70.6%", 70.6),
            ("0.648", 0.648),
            ("about 64.8%", 64.829),
        ],
        minutes=3,
    ),
    "ex04-3": poll(
        ask=(
            "In a clinical cohort of patients who relapsed [Kaplan et al. 2016](#ref-kaplan2016), which "
            "subtype had the highest percentage of brain metastases?"
        ),
        options=[
            ("luminal A-like", "luminal_a"),
            ("luminal B-like", "luminal_b"),
            ("HER2-overexpressing", "her2_overexpressing"),
            ("triple-negative", "triple_negative"),
        ],
        minutes=2,
    ),
    "ex04-4": poll(
        ask='"About 70% of patients with breast cancer develop bone metastases." Which verdict fits the data?',
        options=[
            ("true for everyone with breast cancer", "true for everyone with breast cancer"),
            ("only for advanced disease", "only for advanced disease"),
            ("false", "false"),
        ],
        reveals={
            "A": "forgot the denominator; among all new diagnoses bone metastases are rare.",
            "C": (
                "the figure is right for advanced or fatal disease; a number can be true for one group and not another."
            ),
        },
        minutes=3,
    ),
    "ex04-6": poll(
        ask=(
            "Gut metastases at any time: 8.0% of patients with lobular cancer, 0.6% with ductal cancer "
            "[Mathew et al. 2017](#ref-mathew2017). How many times as often with lobular cancer?"
        ),
        options=[
            ("about 7", 7.4),
            ("about 13", 13.33),
            ("about 22", 22.5),
        ],
        reveals={
            "A": 'subtracted the percentages; "how many times" asks for a ratio.',
        },
        minutes=2,
    ),
    "ex04-7": poll(
        ask=(
            "A review of male breast cancer gives two figures for BRCA2: 10% and 6.8% [Campos et al. "
            "2021](#ref-campos2021). Which sentence reads them correctly?"
        ),
        options=[
            ("about 10% of men who carry BRCA2 get breast cancer", "a"),
            ("about 10% of men with breast cancer carry BRCA2; about 7% of carriers get it", "b"),
            ("about 10% of all breast cancers are in men", "c"),
        ],
        reveals={
            "A": "swapped the denominator; the 10% is of men who already have breast cancer.",
            "C": "breast cancer in men is rare; the 10% is not about how many breast cancers are in men.",
        },
        minutes=2,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d04-1": discussion(
        listen_for=[
            "names the group: people with advanced disease (at autopsy, or followed after the cancer had "
            "spread), not everyone diagnosed",
            "says that among everyone newly diagnosed, bone metastases at diagnosis are uncommon",
            "stays calm and kind: a figure about a group, not a forecast for the relative or anyone they know",
        ],
        debrief=(
            "Ask two pairs to read their sentence aloud. Correct a sentence that calls the figure false, or "
            "that applies it to everyone diagnosed: it is right for advanced disease. Close on one habit: a "
            "percentage is always a percentage of someone, so ask whose before repeating it."
        ),
        minutes=4,
    ),
}

# --- figures --------------------------------------------------------------------------------


def _percent_map(percent_by_site: object, where: str) -> dict:
    """A non-empty dict of site -> percent between 0 and 100, sites known to the body map."""
    inputs.mapping("percent_by_site", percent_by_site, "{'bone': 70, 'lung': 30}")
    for site, value in percent_by_site.items():
        if site not in BODY_POSITIONS:
            raise ValueError(f"no body position for site {site!r}; sites: {', '.join(BODY_POSITIONS)}")
        if not inputs.is_number(value) or not 0 <= float(value) <= 100:
            raise ValueError(f"{where}(): {site!r}: percent must be a number between 0 and 100, got {value!r}")
    values = [float(v) for v in percent_by_site.values()]
    if max(values) <= 1 and max(values) > 0:  # no site of this map is that rare: 0.7 is 70% as a fraction
        raise ValueError(
            f"{where}(): every value is 1 or less ({', '.join(f'{v:g}' for v in values[:3])}): these look like "
            "fractions; give percentages (70 for 70%)"
        )
    return dict(percent_by_site)


def site_frequencies(table: pd.DataFrame, title: str) -> Figure:
    """Dot plot of site frequencies with 95% CIs, one marker style per cohort type."""
    require_columns(table, ("site", "cohort_type", "percent", "ci_low", "ci_high"), "site_frequencies")
    require_values(table, "cohort_type", COHORT_LABELS, "site_frequencies")

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
    set_title(ax, title)
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
    set_title(ax, title)
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
        [wrap(SUBTYPE_LABELS.get(c, c).replace("-", "- "), 11).replace("- ", "-") for c in table.columns],
    )
    ax.set_yticks(range(table.shape[0]), list(table.index))
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    fig.colorbar(im, ax=ax, label="percent of patients")
    set_title(ax, title)
    fig.tight_layout()
    return fig
