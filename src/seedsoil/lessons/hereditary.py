"""Lesson `hereditary`: Hereditary risk and prevention — BRCA and beyond.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .. import data, inputs
from ..drawing import set_title
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    number,
    register,
)
from ..hereditary import carrier_risk
from ..polls import discussion, poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex10-1", kind="concept")
def _ovarian(answer) -> Feedback:
    h = data.load("hereditary_risk").query("outcome == 'ovarian cancer'").set_index("gene")["value_percent"]
    top = h.idxmax()
    return choice(
        "ex10-1",
        answer,
        top,
        {
            g: (
                f"Yes: {h[g]:g}% by age 80 in the cohort."
                if g == top
                else f"{h[g]:g}% by age 80; the other gene carries more."
            )
            for g in h.index
        },
    )


@register("ex10-2", kind="number")
def _absolute_reduction(answer) -> Feedback:
    r = carrier_risk(20)
    prose = data.load("hereditary_risk").query("source == 'rebbeck2004' and n_total.notna()", engine="python")
    prose_diff = 100 * (prose.n_events.max() / prose.n_total.max() - prose.n_events.min() / prose.n_total.min())
    return number(
        "ex10-2",
        answer,
        r["difference"],
        abs_tol=0.5,
        unit="percentage points",
        why=f"Without surgery about {r['without']:.0f} in 100 over 20 years; {r['reduction']:.0f}% of them "
        f"avoided leaves about {r['with']:.0f} in 100. The absolute reduction is what a person weighs against the "
        "harms of surgery, and it depends on age and on how many years remain.",
        hint="First the risk without surgery, 1 − e^(−rate × years), then take the relative reduction of it.",
        misconceptions={
            r["reduction"]: "that is the relative reduction. The absolute reduction is that share of the risk "
            "without surgery, so it is smaller.",
            r["without"]: "that is the risk without surgery over 20 years. Now take the relative reduction of it.",
            r["with"]: "that is the risk left after the operation; the question asks for the difference it makes.",
            r["rate"] * 20 * r["reduction"] / 100: "you multiplied the yearly rate by the years. With a constant "
            "rate the risk grows more slowly: 1 − e^(−rate × years).",
            prose_diff: "that is the difference between PROSE's groups, which were not randomised; its control "
            "group's risk is not what a carrier faces.",
            r["difference"] / 100: "give percentage points (out of 100), not a fraction.",
        },
    )


@register("ex10-3", kind="concept")
def _why_brca_matters(answer) -> Feedback:
    return choice(
        "ex10-3",
        answer,
        "b",
        {
            "a": "No: carriers are not given a different chemotherapy dose because of BRCA status.",
            "b": "Yes: cancers without working BRCA repair are vulnerable to PARP inhibitors, which block a back-up "
            "repair route.",
            "c": "No: BRCA status does not decide where the cancer spreads; it decides which drugs can exploit the "
            "repair defect.",
        },
    )


explain_item(
    "ex10-4",
    model="A BRCA variant is on a non-sex chromosome, so it passes through fathers as well as mothers, "
    "and each child of a carrier has a one-in-two chance of inheriting it, whatever the child's "
    "sex. The brother may carry it, and if he does, each of his children has a 50% chance. Male "
    "carriers have higher risks of breast, prostate (especially with BRCA2) and pancreatic "
    "cancer. He can be tested for the family's variant after genetic counselling.",
    rubric=[
        "It passes through either parent, so a man can carry and pass it on.",
        "Each child of a carrier has a 50% chance.",
        "Male carriers face breast, prostate and pancreatic cancer risks; testing follows counselling.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex10-1": poll(
        ask=(
            "In a prospective cohort of carriers [Kuchenbaecker et al. 2017](#ref-kuchenbaecker2017), which "
            "gene carries the higher risk of ovarian cancer by age 80?"
        ),
        options=[
            ("BRCA1", "BRCA1"),
            ("BRCA2", "BRCA2"),
        ],
        minutes=2,
    ),
    "ex10-2": poll(
        ask=(
            "In the course's model, about 39 in 100 carriers develop breast cancer over 20 years without "
            "surgery [Kuchenbaecker et al. 2017](#ref-kuchenbaecker2017), and the operation lowers that "
            "risk by about 90% [Rebbeck et al. 2004](#ref-rebbeck2004). By how many percentage points?"
        ),
        options=[
            ("about 4", 3.93),
            ("about 35", 35.41),
            ("90: the operation takes away 90% of the risk", 90),
        ],
        minutes=4,
    ),
    "ex10-3": poll(
        ask="Why does a germline *BRCA* result matter for someone whose breast cancer has spread?",
        options=[
            ("it changes the dose of chemotherapy", "a"),
            ("the cancer may respond to a PARP inhibitor", "b"),
            ("it predicts which organ the cancer will spread to", "c"),
        ],
        minutes=2,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d10-1": discussion(
        listen_for=[
            "MRI surveillance finds breast cancers earlier but does not prevent them",
            "medication has not been tested in randomised trials in high-risk women",
            "mastectomy makes breast cancer much rarer in an observational cohort, but no survival benefit "
            "has been proven",
            "removing the ovaries and tubes is linked with fewer deaths in a prospective cohort; the choice is "
            "the carrier's, weighing her age, plans for children and the harms",
        ],
        debrief=(
            "Ask two pairs to report two options each, and write option, what it changes and the evidence on "
            "survival in three columns on the board. Correct anyone who says mastectomy has been shown to save "
            "lives, or who reads its 90% as an absolute figure. Close on the point that the evidence differs by "
            "option, so the decision belongs to the carrier, with genetic counselling and her care team."
        ),
        minutes=4,
    ),
    "d10-2": discussion(
        listen_for=[
            "for her treatment: a cancer without BRCA repair may respond to a PARP inhibitor",
            "for her relatives: each child has a one-in-two chance of carrying the variant, and brothers and "
            "sisters may carry it too",
            "relatives can be tested for the family's variant after genetic counselling; men carry risks too",
        ],
        debrief=(
            "Ask one pair for what the result means for her treatment and another for her family. Correct the "
            "idea that a PARP inhibitor repairs the gene: it blocks a back-up repair route the cancer cells "
            "depend on. Close on the point that one germline result matters twice, for treatment and for "
            "relatives, who choose for themselves whether to be tested."
        ),
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


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
    set_title(ax, title)
    fig.tight_layout()
    return fig
