"""The shipped needs instrument (reintegra-needs.yaml): structure, golden cases, routing, texts."""
from __future__ import annotations

import pytest

from reintegra.assessments.instruments import instrument_get, missing_required, progress, score, visible_items
from reintegra.assessments.tests import definition_support as support

CODE = "reintegra-needs"
# The seven dynamic Central Eight domains, in the synthetic generator's order, then the static one.
DYNAMIC = ("attitudes", "associates", "personality", "family", "school_work", "leisure", "substance")


@pytest.fixture(scope="module")
def needs():
    return support.load(CODE)


# --- golden cases, computed by hand ----------------------------------------------------------

# A 23-year-old with a third burglary conviction, daily drug use linked to the offence, out of work,
# most friends offending; strong family support, plays football, keen on music.
YOUNG_ADULT_BURGLARY = {
    "ch_convictions": "many", "ch_first_age": "under_18", "ch_custody": "once", "ch_breach": "one",
    "ch_violence": "none", "ch_recent": "under_1y",                                               # 2+2+1+1+0+2 = 8
    "att_offending": "ambivalent", "att_excuses": "sometimes", "att_authority": "mixed",
    "att_identity": "no", "att_entitlement": "rarely", "att_prosocial_goals": "vague",            # 1+1+1+0+0+1 = 4
    "asc_offending_friends": "most", "asc_prosocial_friends": "one_two", "asc_group": "past",
    "asc_cooffending": "sometimes", "asc_pressure": "sometimes", "asc_reduce_contact": "unsure",   # 2+1+1+1+1+1 = 7
    "per_impulsive": "often", "per_anger": "sometimes_loses", "per_problem_solving": "with_help",
    "per_early_conduct": "some", "per_concern_others": "usually", "per_risk_seeking": "sometimes",  # 2+1+1+1+0+1 = 6
    "fam_partner": "no_partner", "fam_support": "strong", "fam_conflict": "some",
    "fam_offending": "none", "fam_abuse": "no", "fam_children": "no",                             # 0+0+1+0+0+0 = 1
    "sw_activity": "unemployed", "sw_history": "patchy", "sw_education": "some_secondary",
    "sw_skills": "in_training", "sw_relations": "some_problems", "sw_wants_work": "wants",        # 2+1+1+1+1+1 = 7
    "lei_organised": "regularly", "lei_free_time": "mixed", "lei_risky_places": "often",
    "lei_boredom": "sometimes", "lei_interest": "active", "lei_routine": "partly",                 # 0+1+2+1+0+1 = 5
    "sub_use": "dependent", "sub_problems": "serious", "sub_offending": "current",
    "sub_drugs": "regularly", "sub_change": "tried", "sub_under_supervision": "once",             # 2+2+2+2+1+1 = 10
}

# A 45-year-old convicted of fraud for the first time, who lost his job over it; settled, skilled,
# with prosocial friends and children he is close to; drinks occasionally with some problems.
FIRST_OFFENCE_FRAUD = {
    "ch_convictions": "none", "ch_first_age": "age_25_plus", "ch_custody": "none",
    "ch_breach": "none", "ch_violence": "none",                                                   # 0 (ch_recent hidden)
    "att_offending": "rejects", "att_excuses": "sometimes", "att_authority": "accepting",
    "att_identity": "no", "att_entitlement": "rarely", "att_prosocial_goals": "clear",            # 1
    "asc_offending_friends": "none", "asc_prosocial_friends": "several", "asc_group": "none",
    "asc_cooffending": "never", "asc_pressure": "usually",                                        # 0 (asc_reduce_contact hidden)
    "per_impulsive": "rarely", "per_anger": "well", "per_problem_solving": "well",
    "per_early_conduct": "none", "per_concern_others": "usually", "per_risk_seeking": "rarely",   # 0
    "fam_partner": "strained", "fam_support": "some", "fam_conflict": "some", "fam_offending": "none",
    "fam_abuse": "no", "fam_children": "yes", "fam_children_relation": "positive",                # 1+1+1 = 3
    "sw_activity": "unemployed", "sw_history": "steady", "sw_education": "secondary_plus",
    "sw_skills": "yes", "sw_relations": "good", "sw_wants_work": "active",                        # 2
    "lei_organised": "regularly", "lei_free_time": "structured", "lei_risky_places": "rarely",
    "lei_boredom": "no", "lei_interest": "active", "lei_routine": "yes",                          # 0
    "sub_use": "occasional", "sub_problems": "some", "sub_offending": "no", "sub_drugs": "no",
    "sub_change": "succeeded", "sub_under_supervision": "never",                                  # 1
}

# A man in his thirties with a long violent record since adolescence, abusive to his partner,
# hostile to supervision, no structure to his days; learned a trade in custody.
PERSISTENT_VIOLENT = {
    "ch_convictions": "many", "ch_first_age": "under_18", "ch_custody": "twice_plus",
    "ch_breach": "two_plus", "ch_violence": "two_plus", "ch_recent": "under_1y",                  # 12
    "att_offending": "favourable", "att_excuses": "often", "att_authority": "hostile",
    "att_identity": "partly", "att_entitlement": "often", "att_prosocial_goals": "vague",         # 2+2+2+1+2+1 = 10
    "asc_offending_friends": "most", "asc_prosocial_friends": "one_two", "asc_group": "current",
    "asc_cooffending": "usually", "asc_pressure": "rarely", "asc_reduce_contact": "unwilling",     # 2+1+2+2+2+2 = 11
    "per_impulsive": "often", "per_anger": "often_loses", "per_problem_solving": "poorly",
    "per_early_conduct": "many", "per_concern_others": "sometimes", "per_risk_seeking": "often",  # 2+2+2+2+1+2 = 11
    "fam_partner": "harmful", "fam_support": "none", "fam_conflict": "serious",
    "fam_offending": "several", "fam_abuse": "caused", "fam_children": "yes",
    "fam_children_relation": "broken",                                                            # 2+2+2+2+2+0+2 = 12
    "sw_activity": "unemployed", "sw_history": "rarely", "sw_education": "some_secondary",
    "sw_skills": "in_training", "sw_relations": "poor", "sw_wants_work": "wants",                 # 2+2+1+1+2+1 = 9
    "lei_organised": "never", "lei_free_time": "unstructured", "lei_risky_places": "often",
    "lei_boredom": "often", "lei_interest": "inactive", "lei_routine": "no",                      # 2+2+2+2+1+2 = 11
    "sub_use": "regular", "sub_problems": "some", "sub_offending": "past", "sub_drugs": "occasionally",
    "sub_change": "not_tried", "sub_under_supervision": "once",                                   # 1+1+1+1+2+1 = 7
}

GOLDEN = [
    pytest.param(
        YOUNG_ADULT_BURGLARY,
        {"criminal_history": 8, "attitudes": 4, "associates": 7, "personality": 6, "family": 1,
         "school_work": 7, "leisure": 5, "substance": 10},
        48, "high",
        ["substance", "criminal_history", "associates", "school_work", "personality"],
        [("family", "fam_support", "social_capital"), ("leisure", "lei_organised", "social_capital"),
         ("leisure", "lei_interest", "human_capital")],
        [],
        id="young-adult-burglary",
    ),
    pytest.param(
        FIRST_OFFENCE_FRAUD,
        {"criminal_history": 0, "attitudes": 1, "associates": 0, "personality": 0, "family": 3,
         "school_work": 2, "leisure": 0, "substance": 1},
        7, "low",
        [],
        [("attitudes", "att_prosocial_goals", "human_capital"),
         ("associates", "asc_prosocial_friends", "social_capital"),
         ("personality", "per_problem_solving", "human_capital"),
         ("family", "fam_children_relation", "social_capital"),
         ("school_work", "sw_education", "human_capital"), ("school_work", "sw_skills", "human_capital"),
         ("school_work", "sw_relations", "social_capital"), ("school_work", "sw_wants_work", "human_capital"),
         ("leisure", "lei_organised", "social_capital"), ("leisure", "lei_interest", "human_capital"),
         ("substance", "sub_change", "human_capital")],
        [],
        id="first-offence-fraud",
    ),
    pytest.param(
        PERSISTENT_VIOLENT,
        {"criminal_history": 12, "attitudes": 10, "associates": 11, "personality": 11, "family": 12,
         "school_work": 9, "leisure": 11, "substance": 7},
        83, "very_high",
        # ranked by score / 12, ties in definition order
        ["criminal_history", "family", "associates", "personality", "leisure", "attitudes", "school_work",
         "substance"],
        [],
        [("domestic_abuse", "safety", ["fam_abuse"])],
        id="persistent-violent",
    ),
]


@pytest.mark.parametrize("answers, domains, total, band, needs_ranked, strengths, flags", GOLDEN)
def test_golden_cases(needs, answers, domains, total, band, needs_ranked, strengths, flags):
    assert missing_required(needs, answers) == []
    result = score(needs, answers).as_dict()
    assert {d["code"]: d["score"] for d in result["domains"]} == domains
    assert result["total"] == total
    assert result["band"] == band
    assert result["needs"] == needs_ranked
    assert [(s["domain"], s["item"], s["category"]) for s in result["strengths"]] == strengths
    assert [(f["code"], f["kind"], f["because"]) for f in result["flags"]] == flags
    (scale,) = result["scales"]
    assert scale["code"] == "total" and scale["max"] == 96
    assert scale["band_explanation"]


# --- structure -------------------------------------------------------------------------------

def test_loads_through_the_registry_and_directly(needs):
    shipped = instrument_get(CODE)
    assert shipped.sha256 == needs.sha256
    assert (needs.kind, needs.version) == ("needs", "1.0")
    assert needs.domains[0].code == "criminal_history"


def test_domains_are_the_central_eight_with_exact_codes(needs):
    codes = [d.code for d in needs.domains]
    assert codes == ["criminal_history", *DYNAMIC]
    assert all(d.criminogenic for d in needs.domains)
    assert [s.code for s in needs.sections] == codes  # one section per domain, same order


def test_every_domain_has_five_to_seven_scored_items_and_need_at_half_its_maximum(needs):
    for domain in needs.domains:
        items = needs.domain_items[domain.code]
        assert 5 <= len(items) <= 7, domain.code
        assert needs.domain_max[domain.code] == 12
        assert domain.need_at == needs.domain_max[domain.code] / 2
        for item in items:
            assert item.type == "choice"
            assert sorted({o.score for o in item.options}) in ([0], [0, 1, 2], [0, 1, 2, 3]), item.code


def test_every_domain_can_record_a_strength(needs):
    categories = {s.code for s in needs.strengths}
    assert categories == {"human_capital", "social_capital"}
    for domain in needs.domains:
        if domain.code == "criminal_history":
            continue  # static: a history has no strengths to record
        strong = [i for i in needs.domain_items[domain.code] if any(o.strength for o in i.options)]
        assert strong, domain.code
        assert all(i.strength_of in categories for i in strong)
        assert all(o.score == 0 for i in strong for o in i.options if o.strength)


def test_domain_need_threshold(needs):
    just_below = {"sub_use": "dependent", "sub_problems": "serious", "sub_offending": "no",  # 2+2+0
                  "sub_drugs": "occasionally"}                                            # +1 = 5
    at = {**just_below, "sub_change": "tried"}                                            # 6
    assert score(needs, just_below).as_dict()["needs"] == []
    assert score(needs, at).as_dict()["needs"] == ["substance"]


def test_band_cut_offs(needs):
    scale = needs.primary_scale
    assert [(b.code, b.min) for b in scale.bands] == [("low", 0), ("moderate", 20), ("high", 40), ("very_high", 60)]
    expected = {0: "low", 19: "low", 20: "moderate", 39: "moderate", 40: "high", 59: "high",
                60: "very_high", 96: "very_high"}
    assert {total: scale.band_for(total).code for total in expected} == expected


def test_maximum_answers_are_very_high_and_zero_answers_low(needs):
    top = score(needs, support.highest(needs)).as_dict()
    assert top["total"] == 96 and top["band"] == "very_high"
    assert len(top["needs"]) == 8
    bottom = score(needs, support.lowest(needs)).as_dict()
    assert bottom["total"] == 0 and bottom["band"] == "low"
    assert bottom["needs"] == [] and bottom["flags"] == []


def test_reassessment_block(needs):
    assert dict(needs.reassessment.months) == {"low": 12, "moderate": 9, "high": 6, "very_high": 6}
    assert needs.reassessment.after_events == ("admission", "release", "breach", "programme_completion")


# --- routing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("gate, hidden_with, shown_with, routed", [
    ("ch_convictions", "none", "few", ["ch_recent"]),
    ("asc_offending_friends", "none", "some", ["asc_reduce_contact"]),
    ("fam_children", "no", "yes", ["fam_children_relation"]),
    ("sub_use", "none", "occasional",
     ["sub_problems", "sub_offending", "sub_drugs", "sub_change", "sub_under_supervision"]),
])
def test_routing(needs, gate, hidden_with, shown_with, routed):
    stale = {code: support.highest(needs)[code] for code in routed}  # answers kept from an earlier visit
    hidden = {**YOUNG_ADULT_BURGLARY, **stale, gate: hidden_with}
    shown = {**YOUNG_ADULT_BURGLARY, **stale, gate: shown_with}
    assert not set(routed) & {i.code for i in visible_items(needs, hidden)}
    assert set(routed) <= {i.code for i in visible_items(needs, shown)}
    missing_hidden = missing_required(needs, {gate: hidden_with})
    missing_shown = missing_required(needs, {gate: shown_with})
    assert not set(routed) & set(missing_hidden)
    assert set(routed) <= set(missing_shown)
    # a hidden item's stale answer is never scored
    domain = needs.item(gate).domain
    hidden_result = {d["code"]: d for d in score(needs, hidden).as_dict()["domains"]}[domain]
    assert not {c["item"] for c in hidden_result["contributions"]} & set(routed)
    shown_result = {d["code"]: d for d in score(needs, shown).as_dict()["domains"]}[domain]
    assert set(routed) <= {c["item"] for c in shown_result["contributions"]}


def test_substance_detail_answered_without_any_use_scores_nothing(needs):
    result = score(needs, {"sub_use": "none", "sub_problems": "serious", "sub_offending": "current"}).as_dict()
    assert {d["code"]: d["score"] for d in result["domains"]}["substance"] == 0


# --- completion ------------------------------------------------------------------------------

def test_missing_required_lists_unanswered_visible_items(needs):
    partial = dict(YOUNG_ADULT_BURGLARY)
    del partial["att_identity"], partial["sub_drugs"], partial["lei_routine"]
    assert missing_required(needs, partial) == ["att_identity", "lei_routine", "sub_drugs"]
    # nothing answered: every item without routing is required; routed items are hidden
    routed = {i.code for i in needs.items() if i.show_if is not None}
    assert missing_required(needs, {}) == [i.code for i in needs.items() if i.code not in routed]
    assert len(routed) == 8


def test_progress_counts_visible_items(needs):
    sections = {p.code: p for p in progress(needs, YOUNG_ADULT_BURGLARY)}
    assert (sections["substance"].answered, sections["substance"].visible_total) == (6, 6)
    sections = {p.code: p for p in progress(needs, {"sub_use": "none"})}
    assert (sections["substance"].answered, sections["substance"].visible_total) == (1, 1)


# --- texts -----------------------------------------------------------------------------------

def test_every_text_has_english_and_spanish():
    assert support.untranslated(support.raw(CODE)) == []


def test_every_band_domain_and_flag_is_explained(needs):
    for band in needs.primary_scale.bands:
        assert set(band.explanation) >= {"en", "es"}, band.code
    for domain in needs.domains:
        assert set(domain.explanation) >= {"en", "es"}, domain.code
    for flag in needs.flags:
        assert set(flag.explanation) >= {"en", "es"}, flag.code


def test_being_harmed_raises_the_safety_flag_but_adds_no_points(needs):
    result = score(needs, {"fam_abuse": "harmed"}).as_dict()
    assert [f["code"] for f in result["flags"]] == ["domestic_abuse"]
    assert result["total"] == 0


def test_only_a_real_change_in_substance_use_is_a_strength(needs):
    def strengths(change):
        answers = {"sub_use": "occasional", "sub_change": change}
        return [s["item"] for s in score(needs, answers).as_dict()["strengths"]]

    assert strengths("succeeded") == ["sub_change"]
    assert strengths("not_needed") == []
