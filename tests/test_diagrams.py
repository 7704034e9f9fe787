"""The lessons' figures (seedsoil.lessons) and the drawing engine (seedsoil.drawing): the graphs
drawn are the graphs intended."""

import os

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pytest
from matplotlib.figure import Figure

from seedsoil import course as course_mod
from seedsoil import drawing, lessons


def test_course_graph_matches_manifest(course):
    g = course_mod.course_graph(course)
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
    fig, g = lessons.start_here.course_map(course)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_text()]
    arrows = [t for t in ax.texts if not t.get_text()]  # annotate("", ...) draws one arrow
    assert len(labels) == g.number_of_nodes()
    # every prerequisite is drawn except those a longer path already implies
    assert len(arrows) == nx.transitive_reduction(g).number_of_edges() < g.number_of_edges()
    assert any(label.startswith("00 Start here") for label in labels)
    # the course style may place titles on the left: read all three positions
    title = " ".join(ax.get_title(loc=where) for where in ("left", "center", "right"))
    assert "arrows point from a prerequisite" in title


def test_layered_positions_are_deterministic_and_ordered(course):
    g = course_mod.course_graph(course)
    pos = drawing.layered_positions(g)
    assert pos == drawing.layered_positions(course_mod.course_graph(course))
    for u, v in g.edges:
        assert pos[u][0] < pos[v][0]
    column0 = [n for n in g if g.nodes[n]["layer"] == 0]
    assert [pos[n] for n in column0] == [(0.0, (len(column0) - 1) / 2 - i) for i in range(len(column0))]


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text()]


def test_cascade_graph_and_figure():
    from seedsoil import cascade

    fig, g = lessons.cascade.cascade()
    assert list(g.nodes) == list(cascade.STEPS)
    assert set(zip(cascade.STEPS, cascade.STEPS[1:])) <= set(g.edges)
    assert nx.is_directed_acyclic_graph(g) and nx.is_weakly_connected(g)
    # Dormancy is a side branch: a metastasis can go from extravasation to micrometastasis directly.
    assert [n for n in g if g.nodes[n]["optional"]] == ["dormancy"]
    assert g.has_edge("extravasation", "micrometastasis")
    assert nx.has_path(g.subgraph(n for n in g if n != "dormancy"), "local_invasion", "colonisation")
    assert list(nx.topological_sort(g)) == list(cascade.STEPS)
    assert {g.nodes[n]["place"] for n in g} == {"breast", "blood", "new organ"}
    labels = _texts(fig)
    assert len(labels) == 8 and labels[0].startswith("1. Local")
    arrows = [t for t in fig.axes[0].texts if not t.get_text()]
    assert len(arrows) == g.number_of_edges()


def test_recurrence_types_tree():
    fig, g = lessons.breast_to_body.recurrence_types()
    assert nx.is_tree(g.to_undirected()) and g.number_of_nodes() == 8
    root = [n for n in g if g.in_degree(n) == 0]
    assert len(root) == 1 and root[0].startswith("primary")
    distant = next(n for n in g if n.startswith("distant"))
    assert sorted(g.successors(distant)) == ["bone", "brain", "liver", "lung"]


def test_chart_functions_draw_what_they_are_given():
    import pandas as pd

    from seedsoil import cascade, sites, soil

    fig = lessons.cascade.funnel(cascade.attrition(1000, {"arrest": 0.5, "extravasation": 0.1}))
    assert [round(b.get_width()) for b in fig.axes[0].patches] == [500, 50]
    assert fig.axes[0].get_xscale() == "log"
    table = soil.compare({"bone": 3, "liver": 1})
    fig = lessons.seed_and_soil.enrichment_comparison(table, "t")
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == pytest.approx(list(table.iloc[:, 0]) + list(table.iloc[:, 1]))
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [f"liver: {c}" for c in table.columns]
    with pytest.raises(ValueError, match="non-empty table"):
        lessons.seed_and_soil.enrichment_comparison(pd.DataFrame(), "t")
    fig = lessons.where_it_spreads.subtype_heatmap(sites.by_subtype(), "t")
    assert "25.3%" in _texts(fig)
    fig = lessons.where_it_spreads.body_map({"bone": 74, "lung": 80}, "t")
    assert any("bone: 74%" in t for t in _texts(fig))
    with pytest.raises(ValueError, match="no body position"):
        lessons.where_it_spreads.body_map({"spleen": 5}, "t")
    with pytest.raises(ValueError, match="between 0 and 100"):
        lessons.where_it_spreads.body_map({"bone": 150}, "t")
    s = pd.DataFrame({"subtype": ["all"], "value": [30.0], "ci_low": [28.0], "ci_high": [32.0]})
    fig = lessons.breast_to_body.survival_chart(s, "t")
    assert fig.axes[0].patches[0].get_width() == 30.0
    fig = lessons.cascade.simulation_histogram([0, 1, 1, 2], 1.0, "t")
    assert sum(p.get_height() for p in fig.axes[0].patches) == 4


def test_spread_network_draws_the_chain():
    import numpy as np

    from seedsoil import spread

    chain = spread.illustrative_model()
    fig, g = lessons.spread_network.spread_network(chain)
    assert list(g.nodes) == list(chain.sites)
    off_diagonal = {(u, v) for u, v in g.edges if u != v}
    assert off_diagonal == {
        (a, b) for i, a in enumerate(chain.sites) for j, b in enumerate(chain.sites) if i != j and chain.P[i, j] > 0
    }
    arrows = [t for t in fig.axes[0].texts if not t.get_text()]
    assert len(arrows) == len(off_diagonal)
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    assert "0.50" in labels and any(t.startswith("bone\nstays: 0.50") for t in labels)
    assert np.isclose(g["breast"]["lung"]["weight"], 0.5)


def test_occupancy_chart_has_a_line_per_site():
    import pandas as pd

    exact = pd.DataFrame({"a": [0, 0.5, 0.4], "b": [1, 0.5, 0.6]})
    fig = lessons.spread_network.occupancy_chart(exact, exact, "t")
    assert len(fig.axes[0].get_legend().get_texts()) == 4


def test_taxonomy_tree_comes_from_the_data():
    from seedsoil import data

    t = data.load("treatments")
    fig, g = lessons.treatment.taxonomy(t)
    assert nx.is_tree(g.to_undirected())
    assert sorted(g.successors("treatments")) == sorted(set(t["approach"]))
    for r in t.itertuples():
        assert g.has_edge(r.approach, r.treatment_class)
    assert g.number_of_nodes() == 1 + t["approach"].nunique() + t["treatment_class"].nunique()


def test_forest_plot_and_hazard_chart():

    from seedsoil import data, recurrence

    t = data.load("treatments")
    fig = lessons.treatment_evidence.forest_plot(t, "t")
    os_labels, pfs_labels = ([tick.get_text() for tick in ax.get_yticklabels()] for ax in fig.axes)
    with_hr = t.dropna(subset=["hazard_ratio"])
    assert len(os_labels) == (with_hr.endpoint == "overall survival").sum() and os_labels[0].startswith("MONALEESA-2")
    assert len(pfs_labels) == (with_hr.endpoint == "progression-free survival").sum()
    assert not any(label.startswith("DESTINY-Breast03") for label in os_labels)  # a PFS ratio is not drawn as OS
    # one endpoint alone, for a slide of its own
    (ax,) = lessons.treatment_evidence.forest_plot(t, "t", endpoint="progression-free survival").axes
    assert [tick.get_text() for tick in ax.get_yticklabels()] == pfs_labels
    with pytest.raises(ValueError, match="endpoint must be one of"):
        lessons.treatment_evidence.forest_plot(t, "t", endpoint="response rate")
    with pytest.raises(ValueError, match="no trial with a hazard ratio"):
        lessons.treatment_evidence.forest_plot(
            t[t.endpoint == "overall survival"], "t", endpoint="progression-free survival"
        )
    fig = lessons.recurrence.hazard_chart({"ER+": recurrence.hazard_periods("positive")}, "t")
    assert fig.axes[0].get_lines()[0].get_ydata()[0] == 9.9
    fig = lessons.hereditary.icon_array(72, "t", "yes", "no")
    assert "72 yes" in [x.get_text() for x in fig.axes[0].texts]
    with pytest.raises(ValueError):
        lessons.hereditary.icon_array(120, "t", "yes", "no")


@pytest.mark.parametrize("endpoint", ["overall survival", "progression-free survival"])
def test_the_forest_plot_draws_every_trial_with_its_interval_or_marks_it_as_not_reported(endpoint):
    """Every trial of the table has a point, and either an interval line or a dagger in its label
    that the footnote explains; the table says why (interval_note) for each trial without one. A
    trial whose patients a test chose names that group in its label."""
    from seedsoil import data

    t = data.load("treatments").dropna(subset=["hazard_ratio"])
    rows = t[t.endpoint == endpoint].reset_index(drop=True)
    fig = lessons.treatment_evidence.forest_plot(t, "t", endpoint=endpoint)
    (ax,) = fig.axes
    intervals = [line for line in ax.get_lines() if len(line.get_xdata()) == 2 and line.get_linewidth() == 2]
    points = [line for line in ax.get_lines() if line.get_marker() not in ("None", "", None)]
    labels = [x.get_text() for x in ax.get_yticklabels()]  # in the order of the table (top row first)
    assert len(points) == len(rows) == len(labels)
    with_ci = rows.ci_low.notna()
    assert len(intervals) == with_ci.sum()
    assert [label.endswith(" †") for label in labels] == list(~with_ci)
    assert any("† no 95% interval reported" in x.get_text() for x in fig.texts) == (~with_ci).any()
    assert (rows.loc[~with_ci, "interval_note"].fillna("").str.len() > 10).all(), "say why in interval_note"
    for label, biomarker in zip(labels, rows.biomarker.fillna("")):
        if "ESR1" in biomarker:
            assert "ESR1-mutant" in label, label
        if "PD-L1" in biomarker:
            assert "PD-L1 CPS ≥ 10" in label, label
    plt.close("all")


def test_evidence_pyramid_has_a_layer_per_level():
    fig = lessons.health_claims.evidence_pyramid()
    ax = fig.axes[0]
    assert len(ax.patches) == len(lessons.health_claims.EVIDENCE_LEVELS)
    labels = [t.get_text() for t in ax.texts]
    for k, level in enumerate(lessons.health_claims.EVIDENCE_LEVELS, 1):
        assert f"{k}. {level}" in labels
    assert "randomised controlled trials" in lessons.health_claims.EVIDENCE_LEVELS[1]


def test_claims_network_links_each_claim_to_its_sources():
    from seedsoil import data

    claims = data.load("claims")
    fig, g = lessons.health_claims.claims_network(claims)
    for row in claims.itertuples():
        assert g.nodes[row.id]["verdict"] == row.verdict
        assert set(g.successors(row.id)) == set(row.sources.split(";"))
    sources = {k for s in claims.sources for k in s.split(";")}
    assert g.number_of_nodes() == len(claims) + len(sources)
    from seedsoil.claims import verdicts

    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == list(verdicts())


def _arrows_behind_boxes(fig) -> list[tuple[str, str, str]]:
    """(from, to, box) for every arrow that runs behind a box it does not join."""
    fig.canvas.draw()
    ax = fig.axes[0]
    boxes = {t.get_position(): t for t in ax.texts if t.get_text()}
    found = []
    for arrow in (t for t in ax.texts if not t.get_text()):
        start, end = boxes.get(tuple(arrow.xyann)), boxes.get(tuple(arrow.xy))
        patch = arrow.arrow_patch
        lines = patch.get_path().to_polygons(patch.get_transform(), closed_only=False)
        # points every few pixels along each segment (a straight line has only its two ends)
        points = np.vstack([np.linspace(a, b, 50) for line in lines for a, b in zip(line[:-1], line[1:])])
        for box in boxes.values():
            if box in (start, end):
                continue
            b = box.get_bbox_patch().get_window_extent()
            inside = (points[:, 0] > b.x0) & (points[:, 0] < b.x1) & (points[:, 1] > b.y0) & (points[:, 1] < b.y1)
            if inside.any():
                found.append((start.get_text(), end.get_text(), box.get_text()))
    plt.close(fig)
    return found


def test_no_arrow_of_the_course_map_runs_behind_a_box(course):
    fig, _ = lessons.start_here.course_map(course)
    assert _arrows_behind_boxes(fig) == []


def test_no_arrow_of_the_testing_pathway_runs_behind_a_box():
    fig, _ = lessons.finding_and_following.testing_pathway()
    assert _arrows_behind_boxes(fig) == []


def test_the_box_check_finds_an_arrow_drawn_straight_through_a_box():
    fig, ax = plt.subplots()
    for x in (0, 1, 2):
        ax.text(x, 0, f"box {x}", bbox=dict(boxstyle="round"))
    ax.set_xlim(-0.5, 2.5)
    boxes = {t.get_position(): t for t in ax.texts}
    ax.annotate(
        "",
        xy=(2, 0),
        xytext=(0, 0),
        arrowprops=dict(arrowstyle="-|>", patchA=boxes[(0, 0)].get_bbox_patch(), patchB=boxes[(2, 0)].get_bbox_patch()),
    )
    assert _arrows_behind_boxes(fig) == [("box 0", "box 2", "box 1")]


def test_the_course_map_is_drawn_the_same_whatever_the_hash_seed():
    """Set and dict iteration over strings follows PYTHONHASHSEED; the map's SVG must not (its
    arrows were drawn in networkx's set order, so figures/course_map.svg changed on every export)."""
    import subprocess
    import sys

    code = (
        "import io, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt\n"
        "from seedsoil import style; style.use(); plt.rcParams['svg.hashsalt'] = 'x'\n"
        "from seedsoil.lessons.start_here import course_map\n"
        "fig, _ = course_map(); buf = io.StringIO(); fig.savefig(buf, format='svg', metadata={'Date': None})\n"
        "print(buf.getvalue())"
    )
    svgs = {
        seed: subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(svgs["1"]) > 1000 and svgs["1"] == svgs["2"] == svgs["3"]
