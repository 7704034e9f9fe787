"""Where breast cancer spreads: site frequencies by cohort type and subtype, with 95% CIs.

>>> from seedsoil import sites
>>> sites.proportion_ci(81, 263)          # Wilson score interval, as fractions
>>> sites.table(cohort_type="autopsy")    # percentages with confidence intervals
"""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from numbers import Real
from statistics import NormalDist

import pandas as pd

from . import data, inputs

COHORT_LABELS = {
    "autopsy": "Autopsy: people who died of breast cancer",
    "metastatic_clinical": "Patients with metastases, followed in life",
    "de_novo_stage_iv": "Metastatic at first diagnosis (de novo stage IV)",
    "all_new_diagnoses": "Everyone newly diagnosed with breast cancer",
}


def proportion_ci(k: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n, returned as fractions (low, high).

    ``k`` may be fractional (a published percentage times n), since the score interval
    depends only on the proportion and n. Matches Newcombe (1998) and scipy's 'wilson'.
    """
    for name, value in (("k", k), ("n", n), ("level", level)):
        if isinstance(value, bool) or not isinstance(value, (Real, Decimal)) or value != value:
            raise TypeError(f"{name} must be a number, got {value!r}")
    if n <= 0 or (isinstance(n, float) and math.isinf(n)) or n != int(n):
        raise ValueError(f"n must be a positive whole number, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must lie between 0 and n={n}, got {k}")
    if 0 < k < 1 and n >= 10:  # less than one person of many: a share given where a count belongs
        raise ValueError(
            f"k = {k:g} is less than one person of n = {n}: k is a count; if {k:g} is a share of n, "
            f"give k = {k:g} × {n} = {float(k) * float(n):.4g}"
        )
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    try:
        n_float = float(n)
    except OverflowError:
        raise ValueError(
            f"n must be at most {sys.float_info.max:.3g} to be computed with, got about 10^{len(str(n)) - 1}"
        ) from None
    z = NormalDist().inv_cdf(0.5 + level / 2)  # stdlib: scipy.stats costs a second to import
    p = float(k) / n_float
    centre = (p + z * z / (2 * n_float)) / (1 + z * z / n_float)
    half = z * math.sqrt(p * (1 - p) / n_float + z * z / (4 * n_float * n_float)) / (1 + z * z / n_float)
    # at the edges the bound is exact: no event means a lower bound of 0 (not a rounding residue)
    low = 0.0 if float(k) == 0 else max(0.0, centre - half)
    high = 1.0 if float(k) == n_float else min(1.0, centre + half)
    return low, high


def table(cohort_type: str | None = None, subtype: str | None = "all", measure: str | None = None) -> pd.DataFrame:
    """Site frequencies (data/metastatic_sites.csv) with percent and a 95% Wilson CI.

    Percent is computed from the counts where the source gives only counts. The CI needs the
    group size, so it is empty where the source does not give n.
    """
    df = data.load("metastatic_sites")
    for column, value in (("cohort_type", cohort_type), ("subtype", subtype), ("measure", measure)):
        if value is not None:
            allowed = sorted(set(df[column]))
            if value not in allowed:
                raise ValueError(f"{column} {value!r} is not in the data; choose from {allowed}")
            df = df[df[column] == value]
    df = df.copy()
    from_counts = df["percent"].isna()
    df.loc[from_counts, "percent"] = 100 * df.loc[from_counts, "n_with_site"] / df.loc[from_counts, "n_total"]
    lows, highs = [], []
    for pct, n in zip(df["percent"], df["n_total"]):
        if pd.isna(n):
            lows.append(float("nan"))
            highs.append(float("nan"))
        else:
            lo, hi = proportion_ci(pct / 100 * int(n), int(n))
            lows.append(100 * lo)
            highs.append(100 * hi)
    df["ci_low"], df["ci_high"] = lows, highs
    return df.reset_index(drop=True)


def by_subtype(site_order=("bone", "lung", "liver", "brain")) -> pd.DataFrame:
    """Percent of relapsed patients with each site involved, sites × subtypes (one cohort)."""
    df = data.load("metastatic_sites")
    df = df[(df.cohort_type == "metastatic_clinical") & (df.subtype != "all")]
    if df.empty:
        raise ValueError("no site-by-subtype rows in data/metastatic_sites.csv")
    site_order = inputs.names("site_order", site_order)
    unknown = [s for s in site_order if s not in set(df["site"])]
    if unknown:
        raise ValueError(
            f"no site-by-subtype rows for {', '.join(map(repr, unknown))}; sites: {sorted(set(df['site']))}"
        )
    pivot = df.pivot_table(index="site", columns="subtype", values="percent", aggfunc="first")
    order = ["luminal_a", "luminal_b", "her2_overexpressing", "triple_negative"]
    return pivot.reindex(index=list(site_order), columns=[c for c in order if c in pivot.columns])


def effects(site: str | None = None) -> pd.DataFrame:
    """What metastases in each site can do to a patient (data/site_effects.csv)."""
    df = data.load("site_effects")
    if site is not None:
        if not isinstance(site, str):
            raise TypeError(f"site must be one site's name as text, such as 'bone', not {type(site).__name__}")
        if site not in set(df["site"]):
            raise ValueError(f"no effects recorded for {site!r}; sites: {sorted(set(df['site']))}")
        df = df[df["site"] == site]
    return df.reset_index(drop=True)


def lobular() -> pd.DataFrame:
    """Where invasive lobular and ductal cancers spread (data/lobular_sites.csv), with how many
    times more often each site was involved with lobular cancer (``times_lobular``)."""
    df = data.load("lobular_sites")
    df["times_lobular"] = (df["percent_lobular"] / df["percent_ductal"]).round(1)
    return df


def special_presentations() -> pd.DataFrame:
    """Groups of patients the averages hide: inflammatory breast cancer, men, young women and
    pregnancy (data/special_presentations.csv). ``value`` is empty where a finding is in words."""
    return data.load("special_presentations")


def leptomeningeal() -> pd.DataFrame:
    """Survival after leptomeningeal metastasis from breast cancer, one row per cohort."""
    return data.load("leptomeningeal")
