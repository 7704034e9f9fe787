"""Lesson `review`: Review and capstone — following patients through the course.

Its exercise checks, the poll each exercise becomes in the deck, its explain items and
the figures it draws. The notebook imports it as ``lesson``.
"""

from __future__ import annotations

from .. import data, quiz
from ..feedback import (
    Feedback,
    choice,
    register,
)
from ..polls import discussion, poll

# --- checks ---------------------------------------------------------------------------------


def _vignette_choice(exercise: str, answer, correct_id: str, why: str) -> Feedback:
    t = data.load("treatments").set_index("id")
    options = {
        i: (
            f"Not this one: {t.loc[i, 'treatment_class']} is used for {t.loc[i, 'subtype'].replace('_', ' ')} "
            f"disease, {t.loc[i, 'setting']}"
            + (f", and needs a test result: {t.loc[i, 'biomarker']}." if "mutation" in t.loc[i, "biomarker"] else ".")
            if t.loc[i, "approach"] == "systemic"
            else f"Not this one: {t.loc[i, 'treatment_class']} is a {t.loc[i, 'approach']} treatment; "
            "the question asks for a systemic one."
        )
        for i in t.index
    }
    options[correct_id] = why
    return choice(exercise, answer, correct_id, options)


@register("ex13-1", kind="concept")
def _vignette_a(answer) -> Feedback:
    return _vignette_choice(
        "ex13-1",
        answer,
        "hrpos_1l_cdk46",
        "Yes: for HR-positive, HER2-negative disease, first-line treatment is endocrine therapy with a CDK4/6 "
        "inhibitor.",
    )


@register("ex13-2", kind="concept")
def _vignette_b(answer) -> Feedback:
    return _vignette_choice(
        "ex13-2",
        answer,
        "gbrca_parp",
        "Yes: a germline BRCA1 variant makes a PARP inhibitor an option for HER2-negative disease.",
    )


@register("ex13-3", kind="quiz")
def _quiz(answer) -> Feedback:
    fb = quiz.check(answer)
    return Feedback("ex13-3", fb.correct, fb.message)


# --- polls: each exercise as the deck shows it ----------------------------------------------

#: The room's question, its options (what a learner would type for each), what each wrong
#: letter reveals and the minutes to allow; the right letter is the one the check accepts.
POLLS = {
    "ex13-1": poll(
        ask=(
            "Ana has hormone-receptor-positive, HER2-negative metastatic breast cancer and no treatment for "
            "it yet. Which first treatment do the guidelines recommend?"
        ),
        options=[
            ("chemotherapy", "any_chemo"),
            ("endocrine therapy plus a CDK4/6 inhibitor", "hrpos_1l_cdk46"),
            ("a PARP inhibitor", "gbrca_parp"),
        ],
        reveals={
            "A": (
                "chemotherapy first is kept for special situations such as a visceral crisis; the usual "
                "first step is endocrine-based."
            ),
            "C": "a PARP inhibitor needs an inherited BRCA variant, which Ana's story does not mention.",
        },
        minutes=3,
    ),
    "ex13-2": poll(
        ask=("Bea carries an inherited *BRCA1* variant. Which treatment uses the weakness it gives her cancer cells?"),
        options=[
            ("endocrine therapy plus a CDK4/6 inhibitor", "hrpos_1l_cdk46"),
            ("surgery of the primary tumour", "denovo_primary_surgery"),
            ("a PARP inhibitor", "gbrca_parp"),
        ],
        reveals={
            "A": "targets oestrogen signalling, not missing DNA repair.",
            "B": "a local treatment that trials found did not lengthen survival in de novo stage IV.",
        },
        minutes=3,
    ),
}


#: The teacher's notes of each discussion prompt: what to listen for, how to close, the minutes.
DISCUSSIONS = {
    "d13-1": discussion(
        listen_for=[
            "The explainer names the lesson behind the answer, for example lesson 04 for where 'bone in "
            "about 70%' comes from.",
            "The explanation names the evidence and whose figure it is (an autopsy series, a clinical "
            "cohort, a randomised trial), not just the letter.",
            "Hard ones put right: a hazard ratio compares rates over time and is not a share of people "
            "(q09); the course's Markov chain explains ideas, not a patient's next site (q05).",
        ],
        debrief=(
            "Ask two or three pairs to name the question they explained and give its answer in one "
            "sentence, with its evidence. Correct any answer that quotes a number without its population, "
            "or reads a hazard ratio as a share of people. Close with the point: every answer in the course "
            "rests on a named source and a named group of people."
        ),
        minutes=4,
    ),
}
