"""Finding and following metastatic disease: the testing pathway, HER2 categories, RECIST.

>>> from seedsoil import followup
>>> followup.pathway()                            # the steps from suspicion to follow-up
>>> followup.her2_category("2+", ish_amplified=False)
'HER2-low'
>>> followup.recist(baseline=80, nadir=50, current=58)
'stable disease'

The HER2 categories follow the trials that defined them: HER2-positive is IHC 3+, or 2+ with
amplification found by in situ hybridisation (ISH); HER2-low is 1+, or 2+ without amplification
(DESTINY-Breast04, Modi et al. 2022); HER2-ultralow is faint, incomplete membrane staining in at
most 10% of the cancer cells, a score above 0 and below 1+ (DESTINY-Breast06, 2024).

RECIST 1.1 (Eisenhauer et al. 2009) judges the *target lesions* by the sum of their longest
diameters: a partial response is a fall of at least 30% from the baseline sum; progression is a
rise of at least 20% over the smallest sum recorded (the nadir) that is also at least 5 mm, or
any new lesion. This module implements those target-lesion rules only (not the rules for
non-target lesions or lymph nodes), as a teaching model.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from . import data, inputs

#: RECIST 1.1 thresholds for target lesions (Eisenhauer et al. 2009).
PARTIAL_RESPONSE_FALL = 0.30  # fall from the baseline sum
PROGRESSION_RISE = 0.20  # rise over the smallest sum so far
PROGRESSION_MIN_MM = 5.0  # ... that is also at least this many millimetres

#: The immunohistochemistry (IHC) scores a pathologist can report, lowest first.
IHC_SCORES = ("0", "ultralow", "1+", "2+", "3+")


def pathway() -> pd.DataFrame:
    """The testing pathway (data/testing_pathway.csv), one row per step, in pathway order."""
    return data.load("testing_pathway").sort_values("stage", kind="stable").reset_index(drop=True)


def pathway_graph(table: pd.DataFrame | None = None) -> nx.DiGraph:
    """The pathway as a directed graph: a node per step (with ``stage``, ``step`` and ``kind``),
    an edge to each step in ``leads_to``. An edge back to an earlier stage is a loop of care."""
    table = pathway() if table is None else table
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"pathway_graph() needs a pandas DataFrame, not {type(table).__name__}")
    missing = sorted({"id", "stage", "step", "kind", "detail", "leads_to"} - set(table.columns))
    if missing:
        raise ValueError(
            f"pathway_graph() needs a table with the columns of data/testing_pathway.csv; missing {missing}"
        )
    if table.empty:
        raise ValueError("pathway_graph() needs at least one step; the table is empty")
    g = nx.DiGraph()
    for row in table.itertuples(index=False):
        g.add_node(row.id, stage=int(row.stage), step=row.step, kind=row.kind, detail=row.detail)
    for row in table.itertuples(index=False):
        leads_to = row.leads_to if isinstance(row.leads_to, str) else ""  # the last steps lead nowhere
        for target in (t.strip() for t in leads_to.split(";") if t.strip()):
            if target not in g:
                raise ValueError(f"testing pathway: step {row.id!r} leads to {target!r}, which is not a step")
            g.add_edge(row.id, target)
    return g


def her2_category(ihc: str, ish_amplified: bool | None = None) -> str:
    """The HER2 category of a result: 'HER2-positive', 'HER2-low', 'HER2-ultralow' or 'HER2-0'.

    ``ihc`` is the immunohistochemistry score ('0', 'ultralow', '1+', '2+' or '3+'); an IHC 2+
    result needs ``ish_amplified`` (True or False), the in situ hybridisation test that settles it.
    """
    if not isinstance(ihc, str) or ihc.strip().lower() not in IHC_SCORES:
        raise ValueError(f"ihc must be one of {', '.join(map(repr, IHC_SCORES))}, got {ihc!r}")
    score = ihc.strip().lower()
    if isinstance(ish_amplified, np.bool_):  # a value from a pandas column
        ish_amplified = bool(ish_amplified)
    if ish_amplified is not None and not isinstance(ish_amplified, bool):
        raise TypeError(f"ish_amplified must be True, False or None, got {ish_amplified!r}")
    if score == "2+":
        if ish_amplified is None:
            raise ValueError("an IHC 2+ result is settled by in situ hybridisation: give ish_amplified=True or False")
        return "HER2-positive" if ish_amplified else "HER2-low"
    if ish_amplified and score != "3+":
        # amplification with little protein is a discordant result a pathologist reviews; it is not 'HER2-0'
        raise ValueError(
            f"IHC {score} with an amplified in situ hybridisation result is a discordant result: the "
            "guidelines ask for the test to be reviewed, so this function gives no category"
        )
    return {"3+": "HER2-positive", "1+": "HER2-low", "ultralow": "HER2-ultralow", "0": "HER2-0"}[score]


def recist(baseline: float, nadir: float, current: float, *, new_lesions: bool = False) -> str:
    """The RECIST 1.1 response of target lesions, from sums of longest diameters in millimetres.

    ``baseline`` is the sum before treatment, ``nadir`` the smallest sum at the scans before
    today (the baseline itself if the lesions have only grown) and ``current`` the sum now. Returns
    'complete response', 'partial response', 'stable disease' or 'progressive disease'.
    """
    base = inputs.finite("baseline", baseline, positive=True)
    if base < 10:  # one target lesion measures at least 10 mm: a smaller sum was given in cm
        raise ValueError(
            f"baseline is a sum of diameters in millimetres, and one target lesion measures at least 10 mm; "
            f"{base:g} looks like centimetres ({base * 10:g} mm?)"
        )
    low = inputs.finite("nadir", nadir)
    now = inputs.finite("current", current)
    if low < 0 or now < 0:
        raise ValueError("nadir and current are sums of diameters in mm: 0 or more")
    if low > base:
        raise ValueError(
            f"nadir ({low:g} mm) is the smallest sum before today, so it cannot exceed the baseline ({base:g} mm)"
        )
    low = min(low, now)  # a sum smaller than any before is the new smallest
    if isinstance(new_lesions, np.bool_):  # a value from a pandas column
        new_lesions = bool(new_lesions)
    if not isinstance(new_lesions, bool):
        raise TypeError(f"new_lesions must be True or False, got {new_lesions!r}")
    rise = now - low
    tiny = 1e-9  # a measurement exactly on a threshold counts as reaching it, despite rounding
    if new_lesions or (rise >= PROGRESSION_MIN_MM - tiny and rise >= PROGRESSION_RISE * low - tiny):
        return "progressive disease"
    if now == 0:
        return "complete response"
    if base - now >= PARTIAL_RESPONSE_FALL * base - tiny:
        return "partial response"
    return "stable disease"


#: The tests beyond ER, PR and HER2 that select a treatment: what is tested, and in what sample
#: (ASCO guidelines: germline testing, Bedrosian et al. 2024; ESR1 and PIK3CA, Burstein et al. 2023).
MARKERS = {
    "germline BRCA1 or BRCA2 variant": (("BRCA",), "blood (an inherited variant)"),
    "PIK3CA or AKT1 mutation, PTEN loss": (("PIK3CA", "AKT1", "PTEN"), "tumour tissue or blood"),
    "ESR1 mutation": (("ESR1",), "blood (circulating tumour DNA) at progression"),
    "HER2-low or ultralow": (("HER2-low",), "tumour tissue (HER2 staining)"),
    "PD-L1 combined positive score 10 or more": (("PD-L1",), "tumour tissue (PD-L1 staining)"),
}


def markers_that_choose(treatments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per marker of :data:`MARKERS`: the sample it is tested in, and the treatment
    classes and trials in data/treatments.csv that the marker selects patients for."""
    t = data.load("treatments") if treatments is None else treatments
    if not isinstance(t, pd.DataFrame) or not {"biomarker", "treatment_class", "trial"} <= set(t.columns):
        raise ValueError("markers_that_choose() needs the treatments table (columns biomarker, treatment_class, trial)")
    rows = []
    for marker, (words, sample) in MARKERS.items():
        hit = t[t["biomarker"].fillna("").apply(lambda b, words=words: any(w in b for w in words))]
        rows.append(
            {
                "marker": marker,
                "tested_in": sample,
                "treatments": "; ".join(dict.fromkeys(hit["treatment_class"])),
                "trials": "; ".join(dict.fromkeys(hit["trial"].dropna())),
            }
        )
    return pd.DataFrame(rows)


def her2_categories() -> pd.DataFrame:
    """The HER2 categories that choose treatment, as the trials defined them (data/her2_categories.csv)."""
    return data.load("her2_categories")


def response_criteria() -> pd.DataFrame:
    """The RECIST 1.1 rules for target lesions (data/response_criteria.csv); the thresholds this
    module uses are the ones in that table (a test checks that they agree)."""
    return data.load("response_criteria")


def receptor_conversion() -> pd.DataFrame:
    """Pooled receptor changes between primary tumours and distant metastases (Schrijver 2018)."""
    return data.load("receptor_conversion")


def her2_rescoring() -> pd.DataFrame:
    """Local HER2 scores that an expert panel scored differently, with the percentage changed."""
    df = data.load("her2_rescoring")
    df["percent_changed"] = 100 * df["n_changed"] / df["n_cases"]
    return df


def ctc_trial() -> pd.DataFrame:
    """The SWOG S0500 trial of switching chemotherapy on a circulating tumour cell count."""
    return data.load("ctc_trial")


def brain_mri_screening() -> pd.DataFrame:
    """Brain metastases found by surveillance MRI in stage IV breast cancer without symptoms,
    with the percentage found on the first MRI."""
    df = data.load("brain_mri_screening")
    df["percent_first_mri"] = (100 * df["found_first_mri"] / df["n"]).round(1)
    return df
