"""The graduated-response matrix: proposals for each kind of event, severity and level, escalation
on repeated non-compliance, incentives, and the checks of REINTEGRA_GRADUATED_RESPONSES."""
from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reintegra.supervision import responses
from reintegra.supervision.choices import POSITIVE_EVENTS, EventKind, ResponseKind, Severity
from reintegra.supervision.responses import LADDER, RUNG, History, propose

NEGATIVE = [kind for kind in EventKind.values if kind not in POSITIVE_EVENTS]
POSITIVE = sorted(POSITIVE_EVENTS)
SEVERITIES = [str(s) for s in responses.SEVERITIES]
LEVELS = [str(level) for level in responses.LEVELS]

histories = st.builds(History, serious=st.integers(0, 5), moderate=st.integers(0, 5), minor=st.integers(0, 5),
                      compliant_days=st.integers(0, 1000))
levels = st.sampled_from(LEVELS + [None])
# Pure and fast; on a busy machine the generation health check is noise.
relaxed = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("severity", "level", "expected"), [
    ("minor", "low", "verbal_warning"), ("minor", "high", "written_warning"),
    ("moderate", "low", "written_warning"), ("moderate", "medium", "problem_solving"),
    ("moderate", "intensive", "increased_reporting"), ("serious", "low", "increased_reporting"),
    ("serious", "medium", "curfew"), ("serious", "high", "formal_breach"),
])
def test_a_first_missed_appointment_gets_the_matrix_response_for_its_severity_and_level(severity, level, expected):
    proposal = propose(kind=EventKind.MISSED_APPOINTMENT, severity=severity, level=level)
    assert proposal.response == expected
    assert [reason.code for reason in proposal.reasons] == ["event", "level"]


def test_each_kind_of_non_compliance_has_a_proposal_and_its_floor() -> None:
    assert propose(kind="condition_breach", severity="minor", level="low").response == "verbal_warning"
    drugs = propose(kind="positive_drug_test", severity="moderate", level="low")
    assert drugs.response == ResponseKind.TREATMENT_REFERRAL
    assert "floor" in [reason.code for reason in drugs.reasons]
    assert propose(kind="new_arrest", severity="serious", level="low").response == ResponseKind.FORMAL_BREACH
    assert propose(kind="new_arrest", severity="minor", level="low").response == ResponseKind.WRITTEN_WARNING


@pytest.mark.parametrize(("kind", "expected"), [
    ("job_found", "certificate"), ("programme_completed", "certificate"), ("negative_drug_test", "praise"),
    ("housing_secured", "praise"), ("sustained_compliance", "reduced_reporting"),
])
def test_positive_events_get_incentives(kind, expected) -> None:
    assert propose(kind=kind, level="high").response == expected


def test_sustained_compliance_at_a_low_level_leads_to_an_early_discharge_review() -> None:
    long = History(compliant_days=200)
    proposal = propose(kind="sustained_compliance", level="low", history=long)
    assert proposal.response == ResponseKind.EARLY_DISCHARGE_REVIEW
    assert "compliant for 200 days" in proposal.summary
    assert propose(kind="sustained_compliance", level="high", history=long).response == "reduced_reporting"
    assert propose(kind="sustained_compliance", level="low", history=History(compliant_days=100)).response == (
        "reduced_reporting")


def test_repeated_serious_non_compliance_is_referred_for_a_recall_decision() -> None:
    first = propose(kind="condition_breach", severity="serious", level="high")
    assert first.response == ResponseKind.FORMAL_BREACH
    second = propose(kind="condition_breach", severity="serious", level="high", history=History(serious=1))
    assert second.response == ResponseKind.RECALL_REVIEW
    assert second.summary == ("serious event (condition breach); high supervision level; 2 serious events in 90 "
                              "days -> refer for a recall or revocation decision")
    # a low level needs a third
    assert propose(kind="condition_breach", severity="serious", level="low",
                   history=History(serious=1)).response != ResponseKind.RECALL_REVIEW
    assert propose(kind="condition_breach", severity="serious", level="low",
                   history=History(serious=2)).response == ResponseKind.RECALL_REVIEW


def test_repeated_minor_events_step_up_but_never_to_a_recall() -> None:
    assert propose(kind="missed_appointment", severity="minor", level="low",
                   history=History(minor=2)).response == "written_warning"
    assert propose(kind="missed_appointment", severity="minor", level="low",
                   history=History(minor=30)).response == ResponseKind.FORMAL_BREACH


def test_without_a_level_medium_is_assumed_and_said() -> None:
    proposal = propose(kind="missed_appointment", severity="moderate", level=None)
    assert proposal.response == "problem_solving"
    assert "no supervision level recorded, medium assumed" in proposal.summary


def test_bad_calls_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        propose(kind="nonsense")
    with pytest.raises(ValueError):
        propose(kind="missed_appointment", severity="")


@relaxed
@given(kind=st.sampled_from(POSITIVE), level=levels, history=histories)
def test_a_positive_event_never_gets_a_sanction(kind, level, history) -> None:
    assert propose(kind=kind, level=level, history=history).response in responses.INCENTIVES


@relaxed
@given(kind=st.sampled_from(NEGATIVE), level=levels, history=histories,
       pair=st.lists(st.sampled_from(SEVERITIES), min_size=2, max_size=2, unique=True))
def test_a_more_serious_event_never_gets_a_lighter_proposal_at_the_same_level(kind, level, history, pair) -> None:
    lighter, heavier = sorted(pair, key=SEVERITIES.index)
    assert RUNG[propose(kind=kind, severity=lighter, level=level, history=history).response] <= RUNG[
        propose(kind=kind, severity=heavier, level=level, history=history).response]


@relaxed
@given(kind=st.sampled_from(NEGATIVE), severity=st.sampled_from(SEVERITIES), history=histories,
       pair=st.lists(st.sampled_from(LEVELS), min_size=2, max_size=2, unique=True))
def test_a_higher_level_never_gets_a_lighter_proposal(kind, severity, history, pair) -> None:
    lower, higher = sorted(pair, key=LEVELS.index)
    assert RUNG[propose(kind=kind, severity=severity, level=lower, history=history).response] <= RUNG[
        propose(kind=kind, severity=severity, level=higher, history=history).response]


@relaxed
@given(kind=st.sampled_from(NEGATIVE), severity=st.sampled_from(SEVERITIES), level=levels, history=histories)
def test_more_history_never_lightens_and_only_serious_events_reach_a_recall(kind, severity, level, history) -> None:
    proposal = propose(kind=kind, severity=severity, level=level, history=history)
    more = History(serious=history.serious + 1, moderate=history.moderate, minor=history.minor)
    assert RUNG[proposal.response] <= RUNG[propose(kind=kind, severity=severity, level=level, history=more).response]
    assert proposal.response in LADDER
    if severity != Severity.SERIOUS:
        assert proposal.response != ResponseKind.RECALL_REVIEW


def test_the_setting_replaces_parts_of_the_matrix(settings) -> None:
    settings.REINTEGRA_GRADUATED_RESPONSES = {
        "sanctions": {"minor": {"low": "no_action"}}, "incentives": {"job_found": "praise"},
        "recall_after_serious": {"high": 1, "intensive": 1}, "window_days": 30, "floors": {},
    }
    assert propose(kind="missed_appointment", severity="minor", level="low").response == ResponseKind.NO_ACTION
    assert propose(kind="job_found", level="low").response == "praise"
    assert propose(kind="new_arrest", severity="serious", level="high").response == ResponseKind.RECALL_REVIEW
    assert propose(kind="positive_drug_test", severity="moderate", level="low").response == "written_warning"
    assert responses.window_days() == 30


@pytest.mark.parametrize(("value", "words"), [
    ("{not json", "must be an object"),
    ([1, 2], "must be an object"),
    ({"speed": 1}, "unknown key speed"),
    ({"sanctions": {"grave": {}}}, "unknown severity grave"),
    ({"sanctions": {"minor": {"extreme": "curfew"}}}, "unknown level extreme"),
    ({"sanctions": {"minor": {"low": "flogging"}}}, "sanctions.minor.low must be one of"),
    ({"sanctions": {"minor": {"low": "praise"}}}, "sanctions.minor.low must be one of"),
    ({"sanctions": {"minor": {"low": "curfew"}}}, "a more serious event gets a lighter response"),
    ({"sanctions": {"serious": {"low": "verbal_warning"}}},
     "a more serious event gets a lighter response"),
    ({"sanctions": {"minor": {"high": "verbal_warning", "medium": "written_warning"}}},
     "a higher level gets a lighter response"),
    ({"floors": {"job_found": {"minor": "curfew"}}}, "unknown event job_found"),
    ({"floors": {"new_arrest": {"minor": "curfew", "serious": "verbal_warning"}}}, "lighter floor"),
    ({"incentives": {"job_found": "curfew"}}, "incentives.job_found must be one of"),
    ({"incentives": {"new_arrest": "praise"}}, "unknown event new_arrest"),
    ({"window_days": 0}, "window_days must be a whole number of at least 1"),
    ({"repeat_step": True}, "repeat_step must be a whole number"),
    ({"recall_after_serious": {"high": 5}}, "must not need more serious events"),
    ({"early_discharge": {"levels": ["extreme"]}}, "early_discharge.levels"),
])
def test_a_wrong_setting_stops_start_up_naming_it(settings, value, words) -> None:
    settings.REINTEGRA_GRADUATED_RESPONSES = value
    with pytest.raises(ImproperlyConfigured) as error:
        responses.register()
    assert str(error.value).startswith("REINTEGRA_GRADUATED_RESPONSES")
    assert words in str(error.value)


def test_stored_reasons_are_worded_in_the_readers_language() -> None:
    from django.utils import translation

    reasons = propose(kind="new_arrest", severity="serious", level="high", history=History(serious=1)).reasons_json()
    assert responses.describe(reasons)[0] == "serious event (new arrest)"
    with translation.override("es"):
        assert responses.summary("recall_review", reasons)  # worded, whatever the catalogue holds
    assert responses.describe([{"code": "unknown"}, "junk"]) == ["unknown"]
