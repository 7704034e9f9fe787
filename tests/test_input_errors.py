"""Every public function of seedsoil rejects bad input with a ValueError or TypeError whose message
says what was wrong — never a bare traceback from deep inside numpy or pandas (table-driven)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import glossary
from seedsoil import cascade, claims, course, data, lessons, recurrence, references, render, sites, soil, spread
from seedsoil.feedback import number

import markov

NAN = math.nan
SURV = {"local_invasion": 0.5, "intravasation": 0.5}
CHAIN = spread.illustrative_model()
PERIODS = recurrence.hazard_periods("positive")


def _chain(P, names=("a", "b")):
    return spread.Chain(*spread.validate(P, names))


CASES = [
    # cascade: probabilities, counts, seeds
    (
        "attrition: probability above 1",
        lambda: cascade.attrition(1000, {"local_invasion": 1.5}),
        ValueError,
        r"between 0 and 1",
    ),
    (
        "attrition: negative probability",
        lambda: cascade.attrition(1000, {"local_invasion": -0.1}),
        ValueError,
        r"between 0 and 1",
    ),
    (
        "attrition: NaN probability",
        lambda: cascade.attrition(1000, {"local_invasion": NAN}),
        ValueError,
        r"NaN|between 0 and 1",
    ),
    ("attrition: unknown step", lambda: cascade.attrition(1000, {"teleport": 0.5}), ValueError, r"teleport"),
    ("attrition: empty profile", lambda: cascade.attrition(1000, {}), TypeError, r"non-empty"),
    ("attrition: negative cells", lambda: cascade.attrition(-5, SURV), ValueError, r"cells"),
    ("attrition: cells as text", lambda: cascade.attrition("1000", SURV), TypeError, r"cells"),
    ("simulate: no seed", lambda: cascade.simulate(1000, SURV, seed=None), TypeError, r"seed"),
    ("simulate: zero runs", lambda: cascade.simulate(1000, SURV, seed=1, runs=0), ValueError, r"runs"),
    ("bottleneck: not a mapping", lambda: cascade.bottleneck([0.5, 0.5]), TypeError, r"mapping|dict"),
    ("cells_needed: zero probability", lambda: cascade.cells_needed({"local_invasion": 0.0}), ValueError, r"zero|0"),
    # soil
    ("enrichment: unknown organ", lambda: soil.enrichment({"spleenish": 10, "bone": 5}), ValueError, r"spleenish"),
    ("enrichment: negative count", lambda: soil.enrichment({"bone": -3}), ValueError, r"negative|bone"),
    ("enrichment: NaN count", lambda: soil.enrichment({"bone": NAN}), ValueError, r"NaN|bone"),
    ("enrichment: empty", lambda: soil.enrichment({}), ValueError, r"at least two organs"),
    ("efficiency_index: percent above 100", lambda: soil.efficiency_index({"bone": 170}), ValueError, r"100|bone"),
    # sites
    ("proportion_ci: k above n", lambda: sites.proportion_ci(12, 10), ValueError, r"k|n"),
    ("proportion_ci: n zero", lambda: sites.proportion_ci(0, 0), ValueError, r"n"),
    ("proportion_ci: level above 1", lambda: sites.proportion_ci(3, 10, level=1.5), ValueError, r"level"),
    (
        "proportion_ci: NaN k",
        lambda: sites.proportion_ci(NAN, 10),
        (TypeError, ValueError),
        r"k must be a number, got nan",
    ),
    ("table: unknown cohort type", lambda: sites.table(cohort_type="martian"), ValueError, r"martian"),
    ("table: unknown subtype", lambda: sites.table(subtype="luminal_z"), ValueError, r"luminal_z"),
    ("by_subtype: unknown site", lambda: sites.by_subtype(site_order=("bone", "spleenish")), ValueError, r"spleenish"),
    ("effects: unknown site", lambda: sites.effects("spleenish"), ValueError, r"spleenish"),
    # spread
    ("validate: not square", lambda: _chain([[0.5, 0.5]]), ValueError, r"square|shape"),
    ("validate: rows do not sum to 1", lambda: _chain([[0.5, 0.4], [0.0, 1.0]]), ValueError, r"sum"),
    (
        "validate: probability above 1",
        lambda: _chain([[1.5, -0.5], [0.0, 1.0]]),
        ValueError,
        r"between 0 and 1|negative",
    ),
    ("validate: NaN", lambda: _chain([[NAN, 1.0], [0.0, 1.0]]), ValueError, r"NaN|finite"),
    ("validate: names do not match", lambda: _chain([[1.0, 0.0], [0.0, 1.0]], ("a",)), ValueError, r"name|site"),
    ("validate: text matrix", lambda: _chain("P"), (TypeError, ValueError), r"matrix|number"),
    ("k_step: unknown start", lambda: spread.k_step(CHAIN, "spleenish", 2), ValueError, r"spleenish"),
    ("k_step: negative k", lambda: spread.k_step(CHAIN, "breast", -1), ValueError, r"k"),
    (
        "k_step: start distribution not summing to 1",
        lambda: spread.k_step(CHAIN, {"breast": 0.5}, 1),
        ValueError,
        r"sum",
    ),
    ("simulate: n zero", lambda: spread.simulate(CHAIN, "breast", steps=3, n=0, seed=1), ValueError, r"\bn\b"),
    (
        "simulate: steps as float",
        lambda: spread.simulate(CHAIN, "breast", steps=2.5, n=10, seed=1),
        ValueError,
        r"steps must be a whole number",
    ),
    (
        "occupancy: step beyond the paths",
        lambda: spread.occupancy(CHAIN, spread.simulate(CHAIN, "breast", steps=2, n=5, seed=1), 9),
        ValueError,
        r"step",
    ),
    (
        "change_transition: negative factor",
        lambda: spread.change_transition(CHAIN, "breast", "bone", -1),
        ValueError,
        r"factor",
    ),
    (
        "change_transition: unknown site",
        lambda: spread.change_transition(CHAIN, "breast", "spleenish", 2),
        ValueError,
        r"spleenish",
    ),
    ("absorption: unknown site", lambda: markov.absorption(CHAIN, ["spleenish"]), ValueError, r"spleenish"),
    (
        "fit_metropolis: target not summing to 1",
        lambda: spread.fit_metropolis({"a": 0.5, "b": 0.2}, [("a", "b")]),
        ValueError,
        r"sum",
    ),
    (
        "fit_metropolis: hold above 1",
        lambda: spread.fit_metropolis({"a": 0.5, "b": 0.5}, [("a", "b")], hold=2),
        ValueError,
        r"hold",
    ),
    # recurrence
    ("hazard_periods: unknown ER status", lambda: recurrence.hazard_periods("maybe"), ValueError, r"maybe"),
    ("check_periods: empty table", lambda: recurrence.check_periods(PERIODS.iloc[0:0]), ValueError, r"empty|no period"),
    (
        "check_periods: missing column",
        lambda: recurrence.check_periods(PERIODS.drop(columns="years_to")),
        ValueError,
        r"years_to",
    ),
    (
        "check_periods: hazard above 100%",
        lambda: recurrence.check_periods(PERIODS.assign(annual_hazard_percent=170.0)),
        ValueError,
        r"hazard|100",
    ),
    (
        "check_periods: NaN hazard",
        lambda: recurrence.check_periods(PERIODS.assign(annual_hazard_percent=NAN)),
        ValueError,
        r"NaN|hazard",
    ),
    (
        "cumulative_incidence: negative time",
        lambda: recurrence.cumulative_incidence(PERIODS, [-1, 2]),
        ValueError,
        r"time",
    ),
    (
        "cumulative_incidence: beyond the table",
        lambda: recurrence.cumulative_incidence(PERIODS, [40]),
        ValueError,
        r"25|beyond|horizon",
    ),
    (
        "simulate_cohort: n zero",
        lambda: recurrence.simulate_cohort(PERIODS, n=0, seed=1, follow_up=10),
        ValueError,
        r"\bn\b",
    ),
    ("kaplan_meier: lengths differ", lambda: recurrence.kaplan_meier([1, 2, 3], [1, 0]), ValueError, r"length|same"),
    ("kaplan_meier: negative time", lambda: recurrence.kaplan_meier([-1, 2], [1, 0]), ValueError, r"time|negative"),
    ("kaplan_meier: event not 0/1", lambda: recurrence.kaplan_meier([1, 2], [1, 2]), ValueError, r"event"),
    ("kaplan_meier: empty", lambda: recurrence.kaplan_meier([], []), ValueError, r"non-zero length"),
    # diagrams, claims, glossary, exercises
    (
        "body_map: unknown site",
        lambda: lessons.where_it_spreads.body_map({"spleenish": 10}, "t"),
        ValueError,
        r"spleenish",
    ),
    (
        "body_map: percent above 100",
        lambda: lessons.where_it_spreads.body_map({"bone": 170}, "t"),
        ValueError,
        r"between 0 and 100",
    ),
    ("icon_array: percent above 100", lambda: lessons.hereditary.icon_array(170, "t", "yes", "no"), ValueError, r"100"),
    (
        "site_frequencies: table without columns",
        lambda: lessons.where_it_spreads.site_frequencies(pd.DataFrame(), "t"),
        ValueError,
        r"no column 'site'",
    ),
    (
        "site_frequencies: empty table",
        lambda: lessons.where_it_spreads.site_frequencies(sites.table().iloc[0:0], "t"),
        ValueError,
        r"empty",
    ),
    ("forest_plot: not a table", lambda: lessons.treatment_evidence.forest_plot([0.7], "t"), TypeError, r"DataFrame"),
    ("occupancy: step as text", lambda: spread.occupancy(CHAIN, np.zeros((3, 2), dtype=int), "1"), ValueError, r"step"),
    ("red_flags: not text", lambda: claims.red_flags(42), TypeError, r"string"),
    ("claims.table: unknown verdict", lambda: claims.table("perhaps"), ValueError, r"perhaps"),
    ("glossary.slug: empty", lambda: glossary.slug(""), ValueError, r"non-empty"),
    ("spread: not a chain", lambda: spread.stationary("chain"), TypeError, r"spread.Chain"),
    (
        "spread.simulate: not a chain",
        lambda: spread.simulate([[1.0]], "a", steps=1, n=1, seed=1),
        TypeError,
        r"spread.Chain",
    ),
    (
        "from_graph: a row with no way out",
        lambda: spread.from_graph(__import__("networkx").DiGraph([("a", "b")])),
        ValueError,
        r"sums to 0",
    ),
    (
        "references.cite: unknown key",
        lambda: references.cite("nokey2099"),
        ValueError,
        r"'nokey2099' is not in data/references.bib",
    ),
    (
        "render.show: unknown column",
        lambda: render.show(pd.DataFrame({"a": [1]}), ["b"]),
        ValueError,
        r"not in the table: \['b'\]",
    ),
    ("render.show: not a table", lambda: render.show([1, 2]), TypeError, r"DataFrame"),
    (
        "data.load: unknown table",
        lambda: data.load("no_such_table"),
        ValueError,
        r"No data table called 'no_such_table'",
    ),
    ("course.load: missing manifest", lambda: course.load("/nonexistent/course.yml"), ValueError, r"no such manifest"),
    ("exercises.number: unknown tolerance type", lambda: number("x", 1, 1, abs_tol="a"), TypeError, r"tol"),
]


@pytest.mark.parametrize("what, call, error, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_clearly(what, call, error, message):
    with pytest.raises(error, match=message) as info:
        call()
    # the message is ours: it does not come from numpy or pandas internals
    tb = info.traceback[-1]
    assert "site-packages" not in str(tb.path), f"{what}: raised inside {tb.path}"
