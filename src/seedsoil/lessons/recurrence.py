"""Lesson `recurrence`: Recurrence over time — hazards, risks and late relapse.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .. import inputs, recurrence
from ..drawing import set_title
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    number,
    register,
)
from ..polls import discussion, poll
from ..recurrence import check_periods
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex06-1", kind="concept")
def _peak_period(answer) -> Feedback:
    periods = recurrence.hazard_periods("negative")
    labels = [f"{int(a)}-{int(b)}" for a, b in zip(periods.years_from, periods.years_to)]
    peak = labels[int(periods.annual_hazard_percent.idxmax())]
    return choice(
        "ex06-1",
        answer,
        peak,
        {
            lab: (
                f"Yes: {h:g}% per year, the highest for ER-negative disease."
                if lab == peak
                else f"{h:g}% per year in years {lab}; one period is higher."
            )
            for lab, h in zip(labels, periods.annual_hazard_percent)
        },
    )


@register("ex06-2", kind="number")
def _incidence_at_ten(answer) -> Feedback:
    periods = recurrence.hazard_periods("positive")
    value = float(recurrence.cumulative_incidence(periods, [10]).iloc[0])
    h = periods.set_index("years_from")["annual_hazard_percent"] / 100
    return number(
        "ex06-2",
        answer,
        value,
        abs_tol=0.5,
        unit="percent",
        why=f"1 − exp(−(5 × {h[0]:g} + 5 × {h[5]:g})), expressed as a percentage.",
        hint="Add hazard × years over 0-5 and 5-10 (as fractions), then compute 1 − exp(−total).",
        misconceptions={
            100 * (5 * h[0] + 5 * h[5]): "you added hazard × years as if they were risks. Risks compound, and no "
            "one recurs twice: 1 − exp(−total).",
            100 * (h[0] + h[5]): "each hazard lasts five years: multiply each by 5 before adding.",
            100 * (1 - (1 - h[0]) ** 5 * (1 - h[5]) ** 5): "you compounded year by year (discrete). Close, but "
            "the course's model is continuous: 1 − exp(−(5 × h₁ + 5 × h₂)).",
        },
    )


@register("ex06-3", kind="concept")
def _later_years(answer) -> Feedback:
    pos, neg = recurrence.hazard_periods("positive"), recurrence.hazard_periods("negative")

    def late(p):
        return p.loc[(p.years_from >= 5) & (p.years_to <= 20), "annual_hazard_percent"].mean()

    higher = "ER-positive" if late(pos) > late(neg) else "ER-negative"
    return choice(
        "ex06-3",
        answer,
        higher,
        {
            "ER-positive": "Yes: after year 5 the ER-positive hazard stays higher, which is why follow-up and "
            "extended endocrine therapy matter."
            if higher == "ER-positive"
            else "Not in these data.",
            "ER-negative": "No: ER-negative disease recurs mostly early; after year 5 its hazard falls below the "
            "ER-positive one."
            if higher == "ER-positive"
            else "Yes.",
        },
    )


explain_item(
    "ex06-4",
    model="Cancer cells that left the breast can stay dormant in another organ for years before they "
    "grow (notebooks 01 and 02). ER-positive disease recurs at a steady yearly rate for at least "
    "20 years, as the IBCSG and Pan et al. data show, whereas ER-negative disease has a high "
    "hazard in the first years that then falls. So for ER-positive cancer the risk does not end "
    "at five years, which is why follow-up and the length of endocrine therapy matter.",
    rubric=[
        "Dormant cells can wake years later.",
        "ER-positive disease keeps a steady yearly hazard for decades; ER-negative recurs mostly early.",
        "Five years without recurrence is not the end of the risk for ER-positive disease.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex06-1": poll(
        ask=(
            "In the IBCSG trials' data [Colleoni et al. 2016](#ref-colleoni2016), when is ER-negative "
            "breast cancer most likely to come back?"
        ),
        options=[
            ("years 0-5", "0-5"),
            ("years 5-10", "5-10"),
            ("years 10-15", "10-15"),
        ],
        minutes=2,
    ),
    "ex06-2": poll(
        ask=(
            "ER-positive disease: a yearly hazard of 9.9% in years 0-5 and 5.4% in years 5-10 [Colleoni et "
            "al. 2016](#ref-colleoni2016). What is the chance of recurrence by year 10?"
        ),
        options=[
            ("about 15%", 15.3),
            ("about 77%", 76.5),
            ("about 53%", 53.4666),
        ],
        minutes=4,
    ),
    "ex06-3": poll(
        ask=(
            "Between years 5 and 20, which group has the higher yearly hazard of recurrence in the IBCSG "
            "data [Colleoni et al. 2016](#ref-colleoni2016)?"
        ),
        options=[
            ("ER-positive", "ER-positive"),
            ("ER-negative", "ER-negative"),
        ],
        minutes=2,
    ),
}


# --- discussions: what to listen for and how to close ---------------------------------------

DISCUSSIONS = {
    "d06-1": discussion(
        listen_for=[
            "Chance: each simulated woman's recurrence time is random, so a cohort of a few thousand wobbles "
            "around the exact curve, as any sample does.",
            "More people bring it closer (the wobble shrinks as the cohort grows); another seed moves the "
            "wobble but does not shrink it.",
            "The tail wobbles most, because fewer women are still free of recurrence late on.",
            "A real study adds what the simulation leaves out: people lost to follow-up at different times "
            "(censoring), deaths from other causes, differences between patients and changing treatment.",
        ],
        debrief="Ask one pair why the curve wobbles and another what a real study would add. Correct the idea "
        "that the simulation is wrong: the wobble is sampling error, which every real study has too, and it "
        "shrinks with more people. Leave the room with this: a Kaplan–Meier curve is an estimate with "
        "uncertainty, and real data bring censoring and competing deaths that this simulation leaves out.",
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


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
    set_title(ax, title)
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
    set_title(ax, title)
    fig.tight_layout()
    return fig
