"""The course's self-check quiz: one question per notebook, answers explained either way.

>>> from seedsoil import quiz
>>> quiz.questions()          # the questions, as a table
>>> quiz.check({"q01": "b"})  # feedback for every question answered

Each explanation is computed from the course's data and models, so it stays true when they
change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import cascade, data, followup, living, recurrence, sites, soil, spread
from .feedback import NO_ANSWER, Feedback, shown_key, some_of


@dataclass(frozen=True)
class Question:
    id: str
    notebook: str
    text: str
    options: dict[str, str]
    correct: str
    explain: Callable[[], str]


def _q() -> list[Question]:
    def bone_70() -> str:
        t = sites.table(subtype="all").query("site == 'bone' and measure != 'only_site'")
        lo, hi = t["percent"].min(), t["percent"].max()
        return (
            f"Bone figures range from {lo:.1f}% (everyone newly diagnosed) to {hi:.0f}% (autopsy): the "
            "denominator decides."
        )

    def bottleneck() -> str:
        return (
            "In the illustrative profile the smallest pass rate is "
            f"{cascade.bottleneck(cascade.ILLUSTRATIVE).replace('_', ' ')}; experiments put the losses after "
            "extravasation."
        )

    def enrichment() -> str:
        seer = data.load("metastatic_sites").query("source == 'wu2017' and site != 'lung'")
        e = soil.compare(dict(zip(seer.site, seer.n_with_site))).loc["bone"]
        return (
            f"Bone receives {e.min():.1f} to {e.max():.1f} times more metastases than its share of blood flow "
            "predicts (the range comes from how the liver's portal blood is counted)."
        )

    def stationary() -> str:
        pi = spread.stationary(spread.illustrative_model())
        return (
            f"By construction its long-run shares equal the normalised autopsy figures (bone {pi['bone']:.2f}); "
            "it was not estimated from patients followed over time."
        )

    def late() -> str:
        pos = recurrence.hazard_periods("positive")
        return (
            "ER-positive disease still recurs at about "
            f"{pos.loc[pos.years_from == 10, 'annual_hazard_percent'].iloc[0]:g}% per year in years 10-15."
        )

    hr_death = data.load("treatments").set_index("id").loc["hrpos_1l_cdk46", "hazard_ratio"]  # MONALEESA-2

    def hr() -> str:
        return (
            f"A hazard ratio of {hr_death:g} means the treated group's rate was {hr_death:g} times the "
            "control's; below 1 favours the treatment."
        )

    def esr1() -> str:
        t = data.load("treatments")
        esr1_rows = t[t["biomarker"].fillna("").str.contains("ESR1")]
        trials = ", ".join(dict.fromkeys(esr1_rows["trial"].dropna()))
        return (
            "An ESR1 mutation makes the cancer grow despite aromatase inhibitors; oral degraders of the "
            f"oestrogen receptor were tested for it ({trials})."
        )

    def brca() -> str:
        return "PARP inhibitors exploit the missing BRCA repair; that is why a germline test informs treatment."

    def ctc() -> str:
        t = followup.ctc_trial().set_index("group")["median_os_months"]
        return (
            f"Median survival was {t['C1']:g} months with the same chemotherapy and {t['C2']:g} after an early "
            "switch: the count predicts outlook but did not show which treatment to give."
        )

    def trend() -> str:
        t = living.survival_trends().set_index("subtype")["hr_per_year"]
        return (
            f"In the French ESME cohort the hazard ratio per later year of diagnosis was {t['her2_pos']:.2f} for "
            f"HER2-positive disease and {t['triple_negative']:.2f} for triple-negative disease."
        )

    def claims() -> str:
        c = data.load("claims").set_index("id").loc["tamoxifen_first_choice"]
        return f"Verdict: {c.verdict}. {c.reason}"

    return [
        Question(
            "q01",
            "breast_to_body",
            "A lump on a mastectomy scar is which kind of recurrence?",
            {"a": "local", "b": "regional", "c": "distant"},
            "a",
            lambda: (
                "Local: the breast area, chest wall or scar. Regional means nearby lymph nodes; distant means other "
                "organs."
            ),
        ),
        Question(
            "q02",
            "cascade",
            "Where do most cells fail, according to microscopy experiments?",
            {"a": "leaving the breast", "b": "in the blood", "c": "growing in the new organ"},
            "c",
            bottleneck,
        ),
        Question(
            "q03",
            "seed_and_soil",
            "Bone gets a small share of blood but many metastases. This supports…",
            {"a": "the blood-flow hypothesis", "b": "seed and soil", "c": "neither"},
            "b",
            enrichment,
        ),
        Question(
            "q04",
            "where_it_spreads",
            "'Bone in about 70%' is true of…",
            {"a": "everyone with breast cancer", "b": "advanced or fatal disease", "c": "nobody"},
            "b",
            bone_70,
        ),
        Question(
            "q05",
            "spread_network",
            "The course's Markov chain tells us…",
            {"a": "a real patient's next site", "b": "how a network model of spread works", "c": "survival time"},
            "b",
            stationary,
        ),
        Question(
            "q06",
            "recurrence",
            "Which cancers keep recurring 10 to 20 years after diagnosis?",
            {"a": "ER-positive", "b": "ER-negative", "c": "none"},
            "a",
            late,
        ),
        Question(
            "q07",
            "finding_and_following",
            "Circulating tumour cells stayed high after one cycle of chemotherapy. Switching early…",
            {"a": "lengthened survival", "b": "did not lengthen survival", "c": "was never tested"},
            "b",
            ctc,
        ),
        Question(
            "q08",
            "treatment",
            "A blood test finds an ESR1 mutation after endocrine therapy stopped working. It points to…",
            {"a": "an oral oestrogen-receptor degrader", "b": "a PARP inhibitor", "c": "immunotherapy"},
            "a",
            esr1,
        ),
        Question(
            "q09",
            "treatment_evidence",
            f"A hazard ratio of {hr_death:g} for death means…",
            {
                "a": f"{100 - 100 * hr_death:.0f}% fewer people died",
                "b": f"the death rate with the treatment was {hr_death:g} times the control group's, at any time",
                "c": f"{100 * hr_death:.0f}% survive",
            },
            "b",
            hr,
        ),
        Question(
            "q10",
            "hereditary",
            "Why does a germline BRCA result matter in metastatic disease?",
            {"a": "it sets the chemotherapy dose", "b": "PARP inhibitors may work", "c": "it predicts the site"},
            "b",
            brca,
        ),
        Question(
            "q11",
            "health_claims",
            "'Tamoxifen is usually the first choice for ER-positive metastatic disease' is…",
            {"a": "supported", "b": "outdated", "c": "misleading"},
            "b",
            claims,
        ),
        Question(
            "q12",
            "living_with",
            "Between 2008 and 2014, survival with metastatic breast cancer improved most clearly for…",
            {"a": "triple-negative disease", "b": "HER2-positive disease", "c": "no subtype"},
            "b",
            trend,
        ),
    ]


def items() -> list[Question]:
    """The quiz's questions, in course order (each with its options, right letter and explanation)."""
    return _q()


def questions() -> pd.DataFrame:
    """The quiz as a table: id, notebook, question and options."""
    return pd.DataFrame(
        [
            {
                "id": q.id,
                "notebook": q.notebook,
                "question": q.text,
                "options": "; ".join(f"{k}) {v}" for k, v in q.options.items()),
            }
            for q in _q()
        ]
    )


def check(answers: dict) -> Feedback:
    """Feedback on every question: right or wrong, always with the explanation."""
    if not isinstance(answers, dict):
        return Feedback("quiz", False, "Answer with a dict such as {'q01': 'a', 'q02': 'c'}.")
    lines, right = [], 0
    qs = _q()
    for q in qs:
        given = answers.get(q.id, NO_ANSWER)
        if given is NO_ANSWER:
            lines.append(f"{q.id}: not answered yet ({', '.join(q.options)}).")
        elif not isinstance(given, str) or given.strip().lower() not in q.options:
            lines.append(f"{q.id}: {shown_key(given, quoted=True)} is not an option ({', '.join(q.options)}).")
        elif given.strip().lower() == q.correct:
            right += 1
            lines.append(f"{q.id}: right — {q.options[q.correct]}. {q.explain()}")
        else:
            lines.append(f"{q.id}: not {q.options[given.strip().lower()]}, but {q.options[q.correct]}. {q.explain()}")
    unknown = set(answers) - {q.id for q in qs}
    if unknown:
        lines.append(f"No such questions: {some_of(unknown)}.")
    return Feedback("quiz", right == len(qs), f"{right} of {len(qs)} right.\n" + "\n".join(lines))
