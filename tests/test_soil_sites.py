"""seedsoil.soil and seedsoil.sites."""

import math

import pytest
from scipy.stats import binomtest

from seedsoil import data, sites, soil

# --- soil -------------------------------------------------------------------------------------


def test_flow_by_organ_counts_the_liver_both_ways():
    raw = data.load("organ_blood_flow").groupby("organ")["percent_cardiac_output"].sum()
    arterial, portal = soil.flow_by_organ(), soil.flow_by_organ(portal=True)
    assert arterial["liver"] == pytest.approx(6.5) and arterial["gut"] == pytest.approx(19.0)
    assert "gut" not in portal and portal["liver"] == pytest.approx(raw["liver"] + raw["gut"])
    for flow in (arterial, portal):
        assert flow["bone"] == pytest.approx(3.0 + 3.0 + 0.9 + 0.6)
        assert flow.sum() == pytest.approx(raw.sum())
    with pytest.raises(TypeError, match="portal"):
        soil.flow_by_organ("yes")


def test_bone_is_enriched_either_way_but_the_liver_changes_side():
    """The accuracy review's recomputation with the course data (SEER de novo counts)."""
    seer = data.load("metastatic_sites").query("source == 'wu2017' and site != 'lung'")
    both = soil.compare(dict(zip(seer["site"], seer["n_with_site"])))
    assert list(both.columns) == ["hepatic artery only", "hepatic artery + portal vein"]
    assert both.loc["bone"].round(2).tolist() == [2.31, 4.0]
    assert both.loc["liver"].round(2).tolist() == [1.03, 0.46]
    assert (both.loc["bone"] > 1).all() and (both.loc["brain"] < 1).all()


def test_enrichment_by_hand():
    flow = soil.flow_by_organ()
    t = soil.enrichment({"bone": 30, "liver": 10})
    flow_share_bone = flow["bone"] / (flow["bone"] + flow["liver"])
    assert t.loc["bone", "observed_share"] == pytest.approx(0.75)
    assert t.loc["bone", "enrichment"] == pytest.approx(0.75 / flow_share_bone)
    assert t["flow_share"].sum() == pytest.approx(1) and t["observed_share"].sum() == pytest.approx(1)


def test_enrichment_is_one_when_metastases_follow_the_blood():
    flow = soil.flow_by_organ()
    t = soil.enrichment({o: flow[o] * 7 for o in ("bone", "brain", "kidney")})
    assert t["enrichment"].tolist() == pytest.approx([1, 1, 1])


def test_efficiency_index():
    idx = soil.efficiency_index({"bone": 75, "liver": 51}, portal=True)
    assert idx["bone"] == pytest.approx(10) and idx["liver"] == pytest.approx(2)
    assert soil.efficiency_index({"liver": 65})["liver"] == pytest.approx(10)  # hepatic artery only


@pytest.mark.parametrize(
    "observed, message",
    [
        ({"bone": 1}, "at least two"),
        ({"bone": 1, "lung": 2}, "no blood-flow comparison for 'lung'"),
        ({"bone": -1, "liver": 2}, "0 or more"),
        ({"bone": float("nan"), "liver": 2}, "finite number"),
        ({"bone": 0, "liver": 0}, "all observed values are 0"),
        ("bone", "at least two"),
    ],
)
def test_enrichment_rejects_bad_input(observed, message):
    with pytest.raises(ValueError, match=message):
        soil.enrichment(observed)


def test_efficiency_index_rejects_bad_input():
    with pytest.raises(ValueError, match="between 0 and 100"):
        soil.efficiency_index({"bone": 170})
    with pytest.raises(ValueError, match="no blood-flow comparison"):
        soil.efficiency_index({"spleen": 10})


# --- sites ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "k, n, low, high",
    # Newcombe (1998), Statistics in Medicine 17:857-872, worked examples for the score method
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_newcombe(k, n, low, high):
    lo, hi = sites.proportion_ci(k, n)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


@pytest.mark.parametrize("k, n", [(0, 10), (3, 10), (10, 10), (7, 50), (500, 1000)])
def test_wilson_interval_matches_scipy(k, n):
    ref = binomtest(k, n).proportion_ci(method="wilson")
    assert sites.proportion_ci(k, n) == pytest.approx((ref.low, ref.high))


def test_wilson_interval_narrows_with_n_and_widens_with_level():
    def w(k, n, level=0.95):
        low, high = sites.proportion_ci(k, n, level)
        return high - low

    assert w(50, 100) > w(500, 1000)
    assert w(50, 100, 0.99) > w(50, 100, 0.95)


@pytest.mark.parametrize(
    "k, n, level, error, message",
    [
        (5, 0, 0.95, ValueError, "positive whole number"),
        (5, 10.5, 0.95, ValueError, "positive whole number"),
        (11, 10, 0.95, ValueError, "between 0 and n"),
        (-1, 10, 0.95, ValueError, "between 0 and n"),
        (5, 10, 1.5, ValueError, "level"),
        ("5", 10, 0.95, TypeError, "k must be a number"),
        (float("nan"), 10, 0.95, TypeError, "k must be a number"),
    ],
)
def test_wilson_interval_rejects_bad_input(k, n, level, error, message):
    with pytest.raises(error, match=message):
        sites.proportion_ci(k, n, level)


def test_site_table_fills_percent_from_counts_and_adds_intervals():
    t = sites.table(cohort_type="all_new_diagnoses")
    wu_bone = t.query("source == 'wu2017' and site == 'bone'").iloc[0]
    assert wu_bone["percent"] == pytest.approx(100 * 8848 / 243896)
    assert wu_bone["ci_low"] < wu_bone["percent"] < wu_bone["ci_high"]
    no_n = sites.table(cohort_type="autopsy").query("source == 'coleman2006'").iloc[0]
    assert math.isnan(no_n["ci_low"])
    with pytest.raises(ValueError, match="cohort_type 'hospital'"):
        sites.table(cohort_type="hospital")


def test_by_subtype_and_effects():
    grid = sites.by_subtype()
    assert list(grid.index) == ["bone", "lung", "liver", "brain"]
    assert grid.loc["brain", "her2_overexpressing"] == 25.3
    assert not grid.isna().any().any()
    bone = sites.effects("bone")
    assert len(bone) >= 4 and set(bone["source"]) == {"coleman2006"}
    with pytest.raises(ValueError, match="no effects recorded for 'spleen'"):
        sites.effects("spleen")


def test_special_presentations_give_a_unit_with_every_value():
    t = sites.special_presentations()
    assert {"inflammatory breast cancer", "men", "young women (15 to 39)", "pregnancy and the year after"} <= set(
        t["group"]
    )
    assert (t["value"].isna() == t["unit"].isna()).all()  # a figure always says what it counts
