"""Answer checks for the course's exercises, registered under stable ids (``exNN-k``).

Expected answers are computed from the course's manifest and data, never typed a second time.
"""

from __future__ import annotations

import networkx as nx

from . import course as course_mod
from . import diagrams
from .exercises import Feedback, items, number, register


@register("ex00-1")
def _course_minutes(answer) -> Feedback:
    course = course_mod.load()
    return number(
        "ex00-1", answer, course.total_minutes, unit="minutes",
        why="That is the sum of the 'minutes' of every notebook listed in course.yml.",
        hint="Add up nb.minutes over course.notebooks.",
    )


@register("ex00-2")
def _prerequisites_of_network(answer) -> Feedback:
    graph = diagrams.course_graph()
    expected = sorted(nx.ancestors(graph, "spread_network"), key=list(graph).index)
    return items(
        "ex00-2", answer, expected,
        why="Every notebook with a path of arrows into 'spread_network' comes before it, directly or not.",
    )
