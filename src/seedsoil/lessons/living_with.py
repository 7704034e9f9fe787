"""Lesson `living_with`: Living with metastatic breast cancer — side effects, survival trends and support.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from .. import data, living
from ..drawing import SUBTYPE_LABELS, require_columns, require_finite
from ..feedback import (
    Feedback,
    choice,
    explain_item,
    neutral,
    number,
    register,
)
from ..polls import discussion, poll
from ..references import cite
from ..style import OKABE_ITO

# --- checks ---------------------------------------------------------------------------------


@register("ex12-1", kind="concept")
def _endocrine_resistance(answer) -> Feedback:
    right = living.endocrine_resistance("during adjuvant", 18)
    return choice(
        "ex12-1",
        answer,
        right,
        {
            "primary endocrine resistance": "Yes: relapse within the first 2 years of adjuvant endocrine therapy is "
            f"primary resistance ({cite('cardoso2018abc4')}); the cancer grew despite the treatment almost from "
            "the start.",
            "secondary endocrine resistance": "No: secondary resistance is relapse after the first 2 years of "
            "adjuvant therapy (or within a year of finishing it); 18 months is within the first 2 years.",
            "not endocrine-resistant": "No: the cancer came back while the endocrine therapy was being taken, "
            "which is resistance by definition.",
        },
    )


@register("ex12-2", kind="number")
def _metastatic_at_diagnosis(answer) -> Feedback:
    seer = living.metastatic_at_diagnosis_seer()
    of_all, of_metastatic = living.seer_bone_shares()
    sweden = data.load("disease_course").query("source == 'valachis2022' and value < 50")["value"].iloc[0]
    return number(
        "ex12-2",
        answer,
        seer,
        abs_tol=0.2,
        unit="percent",
        why=f"{of_all:g}% of everyone diagnosed had bone metastases, and those were {of_metastatic:g}% of everyone "
        f"with any metastasis, so about {seer:.1f}% of everyone diagnosed had metastases ({cite('gong2018')}).",
        hint="The bone share of everyone diagnosed, divided by the bone share of the metastatic patients, times 100.",
        misconceptions={
            of_metastatic: "that is the share of metastatic patients with bone metastases, not the share of everyone.",
            of_all: "that is the share of everyone diagnosed with bone metastases; some had metastases elsewhere only.",
            sweden: "that is the Swedish share of metastatic breast cancer that was metastatic at diagnosis: its "
            "denominator is people with metastatic disease, not everyone diagnosed.",
        },
    )


@register("ex12-3", kind="concept")
def _survival_trend(answer) -> Feedback:
    t = living.survival_trends().set_index("subtype")
    improved = t.index[t["hr_ci_high"] < 1].drop("all", errors="ignore")
    right = str(improved[0])
    her2 = t.loc["her2_pos"]
    return neutral(
        choice(
            "ex12-3",
            answer,
            right,
            {
                "hr_pos_her2_neg": "No: its hazard ratio per year was 1.00, no change from one year of diagnosis to "
                "the next over these years.",
                "her2_pos": f"Yes: a hazard ratio of {her2.hr_per_year:.2f} per year ({her2.hr_ci_low:.2f}-"
                f"{her2.hr_ci_high:.2f}) means each later year of diagnosis brought a lower rate of death, in the "
                f"years when new anti-HER2 drugs arrived ({cite('gobbini2018')}).",
                "triple_negative": "No: its hazard ratio per year was 1.00; it also had the shortest median survival.",
            },
        )
    )


@register("ex12-5", kind="number")
def _participation_ratio(answer) -> Feedback:
    t = living.trial_representation().set_index("id")
    row = t.loc["older_breast"]
    in_trials, of_patients = row["percent_in_trials"], row["percent_of_patients"]
    ratio = living.participation_ratio(in_trials, of_patients)
    return number(
        "ex12-5",
        answer,
        ratio,
        abs_tol=0.01,
        why=f"{in_trials:g}% ÷ {of_patients:g}% = {ratio:.2f}: older patients were enrolled at about a fifth of "
        f"the rate their share of patients would give ({cite('hutchins1999')}). A ratio of 1 would be fair.",
        hint="Divide the percent in trials by the percent of patients, for patients 65 or older with breast cancer.",
        misconceptions={
            of_patients / in_trials: "that is the ratio upside down: divide the share in trials by the share of "
            "patients.",
            of_patients - in_trials: "that is the gap in percentage points; the question asks for a ratio.",
            t.loc["older_all", "participation_ratio"]: "that is the ratio for all 15 cancer types; use the breast "
            "cancer row.",
        },
    )


@register("ex12-6", kind="concept")
def _fever_during_treatment(answer) -> Feedback:
    return choice(
        "ex12-6",
        answer,
        "call now",
        {
            "call now": "Yes: with few white cells, an infection can become serious within hours. A temperature of "
            "38 °C or more during treatment that lowers white cells means calling the team's emergency number "
            "straight away, day or night; ESMO calls fever with a low neutrophil count febrile neutropenia "
            f"({cite('klastersky2016')}).",
            "wait until morning": "No: waiting overnight loses hours that matter; with few white cells an infection "
            "can become serious quickly, so the call is made at once.",
            "next appointment": "No: this cannot wait for a clinic visit; a fever during treatment that lowers "
            "white cells needs the team's emergency number straight away.",
        },
    )


explain_item(
    "ex12-4",
    model="A visceral crisis means an organ such as the liver or lungs is failing, not just that it has "
    "metastases. Then the treatment must work quickly, because a failing organ leaves little time to "
    "try another if the first does not work; so a faster-acting treatment is chosen instead of the usual "
    "endocrine-based start.",
    rubric=[
        "Visceral crisis is organ failure or severe dysfunction, not merely metastases in an organ.",
        "There may be no time for a second treatment if the first does not work.",
        "So a treatment expected to act fast is chosen first.",
    ],
)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex12-1": poll(
        ask=(
            "A woman's cancer came back a year and a half into her adjuvant endocrine therapy. As the ABC "
            "consensus defines it [Cardoso et al. 2018](#ref-cardoso2018abc4), this is…"
        ),
        options=[
            ("primary endocrine resistance", "primary endocrine resistance"),
            ("secondary endocrine resistance", "secondary endocrine resistance"),
            ("not endocrine resistance", "not endocrine-resistant"),
        ],
        minutes=2,
    ),
    "ex12-2": poll(
        ask=(
            "In SEER, bone metastases at diagnosis were 3.6% of everyone diagnosed and 65.1% of those with "
            "any metastasis [Gong et al. 2018](#ref-gong2018). What share of everyone diagnosed had "
            "metastases?"
        ),
        options=[
            ("about 3.6%", 3.6),
            ("about 5.5%", 5.53),
            ("about 65%", 65.1),
        ],
        minutes=3,
    ),
    "ex12-3": poll(
        ask=(
            "In the French ESME cohort, 2008–2014 [Gobbini et al. 2018](#ref-gobbini2018), survival "
            "improved with each later year of diagnosis for which subtype?"
        ),
        options=[
            ("HR-positive, HER2-negative", "hr_pos_her2_neg"),
            ("HER2-positive", "her2_pos"),
            ("triple-negative", "triple_negative"),
        ],
        minutes=2,
    ),
    "ex12-5": poll(
        ask=(
            "In SWOG breast cancer trials, 1993–1996, 9% of patients were 65 or older; among all US breast "
            "cancer patients, 49% were [Hutchins et al. 1999](#ref-hutchins1999). What is the "
            "participation-to-prevalence ratio?"
        ),
        options=[
            ("about 0.18", 0.1837),
            ("about 5.4", 5.444),
            ("40", 40),
        ],
        reveals={
            "B": "divided the wrong way round; the share in trials goes on top.",
            "C": "subtracted the percentages; a ratio divides one by the other.",
        },
        minutes=2,
    ),
    "ex12-6": poll(
        ask=(
            "During chemotherapy that lowers white cells, someone feels shivery late in the evening, and "
            "their temperature is 38.2 °C. What should they do?"
        ),
        options=[
            ("call the team's emergency number now", "call now"),
            ("measure it again in the morning", "wait until morning"),
            ("mention it at the next clinic appointment", "next appointment"),
        ],
        minutes=1,
    ),
}


# --- discussions: what to listen for while pairs talk, and how to close -----------------------

#: Each discussion prompt's teacher material; the build puts it in the slide's speaker notes.
DISCUSSIONS = {
    "d12-1": discussion(
        listen_for=[
            "Each percentage is named with its patients: for example, the jaw-bone figure is of people with "
            "bone metastases from any cancer starting zoledronic acid, not of everyone with breast cancer.",
            "Figures from different trials are not a head-to-head comparison: different patients, earlier "
            "treatments and ways of recording side effects.",
            "How severe (the grade), how reversible and how it is watched for (blood counts, ECGs, heart scans, "
            "reporting a new cough) matter as much as how often.",
            "The benefit in the same patients, and what matters to the person, complete the picture.",
        ],
        debrief="Ask two pairs to name the patients behind one of their percentages, and correct any pair that "
        "compared two drugs from different trials as if they had been tested side by side. Add what the others "
        "missed from the list. The point to leave with: a side-effect figure belongs to the patients it was "
        "measured in, and a harm is weighed with its benefit and the person's own priorities.",
        minutes=4,
    ),
    "d12-2": discussion(
        listen_for=[
            "Palliative care relieves symptoms and supports the person and family from early on, alongside "
            "cancer treatment; it is not only for the end of life.",
            "Advance care planning is talking early, and more than once, about what matters and what care a "
            "person would want.",
            "Trials offer access to new treatments and shape future care; older and Black patients are "
            "under-represented in them.",
            "Approval in one country does not mean a drug is affordable or available in another.",
        ],
        debrief="Ask one pair to describe palliative care and another to describe a trial's offer, then ask the "
        "room who tends to be missing from trials and why. Correct the idea that palliative care means stopping "
        "treatment or giving up. The point to leave with: good care goes beyond the drugs, and access to it and "
        "to trials is unequal. Keep to the evidence and away from anyone's own situation.",
        minutes=4,
    ),
}


# --- figures --------------------------------------------------------------------------------


def survival_trend_chart(trends: pd.DataFrame) -> Figure:
    """Hazard ratio of death per later year of diagnosis, by subtype, with 95% intervals: a value
    below 1 means survival improved from one year of diagnosis to the next."""
    require_columns(
        trends, ("subtype", "hr_per_year", "hr_ci_low", "hr_ci_high", "median_os_months"), "survival_trend_chart"
    )
    require_finite(trends, ("hr_per_year", "hr_ci_low", "hr_ci_high"), "survival_trend_chart", minimum=0)
    labels = SUBTYPE_LABELS
    fig, ax = plt.subplots(figsize=(9.0, 3.8))
    y = list(range(len(trends)))[::-1]
    for yi, r in zip(y, trends.itertuples()):
        # every subtype drawn alike: reading which interval lies wholly left of 1 is the exercise (ex12-3)
        ax.errorbar(
            r.hr_per_year,
            yi,
            xerr=[[r.hr_per_year - r.hr_ci_low], [r.hr_ci_high - r.hr_per_year]],
            fmt="o",
            color=OKABE_ITO["blue"],
            markersize=9,
            capsize=4,
        )
        ax.text(1.035, yi, f"{r.hr_per_year:.2f} ({r.hr_ci_low:.2f}-{r.hr_ci_high:.2f})", va="center", fontsize=12)
    ax.axvline(1, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, [labels.get(s, s) for s in trends["subtype"]])
    ax.set_xlim(0.85, 1.09)
    ax.set_xlabel("hazard ratio of death per later year of diagnosis (below 1: improving)")
    fig.tight_layout()
    return fig
