"""Answer checks for the course's exercises, registered under stable ids (``exNN-k``).

Expected answers are computed from the course's manifest and data, never typed a second time.
"""

from __future__ import annotations

import functools
import math

import networkx as nx

from . import cascade, data, followup, living, quiz, recurrence, sites, soil, spread
from . import course as course_mod
from .feedback import Feedback, choice, explain, items, neutral, number, predict, register, sorting
from .references import cite


def neutral_number(*args, **kwargs) -> Feedback:
    """A numeric check about survival or death: plain wording, no game tick."""
    return neutral(number(*args, **kwargs))


@register("ex00-1")
def _course_minutes(answer) -> Feedback:
    course = course_mod.load()
    return number(
        "ex00-1",
        answer,
        course.total_minutes,
        unit="minutes",
        why="That is the sum of the 'minutes' of every notebook listed in course.yml.",
        hint="Add up nb.minutes over course.notebooks.",
        misconceptions={
            course.notebooks[0].minutes: "that is one notebook's minutes; add up the minutes of all of them.",
            len(course.notebooks): "that is how many notebooks there are; add up their minutes instead.",
        },
    )


@register("ex00-2")
def _prerequisites_of_network(answer) -> Feedback:
    graph = course_mod.course_graph()
    expected = sorted(nx.ancestors(graph, "spread_network"), key=list(graph).index)
    return items(
        "ex00-2",
        answer,
        expected,
        why="Every notebook with a path of arrows into 'spread_network' comes before it, directly or not.",
    )


@register("ex00-3", kind="concept")
def _what_no_answer_means(answer) -> Feedback:
    return choice(
        "ex00-3",
        answer,
        "b",
        {
            "a": "No: a wrong answer says 'Not yet' and explains why. 'No answer yet' comes before any answer.",
            "b": "Yes: the stub still holds ... ; replace it with your answer and run the cell again.",
            "c": "No: if the course could not load its files, the feedback says it is a setup problem and "
            "how to fix it; it never blames your answer.",
        },
    )


# --- 01 From breast to body --------------------------------------------------------------------


@register("ex01-1", kind="concept")
def _scar_lump(answer) -> Feedback:
    return choice(
        "ex01-1",
        answer,
        "local",
        {
            "local": "Yes: a lump on or near the mastectomy scar or the chest wall is a local recurrence.",
            "regional": "Not quite: regional means the lymph nodes of the armpit or around the collarbone.",
            "distant": "Not quite: distant means another organ, such as bone, lung, liver or brain.",
        },
    )


@register("ex01-2")
def _de_novo_share(answer) -> Feedback:
    row = data.load("disease_course").set_index("quantity").filter(like="de novo", axis=0).iloc[0]
    return number(
        "ex01-2",
        answer,
        float(row["value"]),
        abs_tol=0.1,
        unit="percent",
        why=f"{int(row['n_events'])} of {int(row['n_total'])} people: most metastatic breast cancer is a recurrence.",
        hint="Divide n_events by n_total for the de novo row and multiply by 100.",
        misconceptions={
            100 - float(row["value"]): "that is the other share, the people whose cancer came back after "
            "treatment. The de novo share is the smaller one.",
        },
    )


@register("ex01-3", kind="concept")
def _shortest_survival(answer) -> Feedback:
    s = data.load("survival")
    esme = s[(s.source == "deluche2020") & (s.estimate == "median_os") & (s.subtype != "all")]
    shortest = esme.sort_values("value").iloc[0]
    months = {r.subtype: r.value for r in esme.itertuples()}
    expl = {k: f"{k}: median {v:g} months in ESME." for k, v in months.items()}
    expl[shortest.subtype] = f"Yes: {shortest.value:g} months, far shorter than the other subtypes in ESME."
    return neutral(choice("ex01-3", answer, shortest.subtype, expl))


# --- 02 The metastatic cascade ------------------------------------------------------------------


@register("ex02-1")
def _cascade_order(answer) -> Feedback:
    steps = cascade.steps()
    required = list(steps.loc[~steps["optional"], "step"])
    why = (
        "Out of the breast, into and through the blood, out into the new organ, then growth. Dormancy is a "
        "possible pause between getting out of the vessel and growing, not a step every metastasis takes."
    )
    given = [a.strip().lower() for a in answer if isinstance(a, str)] if isinstance(answer, (list, tuple)) else None
    if given is not None and "dormancy" not in given:
        # the path that skips the optional step is also right, and its slips are told against it
        return items("ex02-1", answer, required, ordered=True, why=why)
    return items("ex02-1", answer, list(cascade.STEPS), ordered=True, why=why)


@register("ex02-2", kind="concept")
def _bottleneck(answer) -> Feedback:
    step = cascade.bottleneck(cascade.ILLUSTRATIVE)
    p = cascade.ILLUSTRATIVE[step]
    return choice(
        "ex02-2",
        answer,
        step,
        {
            s: (
                f"Yes: only {p:.0%} of the cells that reach it get through."
                if s == step
                else f"{s.replace('_', ' ')} lets {cascade.ILLUSTRATIVE[s]:.0%} through; look for the smallest value."
            )
            for s in cascade.STEPS
        },
    )


@register("ex02-3")
def _cells_per_metastasis(answer) -> Feedback:
    needed = cascade.cells_needed(cascade.ILLUSTRATIVE)
    return number(
        "ex02-3",
        answer,
        needed,
        rel_tol=0.01,
        unit="cells",
        why="One divided by the product of all the step survivals.",
        hint="Multiply the eight survival probabilities, then take 1 divided by the product.",
        misconceptions={
            needed * cascade.ILLUSTRATIVE["colonisation"]: "the last step, colonisation, is missing from the "
            "product: include all eight steps.",
            1_000_000: "that is the number of cells the model starts with; the question is 1 divided by the "
            "product of all eight survivals.",
        },
    )


@register("ex02-4")
def _tweak_colonisation(answer) -> Feedback:
    others = 1.0
    for s, p in cascade.ILLUSTRATIVE.items():
        if s != "colonisation":
            others *= p
    target = 1e-5 / others  # one metastasis per 100,000 cells
    return number(
        "ex02-4",
        answer,
        target,
        rel_tol=0.02,
        why="Overall survival must be 1/100,000, so colonisation = 0.00001 ÷ (product of the other seven).",
        hint="Keep the other seven steps and solve product × p = 0.00001 for p.",
        misconceptions={
            cascade.ILLUSTRATIVE["colonisation"] ** 2 / target: "that moves the wrong way: fewer cells per "
            "metastasis needs colonisation to be easier (a larger probability), not harder.",
            1e-5: "that sets one step to the overall target and forgets the other seven steps in the product.",
        },
    )


# --- 03 Seed and soil ---------------------------------------------------------------------------


@register("ex03-1")
def _bone_flow_share(answer) -> Feedback:
    flow = soil.flow_by_organ()
    share = flow["bone"] / (flow["bone"] + flow["liver"] + flow["brain"])
    return number(
        "ex03-1",
        answer,
        share,
        abs_tol=0.005,
        why="Bone gets a small slice of the arterial blood that reaches these three organs.",
        hint="Use flow = soil.flow_by_organ(): bone ÷ (bone + liver + brain), as a fraction between 0 and 1.",
        misconceptions={
            100 * share: "that is a percentage; give a fraction between 0 and 1.",
            flow["bone"]: "that is bone's percent of all the heart's output; the question asks for its share of "
            "the blood reaching these three organs.",
            float(flow["bone"] / (flow["bone"] + flow["liver"])): "the brain is missing: add bone, liver and brain.",
            float(
                soil.flow_by_organ(portal=True)["bone"]
                / soil.flow_by_organ(portal=True)[["bone", "liver", "brain"]].sum()
            ): "that counts the gut's portal blood as the liver's; this exercise uses the hepatic artery only "
            "(soil.flow_by_organ() with its default).",
        },
    )


@register("ex03-2", kind="concept")
def _which_hypothesis(answer) -> Feedback:
    return choice(
        "ex03-2",
        answer,
        "seed and soil",
        {
            "seed and soil": "Yes: bone receives more metastases than its blood supply predicts, however the "
            "liver's blood is counted. That is hard to explain by delivery alone and supports seed and soil; it does "
            "not rule out mechanical help, such as slow blood in the marrow or veins around the spine.",
            "blood flow": "Not this time: if delivery alone decided, bone's share of metastases would match its "
            "share of blood flow (enrichment near 1), under either way of counting the liver's blood.",
        },
    )


@register("ex03-3", kind="concept")
def _lung_explanation(answer) -> Feedback:
    return choice(
        "ex03-3",
        answer,
        "b",
        {
            "a": "No: distant metastases arrive through the blood, not by growing across the chest.",
            "b": "Yes: venous blood from the breast returns to the heart and is pumped through the lungs first, so "
            "the lungs are the first narrow vessels the cells meet.",
            "c": "No: the lungs' own oxygen-rich supply (the bronchial arteries) is small. What matters is that "
            "every drop of venous blood, oxygen-poor, passes through the lungs' capillaries on its way back.",
        },
    )


# --- 04 Where it spreads ------------------------------------------------------------------------


@register("ex04-1", kind="concept")
def _lowest_bone_cohort(answer) -> Feedback:
    t = sites.table(subtype="all")
    bone = t[(t.site == "bone") & (t.measure != "only_site")]
    lowest = bone.sort_values("percent").iloc[0]["cohort_type"]
    return choice(
        "ex04-1",
        answer,
        lowest,
        {
            "autopsy": "Autopsy series show the highest figures: everyone in them died of the disease and every "
            "organ was examined.",
            "metastatic_clinical": "These are patients whose cancer had already spread, so bone is involved in most "
            "of them.",
            "de_novo_stage_iv": "These patients all have metastases at diagnosis; bone is involved in about two "
            "thirds.",
            "all_new_diagnoses": "Yes: the denominator is everyone newly diagnosed, and most of them have no "
            "metastases at all.",
        },
    )


@register("ex04-3", kind="concept")
def _brain_subtype(answer) -> Feedback:
    table = sites.by_subtype()
    top = table.loc["brain"].idxmax()
    return choice(
        "ex04-3",
        answer,
        top,
        {
            s: (
                f"Yes: {table.loc['brain', s]:g}% of relapsed patients with this subtype had brain metastases."
                if s == top
                else f"{table.loc['brain', s]:g}% for this subtype; one subtype is higher."
            )
            for s in table.columns
        },
    )


@register("ex04-2")
def _wilson_low(answer) -> Feedback:
    row = data.load("metastatic_sites").query("source == 'savciheijink2015' and site == 'bone'").iloc[0]
    n = int(row["n_total"])
    low, high = sites.proportion_ci(row["percent"] / 100 * n, n)
    # 70.6% of 263 is 185.7 patients; a learner who rounds to the 186 real patients is right too
    whole, _ = sites.proportion_ci(round(row["percent"] / 100 * n), n)
    if (
        isinstance(answer, (int, float))
        and not isinstance(answer, bool)
        and 0 <= answer <= 100
        and abs(answer - 100 * whole) <= 0.1
    ):
        return Feedback(
            "ex04-2",
            True,
            f"{100 * whole:.1f} percent, counting the {round(row['percent'] / 100 * n)} patients as a whole "
            f"number. With {n} patients the 95% interval runs from about {100 * low:.1f}% to {100 * high:.1f}%.",
        )
    return number(
        "ex04-2",
        answer,
        100 * low,
        abs_tol=0.1,
        unit="percent",
        why=f"With {n} patients the 95% interval runs from {100 * low:.1f}% to {100 * high:.1f}%.",
        hint="sites.proportion_ci(k, n) returns fractions; k = 0.706 × 263, n = 263; multiply by 100.",
        misconceptions={
            float(row["percent"]): "that is the observed percentage; the interval's lower end lies below it.",
            100 * high: "that is the upper end of the interval; the question asks where it starts.",
        },
    )


@register("ex04-6")
def _lobular_gut(answer) -> Feedback:
    t = sites.lobular().set_index(["site", "timing", "source"])
    gut = t.loc[("gastrointestinal tract", "at any time", "mathew2017")]
    registry = t.loc[("gastrointestinal tract", "registry record", "borst1993")]
    lob, duct = gut["percent_lobular"], gut["percent_ductal"]
    return number(
        "ex04-6",
        answer,
        lob / duct,
        abs_tol=0.5,
        why=f"{lob:g}% ÷ {duct:g}%: metastases in the gut were about {lob / duct:.0f} times as common with "
        f"lobular cancer, although still uncommon ({cite('mathew2017')}).",
        hint="Divide the lobular percentage by the ductal one, for the gastrointestinal tract at any time.",
        misconceptions={
            lob - duct: "that is the difference in percentage points; the question asks how many times as often.",
            registry["percent_lobular"] / registry["percent_ductal"]: "that is the registry study's ratio, whose "
            "denominator is everyone diagnosed; use the cohort of patients with metastatic disease.",
        },
    )


@register("ex04-7", kind="concept")
def _male_brca2_denominator(answer) -> Feedback:
    t = sites.special_presentations().set_index("id")["value"]
    carriers, risk = t["male_brca2"], t["male_brca2_risk"]
    return choice(
        "ex04-7",
        answer,
        "b",
        {
            "a": f"No: {carriers:g}% is of men who have breast cancer. Of men who carry a harmful BRCA2 variant, "
            f"about {risk:g}% develop breast cancer in their lifetime ({cite('campos2021')}).",
            "b": f"Yes: {carriers:g}% counts carriers among men with breast cancer; {risk:g}% counts breast cancers "
            "among carriers. Same two groups, different denominators.",
            "c": f"No: breast cancer is about {t['male_share']:g}% of all cancers in men; the {carriers:g}% is the "
            "share of men with breast cancer who carry a BRCA2 variant.",
        },
    )


@register("ex04-4", kind="concept")
def _seventy_percent_claim(answer) -> Feedback:
    return choice(
        "ex04-4",
        answer,
        "only for advanced disease",
        {
            "true for everyone with breast cancer": "No: at diagnosis only a few percent of all patients have bone "
            "metastases; the 70% is about advanced disease.",
            "only for advanced disease": "Yes: about 70% is what autopsy series and cohorts of patients with "
            "metastases show; the denominator matters.",
            "false": "Too strong: the figure is right for advanced or fatal disease, just not for everyone diagnosed.",
        },
    )


# --- 05 Spread as a network ---------------------------------------------------------------------


@register("ex05-1")
def _two_steps_to_bone(answer) -> Feedback:
    chain = spread.illustrative_model()
    p = float(spread.k_step(chain, "breast", 2)["bone"])
    return number(
        "ex05-1",
        answer,
        p,
        abs_tol=0.001,
        why="Sum over the middle site: P(breast→nodes)·P(nodes→bone) + P(breast→lung)·P(lung→bone).",
        hint="Only two middle sites are possible after the breast; multiply along each path and add.",
        misconceptions=_one_path_or_sum(chain),
    )


def _one_path_or_sum(chain) -> dict[float, str]:
    """The typical slips of ex05-1: one path only, or adding the probabilities into bone."""
    P = chain.frame()
    via = [m for m in P.columns if P.loc["breast", m] > 0 and P.loc[m, "bone"] > 0]
    slips = {
        float(P.loc["breast", m] * P.loc[m, "bone"]): "that is one path only; add the path through the other "
        "middle site too."
        for m in via
    }
    slips[float(sum(P.loc[m, "bone"] for m in via))] = (
        "that adds the probabilities into bone; multiply along each path (breast → middle → bone), then add."
    )
    return slips


@register("ex05-2", kind="concept")
def _next_after_bone(answer) -> Feedback:
    chain = spread.illustrative_model()
    row = chain.frame().loc["bone"].drop("bone")
    row = row[row > 0]  # the options the prompt names: the sites bone can lead to
    best = row.idxmax()
    return choice(
        "ex05-2",
        answer,
        best,
        {
            s: (
                f"Yes: {row[s]:.3f}, the largest move out of bone in the model."
                if s == best
                else f"P(bone→{s}) = {row[s]:.3f}; another site is more likely."
            )
            for s in row.index
        },
    )


@register("ex05-3", kind="concept")
def _what_if(answer) -> Feedback:
    base = spread.illustrative_model()
    changed = spread.change_transition(base, "lung", "bone", factor=2)
    shift = spread.stationary(changed) - spread.stationary(base)
    gainer = shift.idxmax()
    return choice(
        "ex05-3",
        answer,
        gainer,
        {
            s: (
                f"Yes: its long-run share changes by {shift[s]:+.3f}."
                if s == gainer
                else f"Its long-run share changes by {shift[s]:+.3f}; another site gains more."
            )
            for s in base.sites
        },
    )


# --- 06 Recurrence over time --------------------------------------------------------------------


@register("ex06-1", kind="concept")
def _peak_period(answer) -> Feedback:
    periods = recurrence.hazard_periods("negative")
    labels = [f"{int(a)}-{int(b)}" for a, b in zip(periods.years_from, periods.years_to)]
    peak = labels[int(periods.annual_hazard_percent.idxmax())]
    return choice(
        "ex06-1",
        answer,
        peak,
        {
            lab: (
                f"Yes: {h:g}% per year, the highest for ER-negative disease."
                if lab == peak
                else f"{h:g}% per year in years {lab}; one period is higher."
            )
            for lab, h in zip(labels, periods.annual_hazard_percent)
        },
    )


@register("ex06-2")
def _incidence_at_ten(answer) -> Feedback:
    periods = recurrence.hazard_periods("positive")
    value = float(recurrence.cumulative_incidence(periods, [10]).iloc[0])
    h = periods.set_index("years_from")["annual_hazard_percent"] / 100
    return number(
        "ex06-2",
        answer,
        value,
        abs_tol=0.5,
        unit="percent",
        why=f"1 − exp(−(5 × {h[0]:g} + 5 × {h[5]:g})), expressed as a percentage.",
        hint="Add hazard × years over 0-5 and 5-10 (as fractions), then compute 1 − exp(−total).",
        misconceptions={
            100 * (5 * h[0] + 5 * h[5]): "you added hazard × years as if they were risks. Risks compound, and no "
            "one recurs twice: 1 − exp(−total).",
            100 * (h[0] + h[5]): "each hazard lasts five years: multiply each by 5 before adding.",
            100 * (1 - (1 - h[0]) ** 5 * (1 - h[5]) ** 5): "you compounded year by year (discrete). Close, but "
            "the course's model is continuous: 1 − exp(−(5 × h₁ + 5 × h₂)).",
        },
    )


@register("ex06-3", kind="concept")
def _later_years(answer) -> Feedback:
    pos, neg = recurrence.hazard_periods("positive"), recurrence.hazard_periods("negative")

    def late(p):
        return p.loc[(p.years_from >= 5) & (p.years_to <= 20), "annual_hazard_percent"].mean()

    higher = "ER-positive" if late(pos) > late(neg) else "ER-negative"
    return choice(
        "ex06-3",
        answer,
        higher,
        {
            "ER-positive": "Yes: after year 5 the ER-positive hazard stays higher, which is why follow-up and "
            "extended endocrine therapy matter."
            if higher == "ER-positive"
            else "Not in these data.",
            "ER-negative": "No: ER-negative disease recurs mostly early; after year 5 its hazard falls below the "
            "ER-positive one."
            if higher == "ER-positive"
            else "Yes.",
        },
    )


# --- 07 Treating metastatic disease -------------------------------------------------------------


@register("ex07-1", kind="concept")
def _local_or_systemic(answer) -> Feedback:
    row = data.load("treatments").set_index("id").loc["bone_rt"]
    return choice(
        "ex07-1",
        answer,
        row["approach"],
        {
            "local": "Yes: radiotherapy treats only the area it is aimed at.",
            "systemic": "No: systemic treatments travel in the blood to the whole body; radiotherapy treats one area.",
            "supportive": "Close — it relieves pain — but radiotherapy is a local treatment; supportive care is the "
            "wider care around it.",
        },
    )


@register("ex07-2")
def _hazard_reduction(answer) -> Feedback:
    hr = float(data.load("treatments").set_index("id").loc["hrpos_1l_cdk46", "hazard_ratio"])
    return neutral_number(
        "ex07-2",
        answer,
        100 * (1 - hr),
        abs_tol=0.5,
        unit="percent",
        why=f"A hazard ratio of {hr:g} means the hazard of death was {hr:.0%} of the control group's, i.e. "
        f"{100 * (1 - hr):.0f}% lower.",
        hint="Reduction = (1 − hazard ratio) × 100.",
        misconceptions={
            100 * hr: f"that reads the hazard ratio itself as the reduction. {hr:g} means the rate was "
            f"{hr:.0%} of the control group's, so it was lower by 1 − {hr:g}.",
        },
    )


@register("ex07-3")
def _no_benefit(answer) -> Feedback:
    t = data.load("treatments").set_index("id")
    no_benefit = list(t.index[t.guideline_status == "no_benefit"])
    options = {
        i: f"Not this one: {t.loc[i, 'trial']} tested {t.loc[i, 'treatment_class']} and its status is "
        f"'{t.loc[i, 'guideline_status']}'."
        for i in t.index
    }
    for i in no_benefit:
        options[i] = (
            f"Yes: in {t.loc[i, 'trial']}, removing the primary tumour in de novo stage IV breast cancer did not "
            "lengthen survival. Both randomised trials in the table found the same."
        )
    return neutral(choice("ex07-3", answer, no_benefit, options))


# --- 08 Hereditary risk and prevention ----------------------------------------------------------


@register("ex08-1", kind="concept")
def _ovarian(answer) -> Feedback:
    h = data.load("hereditary_risk").query("outcome == 'ovarian cancer'").set_index("gene")["value_percent"]
    top = h.idxmax()
    return choice(
        "ex08-1",
        answer,
        top,
        {
            g: (
                f"Yes: {h[g]:g}% by age 80 in the cohort."
                if g == top
                else f"{h[g]:g}% by age 80; the other gene carries more."
            )
            for g in h.index
        },
    )


def carrier_risk(years: float) -> dict[str, float]:
    """The notebook 08 model of a carrier's breast cancer risk over ``years`` after early adulthood.

    A constant yearly incidence (the middle of the prospective cohort's range) gives the risk
    without surgery, 1 - exp(-rate * years); the PROSE relative reduction (ovaries intact) applied
    to it gives the risk after risk-reducing mastectomy.  All values are percentages.
    """
    h = data.load("hereditary_risk").set_index("outcome")["value_percent"]
    rate = (
        h["yearly breast cancer incidence after early adulthood (low end)"]
        + h["yearly breast cancer incidence after early adulthood (high end)"]
    ) / 200
    reduction = h["reduction in breast cancer risk after mastectomy (ovaries intact)"] / 100
    without = 100 * (1 - math.exp(-rate * years))
    return {
        "rate": 100 * rate,
        "reduction": 100 * reduction,
        "without": without,
        "with": without * (1 - reduction),
        "difference": without * reduction,
    }


@register("ex08-2")
def _absolute_reduction(answer) -> Feedback:
    r = carrier_risk(20)
    prose = data.load("hereditary_risk").query("source == 'rebbeck2004' and n_total.notna()", engine="python")
    prose_diff = 100 * (prose.n_events.max() / prose.n_total.max() - prose.n_events.min() / prose.n_total.min())
    return number(
        "ex08-2",
        answer,
        r["difference"],
        abs_tol=0.5,
        unit="percentage points",
        why=f"Without surgery about {r['without']:.0f} in 100 over 20 years; {r['reduction']:.0f}% of them "
        f"avoided leaves about {r['with']:.0f} in 100. The absolute reduction is what a person weighs against the "
        "harms of surgery, and it depends on age and on how many years remain.",
        hint="First the risk without surgery, 1 − e^(−rate × years), then take the relative reduction of it.",
        misconceptions={
            r["reduction"]: "that is the relative reduction. The absolute reduction is that share of the risk "
            "without surgery, so it is smaller.",
            r["without"]: "that is the risk without surgery over 20 years. Now take the relative reduction of it.",
            r["with"]: "that is the risk left after the operation; the question asks for the difference it makes.",
            r["rate"] * 20 * r["reduction"] / 100: "you multiplied the yearly rate by the years. With a constant "
            "rate the risk grows more slowly: 1 − e^(−rate × years).",
            prose_diff: "that is the difference between PROSE's groups, which were not randomised; its control "
            "group's risk is not what a carrier faces.",
            r["difference"] / 100: "give percentage points (out of 100), not a fraction.",
        },
    )


@register("ex08-3", kind="concept")
def _why_brca_matters(answer) -> Feedback:
    return choice(
        "ex08-3",
        answer,
        "b",
        {
            "a": "No: carriers are not given a different chemotherapy dose because of BRCA status.",
            "b": "Yes: cancers without working BRCA repair are vulnerable to PARP inhibitors, which block a back-up "
            "repair route.",
            "c": "No: BRCA status does not decide where the cancer spreads; it decides which drugs can exploit the "
            "repair defect.",
        },
    )


# --- 09 Reading health claims -------------------------------------------------------------------


@register("ex09-3")
def _sort_claims(answer) -> Feedback:
    claims = data.load("claims").set_index("id")
    key = claims["verdict"].to_dict()
    reasons = {i: f"{r.reason} ({'; '.join(cite(k) for k in r.sources.split(';'))})" for i, r in claims.iterrows()}
    return sorting("ex09-3", answer, key, reasons)


@register("ex09-2", kind="concept")
def _red_flag(answer) -> Feedback:
    return choice(
        "ex09-2",
        answer,
        "b",
        {
            "a": "No: citing a randomised trial with an identifier you can check is a good sign.",
            "b": "Yes: promises of working for everyone without side effects are a classic red flag; real treatments "
            "have trade-offs.",
            "c": "No: an 'as of' date shows the page knows evidence changes — a good sign.",
        },
    )


@register("ex09-1", kind="concept")
def _strongest_evidence(answer) -> Feedback:
    return choice(
        "ex09-1",
        answer,
        "c",
        {
            "a": "No: a testimonial is one person's story; it cannot show what caused what.",
            "b": "No: a case series has no comparison group.",
            "c": "Yes: randomisation makes the groups comparable, so a difference in outcome can be attributed to "
            "the treatment.",
        },
    )


# --- 10 Finding and following metastatic disease ------------------------------------------------


@register("ex10-1")
def _er_conversion(answer) -> Feedback:
    conv = followup.receptor_conversion().set_index(["receptor", "direction"])["percent"]
    lost, gained = conv[("ER", "positive_to_negative")], conv[("ER", "negative_to_positive")]
    return number(
        "ex10-1",
        answer,
        200 * lost / 100,
        abs_tol=0.5,
        unit="people",
        why=f"{lost:g}% of 200. That is why a metastasis is biopsied and its receptors tested again "
        f"({cite('schrijver2018')}).",
        hint="Take the pooled percentage for ER going from positive to negative, and apply it to 200 people.",
        misconceptions={
            200 * gained / 100: "that uses the change from ER-negative to ER-positive; these tumours started "
            "ER-positive.",
            lost: "that is the percentage; the question asks how many of 200 people.",
        },
    )


@register("ex10-2", kind="concept")
def _her2_category(answer) -> Feedback:
    right = followup.her2_category("2+", ish_amplified=False)
    return choice(
        "ex10-2",
        answer,
        right,
        {
            "HER2-positive": "No: an IHC 2+ result counts as HER2-positive only when in situ hybridisation finds "
            "the gene amplified; here it did not.",
            "HER2-low": "Yes: 2+ without amplification is HER2-low, like 1+. Trastuzumab deruxtecan works in "
            f"HER2-low disease ({cite('modi2022')}).",
            "HER2-ultralow": "No: ultralow is faint, incomplete staining in at most 10% of cells, below 1+; "
            "a 2+ stain is stronger.",
            "HER2-0": "No: the cells do stain (2+); 0 means no staining.",
        },
    )


#: The RECIST exercise: sums of longest diameters in mm before treatment, at their smallest, now.
RECIST_CASE = {"baseline": 80, "nadir": 50, "current": 58}


@register("ex10-3")
def _recist_case(answer) -> Feedback:
    b, low, now = RECIST_CASE["baseline"], RECIST_CASE["nadir"], RECIST_CASE["current"]
    right = followup.recist(b, low, now)
    rise, fall = now - low, b - now
    pr, pd_rise, pd_mm = followup.PARTIAL_RESPONSE_FALL, followup.PROGRESSION_RISE, followup.PROGRESSION_MIN_MM
    return choice(
        "ex10-3",
        answer,
        right,
        {
            "complete response": "No: a complete response means every target lesion has gone (a sum of 0).",
            "partial response": f"No: compared with the baseline the sum has fallen {fall} mm, "
            f"{100 * fall / b:.1f}%, short of the {100 * pr:.0f}% a partial response needs.",
            "stable disease": f"Yes: the sum rose {rise} mm from its smallest, {100 * rise / low:.0f}%: more than "
            f"{pd_mm:g} mm but less than the {100 * pd_rise:.0f}% that progression needs; and it is "
            f"{100 * fall / b:.1f}% below the baseline, short of the {100 * pr:.0f}% of a partial response.",
            "progressive disease": f"No: progression needs a rise of at least {100 * pd_rise:.0f}% over the "
            f"smallest sum (here {pd_rise * low:g} mm) and at least {pd_mm:g} mm; the rise is {rise} mm. "
            "New lesions would count, but there are none.",
        },
    )


@register("ex10-4", kind="concept")
def _ctc_trial(answer) -> Feedback:
    t = followup.ctc_trial().set_index("group")["median_os_months"]
    return neutral(
        choice(
            "ex10-4",
            answer,
            "b",
            {
                "a": f"No: median survival was {t['C1']:g} months with the same chemotherapy and {t['C2']:g} months "
                f"after switching, a difference the trial could not tell from chance ({cite('smerage2014')}).",
                "b": f"Yes: the count sorted patients by outlook (median survival {t['A']:g}, {t['B']:g} and "
                f"{t['C']:g} months in groups A, B and C), but switching early on it did not lengthen survival "
                f"({t['C1']:g} vs {t['C2']:g} months): prognostic, not a guide to treatment.",
                "c": f"No: groups whose counts stayed raised lived shorter ({t['C']:g} vs {t['A']:g} months median): "
                "the count is strongly prognostic.",
            },
        )
    )


@register("ex10-5")
def _brain_mri_interval(answer) -> Feedback:
    row = followup.brain_mri_screening().set_index("subtype").loc["triple_negative"]
    k, n = int(row["found_first_mri"]), int(row["n"])
    low, high = sites.proportion_ci(k, n)
    return number(
        "ex10-5",
        answer,
        100 * low,
        abs_tol=0.1,
        unit="percent",
        why=f"With only {n} patients the interval runs from about {100 * low:.0f}% to {100 * high:.0f}%: it "
        "overlaps the other subtypes' intervals, so this small trial cannot rank the subtypes.",
        hint=f"sites.proportion_ci({k}, {n}) returns fractions (low, high); multiply the low end by 100.",
        misconceptions={
            100 * k / n: "that is the observed percentage; the interval's lower end lies below it.",
            100 * high: "that is the upper end of the interval; the question asks where it starts.",
        },
    )


# --- 11 Living with metastatic breast cancer -------------------------------------------------------


@register("ex11-1", kind="concept")
def _endocrine_resistance(answer) -> Feedback:
    right = living.endocrine_resistance("during adjuvant", 18)
    return choice(
        "ex11-1",
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


@register("ex11-2")
def _metastatic_at_diagnosis(answer) -> Feedback:
    seer = living.metastatic_at_diagnosis_seer()
    of_all, of_metastatic = living.seer_bone_shares()
    sweden = data.load("disease_course").query("source == 'valachis2022' and value < 50")["value"].iloc[0]
    return number(
        "ex11-2",
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


@register("ex11-3", kind="concept")
def _survival_trend(answer) -> Feedback:
    t = living.survival_trends().set_index("subtype")
    improved = t.index[t["hr_ci_high"] < 1].drop("all", errors="ignore")
    right = str(improved[0])
    her2 = t.loc["her2_pos"]
    return neutral(
        choice(
            "ex11-3",
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


@register("ex11-5")
def _participation_ratio(answer) -> Feedback:
    t = living.trial_representation().set_index("id")
    row = t.loc["older_breast"]
    in_trials, of_patients = row["percent_in_trials"], row["percent_of_patients"]
    ratio = living.participation_ratio(in_trials, of_patients)
    return number(
        "ex11-5",
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


# --- 12 Review and capstone ---------------------------------------------------------------------


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


@register("ex12-1", kind="concept")
def _vignette_a(answer) -> Feedback:
    return _vignette_choice(
        "ex12-1",
        answer,
        "hrpos_1l_cdk46",
        "Yes: for HR-positive, HER2-negative disease, first-line treatment is endocrine therapy with a CDK4/6 "
        "inhibitor.",
    )


@register("ex12-2", kind="concept")
def _vignette_b(answer) -> Feedback:
    return _vignette_choice(
        "ex12-2",
        answer,
        "gbrca_parp",
        "Yes: a germline BRCA1 variant makes a PARP inhibitor an option for HER2-negative disease.",
    )


@register("ex12-3")
def _quiz(answer) -> Feedback:
    fb = quiz.check(answer)
    return Feedback("ex12-3", fb.correct, fb.message)


# --- explain items: a model answer and a rubric, shown once the learner has written theirs --------

#: exercise id -> (model answer, rubric points); the prompts are in the notebooks.
EXPLAIN_ITEMS = {
    "ex01-4": (
        (
            "Before the operation, some cancer cells may already have left the breast and travelled in "
            "the blood to another organ. There they can stay dormant, too few to find on scans, for "
            "years. Surgery removes the tumour that can be seen in the breast, not these cells, so the "
            "cancer can come back elsewhere later."
        ),
        [
            "Cells can leave the breast before the operation, through the blood.",
            "Those cells can lie dormant, unseen, for a long time.",
            "Surgery treats only what it removes, so a recurrence can appear later in another organ.",
        ],
    ),
    "ex02-5": (
        (
            "Dormancy: cells that have left a vessel survive in an organ without growing, sometimes for "
            "years, which is one reason metastases can appear long after treatment. Early dissemination: "
            "cells can leave the tumour early, before it is large or found (shown in a mouse model, still "
            "debated in patients). A circulating tumour cell count measures how many cancer cells are in "
            "a blood sample at one moment; a high count went with shorter survival, but it does not show "
            "where or whether metastases will grow."
        ),
        [
            "Dormancy is survival without growth, and it explains late recurrence.",
            "Early dissemination means leaving before the primary tumour is found or large.",
            "A CTC count is cells in the blood at one moment, a sign of outlook, not a map of metastases.",
        ],
    ),
    "ex03-4": (
        (
            "They grafted pieces of lung, ovary or kidney into mice and injected melanoma cells into the "
            "blood. About as many cells lodged in the kidney grafts as in the lung grafts, but tumours "
            "grew only in the lung and ovary grafts. Delivery was similar and the outcome differed, so "
            "delivery by blood flow alone cannot explain where metastases grow: the tissue (the soil) "
            "decides too."
        ),
        [
            "Tissue grafts received tumour cells through the blood.",
            "Similar numbers of cells arrived, but tumours grew in some tissues only.",
            "So blood flow alone is ruled out as the explanation; the tissue matters (seed and soil).",
        ],
    ),
    "ex04-5": (
        (
            "Bone: pain, a bone breaking where it has been weakened, pressure on the spinal cord, and "
            "high calcium in the blood. Lung: breathlessness, a cough that does not go away, chest pain. "
            "Liver: often nothing at first (abnormal blood tests), later swelling of the belly, jaundice "
            "or pain under the right ribs. Brain: headache, confusion, seizures, weakness on one side or "
            "trouble with speech or vision."
        ),
        [
            "Names at least two real effects for each site chosen (the table in this lesson lists them).",
            "Separates what a patient feels (symptoms) from what only a test finds.",
            "Says these are reasons to report changes, not a way to diagnose oneself.",
        ],
    ),
    "ex05-4": (
        (
            "Each site (breast, lymph nodes, lung, bone, liver) is a node. At each step the disease moves "
            "from its current site to a next site, or stays, with a probability that depends only on the "
            "current site, not on the path so far. The probabilities form a transition matrix whose rows "
            "add up to 1; multiplying by the matrix k times gives where patients are after k steps, and a "
            "simulation of many patients gives the same answer on average. The course's matrix is "
            "illustrative, not measured."
        ),
        [
            "Sites are the states; arrows carry probabilities of the next site.",
            "The next step depends only on the current site (the Markov property).",
            "The matrix, applied step after step, gives where patients are; the model is illustrative.",
        ],
    ),
    "ex06-4": (
        (
            "Cancer cells that left the breast can stay dormant in another organ for years before they "
            "grow (notebooks 01 and 02). ER-positive disease recurs at a steady yearly rate for at least "
            "20 years, as the IBCSG and Pan et al. data show, whereas ER-negative disease has a high "
            "hazard in the first years that then falls. So for ER-positive cancer the risk does not end "
            "at five years, which is why follow-up and the length of endocrine therapy matter."
        ),
        [
            "Dormant cells can wake years later.",
            "ER-positive disease keeps a steady yearly hazard for decades; ER-negative recurs mostly early.",
            "Five years without recurrence is not the end of the risk for ER-positive disease.",
        ],
    ),
    "ex07-4": (
        (
            "The subtype sets the family of treatments, but within it biomarkers choose: an ESR1 mutation "
            "found on a blood test at progression points to an oral oestrogen-receptor degrader; a "
            "PIK3CA, AKT1 or PTEN alteration to a PI3K or AKT inhibitor; an inherited BRCA1/2 variant to "
            "a PARP inhibitor; a HER2-low result to an antibody-drug conjugate aimed at HER2. So two "
            "women with the same subtype can get different drugs because their tumours differ."
        ),
        [
            "The subtype is not enough: biomarkers choose within it.",
            "Names at least two biomarker-drug pairs from the lesson's table.",
            "Tests can be on the tumour, on blood (circulating DNA) or on inherited genes.",
        ],
    ),
    "ex08-4": (
        (
            "A BRCA variant is on a non-sex chromosome, so it passes through fathers as well as mothers, "
            "and each child of a carrier has a one-in-two chance of inheriting it, whatever the child's "
            "sex. The brother may carry it, and if he does, each of his children has a 50% chance. Male "
            "carriers have higher risks of breast, prostate (especially with BRCA2) and pancreatic "
            "cancer. He can be tested for the family's variant after genetic counselling."
        ),
        [
            "It passes through either parent, so a man can carry and pass it on.",
            "Each child of a carrier has a 50% chance.",
            "Male carriers face breast, prostate and pancreatic cancer risks; testing follows counselling.",
        ],
    ),
    "ex10-6": (
        (
            "The metastasis may not be what it seems: a biopsy confirms that it is breast cancer and not "
            "another cancer or a benign change. And a cancer changes as it spreads and is treated: its "
            "oestrogen receptor, progesterone receptor or HER2 can be gained or lost, and the treatment "
            "should fit the cancer as it is now, not as it was years ago."
        ),
        [
            "A biopsy confirms the diagnosis (breast cancer, not another disease).",
            "Receptors can change between the primary tumour and a metastasis (ER, PR, HER2).",
            "Treatment is chosen for the cancer as it is now; a changed receptor changes the options.",
        ],
    ),
    "ex11-4": (
        (
            "A visceral crisis means an organ such as the liver or lungs is failing, not just that it has "
            "metastases. Then the treatment must work quickly, because there may be no second chance if the "
            "first one fails; so a faster-acting treatment is chosen instead of the usual endocrine-based start."
        ),
        [
            "Visceral crisis is organ failure or severe dysfunction, not merely metastases in an organ.",
            "There may be no time for a second treatment if the first does not work.",
            "So a treatment expected to act fast is chosen first.",
        ],
    ),
    "ex09-4": (
        (
            "Randomisation gives two groups that are alike, on average, in everything except the "
            "treatment, including things nobody measured. The control group shows what would have "
            "happened anyway. So a difference in outcome can be put down to the treatment, which a story "
            "or a report without a fair comparison group cannot show."
        ),
        [
            "Randomisation makes the groups alike, even in unmeasured factors.",
            "A control group shows what happens without the treatment.",
            "Without a fair comparison, improvement may be chance, selection or the natural course.",
        ],
    ),
}


def _register_explain(exercise: str, model: str, rubric: list[str]) -> None:
    @register(exercise, kind="explain")
    def _explain(answer) -> Feedback:
        return explain(exercise, answer, model, rubric)


for _id, (_model, _rubric) in EXPLAIN_ITEMS.items():
    _register_explain(_id, _model, _rubric)


# --- predict-then-reveal ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _share_with_no_metastasis() -> float:
    """Percent of the notebook's 1,000 seeded simulated tumours that form no metastasis."""
    runs = cascade.simulate(1_000_000, cascade.ILLUSTRATIVE, seed=2026, runs=1000)
    return 100 * float((runs.query("step == 'colonisation'")["passing"] == 0).mean())


@register("ex02-6", kind="predict")
def _guess_none(answer) -> Feedback:
    return predict(
        "ex02-6",
        answer,
        _share_with_no_metastasis(),
        unit="percent",
        close=5,
        why="Even when the average is near two metastases, chance alone leaves some tumours with none, "
        "about one in six here. The histogram below shows the whole spread.",
    )
