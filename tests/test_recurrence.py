"""seedsoil.recurrence: hazards to risks, simulated cohorts, Kaplan-Meier."""

import math

import numpy as np
import pandas as pd
import pytest

from seedsoil import recurrence

FLAT = pd.DataFrame({"years_from": [0, 5], "years_to": [5, 10], "annual_hazard_percent": [10.0, 10.0]})


def test_hazard_periods_from_data():
    pos = recurrence.hazard_periods("positive")
    assert list(pos["years_from"]) == [0, 5, 10, 15, 20] and list(pos["years_to"]) == [5, 10, 15, 20, 25]
    assert pos["annual_hazard_percent"].iloc[0] == 9.9
    with pytest.raises(ValueError, match="er_status must be one of"):
        recurrence.hazard_periods("unknown")


def test_cumulative_incidence_by_hand():
    ci = recurrence.cumulative_incidence(FLAT, [0, 1, 10])
    assert ci.tolist() == pytest.approx([0, 100 * (1 - math.exp(-0.1)), 100 * (1 - math.exp(-1.0))])
    pos = recurrence.hazard_periods("positive")
    assert recurrence.cumulative_incidence(pos, [10]).iloc[0] == pytest.approx(100 * (1 - math.exp(-(0.495 + 0.27))))


@pytest.mark.parametrize(
    "periods, message",
    [
        (FLAT.assign(years_from=[1, 5]), "start at year 0"),
        (FLAT.assign(years_from=[0, 6]), "starts at 6 but the previous one ends at 5"),
        (FLAT.assign(years_to=[5, 4]), "ends"),
        (FLAT.assign(annual_hazard_percent=[10, 120]), "between 0 and 100"),
        (FLAT.drop(columns="years_to"), "columns"),
        (FLAT.iloc[:0], "empty"),
    ],
)
def test_bad_periods(periods, message):
    with pytest.raises(ValueError, match=message):
        recurrence.cumulative_incidence(periods, [1])


def test_times_out_of_range():
    with pytest.raises(ValueError, match="beyond the last period"):
        recurrence.cumulative_incidence(FLAT, [11])
    with pytest.raises(ValueError, match="non-negative|0 or more"):
        recurrence.cumulative_incidence(FLAT, [-1])


def test_kaplan_meier_textbook_example():
    """Remission times of the 6-MP group (Freireich et al. 1963), the standard worked example
    in survival-analysis textbooks: S(t) = 0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448."""
    t = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    e = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    km = recurrence.kaplan_meier(t, e)
    assert km["time"].tolist() == [0, 6, 7, 10, 13, 16, 22, 23]
    assert km["survival"].round(3).tolist() == [1.0, 0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448]
    assert km["at_risk"].tolist() == [21, 21, 17, 15, 12, 11, 7, 6]


def test_kaplan_meier_rejects_bad_input():
    with pytest.raises(ValueError, match="same"):
        recurrence.kaplan_meier([1, 2], [1])
    with pytest.raises(ValueError, match="events must be"):
        recurrence.kaplan_meier([1, 2], [1, 2])
    with pytest.raises(ValueError, match="non-negative"):
        recurrence.kaplan_meier([-1, 2], [1, 0])


def test_simulated_cohort_matches_the_exact_curve():
    """With 20,000 people the Kaplan-Meier estimate at year 10 is a proportion with standard error
    about sqrt(p(1-p)/n) ≈ 0.0035; allow 5 standard errors."""
    pos = recurrence.hazard_periods("positive")
    cohort = recurrence.simulate_cohort(pos, n=20_000, seed=3, follow_up=25)
    km = recurrence.kaplan_meier(cohort["time"], cohort["event"])
    s10 = km.loc[km["time"] <= 10, "survival"].iloc[-1]
    p = recurrence.cumulative_incidence(pos, [10]).iloc[0] / 100
    assert abs((1 - s10) - p) < 5 * math.sqrt(p * (1 - p) / 20_000)


def test_simulation_is_seeded_and_censored():
    a = recurrence.simulate_cohort(FLAT, n=500, seed=1, follow_up=8)
    b = recurrence.simulate_cohort(FLAT, n=500, seed=1, follow_up=8)
    assert a.equals(b)
    assert (a["time"] <= 8).all() and (a.loc[~a["event"], "time"] == 8).all()
    zero = pd.DataFrame({"years_from": [0], "years_to": [5], "annual_hazard_percent": [0.0]})
    assert not recurrence.simulate_cohort(zero, n=50, seed=1, follow_up=5)["event"].any()
    with pytest.raises(ValueError, match="follow_up"):
        recurrence.simulate_cohort(FLAT, n=5, seed=1, follow_up=20)
    with pytest.raises(TypeError, match="seed"):
        recurrence.simulate_cohort(FLAT, n=5, seed=None, follow_up=5)


def test_late_distant_recurrence_grid():
    grid = recurrence.late_distant_recurrence()
    assert grid.loc["T1", "N0"] == 13 and grid.loc["T2", "N4-9"] == 41
    assert (np.diff(grid.to_numpy(), axis=1) > 0).all()  # more nodes, more risk
