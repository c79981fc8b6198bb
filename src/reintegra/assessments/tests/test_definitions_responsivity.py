"""The shipped responsivity instrument (reintegra-responsivity.yaml): flags, routing, completion, texts."""
from __future__ import annotations

import random

import pytest

from reintegra.assessments.instruments import instrument_get, missing_required, score, visible_items
from reintegra.assessments.tests import definition_support as support

CODE = "reintegra-responsivity"


@pytest.fixture(scope="module")
def responsivity():
    return support.load(CODE)


# --- golden cases, computed by hand ----------------------------------------------------------

# A foreign national who speaks Portuguese, reads the local language with difficulty; otherwise no
# adaptations.
FOREIGN_NATIONAL = {
    "rsp_language": "Portuguese (Brazil); reads some Spanish", "rsp_interpreter": "yes",
    "rsp_literacy": "some_difficulty", "rsp_sensory": "no",
    "rsp_motivation": "ready", "rsp_denial": "accepts",
    "rsp_anxiety": "none", "rsp_mental_health": "none", "rsp_learning": "none", "rsp_trauma": "none",
    "rsp_psychopathy": "none_or_one", "rsp_age": "no_needs",
    "rsp_gender": "no", "rsp_culture": "Brazilian; Catholic", "rsp_culture_adapt": "no", "rsp_children": "no",
}

# A 20-year-old mother of a toddler, ambivalent about change and minimising the offence, anxious in
# groups, with suspected depression and a known history of abuse; wants a women-only group.
YOUNG_MOTHER = {
    "rsp_language": "Spanish", "rsp_interpreter": "no", "rsp_literacy": "fluent", "rsp_sensory": "no",
    "rsp_motivation": "considering", "rsp_denial": "minimises",
    "rsp_anxiety": "marked", "rsp_mental_health": "suspected", "rsp_learning": "none", "rsp_trauma": "known",
    "rsp_psychopathy": "none_or_one", "rsp_age": "young",
    "rsp_gender": "yes", "rsp_gender_notes": "Women-only group; was harmed by a former partner",
    "rsp_culture_adapt": "no", "rsp_children": "yes", "rsp_parenting": "yes",
}

# An older man with hearing loss, ready to change, with a documented pattern of manipulation and
# no remorse across prison and probation records.
OLDER_CAUTION = {
    "rsp_language": "Spanish", "rsp_interpreter": "no", "rsp_literacy": "fluent", "rsp_sensory": "yes",
    "rsp_motivation": "ready", "rsp_denial": "denies",
    "rsp_anxiety": "none", "rsp_mental_health": "none", "rsp_learning": "none", "rsp_trauma": "none",
    "rsp_psychopathy": "two_plus", "rsp_age": "older",
    "rsp_gender": "no", "rsp_culture_adapt": "no", "rsp_children": "no",
}

GOLDEN = [
    pytest.param(FOREIGN_NATIONAL, ["interpreter", "low_literacy"], "moderate", id="foreign-national"),
    pytest.param(YOUNG_MOTHER,
                 ["low_motivation", "denial", "interpersonal_anxiety", "mental_health", "trauma", "maturity",
                  "gender_responsive", "parenting"], "high", id="young-mother"),
    pytest.param(OLDER_CAUTION, ["communication_support", "denial", "psychopathy_caution", "older_person"],
                 "moderate", id="older-caution"),
]


@pytest.mark.parametrize("answers, flags, band", GOLDEN)
def test_golden_cases(responsivity, answers, flags, band):
    assert missing_required(responsivity, answers) == []
    result = score(responsivity, answers).as_dict()
    assert [f["code"] for f in result["flags"]] == flags  # in the definition's flag order
    assert all(f["kind"] == "responsivity" for f in result["flags"])
    assert result["total"] == len(flags)
    assert result["band"] == band
    assert result["needs"] == []
    assert result["strengths"] == []


def test_flags_name_the_answer_that_raised_them(responsivity):
    result = score(responsivity, FOREIGN_NATIONAL).as_dict()
    assert {f["code"]: f["because"] for f in result["flags"]} == {
        "interpreter": ["rsp_interpreter"], "low_literacy": ["rsp_literacy"]}


def test_nothing_to_adapt(responsivity):
    answers = {**support.lowest(responsivity), "rsp_language": "Spanish"}
    result = score(responsivity, answers).as_dict()
    assert (result["total"], result["band"], result["flags"]) == (0, "low", [])


def test_the_score_counts_raised_flags_whatever_the_answers(responsivity):
    rng = random.Random(4)
    choice_items = [i for i in responsivity.items() if i.type == "choice"]
    for _ in range(300):
        answers = {i.code: rng.choice(i.options).code for i in choice_items}
        result = score(responsivity, answers).as_dict()
        assert result["total"] == len(result["flags"])
        assert all(len(f["because"]) == 1 for f in result["flags"])


def test_each_flag_is_raised_by_exactly_one_item(responsivity):
    raised_by: dict[str, set[str]] = {}
    for item in responsivity.items():
        for option in item.options:
            for flag in option.flags:
                raised_by.setdefault(flag, set()).add(item.code)
            assert option.score == (1 if option.flags else 0), (item.code, option.code)
    assert set(raised_by) == {f.code for f in responsivity.flags}
    assert all(len(items) == 1 for items in raised_by.values())


# --- structure -------------------------------------------------------------------------------

def test_loads_through_the_registry(responsivity):
    assert instrument_get(CODE).sha256 == responsivity.sha256
    assert (responsivity.kind, responsivity.version) == ("responsivity", "1.0")


def test_covers_every_specific_responsivity_factor(responsivity):
    flags = {f.code for f in responsivity.flags}
    assert flags == {
        "interpreter", "low_literacy", "communication_support", "low_motivation", "denial",
        "interpersonal_anxiety", "mental_health", "learning_disability", "trauma", "psychopathy_caution",
        "maturity", "older_person", "gender_responsive", "culture", "parenting",
    }
    assert all(f.kind == "responsivity" for f in responsivity.flags)
    texts = {i.code: i.type for i in responsivity.items() if i.type == "text"}
    assert texts == {"rsp_language": "text", "rsp_gender_notes": "text", "rsp_culture": "text"}


def test_is_not_a_risk_score(responsivity):
    assert not any(d.criminogenic for d in responsivity.domains)
    scale = responsivity.primary_scale
    assert "not a risk score" in scale.label["en"] and "no es una puntuación de riesgo" in scale.label["es"]
    assert [(b.code, b.min) for b in scale.bands] == [("low", 0), ("moderate", 2), ("high", 5)]
    for band in scale.bands:
        assert "not a risk level" in band.explanation["en"], band.code
        assert "No es un nivel de riesgo" in band.explanation["es"], band.code
    assert "not a diagnosis" in responsivity.flag_by_code["psychopathy_caution"].label["en"]
    assert "no es un diagnóstico" in responsivity.flag_by_code["psychopathy_caution"].label["es"]


def test_reassessed_after_events_only(responsivity):
    assert dict(responsivity.reassessment.months) == {}
    assert responsivity.reassessment.after_events == ("admission", "release")


# --- routing and completion ------------------------------------------------------------------

@pytest.mark.parametrize("gate, routed", [("rsp_children", "rsp_parenting"), ("rsp_gender", "rsp_gender_notes")])
def test_routing(responsivity, gate, routed):
    assert routed not in {i.code for i in visible_items(responsivity, {gate: "no"})}
    assert routed in {i.code for i in visible_items(responsivity, {gate: "yes"})}


def test_a_hidden_parenting_answer_raises_no_flag(responsivity):
    answers = {**OLDER_CAUTION, "rsp_parenting": "yes"}  # stale: rsp_children is "no"
    assert "parenting" not in [f["code"] for f in score(responsivity, answers).as_dict()["flags"]]


def test_missing_required(responsivity):
    partial = {k: v for k, v in YOUNG_MOTHER.items() if k not in ("rsp_language", "rsp_parenting", "rsp_trauma")}
    assert missing_required(responsivity, partial) == ["rsp_language", "rsp_trauma", "rsp_parenting"]
    # free-text notes are never required; the preferred language is
    optional = {i.code for i in responsivity.items() if not i.required}
    assert optional == {"rsp_gender_notes", "rsp_culture"}


# --- texts -----------------------------------------------------------------------------------

def test_every_text_has_english_and_spanish():
    assert support.untranslated(support.raw(CODE)) == []


def test_every_band_and_flag_is_explained(responsivity):
    for band in responsivity.primary_scale.bands:
        assert set(band.explanation) >= {"en", "es"}, band.code
    for flag in responsivity.flags:
        assert set(flag.explanation) >= {"en", "es"}, flag.code
