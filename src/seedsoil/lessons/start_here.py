"""Lesson `start_here`: Start here — how this course works.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import course as course_mod
from ..drawing import clear_arrows, layered_positions, wrap
from ..feedback import (
    Feedback,
    choice,
    items,
    number,
    register,
)
from ..polls import discussion, poll
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex00-1", kind="number")
def _course_minutes(answer) -> Feedback:
    course = course_mod.load()
    return number(
        "ex00-1",
        answer,
        course.total_minutes,
        unit="minutes",
        why="That is the sum of the minutes of every notebook of the course (its manifest, course.yml).",
        hint="Add up nb.minutes for every nb in c.notebooks.",
        misconceptions={
            course.notebooks[0].minutes: "that is one notebook's minutes; add up the minutes of all of them.",
            len(course.notebooks): "that is how many notebooks there are; add up their minutes instead.",
        },
    )


@register("ex00-2", kind="items")
def _prerequisites_of_network(answer) -> Feedback:
    graph = course_mod.course_graph()
    expected = sorted(nx.ancestors(graph, "spread_network"), key=list(graph).index)
    return items(
        "ex00-2",
        answer,
        expected,
        why="Every notebook with a path of arrows into 'spread_network' comes before it, directly or not.",
    )


@register("ex00-3", kind="concept")
def _what_no_answer_means(answer) -> Feedback:
    return choice(
        "ex00-3",
        answer,
        "b",
        {
            "a": "No: a wrong answer says 'Not yet' and explains why. 'No answer yet' comes before any answer.",
            "b": "Yes: the stub still holds ... ; replace it with your answer and run the cell again.",
            "c": "No: if the course could not load its files, the feedback says it is a setup problem and "
            "how to fix it; it never blames your answer.",
        },
    )


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
_COURSE = course_mod.load()
_TOTAL = _COURSE.total_minutes

POLLS = {
    "ex00-1": poll(
        ask="The manifest lists each notebook's minutes. How long is the course so far?",
        options=[
            (f"{_COURSE.notebooks[0].minutes} minutes", _COURSE.notebooks[0].minutes),
            (f"{len(_COURSE.notebooks)} notebooks", len(_COURSE.notebooks)),
            (f"{_TOTAL} minutes, about {_TOTAL / 60:.1f} hours", _TOTAL),
        ],
        minutes=2,
    ),
    "ex00-2": poll(
        ask="Which notebooks come before *Spread as a network*, directly or through others?",
        options=[
            ("04 Where it spreads", ["where_it_spreads"]),
            ("00, 01, 02, 03 and 04", ["start_here", "breast_to_body", "cascade", "seed_and_soil", "where_it_spreads"]),
            (
                "00, 01, 02, 03, 04 and 06",
                ["start_here", "breast_to_body", "cascade", "seed_and_soil", "where_it_spreads", "recurrence"],
            ),
        ],
        reveals={
            "A": ('followed one arrow back and stopped; "directly or not" means following every path to the start.'),
            "C": "went by the numbers, not the arrows; 06 has no path into 05 on the map.",
        },
        minutes=3,
    ),
    "ex00-3": poll(
        ask="You run an exercise cell and the box under it says *No answer yet*. What does that mean?",
        options=[
            ("your answer is wrong", "a"),
            ("the cell still holds the ... placeholder: nothing to check yet", "b"),
            ("the course package is broken", "c"),
        ],
        minutes=1,
    ),
}


#: Each discussion's notes for the teacher (the build puts them in the slide's speaker notes).
DISCUSSIONS = {
    "d00-1": discussion(
        listen_for=[
            "the reading page: the course website (_build/index.html), one page per lesson, solutions folded away",
            "the slides with speaker notes: a deck per lesson from the course home; s opens the speaker view",
            "the student copy, in _build/student/, has no solutions: open it in JupyterLab to do the exercises",
        ],
        debrief=(
            "Ask two pairs to walk the room through their answer, one form each. Correct anyone who would do the "
            "exercises on the reading page: a page cannot run code, so exercises are done in the notebook or its "
            "student copy, in JupyterLab. Close on the three forms of one lesson: a page to read, slides to "
            "present, a notebook to work in."
        ),
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


def course_map(course: course_mod.Course | None = None) -> tuple[Figure, nx.DiGraph]:
    """Draw the course map: notebooks as boxes, arrows from prerequisites, columns by depth."""
    g = course_mod.course_graph(course)
    # An arrow that a longer path already implies (10 -> 12 when 10 -> 11 -> 12) is left out.
    drawn = nx.transitive_reduction(g)
    # Rows 1.3 apart leave room between the tallest boxes for the arrows that pass them.
    pos = {n: (x, 1.3 * y) for n, (x, y) in layered_positions(g).items()}
    for x in sorted({x for x, _ in pos.values()}):  # a column of one sits level with what it builds on
        column = [n for n in g if pos[n][0] == x]
        before = sorted(drawn.predecessors(column[0]), key=list(g).index)
        if len(column) == 1 and before:
            pos[column[0]] = (x, sum(pos[n][1] for n in before) / len(before))
    n_layers = 1 + max(nx.get_node_attributes(g, "layer").values())
    # Short titles (before the dash) at 12 pt: readable from the back of a room on a slide.
    fig, ax = plt.subplots(figsize=(min(11.0, 1.6 + 1.3 * n_layers), 4.6))
    boxes = {}
    for node, (x, y) in pos.items():
        ready = g.nodes[node]["status"] == "ready"
        boxes[node] = ax.text(
            x,
            y,
            wrap(g.nodes[node]["title"].split(" — ")[0], 10),
            ha="center",
            va="center",
            fontsize=12,
            color="black",
            zorder=3,
            bbox=dict(
                boxstyle="round,pad=0.35",
                facecolor="#DCEEFB" if ready else "white",
                edgecolor=OKABE_ITO["blue"] if ready else "#555555",
                linestyle="-" if ready else "--",
                linewidth=1.5,
            ),
        )
    xs, ys = zip(*pos.values())
    # Text boxes do not update the data limits, so set them with room for the widest box.
    ax.set_xlim(min(xs) - 0.45, max(xs) + 0.45)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.5)
    ax.set_axis_off()
    if any(g.nodes[n]["status"] != "ready" for n in g):  # the key is needed only when both kinds show
        ax.legend(
            handles=[
                Patch(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], label="ready"),
                Patch(facecolor="white", edgecolor="#555555", linestyle="--", label="planned"),
            ],
            loc="lower right",
            frameon=False,
            fontsize=12,
        )
    ax.set_title("Course map: arrows point from a prerequisite to the notebook that builds on it")
    fig.tight_layout()
    # in course order: transitive_reduction's own edge order follows set iteration, which changes
    # from run to run (string hashing), and so would the SVG
    order = {n: i for i, n in enumerate(g)}
    edges = sorted(drawn.edges, key=lambda e: (order[e[0]], order[e[1]]))
    clear_arrows(fig, ax, boxes, pos, edges, lw=1.2, shrinkA=3, shrinkB=3)
    return fig, g
