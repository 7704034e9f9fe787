"""Work is bounded (issue 18): a huge argument is refused with a message naming it and its limit,
Kaplan–Meier is O(n log n) (speed is measured by `make bench`, not here), and k_step for a very
large k gives the long-run distribution instead of drifting."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from coursekit.bench import simulate_loop
from seedsoil import cascade, recurrence, spread


def _kaplan_meier_by_definition(t, d) -> pd.DataFrame:
    rows, s = [(0.0, len(t), 0, 1.0)], 1.0
    for time in np.unique(t[d]):
        at_risk, events = int(np.sum(t >= time)), int(np.sum((t == time) & d))
        s *= 1 - events / at_risk
        rows.append((float(time), at_risk, events, s))
    return pd.DataFrame(rows, columns=["time", "at_risk", "events", "survival"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kaplan_meier_matches_its_definition_with_ties_and_censoring(seed):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 30, 500).astype(float)  # many ties
    d = rng.random(500) < 0.6
    fast, slow = recurrence.kaplan_meier(t, d), _kaplan_meier_by_definition(t, d)
    pd.testing.assert_frame_equal(fast, slow, check_dtype=False)
    assert list(fast.dtypes.astype(str)) == ["float64", "int64", "int64", "float64"]


def test_kaplan_meier_handles_a_large_cohort():
    rng = np.random.default_rng(7)
    n = 300_000
    km = recurrence.kaplan_meier(rng.random(n) * 20, rng.random(n) < 0.5)
    assert km["at_risk"].iloc[0] == n and km["survival"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda: spread.simulate(spread.illustrative_model(), "breast", steps=10**9, n=10, seed=1), "n × (steps + 1)"),
        (lambda: simulate_loop(spread.illustrative_model(), "breast", steps=10, n=10**8, seed=1), "20,000,000"),
        (lambda: cascade.simulate(100, cascade.ILLUSTRATIVE, seed=1, runs=10**9), "runs must be a whole number from 1"),
        (
            lambda: recurrence.simulate_cohort(recurrence.hazard_periods("positive"), n=10**9, seed=1, follow_up=10),
            "n must be a whole number from 1 to 5,000,000",
        ),
    ],
)
def test_huge_arguments_are_refused_with_the_argument_and_the_limit(call, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        call()


def test_k_step_for_a_very_large_k_is_the_long_run_distribution():
    chain = spread.illustrative_model()
    far = spread.k_step(chain, "breast", 10**9)
    pd.testing.assert_series_equal(far, spread.stationary(chain), check_names=False)
    assert "long-run" in far.name
    near = spread.k_step(chain, "breast", 2)
    assert near.sum() == pytest.approx(1.0) and near["bone"] == pytest.approx(0.1796, abs=1e-4)
