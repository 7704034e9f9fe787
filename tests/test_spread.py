"""seedsoil.spread: exact results on textbook chains, simulation, validation, properties."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.bench import simulate_loop
from seedsoil import spread
from seedsoil.spread import Chain

import markov


def two_state(a=0.3, b=0.1):
    return Chain(("x", "y"), [[1 - a, a], [b, 1 - b]])


# --- exact results against textbook answers ---------------------------------------------------


def test_two_state_stationary_and_first_passage():
    """For P = [[1-a, a], [b, 1-b]]: π = (b, a)/(a+b); m_xy = 1/a, m_yx = 1/b; m_xx = 1/π_x."""
    a, b = 0.3, 0.1
    c = two_state(a, b)
    pi = spread.stationary(c)
    assert pi.tolist() == pytest.approx([b / (a + b), a / (a + b)])
    m = spread.mean_first_passage(c)
    assert m.loc["x", "y"] == pytest.approx(1 / a) and m.loc["y", "x"] == pytest.approx(1 / b)
    assert m.loc["x", "x"] == pytest.approx((a + b) / b)


def test_k_step_matches_closed_form():
    """P^k[x, x] = π_x + (1 - a - b)^k π_y for the two-state chain."""
    a, b = 0.3, 0.1
    c = two_state(a, b)
    for k in (0, 1, 2, 7):
        expected = b / (a + b) + (1 - a - b) ** k * a / (a + b)
        assert spread.k_step(c, "x", k)["x"] == pytest.approx(expected)
    # (0.5, 0.5) P = (0.5·0.7 + 0.5·0.1, 0.5·0.3 + 0.5·0.9)
    assert spread.k_step(c, {"x": 0.5, "y": 0.5}, 1).tolist() == pytest.approx([0.4, 0.6])


def test_gamblers_ruin_absorption():
    """Fair game from 1 with barriers 0 and 3: ruin with probability 2/3 (textbook: 1 - i/N)."""
    P = [[1, 0, 0, 0], [0.5, 0, 0.5, 0], [0, 0.5, 0, 0.5], [0, 0, 0, 1]]
    c = Chain(("0", "1", "2", "3"), P)
    B = markov.absorption(c, ["0", "3"])
    assert B.loc["1", "0"] == pytest.approx(2 / 3) and B.loc["2", "3"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="not absorbing"):
        markov.absorption(c, ["1"])


def test_cycle_first_passage():
    """Deterministic 3-cycle: reaching the next site takes 1 step, the one after 2, return 3."""
    c = Chain(("a", "b", "c"), [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    m = spread.mean_first_passage(c)
    assert m.loc["a", "b"] == pytest.approx(1) and m.loc["a", "c"] == pytest.approx(2)
    assert m.loc["a", "a"] == pytest.approx(3)


def test_non_unique_stationary_is_refused():
    with pytest.raises(ValueError, match="not unique"):
        spread.stationary(Chain(("a", "b"), np.eye(2)))


def test_graph_round_trip():
    c = spread.illustrative_model()
    g = spread.to_graph(c)
    assert g.number_of_edges() == int((c.P > 0).sum())
    assert g["breast"]["lung"]["weight"] == pytest.approx(0.5)
    back = spread.from_graph(g)
    assert back.sites == c.sites and np.allclose(back.P, c.P)
    with pytest.raises(TypeError):
        spread.from_graph(nx.Graph())


# --- the illustrative model -------------------------------------------------------------------


def test_illustrative_model_reaches_the_autopsy_distribution():
    from seedsoil import data

    c = spread.illustrative_model()
    pi = spread.stationary(c)
    autopsy = data.load("metastatic_sites").query("source == 'cummings2014'").set_index("site")["percent"]
    target = autopsy / autopsy.sum()
    assert pi["breast"] == 0
    assert pi["bone"] == pytest.approx(target["bone"]) and pi["lymph_nodes"] == pytest.approx(
        target["non_axillary_lymph_nodes"]
    )
    # anatomy: only neighbouring sites are connected
    assert c.P[c.index("lymph_nodes"), c.index("liver")] == 0


def test_metropolis_fit_has_the_target_as_stationary_distribution():
    target = {"a": 0.5, "b": 0.3, "c": 0.2}
    c = spread.fit_metropolis(target, [("a", "b"), ("b", "c")], hold=0.2)
    assert spread.stationary(c).tolist() == pytest.approx([0.5, 0.3, 0.2])
    with pytest.raises(ValueError, match="connect all sites"):
        spread.fit_metropolis({"a": 0.5, "b": 0.3, "c": 0.2}, [("a", "b")] + [("c", "c")])
    with pytest.raises(ValueError, match="sum to 1"):
        spread.fit_metropolis({"a": 0.5, "b": 0.6}, [("a", "b")])


def test_spreaders_and_sponges_by_hand():
    c = Chain(("a", "b"), [[0.2, 0.8], [0.4, 0.6]])
    t = spread.spreaders_and_sponges(c)
    assert t.loc["a", "kind"] == "spreader" and t.loc["b", "kind"] == "sponge"
    assert t.loc["a", "ratio"] == pytest.approx(2)


# --- simulation -------------------------------------------------------------------------------


def test_simulation_is_seeded_and_starts_where_told():
    c = spread.illustrative_model()
    p1 = spread.simulate(c, "breast", steps=5, n=1000, seed=7)
    assert p1.shape == (1000, 6) and (p1[:, 0] == c.index("breast")).all()
    assert np.array_equal(p1, spread.simulate(c, "breast", steps=5, n=1000, seed=7))
    assert not np.array_equal(p1, spread.simulate(c, "breast", steps=5, n=1000, seed=8))
    # never moves along a zero-probability edge
    moves = set(zip(p1[:, :-1].ravel(), p1[:, 1:].ravel()))
    assert all(c.P[i, j] > 0 for i, j in moves)


def test_simulation_agrees_with_exact_distribution():
    """Each site's simulated share after k steps is a binomial proportion: it must lie within
    5 standard errors of the exact k-step probability (a false alarm is below 1 in a million per
    site), and a chi-square statistic over sites must be below its 0.9999 quantile."""
    from scipy.stats import chi2

    c = spread.illustrative_model()
    n, k = 200_000, 4
    sim = spread.occupancy(c, spread.simulate(c, "breast", steps=k, n=n, seed=2024), k)
    exact = spread.k_step(c, "breast", k)
    se = np.sqrt(exact * (1 - exact) / n)
    assert (np.abs(sim - exact) <= 5 * se + 1e-12).all()
    mask = exact > 0
    stat = (n * (sim[mask] - exact[mask]) ** 2 / exact[mask]).sum()
    assert stat < chi2.ppf(0.9999, mask.sum() - 1)


def test_loop_and_vectorised_simulations_have_the_same_law():
    c = two_state(0.3, 0.1)
    a = spread.occupancy(c, spread.simulate(c, "x", steps=3, n=20_000, seed=1), 3)
    b = spread.occupancy(c, simulate_loop(c, "x", steps=3, n=20_000, seed=2), 3)
    assert abs(a["x"] - b["x"]) < 5 * math.sqrt(2 * 0.25 / 20_000)


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "P, sites, error, message",
    [
        ([[1, 0, 0], [0, 1, 0]], ("a", "b"), ValueError, "square"),
        ([[0.5, 0.5], [0.5, 0.5]], ("a",), ValueError, "1 site names for a 2×2"),
        ([[0.5, 0.6], [0.5, 0.5]], ("a", "b"), ValueError, r"row 0 \(a\) sums to 1.1"),
        ([[1.2, -0.2], [0.5, 0.5]], ("a", "b"), ValueError, r"row 0 \(a\) has a negative probability -0.2 towards b"),
        ([[0.5, 0.5], [float("nan"), 1]], ("a", "b"), ValueError, r"row 1 \(b\) contains NaN"),
        ([[0.5, 0.5], [0.5, 0.5]], ("a", "a"), ValueError, "unique; repeated: a"),
        ([[0.5, 0.5], [0.5, 0.5]], "ab", TypeError, "list of site names"),
        ([["x", "y"], ["z", "w"]], ("a", "b"), TypeError, "array of real numbers"),
        ([[0.5, 0.5], [0.5, 0.5]], ("a", ""), ValueError, "non-empty string"),
    ],
)
def test_bad_matrices_name_the_row_or_site(P, sites, error, message):
    with pytest.raises(error, match=message):
        Chain(sites, P)


def test_bad_arguments():
    c = two_state()
    with pytest.raises(ValueError, match="unknown site 'z'"):
        spread.k_step(c, "z", 1)
    with pytest.raises(ValueError, match="k must be"):
        spread.k_step(c, "x", -1)
    with pytest.raises(ValueError, match="sum to 0.9"):
        spread.k_step(c, {"x": 0.9}, 1)
    with pytest.raises(ValueError, match="n must be"):
        spread.simulate(c, "x", steps=2, n=0, seed=1)
    with pytest.raises(TypeError, match="seed"):
        spread.simulate(c, "x", steps=2, n=5, seed="a")
    assert not c.P.flags.writeable


# --- properties on random valid matrices ----------------------------------------------------------


@st.composite
def stochastic_matrices(draw):
    n = draw(st.integers(min_value=2, max_value=6))
    rows = draw(
        st.lists(st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=n, max_size=n), min_size=n, max_size=n)
    )
    M = np.array(rows)
    return M / M.sum(axis=1, keepdims=True)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(stochastic_matrices())
def test_properties_of_random_chains(P):
    c = Chain(tuple(f"s{i}" for i in range(len(P))), P)
    pi = spread.stationary(c).to_numpy()
    assert pi.sum() == pytest.approx(1) and (pi >= -1e-12).all()
    assert pi @ c.P == pytest.approx(pi, abs=1e-9)
    m = spread.mean_first_passage(c).to_numpy()
    assert np.diag(m) == pytest.approx(1 / pi)
    # Kemeny's constant: Σ_j π_j m_ij is the same for every starting site i (off-diagonal part)
    k = (m * pi[None, :]).sum(axis=1) - 1
    assert k == pytest.approx(np.full(len(pi), k[0]), rel=1e-6)
    for step in (1, 3):
        assert spread.k_step(c, "s0", step).sum() == pytest.approx(1)


def test_change_transition():
    c = two_state(0.3, 0.1)
    d = spread.change_transition(c, "x", "y", 2)
    assert d.P[0].tolist() == pytest.approx([0.4, 0.6])
    assert c.P[0].tolist() == pytest.approx([0.7, 0.3])  # the original is untouched
    with pytest.raises(ValueError, match="too small"):
        spread.change_transition(c, "x", "y", 4)
    with pytest.raises(ValueError, match="two different sites"):
        spread.change_transition(c, "x", "x", 2)
    with pytest.raises(ValueError, match="0 or more"):
        spread.change_transition(c, "x", "y", -1)
