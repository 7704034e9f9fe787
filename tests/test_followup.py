"""seedsoil.followup: the testing pathway, HER2 categories and RECIST."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from seedsoil import data, followup


@pytest.mark.parametrize(
    ("ihc", "ish", "category"),
    [
        ("3+", None, "HER2-positive"),
        ("2+", True, "HER2-positive"),
        ("2+", False, "HER2-low"),
        ("1+", None, "HER2-low"),
        (" 1+ ", None, "HER2-low"),
        ("ultralow", None, "HER2-ultralow"),
        ("0", None, "HER2-0"),
    ],
)
def test_her2_category(ihc, ish, category):
    assert followup.her2_category(ihc, ish) == category


def test_her2_categories_match_the_table():
    table = followup.her2_categories()
    assert sorted(table["category"]) == sorted({followup.her2_category(s, False) for s in followup.IHC_SCORES})


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        (("2+",), ValueError, "ish_amplified=True or False"),
        (("4+",), ValueError, "ihc must be one of"),
        ((2,), ValueError, "ihc must be one of"),
        (("1+", "yes"), TypeError, "ish_amplified"),
    ],
)
def test_her2_category_names_the_mistake(args, error, words):
    with pytest.raises(error, match=words):
        followup.her2_category(*args)


@pytest.mark.parametrize(
    ("baseline", "nadir", "current", "new", "response"),
    [
        (100, 100, 70, False, "partial response"),  # exactly 30% down
        (100, 100, 71, False, "stable disease"),
        (100, 60, 72, False, "progressive disease"),  # exactly 20% over the smallest, 12 mm
        (100, 60, 70, False, "partial response"),  # 17% up from the smallest, still 30% below baseline
        (20, 20, 24, False, "stable disease"),  # 20% but only 4 mm
        (20, 20, 25, False, "progressive disease"),
        (80, 0, 0, False, "complete response"),
        (80, 0, 5, False, "progressive disease"),  # from nothing, 5 mm is progression
        (80, 50, 58, False, "stable disease"),  # the exercise
        (80, 60, 40, False, "partial response"),  # a new smallest sum
        (80, 80, 80, True, "progressive disease"),  # any new lesion
    ],
)
def test_recist(baseline, nadir, current, new, response):
    assert followup.recist(baseline, nadir, current, new_lesions=new) == response


def test_recist_thresholds_are_the_tables():
    rules = followup.response_criteria().set_index("response")
    assert math.isclose(rules.loc["partial response", "percent"] / 100, followup.PARTIAL_RESPONSE_FALL)
    assert math.isclose(rules.loc["progressive disease", "percent"] / 100, followup.PROGRESSION_RISE)
    assert math.isclose(rules.loc["progressive disease", "mm"], followup.PROGRESSION_MIN_MM)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        (dict(baseline=0, nadir=0, current=0), ValueError, "baseline must be a positive"),
        (dict(baseline=80, nadir=90, current=95), ValueError, "cannot exceed the baseline"),
        (dict(baseline=80, nadir=-1, current=5), ValueError, "0 or more"),
        (dict(baseline="80", nadir=50, current=58), TypeError, "baseline must be a number"),
        (dict(baseline=80, nadir=50, current=math.nan), ValueError, "current must be a finite"),
        (dict(baseline=80, nadir=50, current=58, new_lesions="no"), TypeError, "new_lesions"),
    ],
)
def test_recist_names_the_mistake(kwargs, error, words):
    with pytest.raises(error, match=words):
        followup.recist(**kwargs)


def test_pathway_graph_follows_the_table():
    table = followup.pathway()
    g = followup.pathway_graph()
    assert list(g) == list(table["id"])
    assert ("biopsy", "germline") in g.edges and ("progression", "choice") in g.edges
    back = [(u, v) for u, v in g.edges if g.nodes[v]["stage"] <= g.nodes[u]["stage"]]
    assert back == [("progression", "choice")]  # the one loop of care


def test_pathway_graph_names_a_step_that_leads_nowhere():
    table = followup.pathway()
    table.loc[0, "leads_to"] = "staging;nowhere"
    with pytest.raises(ValueError, match="'suspicion' leads to 'nowhere'"):
        followup.pathway_graph(table)


def test_markers_that_choose_come_from_the_treatment_table():
    markers = followup.markers_that_choose().set_index("marker")
    assert list(markers.index) == list(followup.MARKERS)
    assert "OlympiAD" in markers.loc["germline BRCA1 or BRCA2 variant", "trials"]
    assert "EMERALD" in markers.loc["ESR1 mutation", "trials"]
    assert "KEYNOTE-355" in markers.loc["PD-L1 combined positive score 10 or more", "trials"]
    assert all(markers["treatments"] != "")
    with pytest.raises(ValueError, match="treatments table"):
        followup.markers_that_choose(pd.DataFrame({"x": [1]}))


def test_derived_percentages():
    mri = followup.brain_mri_screening().set_index("subtype")
    assert mri.loc["triple_negative", "percent_first_mri"] == round(100 * 5 / 28, 1)
    rescored = followup.her2_rescoring().set_index("local_score")
    assert rescored.loc["0", "n_changed"] == 7 and rescored.loc["0", "n_cases"] == 17
    ctc = data.load("ctc_trial").set_index("group")
    assert ctc.loc["A", "n"] + ctc.loc["B", "n"] + ctc.loc["C", "n"] < 595  # 31 were not retested
