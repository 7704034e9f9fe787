"""Recurrence over time: from annual hazards to cumulative incidence, and a simulated cohort.

An *annual hazard* is the rate of recurrence among people still free of it, per year. Over a
period with constant hazard h (as a fraction per year), the chance of staying free for t years
is exp(−h·t); chaining the periods gives the cumulative incidence F(t) = 1 − exp(−Σ h_i Δt_i).
This ignores competing risks (death from other causes), as the lesson says.

>>> from seedsoil import recurrence
>>> periods = recurrence.hazard_periods("positive")      # from data/recurrence_hazard.csv
>>> recurrence.cumulative_incidence(periods, [5, 10, 20])
>>> cohort = recurrence.simulate_cohort(periods, n=2000, seed=1, follow_up=20)
>>> recurrence.kaplan_meier(cohort["time"], cohort["event"])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from . import data, inputs


def hazard_periods(er_status: str) -> pd.DataFrame:
    """Non-overlapping periods of annual hazard (percent per year) for one ER status.

    Rows come from data/recurrence_hazard.csv (all tumour sizes and nodal groups together).
    """
    h = data.load("recurrence_hazard")
    allowed = sorted(set(h.loc[h.measure == "annual_hazard", "er_status"]) - {"all"})
    if er_status not in allowed:
        raise ValueError(f"er_status must be one of {allowed}, got {er_status!r}")
    rows = h[(h.measure == "annual_hazard") & (h.er_status == er_status) & (h.t_stage == "all") & (h.nodes == "all")]
    periods = rows[["years_from", "years_to", "value_percent", "source"]].sort_values("years_from")
    periods = periods.rename(columns={"value_percent": "annual_hazard_percent"}).reset_index(drop=True)
    check_periods(periods)
    return periods


def check_periods(periods: pd.DataFrame) -> None:
    """Raise ValueError unless the periods are contiguous from 0, ordered, with hazards 0–100%."""
    needed = {"years_from", "years_to", "annual_hazard_percent"}
    if not isinstance(periods, pd.DataFrame) or not needed <= set(periods.columns):
        raise ValueError(f"periods must be a table with columns {sorted(needed)}")
    if periods.empty:
        raise ValueError("periods is empty")
    starts, ends = (inputs.numbers(f"periods[{c!r}]", periods[c]) for c in ("years_from", "years_to"))
    if starts[0] != 0:
        raise ValueError(f"the first period must start at year 0, not {starts[0]:g}")
    for i in range(len(periods)):
        if ends[i] <= starts[i]:
            raise ValueError(f"period {i} ends ({ends[i]:g}) before it starts ({starts[i]:g})")
        if i and starts[i] != ends[i - 1]:
            raise ValueError(f"period {i} starts at {starts[i]:g} but the previous one ends at {ends[i - 1]:g}")
    h = inputs.numbers("periods['annual_hazard_percent']", periods["annual_hazard_percent"])
    if np.any(~np.isfinite(h)) or np.any(h < 0) or np.any(h > 100):
        raise ValueError("annual hazards must be percentages between 0 and 100")


def _times(times: Iterable[float], horizon: float) -> np.ndarray:
    t = inputs.numbers("times", times)
    if np.any(t < 0):
        raise ValueError("times must be finite numbers of years, 0 or more")
    if np.any(t > horizon):
        raise ValueError(f"times beyond the last period ({horizon:g} years) cannot be computed")
    return t


def cumulative_hazard(periods: pd.DataFrame, times) -> np.ndarray:
    """Σ h_i · (time spent in period i up to t), with h as a fraction per year."""
    check_periods(periods)
    starts = periods["years_from"].to_numpy(float)
    ends = periods["years_to"].to_numpy(float)
    h = periods["annual_hazard_percent"].to_numpy(float) / 100
    t = _times(times, ends[-1])
    exposure = np.clip(t[:, None] - starts[None, :], 0, (ends - starts)[None, :])
    return exposure @ h


def cumulative_incidence(periods: pd.DataFrame, times) -> pd.Series:
    """Percent who have had a recurrence by each time (no competing risks)."""
    t = inputs.numbers("times", times)
    ci = 100 * (1 - np.exp(-cumulative_hazard(periods, t)))
    return pd.Series(ci, index=pd.Index(t, name="years"), name="cumulative incidence (%)")


#: The largest simulated cohort: enough for any lesson, small enough for a laptop's memory.
MAX_COHORT = 5_000_000


def simulate_cohort(periods: pd.DataFrame, *, n: int, seed: int, follow_up: float) -> pd.DataFrame:
    """A seeded cohort with piecewise-constant hazards, censored at ``follow_up`` years.

    Each person's event time solves H(t) = E with E ~ Exponential(1) (inverse transform).
    """
    check_periods(periods)
    n = inputs.whole("n", n, 1, MAX_COHORT)
    inputs.seed(seed)
    ends = periods["years_to"].to_numpy(float)
    years = inputs.finite("follow_up", follow_up)  # Decimal and numpy numbers too
    if not 0 < years <= ends[-1]:
        raise ValueError(f"follow_up must be between 0 and {ends[-1]:g} years, got {follow_up!r}")
    follow_up = years
    starts = periods["years_from"].to_numpy(float)
    h = periods["annual_hazard_percent"].to_numpy(float) / 100
    H_end = np.concatenate([[0.0], np.cumsum(h * (ends - starts))])  # cumulative hazard at period edges
    e = np.random.default_rng(seed).exponential(size=n)
    k = np.searchsorted(H_end, e, side="right") - 1  # period in which each event falls
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(
            k < len(h),
            starts[np.minimum(k, len(h) - 1)] + (e - H_end[np.minimum(k, len(h) - 1)]) / h[np.minimum(k, len(h) - 1)],
            np.inf,
        )
    t = np.where(np.isnan(t), np.inf, t)
    event = t <= follow_up
    return pd.DataFrame({"time": np.where(event, t, follow_up), "event": event})


def kaplan_meier(times, events) -> pd.DataFrame:
    """Kaplan–Meier estimate of the share still free of the event.

    Returns one row per distinct event time with ``at_risk``, ``events`` and ``survival``
    (starting from time 0 with survival 1). Censored times reduce the risk set only.
    """
    t = inputs.numbers("times", times)
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
        raise TypeError("events must be a list of 1/True (event) or 0/False (censored), one per time")
    d = np.asarray(events if isinstance(events, (np.ndarray, pd.Series)) else inputs.bounded("events", events))
    if d.dtype == object and pd.isna(d).any():  # a nullable boolean column with <NA>
        raise ValueError("events has a missing value (<NA>); drop that person's row first, for example with .dropna()")
    if d.shape != t.shape or len(t) == 0:
        raise ValueError("times and events must be one-dimensional and of the same, non-zero length")
    if np.any(t < 0):  # inputs.numbers has refused NaN and infinity
        raise ValueError("times must be finite and non-negative")
    if not np.isin(d, [0, 1, True, False]).all():
        raise ValueError("events must be 1/True (event) or 0/False (censored)")
    d = d.astype(bool)
    # O(n log n): sort once; the risk set at a time is everyone whose time is not earlier.
    order = np.argsort(t, kind="stable")
    t_sorted, d_sorted = t[order], d[order]
    event_times, n_events = np.unique(t_sorted[d_sorted], return_counts=True)
    at_risk = len(t) - np.searchsorted(t_sorted, event_times, side="left")
    survival = np.cumprod(1 - n_events / at_risk)
    return pd.DataFrame(
        {
            "time": np.concatenate([[0.0], event_times.astype(float)]),
            "at_risk": np.concatenate([[len(t)], at_risk]).astype(int),
            "events": np.concatenate([[0], n_events]).astype(int),
            "survival": np.concatenate([[1.0], survival]),
        }
    )


def late_distant_recurrence() -> pd.DataFrame:
    """Risk of distant recurrence from year 5 to 20 by tumour size and nodes (ER-positive)."""
    h = data.load("recurrence_hazard")
    rows = h[(h.measure == "cumulative_distant_recurrence") & (h.years_from == 5) & (h.years_to == 20)]
    return rows.pivot_table(index="t_stage", columns="nodes", values="value_percent", aggfunc="first")[
        ["N0", "N1-3", "N4-9"]
    ]


def distant_recurrence_by_era() -> pd.DataFrame:
    """Ten-year risk of distant recurrence (percent) of ER-positive women given at least five years
    of endocrine therapy, by nodes (rows) and the years their trials began (columns): how much the
    risk fell as treatment improved (EBCTCG 2024). A contemporary comparator for older figures."""
    h = data.load("recurrence_hazard")
    rows = h[(h.measure == "cumulative_distant_recurrence") & (h.years_from == 0) & (h.years_to == 10)]
    return rows.pivot_table(index="nodes", columns="period", values="value_percent", aggfunc="first")
