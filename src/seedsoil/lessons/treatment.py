"""Lesson `treatment`: Treating metastatic disease — choosing by subtype and biomarker.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from .. import data
from ..drawing import box_arrow, require_columns
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    register,
)
from ..polls import discussion, poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex08-1", kind="concept")
def _local_or_systemic(answer) -> Feedback:
    row = data.load("treatments").set_index("id").loc["bone_rt"]
    return choice(
        "ex08-1",
        answer,
        row["approach"],
        {
            "local": "Yes: radiotherapy treats only the area it is aimed at.",
            "systemic": "No: systemic treatments travel in the blood to the whole body; radiotherapy treats one area.",
            "supportive": "Close — it relieves pain — but radiotherapy is a local treatment; supportive care is the "
            "wider care around it.",
        },
    )


explain_item(
    "ex08-2",
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
    "ex08-1": poll(
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
}

#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d08-1": discussion(
        listen_for=[
            "HR-positive, HER2-negative: endocrine therapy with a CDK4/6 inhibitor first; later, a drug chosen "
            "by a PIK3CA, AKT1, PTEN or ESR1 test",
            "HER2-positive: anti-HER2 antibodies, tablets and conjugates, selected by the HER2 test",
            "HER2-low: the conjugate trastuzumab deruxtecan; triple-negative: immunotherapy with chemotherapy "
            "when PD-L1 is high, and conjugates",
            "germline BRCA: a PARP inhibitor, selected by the blood test for an inherited variant",
        ],
        debrief=(
            "Go round the subtypes once, asking a different pair for each, and write subtype, drug family and "
            "test in three columns on the board. Correct anyone who names a drug for the wrong test. Close on the "
            "logic: the subtype chooses the family, the test chooses within it."
        ),
        minutes=5,
    ),
}


# --- figures --------------------------------------------------------------------------------


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
    fig, ax = plt.subplots(figsize=(10.5, 0.27 * len(leaves) + 0.9))
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
