"""Diagrams the lessons draw: each function builds a networkx graph, draws it with matplotlib and
returns ``(figure, graph)`` so that tests can assert the graph and notebooks can show the figure.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import course as course_mod
from .style import OKABE_ITO


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False))


def course_graph(course: course_mod.Course | None = None) -> nx.DiGraph:
    """The course as a directed graph: one node per notebook, an edge from each prerequisite.

    Node attributes: ``title``, ``status`` ('ready' or 'planned'), ``minutes`` (ready only) and
    ``layer`` (longest chain of prerequisites before it; the map's column).
    """
    course = course or course_mod.load()
    g = nx.DiGraph()
    for nb in course.notebooks:
        g.add_node(nb.id, title=f"{nb.number} {nb.title}", status="ready", minutes=nb.minutes)
    for p in course.planned:
        g.add_node(p.id, title=p.title, status="planned")
    for nb in (*course.notebooks, *course.planned):
        for pre in nb.prerequisites:
            g.add_edge(pre, nb.id)
    for node in nx.topological_sort(g):
        preds = list(g.predecessors(node))
        g.nodes[node]["layer"] = 1 + max(g.nodes[p]["layer"] for p in preds) if preds else 0
    return g


def layered_positions(g: nx.DiGraph, layer: str = "layer") -> dict[str, tuple[float, float]]:
    """Columns by the node attribute ``layer``; within a column, nodes keep the graph's order.

    (networkx's multipartite_layout orders a column by string hashes, which change between runs,
    so figures would not be reproducible.)
    """
    columns: dict[int, list[str]] = {}
    for node, data in g.nodes(data=True):
        columns.setdefault(data[layer], []).append(node)
    pos = {}
    for x, nodes in columns.items():
        for i, node in enumerate(nodes):
            pos[node] = (float(x), (len(nodes) - 1) / 2 - i)
    return pos


def course_map(course: course_mod.Course | None = None) -> tuple[Figure, nx.DiGraph]:
    """Draw the course map: notebooks as boxes, arrows from prerequisites, columns by depth."""
    g = course_graph(course)
    pos = layered_positions(g)
    n_layers = 1 + max(nx.get_node_attributes(g, "layer").values())
    fig, ax = plt.subplots(figsize=(min(12.0, 1.6 + 1.45 * n_layers), 5.5))
    boxes = {}
    for node, (x, y) in pos.items():
        ready = g.nodes[node]["status"] == "ready"
        boxes[node] = ax.text(
            x, y, _wrap(g.nodes[node]["title"], 14), ha="center", va="center", fontsize=9.5,
            color="black", zorder=3,
            bbox=dict(
                boxstyle="round,pad=0.35",
                facecolor="#DCEEFB" if ready else "white",
                edgecolor=OKABE_ITO["blue"] if ready else "#555555",
                linestyle="-" if ready else "--",
                linewidth=1.5,
            ),
        )
    for u, v in g.edges:
        # Arrows run box edge to box edge, so no head is hidden under a box.
        ax.annotate(
            "", xy=pos[v], xytext=pos[u], zorder=2,
            arrowprops=dict(
                arrowstyle="-|>", color="#333333", lw=1.2, shrinkA=3, shrinkB=3,
                patchA=boxes[u].get_bbox_patch(), patchB=boxes[v].get_bbox_patch(),
            ),
        )
    xs, ys = zip(*pos.values())
    # Text boxes do not update the data limits, so set them with room for the widest box.
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.5)
    ax.set_axis_off()
    ax.legend(
        handles=[
            Patch(facecolor="#DCEEFB", edgecolor=OKABE_ITO["blue"], label="ready"),
            Patch(facecolor="white", edgecolor="#555555", linestyle="--", label="planned"),
        ],
        loc="lower right", frameon=False,
    )
    ax.set_title("Course map: arrows point from a prerequisite to the notebook that builds on it")
    fig.tight_layout()
    return fig, g
