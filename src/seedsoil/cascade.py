"""Metastatic inefficiency as an attrition model: cells × per-step survival.

>>> from seedsoil import cascade
>>> cascade.attrition(1_000_000, cascade.ILLUSTRATIVE)          # expected survivors per step
>>> cascade.simulate(1_000_000, cascade.ILLUSTRATIVE, seed=1)   # one stochastic run

Each cell that reaches a step passes it with that step's probability, independently of the
others, so the number passing is binomial: ``simulate`` draws it with a seeded
``numpy.random.Generator`` (binomial thinning), and ``attrition`` gives the expected values.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from numbers import Integral
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import data, inputs

#: The steps in order (the same ids as data/cascade_steps.csv; a test checks they agree).
STEPS = (
    "local_invasion",
    "intravasation",
    "circulation",
    "arrest",
    "extravasation",
    "dormancy",
    "micrometastasis",
    "colonisation",
)

#: An *illustrative* survival profile for teaching, not a measurement: the early steps are
#: efficient and the growth steps inefficient, as experiments with intravital microscopy
#: concluded (Chambers et al. 2002; Koop et al. 1995). The numbers are the course's choice.
_ILLUSTRATIVE = {
    "local_invasion": 0.5,
    "intravasation": 0.2,
    "circulation": 0.5,
    "arrest": 0.9,
    "extravasation": 0.8,
    "dormancy": 0.1,
    "micrometastasis": 0.05,
    "colonisation": 0.01,
}
#: Read-only, so that no learner's change can alter the answer keys computed from it; take
#: ``dict(ILLUSTRATIVE)`` for a profile of your own to change.
ILLUSTRATIVE: Mapping[str, float] = MappingProxyType(_ILLUSTRATIVE)


def steps() -> pd.DataFrame:
    """The cascade's steps with plain-language descriptions (from data/cascade_steps.csv)."""
    return data.load("cascade_steps").sort_values("order").reset_index(drop=True)


def measurements() -> pd.DataFrame:
    """Measured quantities along the cascade (from data/cascade_measurements.csv)."""
    return data.load("cascade_measurements")


def _check(n_cells: object, survival: Mapping[str, float]) -> pd.Series:
    if isinstance(n_cells, bool) or not isinstance(n_cells, Integral):
        raise TypeError(f"n_cells must be a whole number, got {type(n_cells).__name__}")
    if n_cells < 1:
        raise ValueError(f"n_cells must be at least 1, got {n_cells}")
    if n_cells > 10**15:  # more cells than a body holds; and floats lose whole numbers beyond
        digits = len(str(n_cells))
        raise ValueError(f"n_cells must be at most 10**15 (a body has about 3 × 10**13 cells), got {digits} digits")
    if not isinstance(survival, Mapping) or not survival:
        raise TypeError("survival must be a non-empty mapping of step name -> probability")
    unknown = [s for s in survival if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown step(s) {unknown}; steps are: {', '.join(STEPS)}")
    ordered = [s for s in STEPS if s in survival]
    if list(survival) != ordered:
        raise ValueError(f"steps must be given in cascade order: {', '.join(ordered)}")
    for step, p in survival.items():
        if not inputs.is_number(p) or not 0.0 <= float(p) <= 1.0:
            raise ValueError(f"survival of step {step!r} must be a probability between 0 and 1, got {p!r}")
    return pd.Series({s: float(survival[s]) for s in ordered}, name="survival")


def attrition(n_cells: int, survival: Mapping[str, float]) -> pd.DataFrame:
    """Expected number of cells entering and passing each step.

    Returns one row per step with ``survival``, ``entering``, ``passing`` and
    ``fraction_of_start`` (passing / n_cells).
    """
    p = _check(n_cells, survival)
    passing = n_cells * np.cumprod(p.to_numpy())
    entering = np.concatenate([[n_cells], passing[:-1]])
    return pd.DataFrame(
        {
            "step": p.index,
            "survival": p.to_numpy(),
            "entering": entering,
            "passing": passing,
            "fraction_of_start": passing / n_cells,
        }
    )


#: The most simulated tumours in one call (each keeps one count per step in memory).
MAX_RUNS = 1_000_000
#: The most cells a simulated tumour can start with (counts are 64-bit whole numbers).
MAX_CELLS = 10**18


def simulate(n_cells: int, survival: Mapping[str, float], *, seed: int, runs: int = 1) -> pd.DataFrame:
    """Stochastic attrition: binomial thinning step by step, ``runs`` independent runs.

    Returns a long table with columns ``run``, ``step`` and ``passing`` (whole cells).
    All runs are drawn at once per step (no Python loop over runs or cells).
    """
    p = _check(n_cells, survival)
    runs = inputs.whole("runs", runs, 1, MAX_RUNS)
    if n_cells > MAX_CELLS:
        raise ValueError(f"n_cells must be at most {MAX_CELLS:.0e} for a simulation, got {n_cells:.3g}")
    rng = np.random.default_rng(inputs.seed(seed))
    alive = np.full(runs, n_cells, dtype=np.int64)
    columns = []
    for prob in p.to_numpy():
        alive = rng.binomial(alive, prob)
        columns.append(alive)
    counts = np.column_stack(columns)  # runs × steps
    return pd.DataFrame(
        {
            "run": np.repeat(np.arange(runs), len(p)),
            "step": np.tile(p.index.to_numpy(), runs),
            "passing": counts.ravel(),
        }
    )


def bottleneck(survival: Mapping[str, float]) -> str:
    """The step with the lowest probability of passing (the first one if tied)."""
    p = _check(1, survival)
    return str(p.idxmin())


def cells_needed(survival: Mapping[str, float], metastases: float = 1.0) -> float:
    """Cells that must leave the primary tumour, on average, per metastasis formed."""
    p = _check(1, survival)
    if not inputs.is_number(metastases) or not 0 < float(metastases) < math.inf:
        raise ValueError(f"metastases must be a positive, finite number, got {metastases!r}")
    zero = [step for step, prob in p.items() if prob == 0]
    if zero:
        raise ValueError(f"step {zero[0]!r} has survival 0, so no metastasis can ever form")
    overall = float(np.prod(p.to_numpy()))
    if overall > 0 and math.isfinite(float(metastases) / overall):
        return float(metastases) / overall
    # A product of very small survivals underflows to 0 although no step is 0: use logarithms.
    log_needed = math.log(float(metastases)) - float(np.log(p.to_numpy()).sum())
    if log_needed > math.log(sys.float_info.max):
        raise ValueError(f"about 10^{log_needed / math.log(10):.0f} cells would be needed: more than a number can hold")
    return math.exp(log_needed)
