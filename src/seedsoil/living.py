"""Living with metastatic breast cancer: the words that change a plan, side effects, survival
trends and where the disease is found late.

>>> from seedsoil import living
>>> living.endocrine_resistance("during adjuvant", 18)
'primary endocrine resistance'
>>> living.metastatic_at_diagnosis_seer()      # percent of all new diagnoses, SEER 2010-2014

The endocrine-resistance rules are the 4th ESO-ESMO consensus's (Cardoso et al. 2018): relapse in
the first 2 years of adjuvant endocrine therapy, or progression within the first 6 months of
first-line endocrine therapy, is *primary* resistance; relapse later during adjuvant therapy or
within 12 months of finishing it, or progression after 6 months or more of first-line therapy, is
*secondary*.
"""

from __future__ import annotations

import pandas as pd

from . import data, inputs

#: Months that separate primary from secondary endocrine resistance (ABC 4).
ADJUVANT_EARLY_MONTHS = 24
AFTER_ADJUVANT_MONTHS = 12
FIRST_LINE_EARLY_MONTHS = 6
SETTINGS = ("during adjuvant", "after adjuvant", "first line")


def endocrine_resistance(setting: str, months: float) -> str:
    """The kind of endocrine resistance, as ABC 4 defines it.

    ``setting`` is where the cancer grew: ``"during adjuvant"`` (``months`` of adjuvant endocrine
    therapy taken so far), ``"after adjuvant"`` (``months`` since it was completed) or
    ``"first line"`` (``months`` of first-line endocrine therapy for advanced disease). Returns
    'primary endocrine resistance', 'secondary endocrine resistance' or 'not endocrine-resistant'.
    """
    if setting not in SETTINGS:
        raise ValueError(f"setting must be one of {', '.join(map(repr, SETTINGS))}, got {setting!r}")
    months = inputs.finite("months", months)
    if months < 0:
        raise ValueError(f"months must be 0 or more, got {months:g}")
    if setting == "during adjuvant":
        return "primary endocrine resistance" if months < ADJUVANT_EARLY_MONTHS else "secondary endocrine resistance"
    if setting == "after adjuvant":
        return "secondary endocrine resistance" if months <= AFTER_ADJUVANT_MONTHS else "not endocrine-resistant"
    return "primary endocrine resistance" if months < FIRST_LINE_EARLY_MONTHS else "secondary endocrine resistance"


def definitions() -> pd.DataFrame:
    """Visceral crisis and endocrine resistance as ABC 4 defines them (data/abc_definitions.csv)."""
    return data.load("abc_definitions")


def side_effects() -> pd.DataFrame:
    """Serious side effects that shape treatment choices (data/side_effects.csv)."""
    return data.load("side_effects")


def survival_trends() -> pd.DataFrame:
    """Median overall survival and its trend by year of diagnosis, by subtype (ESME cohort)."""
    return data.load("survival_trends")


def stage_at_diagnosis() -> pd.DataFrame:
    """The percentage metastatic at diagnosis outside high-income settings (data/stage_at_diagnosis.csv)."""
    return data.load("stage_at_diagnosis")


def metastatic_at_diagnosis_seer() -> float:
    """Percent of all newly diagnosed patients in SEER 2010-2014 whose cancer had already spread.

    Worked out from two figures of the same study (Gong et al. 2018): the patients with bone
    metastases at diagnosis, as a share of everyone diagnosed and as a share of those with any
    distant metastasis. Their ratio is the share with any distant metastasis.
    """
    of_all, of_metastatic = seer_bone_shares()
    return 100 * of_all / of_metastatic


def seer_bone_shares() -> tuple[float, float]:
    """Bone metastases at diagnosis in SEER 2010-2014 (Gong et al. 2018), as a percentage of
    everyone diagnosed and of everyone whose cancer had spread."""
    bone = data.load("metastatic_sites").query("source == 'gong2018' and site == 'bone' and subtype == 'all'")
    of_all = bone.loc[bone["cohort_type"] == "all_new_diagnoses", "percent"].iloc[0]
    of_metastatic = bone.loc[bone["cohort_type"] == "de_novo_stage_iv", "percent"].iloc[0]
    return float(of_all), float(of_metastatic)


def trial_representation() -> pd.DataFrame:
    """Each group's share of the patients in treatment trials and of all patients with the same
    cancers (data/trial_representation.csv), with their ratio (``participation_ratio``; as the
    source reports it where it gives no population share)."""
    df = data.load("trial_representation")
    df["participation_ratio"] = [
        participation_ratio(t, p) if pd.notna(p) else r
        for t, p, r in zip(df["percent_in_trials"], df["percent_of_patients"], df["reported_ratio"])
    ]
    return df


def participation_ratio(percent_in_trials: float, percent_of_patients: float) -> float:
    """A group's share of trial patients divided by its share of all patients.

    1 means the trials enrolled the group in proportion; below 1, too few of them; above 1, more.
    """
    in_trials = inputs.finite("percent_in_trials", percent_in_trials)
    of_patients = inputs.finite("percent_of_patients", percent_of_patients, positive=True)
    for name, value in (("percent_in_trials", in_trials), ("percent_of_patients", of_patients)):
        if not 0 <= value <= 100:
            raise ValueError(f"{name} must be a percentage from 0 to 100, got {value:g}")
    return in_trials / of_patients


def medicine_access() -> pd.DataFrame:
    """Essential cancer medicines that patients must pay for in full, or cannot get, by the income
    of their country (data/medicine_access.csv)."""
    return data.load("medicine_access")


def early_palliative_care() -> pd.DataFrame:
    """A randomised trial of early palliative care added to cancer care, outcome by outcome
    (data/early_palliative_care.csv)."""
    return data.load("early_palliative_care")


def us_disparities() -> pd.DataFrame:
    """Breast cancer incidence, death and survival in Black and White women in the USA
    (data/us_disparities.csv)."""
    return data.load("us_disparities")
