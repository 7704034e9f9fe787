"""Lesson `health_claims`: Reading health claims — how to judge a cancer web page.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from .. import data
from ..drawing import require_columns, require_values
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    register,
    sorting,
)
from ..polls import discussion, poll
from ..references import cite
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex11-3", kind="sorting")
def _sort_claims(answer) -> Feedback:
    claims = data.load("claims").set_index("id")
    key = claims["verdict"].to_dict()
    reasons = {i: f"{r.reason} ({'; '.join(cite(k) for k in r.sources.split(';'))})" for i, r in claims.iterrows()}
    return sorting("ex11-3", answer, key, reasons)


@register("ex11-2", kind="concept")
def _red_flag(answer) -> Feedback:
    return choice(
        "ex11-2",
        answer,
        "b",
        {
            "a": "No: citing a randomised trial with an identifier you can check is a good sign.",
            "b": "Yes: promises of working for everyone without side effects are a classic red flag; real treatments "
            "have trade-offs.",
            "c": "No: an 'as of' date shows the page knows evidence changes — a good sign.",
        },
    )


@register("ex11-1", kind="concept")
def _strongest_evidence(answer) -> Feedback:
    return choice(
        "ex11-1",
        answer,
        "c",
        {
            "a": "No: a testimonial is one person's story; it cannot show what caused what.",
            "b": "No: a case series has no comparison group.",
            "c": "Yes: randomisation makes the groups comparable, so a difference in outcome can be attributed to "
            "the treatment.",
        },
    )


explain_item(
    "ex11-4",
    model="Randomisation gives two groups that are alike, on average, in everything except the "
    "treatment, including things nobody measured. The control group shows what would have "
    "happened anyway. So a difference in outcome can be put down to the treatment, which a story "
    "or a report without a fair comparison group cannot show.",
    rubric=[
        "Randomisation makes the groups alike, even in unmeasured factors.",
        "A control group shows what happens without the treatment.",
        "Without a fair comparison, improvement may be chance, selection or the natural course.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex11-1": poll(
        ask=("Which is the strongest evidence that a drug helps people with metastatic breast cancer live longer?"),
        options=[
            ("a patient's video saying the drug saved her life", "a"),
            ("a clinic's report on twenty of its patients who took the drug", "b"),
            ("a randomised trial comparing the drug with standard treatment", "c"),
        ],
        minutes=2,
    ),
    "ex11-2": poll(
        ask="Which sentence, from three invented web pages, is the red flag?",
        options=[
            ('"In a randomised trial (identifier given), the combination lengthened survival."', "a"),
            ('"Our therapy works for every patient and has no side effects."', "b"),
            ('"This page was last reviewed in 2026 against current guidelines."', "c"),
        ],
        minutes=2,
    ),
    "ex11-3": poll(
        ask=(
            'A web page says: "Breast cancer spreads to the lungs easily because the lungs are so close to '
            'the breast." Which verdict?'
        ),
        options=[
            ("supported", "supported"),
            ("outdated", "outdated"),
            ("misleading", "misleading"),
            ("fabricated", "fabricated"),
        ],
        reveals={
            "A": (
                "the lung is a common site, but closeness is not why; venous blood meets the lungs' narrow "
                "vessels first."
            ),
            "B": "outdated means the evidence has moved on; this explanation was never right.",
            "D": ("fabricated is for invented sources or studies; this is a real observation with a wrong reason."),
        },
        part="lungs_close_to_breast",
        minutes=4,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d11-1": discussion(
        listen_for=[
            "a set of recommendations written by a panel of experts after reviewing the evidence",
            "each recommendation carries a level of evidence, from randomised trials (level I) down to case "
            "reports and expert opinion (level V)",
            "guidelines are updated as trials report, so a page that follows one should give its date",
        ],
        debrief=(
            "Ask one pair who writes a guideline and how, and another how a recommendation is graded. Correct "
            "anyone who treats a guideline as a single study or as a drug approval. Close on the point that a "
            "guideline is graded advice that changes with the evidence: look for its level of evidence and "
            "its date."
        ),
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


#: Levels of evidence for a question about treatment, strongest first (a teaching summary).
EVIDENCE_LEVELS = (
    "systematic reviews and meta-analyses of randomised trials",
    "randomised controlled trials",
    "cohort and case-control studies",
    "case series and case reports",
    "expert opinion, mechanisms, laboratory and animal studies",
    "testimonials and advertising",
)


def evidence_pyramid() -> Figure:
    """A pyramid of evidence for treatment questions, strongest at the top."""

    n = len(EVIDENCE_LEVELS)
    fig, ax = plt.subplots(figsize=(9.0, 4.4))
    shades = ["#08306B", "#2171B5", "#4292C6", "#9ECAE1", "#DEEBF7", "#FFFFFF"]
    for k, label in enumerate(EVIDENCE_LEVELS):
        top, bottom = n - k, n - k - 1
        half_top, half_bottom = 0.15 + 0.55 * k / n, 0.15 + 0.55 * (k + 1) / n
        ax.add_patch(
            Polygon(
                [(-half_bottom, bottom), (half_bottom, bottom), (half_top, top), (-half_top, top)],
                closed=True,
                facecolor=shades[k],
                edgecolor="black",
                linewidth=1.2,
                hatch="//" if k == n - 1 else None,
            )
        )
        ax.text(0.8, bottom + 0.5, f"{k + 1}. {label}", va="center", fontsize=12)
    ax.annotate("", xy=(-0.85, n), xytext=(-0.85, 0), arrowprops=dict(arrowstyle="-|>", color="black", lw=1.5))
    ax.text(-0.92, n / 2, "stronger evidence", rotation=90, va="center", ha="right", fontsize=12)
    ax.set_xlim(-1.1, 3.6)
    ax.set_ylim(-0.2, n + 0.2)
    ax.set_axis_off()
    ax.set_title("Which evidence answers 'does this treatment work?'")
    fig.tight_layout()
    return fig


def claims_network(claims: pd.DataFrame) -> tuple[Figure, nx.DiGraph]:
    """Bipartite graph: each claim (left, marked by verdict) points to the sources that decide it."""

    g = nx.DiGraph()
    markers = {
        "supported": ("o", OKABE_ITO["blue"]),
        "outdated": ("s", OKABE_ITO["orange"]),
        "unsupported": ("^", OKABE_ITO["vermillion"]),
        "misleading": ("D", OKABE_ITO["reddish_purple"]),
        "fabricated": ("X", OKABE_ITO["black"]),
    }
    require_columns(claims, ("id", "verdict", "sources"), "claims_network")
    require_values(claims, "verdict", markers, "claims_network")
    for r in claims.itertuples():
        g.add_node(r.id, kind="claim", verdict=r.verdict)
        for key in r.sources.split(";"):
            g.add_node(key, kind="source")
            g.add_edge(r.id, key)
    claim_nodes = [n for n in g if g.nodes[n]["kind"] == "claim"]
    source_nodes = sorted((n for n in g if g.nodes[n]["kind"] == "source"), key=cite)
    pos = {c: (0.0, len(claim_nodes) - 1 - i) for i, c in enumerate(claim_nodes)}
    scale = (len(claim_nodes) - 1) / max(len(source_nodes) - 1, 1)
    pos.update({s: (1.0, (len(source_nodes) - 1 - i) * scale) for i, s in enumerate(source_nodes)})
    # 13 pt labels at a tight pitch: the network fits a slide of its own, readable from the back.
    fig, ax = plt.subplots(figsize=(10.0, 0.28 * max(len(claim_nodes), len(source_nodes)) + 1.3))
    for u, v in g.edges:
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#777777", linewidth=0.8, zorder=1)
    for c in claim_nodes:
        m, colour = markers[g.nodes[c]["verdict"]]
        ax.scatter(*pos[c], marker=m, s=90, color=colour, edgecolor="black", zorder=3)
        ax.text(pos[c][0] - 0.04, pos[c][1], c.replace("_", " "), ha="right", va="center", fontsize=13)
    for s in source_nodes:
        ax.scatter(*pos[s], marker="o", s=30, color="white", edgecolor="black", zorder=3)
        ax.text(pos[s][0] + 0.04, pos[s][1], cite(s), ha="left", va="center", fontsize=13)
    for verdict, (m, colour) in markers.items():
        ax.scatter([], [], marker=m, s=90, color=colour, edgecolor="black", label=verdict)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5, frameon=False, fontsize=13)
    ax.set_xlim(-1.3, 1.9)
    ax.set_axis_off()
    ax.set_title("Claims (left, by verdict) and the sources that decide them (right)")
    fig.tight_layout()
    return fig, g
