"""Recall and revocation decisions: only supervisors, with a justification and the events weighed;
"recalled" ends the period as revoked in the same transaction, "continued" keeps it."""
from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.justice.choices import SupervisionEnd, SupervisionKind
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.people.models import TimelineEvent
from reintegra.supervision.choices import RecallKind, RecallOutcome, ResponseKind
from reintegra.supervision.models import RecallDecision
from reintegra.supervision.selectors.compliance import recall_pending, recall_pending_list
from reintegra.supervision.services.compliance import compliance_event_record, event_response_record
from reintegra.supervision.services.recall import recall_decide

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WHY = "Two serious breaches in a month and a new arrest; the risk to the victim can no longer be managed."


@pytest.fixture
def case():
    office = ProbationOfficeFactory()
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    supervisor = user_with_role(Role.SUPERVISOR, office)
    period = SupervisionPeriodFactory(office=office, officer=officer, starts_on=TODAY - dt.timedelta(days=300),
                                      kind=SupervisionKind.LICENCE)
    event = compliance_event_record(actor=officer, period=period, kind="new_arrest", severity="serious",
                                    occurred_on=TODAY - dt.timedelta(days=2))
    return officer, supervisor, period, event


def decide(supervisor, period, events, **kwargs):
    values = {"outcome": RecallOutcome.RECALLED, "justification": WHY, **kwargs}
    return recall_decide(actor=supervisor, period=period, events=events, **values)


def test_a_recall_without_a_reason_is_refused_and_nothing_changes(case) -> None:
    officer, supervisor, period, event = case
    for justification, words in (("", "needs its justification"), ("Too many breaches", "at least 30 characters")):
        with pytest.raises(ValidationError) as error:
            decide(supervisor, period, [event], justification=justification)
        assert words in error.value.message_dict["justification"][0]
    period.refresh_from_db()
    assert period.ended_on is None and period.end_reason == "" and period.version == 1
    assert not RecallDecision.objects.exists()
    assert not TimelineEvent.objects.filter(kind__in=["supervision.recall_decided", "supervision.ended"]).exists()
    assert AuditEvent.objects.filter(detail__operation="recall_decide", detail__why="invalid").count() == 2


def test_only_supervisors_decide(case) -> None:
    officer, supervisor, period, event = case
    with pytest.raises(AccessDenied):
        decide(officer, period, [event])
    with pytest.raises(AccessDenied):
        decide(user_with_role(Role.SUPERVISOR), period, [event])  # a supervisor of another office
    period.refresh_from_db()
    assert period.ended_on is None and not RecallDecision.objects.exists()


def test_recalled_ends_the_period_as_revoked(case) -> None:
    officer, supervisor, period, event = case
    decision = decide(supervisor, period, [event])
    period.refresh_from_db()
    assert (period.ended_on, period.end_reason, period.version) == (TODAY, SupervisionEnd.REVOKED, 2)
    assert (decision.kind, decision.outcome, decision.decided_by) == (RecallKind.RECALL, "recalled", supervisor)
    assert list(decision.events.all()) == [event]
    kinds = set(TimelineEvent.objects.filter(person=period.person).values_list("kind", flat=True))
    assert {"supervision.recall_decided", "supervision.ended"} <= kinds
    assert AuditEvent.objects.filter(object_type="supervision.recalldecision", object_id=str(decision.pk)).exists()


def test_a_failure_ending_the_period_rolls_the_decision_back(case) -> None:
    officer, supervisor, period, event = case
    with mock.patch("reintegra.supervision.services.recall.supervision_end",
                    side_effect=ValidationError({"ended_on": ["no"]})), pytest.raises(ValidationError):
        decide(supervisor, period, [event])
    assert not RecallDecision.objects.exists()


def test_continued_keeps_the_period_and_probation_is_revocation(case) -> None:
    officer, supervisor, _licence, _event = case
    period = SupervisionPeriodFactory(office=_licence.office, officer=officer, starts_on=TODAY - dt.timedelta(days=50))
    event = compliance_event_record(actor=officer, period=period, kind="condition_breach", severity="serious",
                                    occurred_on=TODAY)
    with pytest.raises(ValidationError) as error:
        decide(supervisor, period, [event], kind=RecallKind.RECALL)
    assert "kind" in error.value.message_dict
    decision = decide(supervisor, period, [event], outcome=RecallOutcome.CONTINUED)
    period.refresh_from_db()
    assert decision.kind == RecallKind.REVOCATION and period.ended_on is None


def test_the_events_weighed_must_be_the_periods(case) -> None:
    officer, supervisor, period, event = case
    other = SupervisionPeriodFactory(office=period.office, officer=officer, starts_on=TODAY - dt.timedelta(days=10))
    foreign = compliance_event_record(actor=officer, period=other, kind="new_arrest", severity="serious",
                                      occurred_on=TODAY)
    for events in ([], [event, foreign]):
        with pytest.raises(ValidationError) as error:
            decide(supervisor, period, events)
        assert "events" in error.value.message_dict
    assert not RecallDecision.objects.exists()


def test_a_stale_period_and_an_ended_one_are_refused(case) -> None:
    officer, supervisor, period, event = case
    with pytest.raises(StaleEditError):
        decide(supervisor, period, [event], expected_version=7)
    decide(supervisor, period, [event], expected_version=1)
    period = SupervisionPeriod.objects.get(pk=period.pk)
    with pytest.raises(ValidationError) as error:
        decide(supervisor, period, [event], outcome=RecallOutcome.CONTINUED)
    assert "period" in error.value.message_dict


def test_a_referral_waits_on_the_supervisors_list_until_decided(case, django_assert_max_num_queries) -> None:
    officer, supervisor, period, event = case
    assert not recall_pending(period)
    event_response_record(actor=officer, event=event, chosen=ResponseKind.RECALL_REVIEW, reason=WHY)
    assert recall_pending(period)
    with django_assert_max_num_queries(4):
        rows = list(recall_pending_list(user=supervisor))
    assert rows == [period] and rows[0].referred_event == event.pk
    assert list(recall_pending_list(user=officer)) == []  # officers do not decide recalls
    assert list(recall_pending_list(user=user_with_role(Role.SUPERVISOR))) == []  # another office
    decide(supervisor, period, [event], outcome=RecallOutcome.CONTINUED)
    assert not recall_pending(period)
    assert list(recall_pending_list(user=supervisor)) == []
