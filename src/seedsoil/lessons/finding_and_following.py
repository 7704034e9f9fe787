"""Lesson `finding_and_following`: Finding and following metastatic disease — scans, biopsies, markers and response.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import followup, sites
from ..drawing import box_arrow, clear_arrows, layered_positions, wrap
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    neutral,
    number,
    register,
)
from ..polls import discussion, poll
from ..references import cite
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex07-1", kind="number")
def _er_conversion(answer) -> Feedback:
    conv = followup.receptor_conversion().set_index(["receptor", "direction"])["percent"]
    lost, gained = conv[("ER", "positive_to_negative")], conv[("ER", "negative_to_positive")]
    return number(
        "ex07-1",
        answer,
        200 * lost / 100,
        abs_tol=0.5,
        unit="people",
        why=f"{lost:g}% of 200. That is why a metastasis is biopsied and its receptors tested again "
        f"({cite('schrijver2018')}).",
        hint="Take the pooled percentage for ER going from positive to negative, and apply it to 200 people.",
        misconceptions={
            200 * gained / 100: "that uses the change from ER-negative to ER-positive; these tumours started "
            "ER-positive.",
            lost: "that is the percentage; the question asks how many of 200 people.",
        },
    )


@register("ex07-2", kind="concept")
def _her2_category(answer) -> Feedback:
    right = followup.her2_category("2+", ish_amplified=False)
    return choice(
        "ex07-2",
        answer,
        right,
        {
            "HER2-positive": "No: an IHC 2+ result counts as HER2-positive only when in situ hybridisation finds "
            "the gene amplified; here it did not.",
            "HER2-low": "Yes: 2+ without amplification is HER2-low, like 1+. Trastuzumab deruxtecan works in "
            f"HER2-low disease ({cite('modi2022')}).",
            "HER2-ultralow": "No: ultralow is faint, incomplete staining in at most 10% of cells, below 1+; "
            "a 2+ stain is stronger.",
            "HER2-0": "No: the cells do stain (2+); 0 means no staining.",
        },
    )


#: The RECIST exercise: sums of longest diameters in mm before treatment, at their smallest, now.
RECIST_CASE = {"baseline": 80, "nadir": 50, "current": 58}


@register("ex07-3", kind="concept")
def _recist_case(answer) -> Feedback:
    b, low, now = RECIST_CASE["baseline"], RECIST_CASE["nadir"], RECIST_CASE["current"]
    right = followup.recist(b, low, now)
    rise, fall = now - low, b - now
    pr, pd_rise, pd_mm = followup.PARTIAL_RESPONSE_FALL, followup.PROGRESSION_RISE, followup.PROGRESSION_MIN_MM
    return choice(
        "ex07-3",
        answer,
        right,
        {
            "complete response": "No: a complete response means every target lesion has gone (a sum of 0).",
            "partial response": f"No: compared with the baseline the sum has fallen {fall} mm, "
            f"{100 * fall / b:.1f}%, short of the {100 * pr:.0f}% a partial response needs.",
            "stable disease": f"Yes: the sum rose {rise} mm from its smallest, {100 * rise / low:.0f}%: more than "
            f"{pd_mm:g} mm but less than the {100 * pd_rise:.0f}% that progression needs; and it is "
            f"{100 * fall / b:.1f}% below the baseline, short of the {100 * pr:.0f}% of a partial response.",
            "progressive disease": f"No: progression needs a rise of at least {100 * pd_rise:.0f}% over the "
            f"smallest sum (here {pd_rise * low:g} mm) and at least {pd_mm:g} mm; the rise is {rise} mm. "
            "New lesions would count, but there are none.",
        },
    )


@register("ex07-4", kind="concept")
def _ctc_trial(answer) -> Feedback:
    t = followup.ctc_trial().set_index("group")["median_os_months"]
    return neutral(
        choice(
            "ex07-4",
            answer,
            "b",
            {
                "a": f"No: median survival was {t['C1']:g} months with the same chemotherapy and {t['C2']:g} months "
                f"after switching, a difference the trial could not tell from chance ({cite('smerage2014')}).",
                "b": f"Yes: the count sorted patients by outlook (median survival {t['A']:g}, {t['B']:g} and "
                f"{t['C']:g} months in groups A, B and C), but switching early on it did not lengthen survival "
                f"({t['C1']:g} vs {t['C2']:g} months): prognostic, not a guide to treatment.",
                "c": f"No: groups whose counts stayed raised lived shorter ({t['C']:g} vs {t['A']:g} months median): "
                "the count is strongly prognostic.",
            },
        )
    )


@register("ex07-5", kind="number")
def _brain_mri_interval(answer) -> Feedback:
    row = followup.brain_mri_screening().set_index("subtype").loc["triple_negative"]
    k, n = int(row["found_first_mri"]), int(row["n"])
    low, high = sites.proportion_ci(k, n)
    return number(
        "ex07-5",
        answer,
        100 * low,
        abs_tol=0.1,
        unit="percent",
        why=f"With only {n} patients the interval runs from about {100 * low:.0f}% to {100 * high:.0f}%: it "
        "overlaps the other subtypes' intervals, so this small trial cannot rank the subtypes.",
        hint=f"sites.proportion_ci({k}, {n}) returns fractions (low, high); multiply the low end by 100.",
        misconceptions={
            100 * k / n: "that is the observed percentage; the interval's lower end lies below it.",
            100 * high: "that is the upper end of the interval; the question asks where it starts.",
        },
    )


explain_item(
    "ex07-6",
    model="The metastasis may not be what it seems: a biopsy confirms that it is breast cancer and not "
    "another cancer or a benign change. And a cancer changes as it spreads and is treated: its "
    "oestrogen receptor, progesterone receptor or HER2 can be gained or lost, and the treatment "
    "should fit the cancer as it is now, not as it was years ago.",
    rubric=[
        "A biopsy confirms the diagnosis (breast cancer, not another disease).",
        "Receptors can change between the primary tumour and a metastasis (ER, PR, HER2).",
        "Treatment is chosen for the cancer as it is now; a changed receptor changes the options.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex07-1": poll(
        ask=(
            "Of 200 people whose primary tumour was ER-positive, about how many would have an ER-negative "
            "metastasis? (Pooled estimate: 22.5% lose ER [Schrijver et al. 2018](#ref-schrijver2018).)"
        ),
        options=[
            ("about 22", 22.5),
            ("about 43", 43),
            ("about 45", 45),
            ("about 99", 98.8),
        ],
        reveals={
            "D": "used the figure for the progesterone receptor (49.4% lost) instead of ER.",
        },
        minutes=2,
    ),
    "ex07-2": poll(
        ask=("A metastasis scores HER2 as IHC 2+, and in situ hybridisation finds no amplification. Which category?"),
        options=[
            ("HER2-positive", "HER2-positive"),
            ("HER2-low", "HER2-low"),
            ("HER2-ultralow", "HER2-ultralow"),
            ("HER2-0", "HER2-0"),
        ],
        minutes=2,
    ),
    "ex07-3": poll(
        ask=(
            "Target lesions summed 80 mm before treatment, 50 mm at their smallest, and 58 mm today; no new "
            "lesions. The RECIST response is…"
        ),
        options=[
            ("partial response", "partial response"),
            ("stable disease", "stable disease"),
            ("progressive disease", "progressive disease"),
        ],
        minutes=3,
    ),
    "ex07-4": poll(
        ask=(
            "In the SWOG S0500 trial [Smerage et al. 2014](#ref-smerage2014), people whose circulating "
            "tumour cells stayed high were randomised to continue or switch chemotherapy. What did it show?"
        ),
        options=[
            ("switching early lengthened survival", "a"),
            ("the count predicted survival, but switching on it did not lengthen it", "b"),
            ("the count had nothing to do with survival", "c"),
        ],
        minutes=3,
    ),
    "ex07-5": poll(
        ask=(
            "5 of 28 people with triple-negative disease had brain metastases on a screening MRI [Ahmed et "
            "al. 2025](#ref-ahmed2025mri). Where does the 95% interval (Wilson's method, as in notebook 04) start?"
        ),
        options=[
            ("about 8%", 7.879),
            ("about 18%", 17.857),
            ("about 36%", 35.591),
        ],
        minutes=3,
    ),
}


# --- discussions: what to listen for and how to close ---------------------------------------

DISCUSSIONS = {
    "d07-1": discussion(
        listen_for=[
            "0, ultralow and 1+ differ by faint, partial staining judged by eye, so two pathologists can "
            "read the same slide differently.",
            "The stain depends on the sample, how it was handled and the lab's method; a small biopsy may "
            "not show the whole cancer.",
            "For a patient the call decides whether trastuzumab deruxtecan is offered, so an error either way matters.",
            "More reliable: training and agreed scoring rules, control slides, a second reader or expert "
            "review for borderline cases, testing another sample.",
        ],
        debrief="Ask one pair why the call is hard and another how to make it more reliable. Correct the idea "
        "that the test is simply wrong: it is a judgement near a line, and in the Australian study training "
        "and agreed conventions improved agreement. Leave the room with this: a result near a treatment line "
        "deserves a second look, because a faint stain can decide whether a drug is offered.",
        minutes=4,
    ),
    "d07-2": discussion(
        listen_for=[
            "For: the trial found brain metastases in people of every subtype without symptoms; found "
            "while small, they may be treated with focused radiotherapy, and some drugs reach the brain.",
            "Against: a single-arm trial cannot show that finding them earlier lengthens life or improves "
            "its quality; every scan brings waiting, worry and cost.",
            "With so few people per subtype the percentages are uncertain (the poll's wide interval).",
            "A guideline would need a randomised trial of screened against unscreened people, measuring "
            "survival, neurological symptoms and quality of life.",
        ],
        debrief="Ask one pair for the best argument for and another for the best argument against, then ask "
        "the room what a trial would need to show. Correct the idea that finding more means helping more: "
        "counting what screening finds is not evidence of benefit. Leave the room with this: a brain scan is "
        "advised for neurological symptoms; routine scans without symptoms wait for a randomised trial.",
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


#: Box styles of the testing pathway, by kind of step; line styles differ as well as colours.
_PATHWAY_STYLE = {
    "start": dict(facecolor="white", edgecolor="#555555", linestyle="-"),
    "imaging": dict(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], linestyle="--"),
    "test": dict(facecolor="#FFF1C9", edgecolor="#8A6D00", linestyle="-"),
    "decision": dict(facecolor="#FBE3D6", edgecolor=OKABE_ITO["vermillion"], linestyle=":"),
}


_PATHWAY_LEGEND = {"start": "start", "imaging": "scans", "test": "tissue, blood or gene test", "decision": "decision"}


def testing_pathway(table: pd.DataFrame | None = None) -> tuple[Figure, nx.DiGraph]:
    """The pathway from suspicion to treatment and follow-up, left to right, drawn from
    data/testing_pathway.csv; the loop back from progression to a new choice is curved."""
    g = followup.pathway_graph(table)
    pos = layered_positions(g, layer="stage")
    fig, ax = plt.subplots(figsize=(11.0, 4.6))
    boxes = {
        n: ax.text(
            *pos[n],
            wrap(g.nodes[n]["step"], 11),
            ha="center",
            va="center",
            fontsize=12,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.35", linewidth=1.6, **_PATHWAY_STYLE[g.nodes[n]["kind"]]),
        )
        for n in g
    }
    back = [(u, v) for u, v in g.edges if g.nodes[v]["stage"] <= g.nodes[u]["stage"]]
    for u, v in back:
        style = dict(connectionstyle="arc3,rad=0.45", linestyle="--")
        box_arrow(ax, boxes, pos, u, v, lw=1.3, shrinkA=3, shrinkB=3, **style)
    xs, ys = zip(*pos.values())
    ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 0.6)
    ax.set_axis_off()
    kinds = [k for k in _PATHWAY_STYLE if any(d["kind"] == k for _, d in g.nodes(data=True))]
    ax.legend(
        handles=[Patch(label=_PATHWAY_LEGEND[k], **_PATHWAY_STYLE[k]) for k in kinds],
        loc="lower center",
        ncol=len(kinds),
        frameon=False,
        fontsize=12,
    )
    fig.tight_layout()
    clear_arrows(fig, ax, boxes, pos, [e for e in g.edges if e not in back], lw=1.3, shrinkA=3, shrinkB=3)
    return fig, g
