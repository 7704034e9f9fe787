"""Metastatic spread over time as a Markov chain on a network of sites.

A chain has sites (states) and a transition matrix ``P``: ``P[i, j]`` is the probability that
the next new site after site *i* is site *j*. The course fits an **illustrative** matrix to a
verified site distribution (see :func:`illustrative_model`); it is not a published matrix.

>>> from seedsoil import spread
>>> chain = spread.illustrative_model()
>>> spread.stationary(chain)                         # long-run share of each site
>>> spread.k_step(chain, "breast", 2)                # where a patient is after two steps
>>> spread.simulate(chain, "breast", steps=10, n=100_000, seed=1)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real

import networkx as nx
import numpy as np
import pandas as pd

from . import data, inputs

TOLERANCE = 1e-9  # rows must sum to 1 within this


@dataclass(frozen=True, eq=False)  # the generated __eq__ would compare arrays ambiguously
class Chain:
    """A validated Markov chain: site names and a row-stochastic transition matrix.

    Two chains are equal when they have the same sites in the same order and the same matrix.
    The matrix is read-only, so a chain cannot be changed after it was checked.
    """

    sites: tuple[str, ...]
    P: np.ndarray

    def __post_init__(self):
        sites, P = validate(self.P, self.sites)
        P.setflags(write=False)
        object.__setattr__(self, "sites", sites)
        object.__setattr__(self, "P", P)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Chain):
            return NotImplemented
        return self.sites == other.sites and np.array_equal(self.P, other.P)

    def __hash__(self) -> int:
        return hash((self.sites, self.P.tobytes()))

    def index(self, site: str) -> int:
        if site not in self.sites:
            raise ValueError(f"unknown site {site!r}; sites are: {', '.join(self.sites)}")
        return self.sites.index(site)

    def frame(self) -> pd.DataFrame:
        """The matrix as a labelled table (rows: from, columns: to)."""
        return pd.DataFrame(self.P, index=list(self.sites), columns=list(self.sites))


# --- validation and conversion ----------------------------------------------------------------


def _need_chain(chain: object) -> None:
    if not isinstance(chain, Chain):
        raise TypeError(
            f"expected a spread.Chain (see spread.validate or illustrative_model), not {type(chain).__name__}"
        )


def validate(P: object, sites: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Check a transition matrix; return (sites, float matrix) or raise ValueError saying where."""
    if isinstance(sites, str) or not isinstance(sites, Iterable):
        raise TypeError("sites must be a list of site names")
    sites = tuple(sites)
    if not all(isinstance(s, str) and s for s in sites):
        raise ValueError("every site name must be a non-empty string")
    dupes = sorted({s for s in sites if sites.count(s) > 1})
    if dupes:
        raise ValueError(f"site names must be unique; repeated: {', '.join(dupes)}")
    try:
        raw = np.asarray(P)
        # numpy would turn '0.5' into 0.5 and drop the imaginary part of 1+1j without a word
        if raw.dtype.kind not in "biuf" and not all(inputs.is_number(v) for v in raw.ravel()):
            raise TypeError
        M = np.array(raw, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("the transition matrix must be a 2-D array of real numbers (not text or complex)") from None
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"the transition matrix must be square, got shape {M.shape}")
    if M.shape[0] != len(sites):
        raise ValueError(f"{len(sites)} site names for a {M.shape[0]}×{M.shape[0]} matrix")
    if M.shape[0] == 0:
        raise ValueError("the chain needs at least one site")
    for i, site in enumerate(sites):
        row = M[i]
        if not np.all(np.isfinite(row)):
            raise ValueError(f"row {i} ({site}) contains NaN or infinite values")
        if np.any(row < 0):
            j = int(np.argmax(row < 0))
            raise ValueError(f"row {i} ({site}) has a negative probability {row[j]:g} towards {sites[j]}")
        if abs(row.sum() - 1) > TOLERANCE:
            raise ValueError(f"row {i} ({site}) sums to {row.sum():.12g}, not 1")
    M.setflags(write=False)
    return sites, M


def to_graph(chain: Chain) -> nx.DiGraph:
    """A directed graph with one edge per non-zero transition, weighted by its probability."""
    _need_chain(chain)
    g = nx.DiGraph()
    g.add_nodes_from(chain.sites)
    for i, a in enumerate(chain.sites):
        for j, b in enumerate(chain.sites):
            if chain.P[i, j] > 0:
                g.add_edge(a, b, weight=float(chain.P[i, j]))
    return g


def from_graph(g: nx.DiGraph, weight: str = "weight") -> Chain:
    """A chain from a weighted directed graph (nodes in graph order; weights must be probabilities)."""
    if not isinstance(g, nx.DiGraph):
        raise TypeError("from_graph needs a networkx DiGraph")
    sites = list(g.nodes)
    P = nx.to_numpy_array(g, nodelist=sites, weight=weight)
    return Chain(tuple(sites), P)


def _start_vector(chain: Chain, start: str | Mapping[str, float]) -> np.ndarray:
    if isinstance(start, str):
        v = np.zeros(len(chain.sites))
        v[chain.index(start)] = 1.0
        return v
    if not isinstance(start, Mapping):
        raise TypeError("start must be a site name or a mapping site -> probability")
    v = np.zeros(len(chain.sites))
    for site, p in start.items():
        if isinstance(p, bool) or not isinstance(p, Real) or not 0 <= p <= 1:
            raise ValueError(f"start probability of {site!r} must be between 0 and 1, got {p!r}")
        v[chain.index(site)] = float(p)
    if abs(v.sum() - 1) > TOLERANCE:
        raise ValueError(f"start probabilities sum to {v.sum():.12g}, not 1")
    return v


# --- exact results ----------------------------------------------------------------------------


#: Beyond this many steps k_step answers with the long-run (stationary) distribution.
LONG_RUN_STEPS = 10_000


def k_step(chain: Chain, start: str | Mapping[str, float], k: int) -> pd.Series:
    """Distribution over sites after ``k`` steps from ``start`` (a site or a distribution)."""
    _need_chain(chain)
    if isinstance(k, bool) or not isinstance(k, Integral) or k < 0:
        raise ValueError(f"k must be a whole number of steps, 0 or more, got {k!r}")
    if k > LONG_RUN_STEPS:
        # Far beyond where the chain settles: the long-run distribution, if it has reached it,
        # rather than a matrix power whose rounding errors accumulate.
        settled = _start_vector(chain, start) @ np.linalg.matrix_power(chain.P, LONG_RUN_STEPS)
        try:
            pi = stationary(chain).to_numpy()
        except ValueError:
            pi = None
        if pi is not None and np.allclose(settled, pi, atol=1e-9):
            return pd.Series(pi, index=list(chain.sites), name=f"after {k} steps (the long-run distribution)")
        warnings.warn(
            f"k = {k:,} steps: this chain has not settled after {LONG_RUN_STEPS:,} steps, so the result may "
            "carry rounding errors",
            RuntimeWarning,
            stacklevel=2,
        )
    v = _start_vector(chain, start) @ np.linalg.matrix_power(chain.P, int(k))
    return pd.Series(v / v.sum(), index=list(chain.sites), name=f"after {k} steps")


def stationary(chain: Chain) -> pd.Series:
    """The stationary distribution π (π P = π, Σπ = 1).

    Raises ValueError if it is not unique (the chain has more than one closed class).
    """
    _need_chain(chain)
    n = len(chain.sites)
    A = np.vstack([chain.P.T - np.eye(n), np.ones(n)])
    b = np.zeros(n + 1)
    b[-1] = 1.0
    pi, *_ = np.linalg.lstsq(A, b, rcond=None)
    if np.linalg.matrix_rank(A) < n:
        raise ValueError("the stationary distribution is not unique: the chain has several closed classes")
    pi = np.where(np.abs(pi) < 1e-15, 0.0, pi)
    return pd.Series(pi, index=list(chain.sites), name="stationary")


def mean_first_passage(chain: Chain) -> pd.DataFrame:
    """Mean number of steps to first reach site j from site i (diagonal: mean return time).

    Uses the fundamental matrix Z = (I − P + 1π)⁻¹ of an irreducible chain:
    m_ij = (z_jj − z_ij) / π_j for i ≠ j, and m_jj = 1 / π_j.
    """
    _need_chain(chain)
    pi = stationary(chain).to_numpy()
    if np.any(pi <= 0):
        zero = [s for s, p in zip(chain.sites, pi) if p <= 0]
        raise ValueError(f"mean first-passage times need every site to be recurrent; transient: {', '.join(zero)}")
    n = len(pi)
    Z = np.linalg.inv(np.eye(n) - chain.P + np.outer(np.ones(n), pi))
    M = (np.diag(Z)[None, :] - Z) / pi[None, :]
    M[np.diag_indices(n)] = 1 / pi
    return pd.DataFrame(M, index=list(chain.sites), columns=list(chain.sites))


def change_transition(chain: Chain, from_site: str, to_site: str, factor: float) -> Chain:
    """A what-if copy of ``chain``: P(from → to) multiplied by ``factor``.

    The probability added (or removed) is taken from (or given back to) staying at
    ``from_site``, so the row still sums to 1.
    """
    _need_chain(chain)
    if not inputs.is_number(factor) or not 0 <= float(factor) < math.inf:
        raise ValueError(f"factor must be a finite number, 0 or more, got {factor!r}")
    i, j = chain.index(from_site), chain.index(to_site)
    if i == j:
        raise ValueError("choose two different sites: the change is balanced by staying put")
    P = chain.P.copy()
    delta = P[i, j] * (factor - 1)
    if delta > P[i, i]:
        raise ValueError(f"P({from_site}→{from_site}) = {P[i, i]:.3f} is too small to give {delta:.3f} to {to_site}")
    P[i, j] += delta
    P[i, i] -= delta
    return Chain(chain.sites, P)


# --- simulation -------------------------------------------------------------------------------


#: The most sites a simulation may hold at once: n × (steps + 1), about 160 MB.
MAX_SIMULATED = 20_000_000


def _check_size(steps, n, seed) -> None:
    inputs.whole("steps", steps, 0)
    inputs.whole("n", n, 1)
    if n * (steps + 1) > MAX_SIMULATED:
        raise ValueError(
            f"n × (steps + 1) = {n * (steps + 1):,} is more than this function keeps in memory "
            f"({MAX_SIMULATED:,}); use fewer patients (n) or fewer steps"
        )
    inputs.seed(seed)


def simulate(chain: Chain, start: str | Mapping[str, float], *, steps: int, n: int, seed: int) -> np.ndarray:
    """``n`` trajectories of ``steps`` steps, as an (n, steps + 1) array of site indices.

    Vectorised over patients: each step draws one uniform number per patient and finds the next
    site by comparing it with the cumulative row of the current site.
    """
    _need_chain(chain)
    _check_size(steps, n, seed)
    rng = np.random.default_rng(seed)
    cum = np.cumsum(chain.P, axis=1)
    cum[:, -1] = 1.0  # guard against rounding: every draw lands in some column
    v = _start_vector(chain, start)
    paths = np.empty((n, steps + 1), dtype=np.int64)
    paths[:, 0] = np.searchsorted(np.cumsum(v), rng.random(n), side="right").clip(max=len(v) - 1)
    for t in range(steps):
        u = rng.random(n)
        paths[:, t + 1] = (cum[paths[:, t]] <= u[:, None]).sum(axis=1)
    return paths


def occupancy(chain: Chain, paths: np.ndarray, step: int) -> pd.Series:
    """Share of simulated patients at each site at a given step."""
    _need_chain(chain)
    paths = np.asarray(paths)
    if paths.ndim != 2 or 0 in paths.shape:
        raise ValueError(f"paths must be the 2-D array returned by simulate(), got shape {paths.shape}")
    if not np.issubdtype(paths.dtype, np.integer) or paths.min() < 0 or paths.max() >= len(chain.sites):
        raise ValueError(
            f"paths must hold site numbers from 0 to {len(chain.sites) - 1} for this chain, as simulate() "
            "returns them; were they simulated with another chain?"
        )
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step < paths.shape[1]:
        raise ValueError(f"step must be a whole number from 0 to {paths.shape[1] - 1} for these paths, got {step!r}")
    counts = np.bincount(paths[:, step], minlength=len(chain.sites))
    return pd.Series(counts / counts.sum(), index=list(chain.sites), name=f"simulated, step {step}")


# --- spreaders and sponges --------------------------------------------------------------------


def spreaders_and_sponges(chain: Chain) -> pd.DataFrame:
    """Compare the probability weight leaving each site with the weight entering it.

    After Newton et al.: a site whose outgoing transition weight (to other sites) exceeds its
    incoming weight (from other sites) is a *spreader*; the reverse is a *sponge*.
    """
    _need_chain(chain)
    P = chain.P.copy()
    np.fill_diagonal(P, 0)
    out_w, in_w = P.sum(axis=1), P.sum(axis=0)
    ratio = np.divide(out_w, in_w, out=np.full_like(out_w, np.inf), where=in_w > 0)
    kind = np.where(ratio > 1, "spreader", np.where(ratio < 1, "sponge", "balanced"))
    return pd.DataFrame({"outgoing": out_w, "incoming": in_w, "ratio": ratio, "kind": kind}, index=list(chain.sites))


# --- the course's illustrative model ----------------------------------------------------------

#: Anatomical neighbours used by the illustrative model (which sites a step may move between).
NEIGHBOURS = (
    ("lymph_nodes", "lung"),
    ("lymph_nodes", "bone"),
    ("lung", "bone"),
    ("lung", "liver"),
    ("bone", "liver"),
)
#: First step out of the breast: regional nodes and the lungs (first capillary bed). Illustrative.
FROM_BREAST = {"lymph_nodes": 0.5, "lung": 0.5}


def _pairs(neighbours: object) -> list[tuple[str, str]]:
    example = "[('lung', 'bone'), ('bone', 'liver')]"
    if isinstance(neighbours, (str, bytes, Mapping)) or not isinstance(neighbours, Iterable):
        raise TypeError(f"neighbours must be a list of pairs of site names, such as {example}")
    pairs = inputs.bounded("neighbours", neighbours)
    for k, pair in enumerate(pairs):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(
                f"neighbours[{k}] must be a pair of two site names, such as ('lung', 'bone'), got {pair!r}"
            )
        if not all(isinstance(s, str) for s in pair):
            raise TypeError(f"neighbours[{k}] must hold two site names (text), got {pair!r}")
    return [tuple(p) for p in pairs]


def fit_metropolis(target: Mapping[str, float], neighbours: Iterable[tuple[str, str]], hold: float = 0.5) -> Chain:
    """A chain over ``target``'s sites whose stationary distribution is exactly ``target``.

    Metropolis–Hastings: from site i, propose a neighbour j with probability proportional to
    its target share (q_ij = π_j / Σ_{k∈N(i)} π_k), move with probability 1 − hold times the
    acceptance min(1, π_j q_ji / (π_i q_ij)); otherwise stay. Detailed balance makes π
    stationary; the proposal makes common sites more likely next steps.
    """
    inputs.mapping("target", target, "{'bone': 0.6, 'lung': 0.4}")
    sites = list(target)
    bad = [s for s in sites if not inputs.is_number(target[s])]
    if bad:
        raise TypeError(f"target[{bad[0]!r}] must be a probability (a number), got {target[bad[0]]!r}")
    pi = np.array([float(target[s]) for s in sites])
    if np.any(pi <= 0) or abs(pi.sum() - 1) > 1e-9:
        raise ValueError("target must be positive probabilities that sum to 1")
    if not 0 <= inputs.finite("hold", hold) < 1:
        raise ValueError(f"hold must be in [0, 1), got {hold}")
    pairs = _pairs(neighbours)
    g = nx.Graph()
    g.add_nodes_from(sites)
    g.add_edges_from((a, b) for a, b in pairs if a != b)
    if set(g.nodes) != set(sites):
        raise ValueError(f"neighbour pairs name sites outside the target: {sorted(set(g.nodes) - set(sites))}")
    if not nx.is_connected(g):
        raise ValueError("the neighbour graph must connect all sites")
    n = len(sites)
    mass = {a: sum(pi[sites.index(b)] for b in g.neighbors(a)) for a in sites}
    P = np.zeros((n, n))
    for i, a in enumerate(sites):
        for b in g.neighbors(a):
            j = sites.index(b)
            q_ij, q_ji = pi[j] / mass[a], pi[i] / mass[b]
            P[i, j] = (1 - hold) * q_ij * min(1.0, pi[j] * q_ji / (pi[i] * q_ij))
        P[i, i] = 1 - P[i].sum()
    return Chain(tuple(sites), P)


def illustrative_model() -> Chain:
    """The course's illustrative breast-cancer spread chain (not a published matrix).

    Recurrent sites: lymph nodes outside the armpit, lung, bone, liver, with a stationary
    distribution equal to the autopsy involvement of Cummings et al. (2014) normalised to sum to
    1 (the percentages are per patient, so they sum to more than 100). A transient 'breast'
    state sends its first step to regional nodes or the lungs (FROM_BREAST).
    """

    autopsy = data.load("metastatic_sites").query("source == 'cummings2014'")
    involvement = dict(zip(autopsy["site"].replace({"non_axillary_lymph_nodes": "lymph_nodes"}), autopsy["percent"]))
    total = sum(involvement.values())
    order = ["lymph_nodes", "lung", "bone", "liver"]
    target = {s: involvement[s] / total for s in order}
    recurrent = fit_metropolis(target, NEIGHBOURS)
    sites = ("breast", *order)
    P = np.zeros((len(sites), len(sites)))
    P[1:, 1:] = recurrent.P
    for s, p in FROM_BREAST.items():
        P[0, sites.index(s)] = p
    return Chain(sites, P)
