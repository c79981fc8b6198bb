"""Dosage guidance: defaults, the setting that overrides them, the warnings, and the risk principle
as properties (hypothesis): a low-risk plan with a high-intensity programme or over the low-risk
maximum always warns; a high-risk plan under its minimum always warns."""
from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.planning.dosage import (
    INTENSIVE_FOR_LOW_RISK, NO_BAND, OVER_GUIDANCE, UNDER_GUIDANCE, Guidance, PlannedItem, dosage_check,
    guidance_for,
)

intensities = st.sampled_from(["low", "moderate", "high", ""])
items_st = st.lists(
    st.builds(PlannedItem, hours=st.integers(min_value=0, max_value=400), intensity=intensities,
              label=st.text(alphabet="abcdefghij ", max_size=12)),
    max_size=8,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_default_guidance_follows_the_dosage_literature() -> None:
    assert guidance_for("low") == Guidance("low", None, 50, "moderate")
    assert guidance_for("moderate") == Guidance("moderate", 100, 200, None)
    assert guidance_for("high") == Guidance("high", 200, None, None)
    assert guidance_for("very_high") == Guidance("very_high", 300, None, None)
    assert guidance_for("") is None
    assert guidance_for("extreme") is None


def test_planned_hours_are_the_sum_and_a_plan_within_guidance_has_no_warning() -> None:
    dosage = dosage_check(band="moderate", items=[PlannedItem(60, "moderate", "CBT"), PlannedItem(80, "high", "SU")])
    assert dosage.planned_hours == 140
    assert dosage.warnings == ()
    assert dosage.within_guidance


def test_low_risk_with_a_high_intensity_programme_names_it_and_explains_why() -> None:
    dosage = dosage_check(band="low", items=[PlannedItem(20, "high", "Thinking Skills"), PlannedItem(10, "low", "Gym")])
    assert dosage.codes == {INTENSIVE_FOR_LOW_RISK}
    message = dosage.warnings[0].message
    assert "Thinking Skills" in message and "Gym" not in message
    assert "low-risk" in message and "can increase reoffending" in message


def test_low_risk_over_the_maximum_warns_with_the_figures() -> None:
    dosage = dosage_check(band="low", items=[PlannedItem(40, "low", "A"), PlannedItem(20, "moderate", "B")])
    assert dosage.codes == {OVER_GUIDANCE}
    assert "60 hours planned" in dosage.warnings[0].message and "50 hours" in dosage.warnings[0].message


def test_high_risk_under_the_minimum_warns() -> None:
    dosage = dosage_check(band="high", items=[PlannedItem(120, "high", "A")])
    assert dosage.codes == {UNDER_GUIDANCE}
    assert "120 hours planned" in dosage.warnings[0].message and "200 hours" in dosage.warnings[0].message
    assert dosage_check(band="high", items=[PlannedItem(200, "high", "A")]).warnings == ()


@pytest.mark.parametrize(("band", "hours", "codes"), [
    ("low", 50, set()), ("low", 51, {OVER_GUIDANCE}),
    ("moderate", 99, {UNDER_GUIDANCE}), ("moderate", 100, set()), ("moderate", 200, set()), ("moderate", 201, {OVER_GUIDANCE}),
    ("high", 199, {UNDER_GUIDANCE}), ("high", 200, set()), ("high", 5000, set()),
    ("very_high", 299, {UNDER_GUIDANCE}), ("very_high", 300, set()),
])
def test_the_bounds_are_inclusive(band: str, hours: int, codes: set[str]) -> None:
    assert dosage_check(band=band, items=[PlannedItem(hours, "moderate")]).codes == codes


def test_moderate_over_its_maximum_and_under_its_minimum() -> None:
    assert dosage_check(band="moderate", items=[PlannedItem(250, "moderate")]).codes == {OVER_GUIDANCE}
    assert dosage_check(band="moderate", items=[]).codes == {UNDER_GUIDANCE}


def test_no_band_says_the_plan_cannot_be_checked() -> None:
    dosage = dosage_check(band="", items=[PlannedItem(30, "high")])
    assert dosage.guidance is None and dosage.codes == {NO_BAND}
    assert "30" in dosage.warnings[0].message
    assert not dosage.within_guidance


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError):
        PlannedItem(-1, "low")


@override_settings(REINTEGRA_DOSAGE_GUIDANCE={"low": {"max_hours": 20, "max_intensity": "low"},
                                              "high": {"min_hours": 150}})
def test_the_setting_overrides_defaults_key_by_key() -> None:
    assert guidance_for("low") == Guidance("low", None, 20, "low")
    assert guidance_for("high") == Guidance("high", 150, None, None)
    assert guidance_for("moderate") == Guidance("moderate", 100, 200, None)
    assert dosage_check(band="low", items=[PlannedItem(10, "moderate", "X")]).codes == {INTENSIVE_FOR_LOW_RISK}


@override_settings(REINTEGRA_DOSAGE_GUIDANCE='{"very_high": {"min_hours": 350}}')
def test_the_setting_may_be_json_text() -> None:
    assert guidance_for("very_high").min_hours == 350


@pytest.mark.parametrize(("value", "words"), [
    ({"extreme": {"min_hours": 1}}, "unknown band"),
    ({"low": {"max_hours": -5}}, "whole number"),
    ({"low": {"max_hours": "fifty"}}, "whole number"),
    ({"low": {"max_intensity": "brutal"}}, "max_intensity"),
    ({"moderate": {"min_hours": 300}}, "more than max_hours"),
    ({"low": {"hours": 3}}, "unknown key"),
    ({"low": 50}, "must be an object"),
    ("{not json", "must be JSON"),
    (["low"], "must map"),
])
def test_a_bad_setting_is_refused_with_a_clear_message(value: object, words: str) -> None:
    with override_settings(REINTEGRA_DOSAGE_GUIDANCE=value), pytest.raises(ImproperlyConfigured, match=words):
        guidance_for("high")  # any band: the whole setting is checked


@settings(max_examples=400, deadline=None)
@given(items=items_st)
def test_low_risk_plan_with_intensive_work_or_too_many_hours_always_warns(items: list[PlannedItem]) -> None:
    dosage = dosage_check(band="low", items=items)
    total = sum(item.hours for item in items)
    if any(item.intensity == "high" for item in items):
        assert INTENSIVE_FOR_LOW_RISK in dosage.codes
    if total > 50:
        assert OVER_GUIDANCE in dosage.codes
    if not any(item.intensity == "high" for item in items) and total <= 50:
        assert dosage.warnings == ()  # and only then is it silent


@settings(max_examples=300, deadline=None)
@given(items=items_st, band=st.sampled_from(["high", "very_high"]))
def test_high_risk_plan_under_its_minimum_always_warns(items: list[PlannedItem], band: str) -> None:
    dosage = dosage_check(band=band, items=items)
    minimum = {"high": 200, "very_high": 300}[band]
    assert (UNDER_GUIDANCE in dosage.codes) == (dosage.planned_hours < minimum)
    assert INTENSIVE_FOR_LOW_RISK not in dosage.codes  # high intensity is what high risk calls for


@settings(max_examples=200, deadline=None)
@given(items=items_st, maximum=st.integers(min_value=0, max_value=300),
       ceiling=st.sampled_from(["low", "moderate"]))
def test_whatever_the_configured_low_risk_guidance_intensive_or_excess_work_warns(
        items: list[PlannedItem], maximum: int, ceiling: str) -> None:
    with override_settings(REINTEGRA_DOSAGE_GUIDANCE={"low": {"max_hours": maximum, "max_intensity": ceiling}}):
        dosage = dosage_check(band="low", items=items)
    rank = {"low": 0, "moderate": 1, "high": 2}
    if any(item.intensity in rank and rank[item.intensity] > rank[ceiling] for item in items):
        assert INTENSIVE_FOR_LOW_RISK in dosage.codes
    if dosage.planned_hours > maximum:
        assert OVER_GUIDANCE in dosage.codes
