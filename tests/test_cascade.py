"""seedsoil.cascade: the attrition model, its stochastic version and input checks."""

import math

import numpy as np
import pytest

from seedsoil import cascade

SIMPLE = {"intravasation": 0.5, "arrest": 0.1}


def test_steps_match_the_data_table():
    assert tuple(cascade.steps()["step"]) == cascade.STEPS
    assert list(cascade.ILLUSTRATIVE) == list(cascade.STEPS)


def test_attrition_by_hand():
    t = cascade.attrition(1000, SIMPLE)
    assert list(t["step"]) == ["intravasation", "arrest"]
    assert list(t["entering"]) == [1000, 500]
    assert list(t["passing"]) == [500, 50]
    assert list(t["fraction_of_start"]) == [0.5, 0.05]


def test_bottleneck_and_cells_needed():
    assert cascade.bottleneck(SIMPLE) == "arrest"
    assert cascade.bottleneck(cascade.ILLUSTRATIVE) == "colonisation"
    assert cascade.cells_needed(SIMPLE) == pytest.approx(20)
    assert cascade.cells_needed(SIMPLE, metastases=3) == pytest.approx(60)
    assert cascade.cells_needed(cascade.ILLUSTRATIVE) == pytest.approx(1 / math.prod(cascade.ILLUSTRATIVE.values()))


def test_simulation_is_seeded_and_shaped():
    a = cascade.simulate(10_000, SIMPLE, seed=3, runs=50)
    b = cascade.simulate(10_000, SIMPLE, seed=3, runs=50)
    assert a.equals(b)
    assert len(a) == 100 and set(a["run"]) == set(range(50))
    assert not a.equals(cascade.simulate(10_000, SIMPLE, seed=4, runs=50))
    # counts never increase along the cascade
    wide = a.pivot(index="run", columns="step", values="passing")
    assert (wide["arrest"] <= wide["intravasation"]).all()


def test_simulation_agrees_with_expectation():
    """Binomial thinning: the end count of a run is Binomial(n, prod p); its mean over runs is
    within 4 standard errors of n * prod p (a false alarm about once in 16,000 seeds)."""
    n, runs = 100_000, 2000
    p = math.prod(SIMPLE.values())
    end = cascade.simulate(n, SIMPLE, seed=11, runs=runs).query("step == 'arrest'")["passing"]
    se = math.sqrt(n * p * (1 - p) / runs)
    assert abs(end.mean() - n * p) < 4 * se
    assert end.var() == pytest.approx(n * p * (1 - p), rel=0.15)


def test_certain_and_impossible_steps():
    out = cascade.simulate(500, {"arrest": 1.0, "extravasation": 0.0}, seed=0)
    assert list(out["passing"]) == [500, 0]
    with pytest.raises(ValueError, match="survival 0"):
        cascade.cells_needed({"arrest": 0.0})


@pytest.mark.parametrize(
    "n, survival, error, message",
    [
        (10.5, SIMPLE, TypeError, "whole number"),
        (0, SIMPLE, ValueError, "at least 1"),
        (True, SIMPLE, TypeError, "whole number"),
        (10, {}, TypeError, "non-empty mapping"),
        (10, [0.5], TypeError, "mapping"),
        (10, {"teleport": 0.5}, ValueError, "unknown step"),
        (10, {"arrest": 0.5, "intravasation": 0.5}, ValueError, "cascade order"),
        (10, {"arrest": 1.5}, ValueError, "between 0 and 1"),
        (10, {"arrest": float("nan")}, ValueError, "between 0 and 1"),
        (10, {"arrest": "half"}, ValueError, "between 0 and 1"),
    ],
)
def test_bad_input_is_explained(n, survival, error, message):
    with pytest.raises(error, match=message):
        cascade.attrition(n, survival)


def test_bad_simulation_arguments():
    with pytest.raises(ValueError, match="runs"):
        cascade.simulate(10, SIMPLE, seed=1, runs=0)
    with pytest.raises(TypeError, match="seed"):
        cascade.simulate(10, SIMPLE, seed=None)
    with pytest.raises(ValueError, match="metastases"):
        cascade.cells_needed(SIMPLE, metastases=-1)
    assert isinstance(cascade.simulate(10, SIMPLE, seed=np.int64(1))["passing"].iloc[0], np.integer)
