"""seedsoil.diagrams: the graphs drawn are the graphs intended."""

import networkx as nx
from matplotlib.figure import Figure

from seedsoil import diagrams


def test_course_graph_matches_manifest(course):
    g = diagrams.course_graph(course)
    ids = [nb.id for nb in course.notebooks] + [p.id for p in course.planned]
    assert list(g.nodes) == ids
    expected_edges = {(p, nb.id) for nb in (*course.notebooks, *course.planned) for p in nb.prerequisites}
    assert set(g.edges) == expected_edges
    assert nx.is_directed_acyclic_graph(g)
    for nb in course.notebooks:
        assert g.nodes[nb.id]["status"] == "ready"
    for u, v in g.edges:
        assert g.nodes[u]["layer"] < g.nodes[v]["layer"]


def test_course_map_draws_every_node(course):
    fig, g = diagrams.course_map(course)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_text()]
    arrows = [t for t in ax.texts if not t.get_text()]  # annotate("", ...) draws one arrow
    assert len(labels) == g.number_of_nodes()
    assert len(arrows) == g.number_of_edges()
    assert any(label.startswith("00 Start here") for label in labels)
    assert "arrows point from a prerequisite" in ax.get_title()


def test_layered_positions_are_deterministic_and_ordered(course):
    g = diagrams.course_graph(course)
    pos = diagrams.layered_positions(g)
    assert pos == diagrams.layered_positions(diagrams.course_graph(course))
    for u, v in g.edges:
        assert pos[u][0] < pos[v][0]
    column0 = [n for n in g if g.nodes[n]["layer"] == 0]
    assert [pos[n] for n in column0] == [(0.0, (len(column0) - 1) / 2 - i) for i in range(len(column0))]
