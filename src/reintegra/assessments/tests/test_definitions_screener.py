"""The shipped screener (reintegra-screener.yaml): structure, golden cases, completion, texts."""
from __future__ import annotations

import pytest

from reintegra.assessments.instruments import instrument_get, missing_required, progress, score
from reintegra.assessments.tests import definition_support as support

CODE = "reintegra-screener"


@pytest.fixture(scope="module")
def screener():
    return support.load(CODE)


# --- golden cases, computed by hand ----------------------------------------------------------

# A 38-year-old before the court for the first time, in steady work; a little defensive about the
# offence, some strain with family.
FIRST_CONTACT_EMPLOYED = {
    "scr_convictions": "none", "scr_first_age": "age_25_plus", "scr_work": "full_time",
    "scr_substance": "no", "scr_associates": "none", "scr_attitudes": "ambivalent",
    "scr_housing": "stable", "scr_family": "some",
}  # 0+0+0+0+0+1+0+1 = 2

# A 22-year-old with two earlier convictions, casual work, some drinking and some friends in
# trouble, sofa-surfing; close to a supportive mother.
YOUNG_CASUAL_WORK = {
    "scr_convictions": "few", "scr_first_age": "age_18_24", "scr_work": "partly",
    "scr_substance": "some", "scr_associates": "some", "scr_attitudes": "rejects",
    "scr_housing": "unstable", "scr_family": "strong",
}  # 1+1+1+1+1+0+1+0 = 6

# Many convictions since adolescence, no work, clear drug problem, offending friends, homeless at
# release, estranged from family.
PERSISTENT_HOMELESS = {
    "scr_convictions": "many", "scr_first_age": "under_18", "scr_work": "no",
    "scr_substance": "clear", "scr_associates": "most", "scr_attitudes": "ambivalent",
    "scr_housing": "homeless", "scr_family": "none",
}  # 2+2+2+2+2+1+2+2 = 15

GOLDEN = [
    pytest.param(FIRST_CONTACT_EMPLOYED, 2, "low", [], [("school_work", "scr_work", "human_capital")],
                 id="first-contact-employed"),
    pytest.param(YOUNG_CASUAL_WORK, 6, "moderate", ["criminal_history"],
                 [("family", "scr_family", "social_capital")], id="young-casual-work"),
    pytest.param(PERSISTENT_HOMELESS, 15, "high",
                 # every domain at its maximum ranks 1.0; ties keep definition order; housing is not
                 # criminogenic and attitudes (1 of 2) is below its threshold
                 ["criminal_history", "school_work", "substance", "associates", "family"], [],
                 id="persistent-homeless"),
]


@pytest.mark.parametrize("answers, total, band, needs_ranked, strengths", GOLDEN)
def test_golden_cases(screener, answers, total, band, needs_ranked, strengths):
    assert missing_required(screener, answers) == []
    result = score(screener, answers).as_dict()
    assert result["total"] == total
    assert result["band"] == band
    assert result["needs"] == needs_ranked
    assert [(s["domain"], s["item"], s["category"]) for s in result["strengths"]] == strengths
    assert result["flags"] == []
    (scale,) = result["scales"]
    assert scale["max"] == 16 and scale["band_explanation"]


# --- structure -------------------------------------------------------------------------------

def test_loads_through_the_registry(screener):
    assert instrument_get(CODE).sha256 == screener.sha256
    assert (screener.kind, screener.version) == ("screener", "1.0")
    assert screener.use == ("pre_sentence", "admission")
    assert screener.reassessment is None  # only the full needs assessment is scheduled


def test_eight_items_covering_the_brief(screener):
    items = screener.items()
    assert len(items) == 8
    assert all(i.type == "choice" and i.required and i.show_if is None for i in items)
    assert [i.domain for i in items] == ["criminal_history", "criminal_history", "school_work", "substance",
                                         "associates", "attitudes", "housing", "family"]


def test_domain_codes_match_the_needs_instrument(screener):
    needs_codes = {d.code for d in support.load("reintegra-needs").domains}
    assert {d.code for d in screener.domains} - needs_codes == {"housing"}
    assert not screener.domain_by_code["housing"].criminogenic


def test_band_cut_offs(screener):
    scale = screener.primary_scale
    assert [(b.code, b.min) for b in scale.bands] == [("low", 0), ("moderate", 5), ("high", 10)]
    expected = {0: "low", 4: "low", 5: "moderate", 9: "moderate", 10: "high", 16: "high"}
    assert {total: scale.band_for(total).code for total in expected} == expected


def test_extremes(screener):
    top = score(screener, support.highest(screener)).as_dict()
    assert (top["total"], top["band"]) == (16, "high")
    bottom = score(screener, support.lowest(screener)).as_dict()
    assert (bottom["total"], bottom["band"], bottom["needs"]) == (0, "low", [])


def test_band_explanations_say_when_to_do_the_full_assessment(screener):
    for band in screener.primary_scale.bands:
        assert "full needs assessment" in band.explanation["en"], band.code
        assert "evaluación completa de necesidades" in band.explanation["es"], band.code


# --- completion ------------------------------------------------------------------------------

def test_missing_required_lists_unanswered_items(screener):
    partial = {k: v for k, v in YOUNG_CASUAL_WORK.items() if k not in ("scr_housing", "scr_first_age")}
    assert missing_required(screener, partial) == ["scr_first_age", "scr_housing"]
    assert missing_required(screener, {}) == [i.code for i in screener.items()]


def test_progress(screener):
    sections = {p.code: (p.answered, p.required_total) for p in progress(screener, {"scr_convictions": "few"})}
    assert sections == {"history": (1, 2), "situation": (0, 6)}


# --- texts -----------------------------------------------------------------------------------

def test_every_text_has_english_and_spanish():
    assert support.untranslated(support.raw(CODE)) == []


def test_every_band_and_domain_is_explained(screener):
    for band in screener.primary_scale.bands:
        assert set(band.explanation) >= {"en", "es"}, band.code
    for domain in screener.domains:
        assert set(domain.explanation) >= {"en", "es"}, domain.code
