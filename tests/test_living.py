"""seedsoil.living: ABC 4 endocrine resistance, derived shares, the survival-trend chart."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

from seedsoil import data, lessons, living

matplotlib.use("Agg")


@pytest.mark.parametrize(
    ("setting", "months", "kind"),
    [
        ("during adjuvant", 0, "primary endocrine resistance"),
        ("during adjuvant", 23.9, "primary endocrine resistance"),
        ("during adjuvant", 24, "secondary endocrine resistance"),
        ("after adjuvant", 12, "secondary endocrine resistance"),
        ("after adjuvant", 13, "not endocrine-resistant"),
        ("first line", 5, "primary endocrine resistance"),
        ("first line", 6, "secondary endocrine resistance"),
    ],
)
def test_endocrine_resistance_follows_abc4(setting, months, kind):
    assert living.endocrine_resistance(setting, months) == kind


def test_the_months_are_the_definitions():
    text = " ".join(living.definitions()["definition"])
    for months in (living.FIRST_LINE_EARLY_MONTHS, living.AFTER_ADJUVANT_MONTHS):
        assert f"{months} months" in text
    assert f"{living.ADJUVANT_EARLY_MONTHS // 12} years" in text


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        (("adjuvant", 3), ValueError, "setting must be one of"),
        (("first line", -1), ValueError, "0 or more"),
        (("first line", "6"), TypeError, "months must be a number"),
        (("first line", math.inf), ValueError, "months must be a finite"),
    ],
)
def test_endocrine_resistance_names_the_mistake(args, error, words):
    with pytest.raises(error, match=words):
        living.endocrine_resistance(*args)


def test_seer_share_metastatic_at_diagnosis_is_worked_out_from_gong2018():
    rows = data.load("metastatic_sites").query("source == 'gong2018' and site == 'bone' and subtype == 'all'")
    of_all = rows.query("cohort_type == 'all_new_diagnoses'")["percent"].iloc[0]
    of_metastatic = rows.query("cohort_type == 'de_novo_stage_iv'")["percent"].iloc[0]
    assert living.metastatic_at_diagnosis_seer() == pytest.approx(100 * of_all / of_metastatic)
    assert 5 < living.metastatic_at_diagnosis_seer() < 6


def test_survival_trend_chart_marks_the_improving_subtype_and_checks_its_table():
    trends = living.survival_trends()
    fig = lessons.living_with.survival_trend_chart(trends)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "HER2+" in labels and len(labels) == len(trends)
    with pytest.raises(ValueError, match="survival_trend_chart"):
        lessons.living_with.survival_trend_chart(trends.drop(columns=["hr_ci_high"]))
    with pytest.raises(ValueError, match="finite"):
        lessons.living_with.survival_trend_chart(trends.assign(hr_per_year=float("nan")))
    with pytest.raises(TypeError):
        lessons.living_with.survival_trend_chart(pd.Series([1.0]))


# --- trials, access and early palliative care (issue 16) ----------------------------------------------


def test_participation_ratio_is_share_in_trials_over_share_of_patients():
    assert living.participation_ratio(9, 49) == pytest.approx(9 / 49)
    assert living.participation_ratio(10, 10) == 1
    assert living.participation_ratio(0, 30) == 0


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((9, 0), ValueError, "percent_of_patients must be a positive number"),
        ((120, 49), ValueError, "percent_in_trials must be a percentage from 0 to 100"),
        ((9, 149), ValueError, "percent_of_patients must be a percentage from 0 to 100"),
        (("9%", 49), TypeError, "percent_in_trials must be a number"),
        ((math.nan, 49), ValueError, "percent_in_trials must be a finite"),
    ],
)
def test_participation_ratio_names_the_mistake(args, error, words):
    with pytest.raises(error, match=words):
        living.participation_ratio(*args)


def test_trial_table_shows_older_patients_far_below_their_share():
    t = living.trial_representation().set_index("id")
    both = t.dropna(subset=["percent_of_patients"])
    assert both["participation_ratio"].tolist() == pytest.approx(
        (both["percent_in_trials"] / both["percent_of_patients"]).tolist()
    )
    # Hutchins 1999: women and Black patients roughly in proportion, older patients not
    assert t.loc["black_all", "participation_ratio"] == 1
    assert t.loc["women_all", "participation_ratio"] > 0.9
    assert t.loc["older_breast", "participation_ratio"] < t.loc["older_all", "participation_ratio"] < 0.5


def test_medicine_access_is_worse_in_low_income_countries():
    t = living.medicine_access().set_index("income_group")
    assert (
        t.loc["low income", ["percent_full_cost", "percent_unavailable"]]
        > t.loc["lower-middle income", ["percent_full_cost", "percent_unavailable"]]
    ).all()


def test_early_palliative_care_table_names_its_lung_cancer_population():
    t = living.early_palliative_care()
    assert set(t["unit"]) == {"score", "percent", "months"}
    assert t["population"].str.contains("lung cancer").all()
    survival = t.set_index("outcome").loc["median survival"]
    assert survival["early_palliative_care"] > survival["standard_care"]


def test_side_effect_table_covers_the_toxicities_issue_16_names():
    drugs = set(living.side_effects()["drug"])
    for drug in (
        "trastuzumab deruxtecan",
        "sacituzumab govitecan",
        "alpelisib",
        "capivasertib",
        "trastuzumab",
        "zoledronic acid",
    ):
        assert drug in drugs


def test_recent_pivotal_trials_report_only_the_ratio_and_it_is_used():
    t = living.trial_representation().set_index("id")
    recent = t[t["percent_of_patients"].isna()]
    assert len(recent) == 4 and (recent["participation_ratio"] == recent["reported_ratio"]).all()
    assert t.loc["black_fda", "participation_ratio"] < 0.5 < t.loc["white_fda", "participation_ratio"]


def test_us_disparities_show_higher_death_despite_lower_incidence():
    t = living.us_disparities().set_index("measure")
    assert t.loc["breast cancer incidence", "black_women"] < t.loc["breast cancer incidence", "white_women"]
    death = t.loc["breast cancer death rate"]
    assert death["black_women"] / death["white_women"] == pytest.approx(1.40, abs=0.01)  # "40% higher"
