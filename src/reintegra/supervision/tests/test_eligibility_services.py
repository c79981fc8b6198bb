"""Eligibility reviews: act, defer and decline with a reason; the rule's reasons stored at that
moment; what each decision hides and for how long; refusals change nothing and are audited."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.justice.tests.factories import ProbationOfficeFactory
from reintegra.supervision.choices import EventKind
from reintegra.supervision.models import EligibilityReview, LevelDecision
from reintegra.supervision.selectors.eligibility import flag_list
from reintegra.supervision.selectors.periods import current_level
from reintegra.supervision.services.eligibility import eligibility_review_record
from reintegra.supervision.tests.test_eligibility_rules import TODAY, assessed, event, sentenced, supervised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def parole_rules(settings) -> None:
    settings.REINTEGRA_KEY_DATE_RULES = "parole-thirds"


def shown(user, rule: str, on: dt.date = TODAY, population: str = "supervised") -> list[int]:
    return [item.target_id for item in flag_list(user=user, population=population, rule=rule, on=on)]


def test_acting_on_lower_level_sets_the_level_from_the_band_and_keeps_the_reasons() -> None:
    world = supervised(months=5, band="low", level_="high")
    assert shown(world.officer, "lower_level") == [world.period.pk]
    review = eligibility_review_record(actor=world.officer, period=world.period, rule="lower_level", outcome="act",
                                       reason="Doing well; step down to the assessed level.")
    assert review.reasons[0]["text"].startswith("supervised 2 level(s) above") and review.reasons[0]["met"]
    assert current_level(world.period) == "low"
    assert LevelDecision.objects.filter(period=world.period).count() == 2
    assert shown(world.officer, "lower_level") == []
    event_ = AuditEvent.objects.get(object_type="supervision.eligibilityreview", object_id=str(review.pk))
    assert event_.detail["outcome"] == "act" and "Doing well" not in str(event_.detail)


def test_acting_on_early_discharge_only_records_the_decision() -> None:
    world = supervised()
    review = eligibility_review_record(actor=world.officer, period=world.period, rule="early_discharge",
                                       outcome="act", reason="Application to the court prepared.")
    assert review.outcome == "act" and current_level(world.period) == "high"
    world.period.refresh_from_db()
    assert world.period.ended_on is None
    assert shown(world.officer, "early_discharge") == []


def test_a_deferred_flag_comes_back_on_its_date() -> None:
    world = supervised()
    eligibility_review_record(actor=world.officer, period=world.period, rule="early_discharge", outcome="defer",
                              reason="Wait for the programme to finish.", defer_until=TODAY + dt.timedelta(days=30))
    assert shown(world.officer, "early_discharge") == []
    assert shown(world.officer, "early_discharge", on=TODAY + dt.timedelta(days=30)) == [world.period.pk]


def test_a_declined_flag_comes_back_after_the_waiting_time_or_when_a_stable_fact_changes() -> None:
    world = supervised(months=5, band="low", level_="high")
    eligibility_review_record(actor=world.officer, period=world.period, rule="lower_level", outcome="decline",
                              reason="Victim safety concerns at the moment.")
    assert shown(world.officer, "lower_level") == []
    assert shown(world.officer, "lower_level", on=TODAY + dt.timedelta(days=89)) == []
    assert shown(world.officer, "lower_level", on=TODAY + dt.timedelta(days=90)) == [world.period.pk]
    assessed(world.person, "moderate", days_ago=1)  # a new band: the facts changed
    assert shown(world.officer, "lower_level") == [world.period.pk]


def test_reviewed_flags_are_listed_on_request() -> None:
    world = supervised()
    eligibility_review_record(actor=world.officer, period=world.period, rule="early_discharge", outcome="decline",
                              reason="Not yet.")
    items = flag_list(user=world.officer, rule="early_discharge", show_hidden=True)
    assert [(item.target_id, item.hidden, item.review.outcome) for item in items] == [(world.period.pk, True, "decline")]


@pytest.mark.parametrize("kwargs, field", [
    ({"reason": "  "}, "reason"),
    ({"outcome": "maybe"}, "outcome"),
    ({"outcome": "defer"}, "defer_until"),
    ({"outcome": "defer", "defer_until": TODAY}, "defer_until"),
    ({"defer_until": TODAY + dt.timedelta(days=3)}, "defer_until"),
    ({"rule": "parole_review"}, "rule"),
    ({"rule": "nope"}, "rule"),
])
def test_bad_input_is_refused_with_the_field_and_nothing_is_written(kwargs: dict, field: str) -> None:
    world = supervised()
    call = {"actor": world.officer, "period": world.period, "rule": "early_discharge", "outcome": "act",
            "reason": "Fine.", **kwargs}
    with pytest.raises(ValidationError) as caught:
        eligibility_review_record(**call)
    assert field in caught.value.message_dict
    assert not EligibilityReview.objects.exists()
    assert AuditEvent.objects.filter(action="denied", detail__event="supervision.refused").exists()


def test_a_rule_the_person_does_not_meet_cannot_be_reviewed() -> None:
    world = supervised(months=5)  # too soon for early discharge
    with pytest.raises(ValidationError) as caught:
        eligibility_review_record(actor=world.officer, period=world.period, rule="early_discharge", outcome="act",
                                  reason="Try anyway.")
    assert "does not flag the person today" in caught.value.message_dict["rule"][0]
    assert "Months on supervision" in caught.value.message_dict["rule"][0]


def test_other_officers_and_volunteers_are_refused() -> None:
    world = supervised()
    colleague = user_with_role(Role.PROBATION_OFFICER, world.office)  # sees a summary only
    stranger = user_with_role(Role.SUPERVISOR, ProbationOfficeFactory())
    case_manager = user_with_role(Role.PRISON_CASE_MANAGER)
    for actor in (colleague, stranger, case_manager):
        with pytest.raises(AccessDenied):
            eligibility_review_record(actor=actor, period=world.period, rule="early_discharge", outcome="act",
                                      reason="x")
    assert not EligibilityReview.objects.exists()
    supervisor = user_with_role(Role.SUPERVISOR, world.office)
    eligibility_review_record(actor=supervisor, period=world.period, rule="early_discharge", outcome="act", reason="x")


def test_custody_flags_are_reviewed_by_prison_case_managers() -> None:
    episode = sentenced(term_days=900, served_days=280)
    manager = user_with_role(Role.PRISON_CASE_MANAGER, episode.facility)
    assert shown(manager, "parole_review", population="custody") == [episode.pk]
    review = eligibility_review_record(actor=manager, episode=episode, rule="parole_review", outcome="act",
                                       reason="Dossier started.")
    assert review.episode == episode and review.period is None
    assert shown(manager, "parole_review", population="custody") == []
    officer = user_with_role(Role.PROBATION_OFFICER)
    with pytest.raises(AccessDenied):
        eligibility_review_record(actor=officer, episode=episode, rule="parole_review", outcome="act", reason="x")


def test_an_arrest_after_acting_brings_no_flag_back() -> None:
    world = supervised()
    eligibility_review_record(actor=world.officer, period=world.period, rule="early_discharge", outcome="act",
                              reason="Applied.")
    event(world.period, world.officer, kind=EventKind.NEW_ARREST, days_ago=1)
    assert shown(world.officer, "early_discharge") == []  # the rule no longer holds at all
