"""Recording compliance and positive events, voiding them, and responding with the matrix's proposal."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.people.models import TimelineEvent
from reintegra.supervision.choices import ConditionKind, ResponseKind
from reintegra.supervision.models import ComplianceEvent, Condition, EventResponse, LevelDecision
from reintegra.supervision.selectors.compliance import (
    compliance_counts, event_get, events_of_period, history_for, proposal_for,
)
from reintegra.supervision.services.compliance import (
    compliance_event_record, compliance_event_void, event_response_record,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def case():
    office = ProbationOfficeFactory()
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    period = SupervisionPeriodFactory(office=office, officer=officer, starts_on=days_ago(400))
    return officer, period


def set_level(period, level: str, officer) -> None:
    LevelDecision.objects.create(period=period, person=period.person, level=level, effective_on=period.starts_on,
                                 decided_by=officer)


def record(officer, period, kind="missed_appointment", severity="moderate", days=5, **kwargs) -> ComplianceEvent:
    return compliance_event_record(actor=officer, period=period, kind=kind, severity=severity,
                                   occurred_on=days_ago(days), **kwargs)


def test_an_event_is_recorded_audited_and_on_the_timeline(case) -> None:
    officer, period = case
    event = record(officer, period, note="Did not come; no answer on the phone.")
    assert (event.person_id, event.positive, event.severity, event.recorded_by) == (
        period.person_id, False, "moderate", officer)
    audit = AuditEvent.objects.get(object_type="supervision.complianceevent", object_id=str(event.pk))
    assert audit.person_id == period.person_id and "Did not" not in str(audit.detail)
    assert TimelineEvent.objects.filter(person=period.person, kind="supervision.event_recorded").exists()


def test_a_positive_event_is_marked_positive_and_takes_no_severity(case) -> None:
    officer, period = case
    event = record(officer, period, kind="job_found", severity="")
    assert event.positive and event.severity == ""
    with pytest.raises(ValidationError) as error:
        record(officer, period, kind="job_found", severity="minor")
    assert "severity" in error.value.message_dict


@pytest.mark.parametrize(("changes", "field"), [
    ({"severity": ""}, "severity"),
    ({"severity": "catastrophic"}, "severity"),
    ({"kind": "nonsense"}, "kind"),
    ({"days": -1}, "occurred_on"),
    ({"days": 500}, "occurred_on"),
])
def test_bad_events_are_refused_with_a_message_and_nothing_changes(case, changes, field) -> None:
    officer, period = case
    with pytest.raises(ValidationError) as error:
        record(officer, period, **changes)
    assert field in error.value.message_dict
    assert not ComplianceEvent.objects.exists()
    assert not TimelineEvent.objects.filter(kind="supervision.event_recorded").exists()
    assert AuditEvent.objects.filter(detail__event="supervision.refused", detail__operation="event_record").exists()


def test_a_future_event_says_so(case) -> None:
    officer, period = case
    with pytest.raises(ValidationError) as error:
        record(officer, period, days=-3)
    assert error.value.message_dict["occurred_on"] == ["The date cannot be in the future."]


def test_the_condition_must_be_the_periods_own(case) -> None:
    officer, period = case
    other = SupervisionPeriodFactory(office=period.office, officer=officer, starts_on=days_ago(30))
    foreign = Condition.objects.create(period=other, person=other.person, kind=ConditionKind.STANDARD, text="Curfew",
                                       starts_on=other.starts_on, created_by=officer)
    with pytest.raises(ValidationError) as error:
        record(officer, period, kind="condition_breach", condition=foreign)
    assert "condition" in error.value.message_dict
    own = Condition.objects.create(period=period, person=period.person, kind=ConditionKind.ADDITIONAL,
                                   text="No contact with the victim", starts_on=period.starts_on, created_by=officer)
    assert record(officer, period, kind="condition_breach", condition=own).condition == own


def test_only_supervision_staff_who_see_the_person_record(case) -> None:
    officer, period = case
    with pytest.raises(AccessDenied):
        record(user_with_role(Role.PRISON_CASE_MANAGER, period.office), period)
    with pytest.raises(AccessDenied):
        record(user_with_role(Role.PROBATION_OFFICER), period)  # another office
    assert not ComplianceEvent.objects.exists()


def test_void_needs_a_reason_and_keeps_the_event(case) -> None:
    officer, period = case
    event = record(officer, period)
    with pytest.raises(ValidationError) as error:
        compliance_event_void(actor=officer, event=event, reason="  ")
    assert "reason" in error.value.message_dict
    event.refresh_from_db()
    assert event.voided_at is None
    compliance_event_void(actor=officer, event=event, reason="Recorded on the wrong person")
    event.refresh_from_db()
    assert event.voided_by == officer and event.void_reason == "Recorded on the wrong person"
    with pytest.raises(ValidationError):
        compliance_event_void(actor=officer, event=event, reason="again")
    assert list(events_of_period(period=period, include_voided=False)) == []


def test_the_response_stores_the_proposal_and_why(case) -> None:
    officer, period = case
    set_level(period, "high", officer)
    record(officer, period, severity="serious", days=40)
    event = record(officer, period, kind="new_arrest", severity="serious", days=2)
    response = event_response_record(actor=officer, event=event, chosen=ResponseKind.RECALL_REVIEW,
                                     reason="As proposed.")
    assert response.proposed == ResponseKind.RECALL_REVIEW
    assert [reason["code"] for reason in response.proposal_reasons] == ["event", "level", "serious_repeat"]
    assert response.decided_by == officer and response.decided_on == TODAY
    assert AuditEvent.objects.filter(object_type="supervision.eventresponse", object_id=str(response.pk)).exists()
    with pytest.raises(ValidationError) as error:
        event_response_record(actor=officer, event=event, chosen="formal_breach", reason="A second response here")
    assert "event" in error.value.message_dict
    assert EventResponse.objects.count() == 1


def test_a_response_needs_a_reason_and_a_longer_one_to_depart_from_the_proposal(case) -> None:
    officer, period = case
    event = record(officer, period, severity="minor")  # medium assumed: verbal warning proposed
    with pytest.raises(ValidationError) as error:
        event_response_record(actor=officer, event=event, chosen="verbal_warning", reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        event_response_record(actor=officer, event=event, chosen="curfew", reason="Too short")
    assert "at least 20 characters" in error.value.message_dict["reason"][0]
    assert not EventResponse.objects.exists()
    response = event_response_record(actor=officer, event=event, chosen="curfew",
                                     reason="Out late twice this month with the same group")
    assert (response.proposed, response.chosen) == ("verbal_warning", "curfew")


def test_a_voided_event_and_a_positive_event_cannot_be_referred(case) -> None:
    officer, period = case
    positive = record(officer, period, kind="programme_completed", severity="")
    with pytest.raises(ValidationError) as error:
        event_response_record(actor=officer, event=positive, chosen="recall_review", reason="x" * 30)
    assert "chosen" in error.value.message_dict
    voided = compliance_event_void(actor=officer, event=record(officer, period), reason="Wrong person")
    with pytest.raises(ValidationError) as error:
        event_response_record(actor=officer, event=voided, chosen="verbal_warning", reason="x" * 30)
    assert "event" in error.value.message_dict


def test_history_counts_the_window_before_the_event_only(case) -> None:
    officer, period = case
    record(officer, period, severity="serious", days=200)  # outside the 90 days
    record(officer, period, severity="serious", days=60)
    record(officer, period, severity="minor", days=30)
    compliance_event_void(actor=officer, event=record(officer, period, severity="serious", days=20), reason="error")
    record(officer, period, kind="job_found", severity="", days=15)
    event = record(officer, period, severity="moderate", days=10)
    record(officer, period, severity="serious", days=1)  # after the event
    history = history_for(event)
    assert (history.serious, history.moderate, history.minor, history.compliant_days) == (1, 0, 1, 20)
    assert proposal_for(event).response == "increased_reporting"  # problem solving, one step up for 2 earlier


def test_counts_and_event_get_follow_the_scope(case, django_assert_max_num_queries) -> None:
    officer, period = case
    event = record(officer, period, severity="serious", days=3)
    record(officer, period, kind="job_found", severity="", days=2)
    with django_assert_max_num_queries(1):
        counts = compliance_counts(period=period)
    assert counts == {"serious": 1, "moderate": 0, "minor": 0, "positive": 1, "awaiting": 2}
    assert event_get(user=officer, pk=event.pk) == event
    assert event_get(user=user_with_role(Role.PROBATION_OFFICER), pk=event.pk) is None
    with django_assert_max_num_queries(1):
        assert len(list(events_of_period(period=period))) == 2
