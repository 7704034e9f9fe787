"""Reading health claims and the capstone: red flags, the claims table, the sorting exercise and
the quiz, which must explain answers both right and wrong."""

from __future__ import annotations

import pytest

from seedsoil import claims, data, quiz, references
from seedsoil.exercises import check
from seedsoil.feedback import sorting

KEY = data.load("claims").set_index("id")["verdict"].to_dict()


def test_red_flags_finds_the_listed_wording():
    found = claims.red_flags("A natural breakthrough with no side effects, only at our clinic!")
    assert set(found["red flag"]) == {"miracle wording", "no side effects", "offered only here"}
    row = found.set_index("red flag").loc["no side effects", "wording found"]
    assert row == "no side effects, natural"


def test_red_flags_matches_whole_words_and_ignores_case_and_line_breaks():
    assert claims.red_flags("A secure and procured supply.").empty  # not "cure"
    assert not claims.red_flags("It PREVENTS\nRECURRENCE.").empty
    assert list(claims.red_flags("Calm, sourced text.").columns) == ["red flag", "wording found"]


@pytest.mark.parametrize("bad, error", [(None, TypeError), (3, TypeError), ("", ValueError), ("  \n", ValueError)])
def test_red_flags_rejects_bad_input(bad, error):
    with pytest.raises(error):
        claims.red_flags(bad)


def test_claims_table_filters_by_verdict():
    assert set(claims.table("outdated")["id"]) == {k for k, v in KEY.items() if v == "outdated"}
    assert len(claims.table()) == len(KEY)
    with pytest.raises(ValueError, match="Unknown verdict 'wrong'"):
        claims.table("wrong")


def test_every_verdict_cites_a_source_in_the_bibliography():
    keys = set(references.load())
    per_claim = data.load("claims").set_index("id")["sources"].str.split(";").str.len()
    assert (per_claim >= 1).all()
    for claim_id, sources in data.load("claims").set_index("id")["sources"].items():
        assert set(sources.split(";")) <= keys, claim_id
    assert set(KEY.values()) == set(claims.verdicts())


# --- sorting feedback -------------------------------------------------------------------------


def test_sorting_right_wrong_missing_and_unknown():
    key = {"a": "x", "b": "y"}
    why = {"a": "A because.", "b": "B because."}
    right = sorting("s", {"a": "x", "b": "Y "}, key, why)
    assert right.correct is True and "2 of 2 right" in right.message and "A because." in right.message
    wrong = sorting("s", {"a": "y", "b": "y"}, key, why)
    assert wrong.correct is False and "a: not y but x. A because." in wrong.message
    partial = sorting("s", {"a": "x", "b": ...}, key, why)
    assert partial.correct is False and "b: no answer yet" in partial.message
    assert "B because." not in partial.message  # no spoiler before an answer is given
    assert "is not a category" in sorting("s", {"a": "z"}, key, why).message
    assert "Not items of this exercise: c" in sorting("s", {"a": "x", "b": "y", "c": "x"}, key, why).message
    assert sorting("s", {"a": ..., "b": ...}, key, why).correct is None
    assert "dict" in sorting("s", ["x", "y"], key, why).message


def test_claim_sorting_explains_every_claim_with_its_sources_right_or_wrong():
    everything_right = check("ex11-3", dict(KEY))
    assert everything_right.correct is True
    flipped = {k: ("supported" if v != "supported" else "misleading") for k, v in KEY.items()}
    everything_wrong = check("ex11-3", flipped)
    assert everything_wrong.correct is False and f"0 of {len(KEY)} right" in everything_wrong.message
    table = data.load("claims").set_index("id")
    for fb in (everything_right, everything_wrong):
        for claim_id, row in table.iterrows():
            line = next(x for x in fb.message.splitlines() if x.startswith(f"{claim_id}:"))
            assert row.reason in line
            for key in row.sources.split(";"):
                assert references.cite(key) in line


# --- the quiz ---------------------------------------------------------------------------------

ANSWERS = {q.id: q.correct for q in quiz._q()}


def test_quiz_covers_every_notebook_after_the_first(course):
    ids = [nb.id for nb in course.notebooks if nb.id not in ("start_here", "review")]
    assert [q.notebook for q in quiz._q()] == ids
    table = quiz.questions()
    assert list(table.columns) == ["id", "notebook", "question", "options"]


def expected_facts() -> dict[str, str]:
    """What some explanations must state, worked out here from the raw tables (not by quiz)."""
    sites = data.load("metastatic_sites")
    seer = sites[(sites.source == "wu2017") & sites.site.isin(["bone", "liver", "brain"])]
    table = data.load("organ_blood_flow")
    bone_flow = table[table.organ == "bone"]["percent_cardiac_output"].sum()
    arterial = table[table.organ.isin(["bone", "liver", "brain"])]["percent_cardiac_output"].sum()
    counts = seer.set_index("site")["n_with_site"]
    bone = (counts["bone"] / counts.sum()) / (bone_flow / arterial)  # liver: hepatic artery only
    hazards = data.load("recurrence_hazard")
    er_pos_10 = hazards[(hazards.er_status == "positive") & (hazards.years_from == 10)]["value_percent"].iloc[0]
    treatments = data.load("treatments").set_index("id")
    verdict = data.load("claims").set_index("id").loc["tamoxifen_first_choice", "verdict"]
    ctc = data.load("ctc_trial").set_index("group")["median_os_months"]
    trend = data.load("survival_trends").set_index("subtype")["hr_per_year"]
    return {
        "q03": f"Bone receives {bone:.1f} to",
        "q04": "3.6%",  # bone among everyone newly diagnosed, Gong 2018
        "q06": f"about {er_pos_10:g}% per year in years 10-15",
        "q09": f"hazard ratio of {treatments.loc['hrpos_1l_cdk46', 'hazard_ratio']:g}",
        "q11": f"Verdict: {verdict}.",
        "q07": f"{ctc['C1']:g} months with the same chemotherapy and {ctc['C2']:g} after",
        "q12": f"{trend['her2_pos']:.2f} for HER2-positive disease",
    }


def explanation_lines(fb) -> dict[str, str]:
    return {line.split(":")[0]: line for line in fb.message.splitlines()[1:]}


def test_quiz_explains_right_answers_with_facts_from_the_data():
    fb = quiz.check(ANSWERS)
    assert fb.correct is True and f"{len(ANSWERS)} of {len(ANSWERS)} right" in fb.message
    lines = explanation_lines(fb)
    assert all(lines[q].startswith(f"{q}: right") for q in ANSWERS)
    for q, fact in expected_facts().items():
        assert fact in lines[q], (q, lines[q])


def test_quiz_explains_wrong_answers_with_the_same_facts():
    wrong = {q.id: next(k for k in q.options if k != q.correct) for q in quiz._q()}
    fb = quiz.check(wrong)
    assert fb.correct is False and f"0 of {len(wrong)} right" in fb.message
    lines = explanation_lines(fb)
    for q in quiz._q():
        assert lines[q.id].startswith(f"{q.id}: not {q.options[wrong[q.id]]}, but {q.options[q.correct]}.")
    for q, fact in expected_facts().items():
        assert fact in lines[q], (q, lines[q])


def test_quiz_handles_missing_odd_and_unknown_answers():
    fb = quiz.check({"q01": "z", "q02": 3, "q99": "a"})
    assert "q01: 'z' is not an option" in fb.message and "q02: 3 is not an option" in fb.message
    assert "q03: not answered yet" in fb.message and "No such questions: q99" in fb.message
    assert "dict" in quiz.check(["a"]).message


def test_quiz_explanations_are_computed_from_the_data():
    assert "3.6%" in dict((q.id, q.explain()) for q in quiz._q())["q04"]  # all new diagnoses, Gong 2018


def test_quiz_through_check():
    assert check("ex13-3", ANSWERS).correct is True
    assert check("ex13-3", {}).correct is False


@pytest.mark.parametrize(
    "exercise, right, wrong",
    [
        ("ex13-1", "hrpos_1l_cdk46", "bone_agents"),
        ("ex13-2", "gbrca_parp", "tnbc_later_sg"),
    ],
)
def test_vignettes_explain_right_and_wrong(exercise, right, wrong):
    ok, no = check(exercise, right), check(exercise, wrong)
    assert ok.correct is True and ok.message.startswith("Yes")
    assert no.correct is False and no.message.startswith("Not this one")
    assert "not an option" in check(exercise, "no_such_id").message


def test_the_fabricated_article_is_contradicted_by_the_trial_row():
    """The claim's reason quotes the trial's own numbers, which the treatment table holds."""
    row = claims.table("fabricated").set_index("id").loc["ascent04_misreported"]
    trial = data.load("treatments").set_index("id").loc["tnbc_1l_sg_pembro"]
    assert f"{int(trial.n)} randomised" in row.reason and f"{trial.hazard_ratio:.2f}" in row.reason
    assert "542" in row.claim and "542" not in row.reason
