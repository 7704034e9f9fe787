"""Seed or plumbing? Compare where the blood delivers cancer cells with where metastases grow.

Ewing's mechanical idea predicts that organs receive metastases in proportion to the blood they
receive. Paget's seed-and-soil idea predicts that some organs (good soil) are involved far more
often than their blood supply explains. The *enrichment ratio* of an organ is its share of the
observed metastases divided by its share of blood flow: 1 means "as plumbing predicts".
(Weiss 1992 called observed involvement per unit of blood flow a metastatic efficiency index.)

How much blood "reaches" the liver is itself an assumption.  The liver has its own artery, and it
also receives the blood of the gut through the portal vein; but a cancer cell carried into the
gut's arteries meets the gut's capillaries first, where most cells stop.  So every function here
takes ``portal``: False counts the hepatic artery only (delivery of cells arriving in arterial
blood, as from the breast), True adds the gut's portal blood to the liver.  :func:`compare`
shows both side by side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from . import data, inputs

#: Organ groups for which the blood-flow table gives a delivery (lung is special: all venous
#: blood passes through it first, so it is not compared by arterial flow).
ORGANS = ("bone", "liver", "brain", "kidney", "muscle")


ASSUMPTIONS = {False: "hepatic artery only", True: "hepatic artery + portal vein"}


def flow_by_organ(portal: bool = False) -> pd.Series:
    """Percent of resting cardiac output reaching each organ group.

    With ``portal=False`` the liver counts its own (hepatic artery) flow only and the gut, spleen
    and pancreas stay a group of their own; with ``portal=True`` their blood, which drains into
    the portal vein, is added to the liver.
    """
    if not isinstance(portal, bool):
        raise TypeError(f"portal must be True or False, got {portal!r}")
    flow = data.load("organ_blood_flow").groupby("organ")["percent_cardiac_output"].sum()
    if portal:
        flow["liver"] = flow["liver"] + flow.pop("gut")
    return flow.rename("percent_cardiac_output")


def enrichment(observed: Mapping[str, float], portal: bool = False) -> pd.DataFrame:
    """Enrichment of observed metastases relative to blood flow, per organ.

    ``observed`` maps organ -> a count or percent of patients with metastases there (any
    scale: both sides are turned into shares of the organs given, so a ratio only compares the
    organs chosen). ``portal`` is the liver's delivery assumption (see the module). Returns a table
    with ``flow_percent``, ``flow_share``, ``observed``, ``observed_share`` and ``enrichment``.
    """
    if not isinstance(observed, Mapping) or len(observed) < 2:
        raise ValueError("give observed values for at least two organs, e.g. {'bone': 74, 'liver': 71}")
    flow = flow_by_organ(portal)
    rows = []
    for organ, value in observed.items():
        if organ not in ORGANS:
            raise ValueError(f"no blood-flow comparison for {organ!r}; organs: {', '.join(ORGANS)}")
        if not inputs.is_number(value) or not 0 <= float(value) < math.inf:
            raise ValueError(f"observed value for {organ!r} must be a finite number, 0 or more, got {value!r}")
        rows.append((organ, float(flow[organ]), float(value)))
    df = pd.DataFrame(rows, columns=["organ", "flow_percent", "observed"]).set_index("organ")
    if df["observed"].sum() == 0:
        raise ValueError("all observed values are 0: nothing to compare")
    df["flow_share"] = df["flow_percent"] / df["flow_percent"].sum()
    df["observed_share"] = df["observed"] / df["observed"].sum()
    df["enrichment"] = df["observed_share"] / df["flow_share"]
    return df[["flow_percent", "flow_share", "observed", "observed_share", "enrichment"]]


def efficiency_index(observed_percent: Mapping[str, float], portal: bool = False) -> pd.Series:
    """Percent of patients with the organ involved per percent of cardiac output it receives."""
    inputs.mapping("observed_percent", observed_percent, "{'bone': 74, 'liver': 71}")
    flow = flow_by_organ(portal)
    out = {}
    for organ, value in observed_percent.items():
        if organ not in ORGANS:
            raise ValueError(f"no blood-flow comparison for {organ!r}; organs: {', '.join(ORGANS)}")
        if not inputs.is_number(value) or not 0 <= float(value) <= 100:
            raise ValueError(f"{organ!r}: a percent of patients between 0 and 100 is needed, got {value!r}")
        out[organ] = float(value) / float(flow[organ])
    return pd.Series(out, name="percent_involved_per_percent_flow")


def compare(observed: Mapping[str, float]) -> pd.DataFrame:
    """Enrichment under both delivery assumptions: one column per assumption, one row per organ."""
    return pd.DataFrame({ASSUMPTIONS[p]: enrichment(observed, portal=p)["enrichment"] for p in (False, True)})
