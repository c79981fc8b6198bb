"""Community supervision of the synthetic people: levels, conditions, contacts, appointments,
events with responses, recalls; volunteer profiles; the demo officer's caseload."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.justice.choices import SupervisionEnd
from reintegra.justice.models import SupervisionPeriod
from reintegra.people import timeline
from reintegra.people.models import TimelineEvent
from reintegra.supervision.choices import POSITIVE_EVENTS, Attendance, RecallOutcome
from reintegra.supervision.models import (
    Appointment, ComplianceEvent, Condition, EventResponse, LevelDecision, RecallDecision, SupervisionContact,
    VolunteerProfile, VolunteerTraining,
)
from reintegra.supervision.responses import History, propose
from reintegra.supervision.standards import contact_due, level_for_band
from reintegra.synth import jurisdiction, services
from reintegra.synth.demo import demo_logins_ensure
from reintegra.synth.models import SyntheticProfile
from reintegra.synth.supervision import RECENT_DAYS

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 31)


@pytest.fixture
def generated() -> None:
    services.synth_run(persons=400, seed=7, today=TODAY, batch_size=200)


def _covered() -> list[SupervisionPeriod]:
    return list(SupervisionPeriod.objects.filter(starts_on__lte=TODAY).exclude(
        ended_on__lt=TODAY - dt.timedelta(days=RECENT_DAYS)))


def test_every_open_and_recent_period_has_one_current_level_from_the_band(generated: None) -> None:
    periods = _covered()
    assert any(p.ended_on is None for p in periods) and any(p.ended_on is not None for p in periods)
    current = {d.period_id: d for d in LevelDecision.objects.filter(superseded_at__isnull=True)}
    assert set(current) == {p.pk for p in periods}
    decisions = list(current.values())
    for d in decisions:
        assert d.person_id == SupervisionPeriod.objects.get(pk=d.period_id).person_id
        assert d.derived_level == level_for_band(d.band)
        assert d.level == d.derived_level or d.override_reason or not d.derived_level
    overridden = [d for d in decisions if d.derived_level and d.level != d.derived_level]
    assert overridden and len(overridden) < len(decisions) / 5
    assert LevelDecision.objects.filter(superseded_at__isnull=False).exists()  # some kept an earlier level
    assert {d.level for d in decisions} >= {"medium", "high", "intensive"}


def test_conditions_contacts_and_appointments(generated: None) -> None:
    periods = _covered()
    standard = Counter(Condition.objects.filter(kind="standard").values_list("period_id", flat=True))
    assert set(standard) == {p.pk for p in periods}
    assert Condition.objects.filter(kind="additional").exists()
    contacts = SupervisionContact.objects.all()
    assert contacts.count() > 5 * len(periods)
    assert not contacts.filter(occurred_on__gt=TODAY).exists()
    for contact in contacts.select_related("period")[:500]:
        assert contact.period.starts_on <= contact.occurred_on
        assert contact.period.ended_on is None or contact.occurred_on <= contact.period.ended_on
        assert contact.person_id == contact.period.person_id and contact.note
        assert contact.held_by_id == contact.period.officer_id
    attendance = Counter(contacts.values_list("attendance", flat=True))
    assert attendance[Attendance.ATTENDED] > 0.8 * contacts.count()
    assert attendance[Attendance.MISSED] and attendance[Attendance.EXCUSED]
    upcoming = Appointment.objects.filter(status="scheduled")
    assert upcoming.exists()
    assert not upcoming.filter(scheduled_for__lt=timezone.make_aware(dt.datetime(2025, 4, 1))).exists()
    assert not upcoming.filter(period__ended_on__isnull=False).exists()


def test_events_have_the_matrix_proposal_and_recalls_follow_revocations(generated: None) -> None:
    events = list(ComplianceEvent.objects.select_related("period", "response"))
    kinds = Counter(e.kind for e in events)
    assert kinds["missed_appointment"] and kinds["new_arrest"] and any(k in POSITIVE_EVENTS for k in kinds)
    assert EventResponse.objects.count() == len(events)
    same = 0
    for e in events:
        assert e.positive == (e.kind in POSITIVE_EVENTS) and bool(e.severity) != e.positive
        assert e.period.starts_on <= e.occurred_on <= (e.period.ended_on or TODAY)
        r = e.response
        assert e.occurred_on <= r.decided_on <= TODAY and r.reason
        assert r.proposal_reasons and all("code" in reason for reason in r.proposal_reasons)
        same += r.chosen == r.proposed
        if r.chosen != r.proposed:
            assert len(r.reason) >= 20
    assert 0.7 * len(events) < same < len(events)
    # A first event of its period, with nothing before it, gets what the matrix proposes with no history.
    first = min((e for e in events if e.kind == "missed_appointment"), key=lambda e: (e.period_id, e.occurred_on))
    assert first.response.proposed == propose(kind=first.kind, severity=first.severity,
                                              level=_level(first.period_id), history=History(
                                                  compliant_days=(first.occurred_on - first.period.starts_on).days)
                                              ).response or ComplianceEvent.objects.filter(
        period_id=first.period_id, occurred_on__lt=first.occurred_on).exists()
    revoked = SupervisionPeriod.objects.filter(end_reason=SupervisionEnd.REVOKED,
                                               ended_on__gte=TODAY - dt.timedelta(days=RECENT_DAYS))
    recalls = RecallDecision.objects.prefetch_related("events")
    assert recalls.filter(outcome=RecallOutcome.RECALLED).count() == revoked.count() > 0
    for decision in recalls:
        assert decision.justification and decision.events.exists()
        assert all(event.period_id == decision.period_id for event in decision.events.all())
        if decision.outcome == RecallOutcome.RECALLED:
            assert decision.decided_on == decision.period.ended_on


def _level(period_id: int) -> str:
    return LevelDecision.objects.get(period_id=period_id, superseded_at__isnull=True).level


def test_audit_and_timeline_follow_what_the_services_record(generated: None) -> None:
    audited = set(AuditEvent.objects.filter(object_type__startswith="supervision.").values_list("object_type",
                                                                                                flat=True))
    assert {"supervision.leveldecision", "supervision.condition", "supervision.supervisioncontact",
            "supervision.complianceevent", "supervision.eventresponse"} <= audited
    kinds = Counter(TimelineEvent.objects.filter(source_app="supervision").values_list("kind", flat=True))
    expected = {"supervision.level_set": LevelDecision, "supervision.condition_added": Condition,
                "supervision.event_recorded": ComplianceEvent, "supervision.event_response": EventResponse,
                "supervision.recall_decided": RecallDecision}
    assert timeline.is_registered("supervision.level_set")
    for kind, model in expected.items():
        # Written for each kind the supervision app registers (as its services would record them).
        assert kinds[kind] == (model.objects.count() if timeline.is_registered(kind) else 0)


def test_volunteers_have_profiles_and_training(generated: None) -> None:
    profiles = list(VolunteerProfile.objects.select_related("office"))
    assert len(profiles) == 2 * 12  # two volunteers per office
    for profile in profiles:
        assert "es" in profile.languages and profile.area and 2 <= profile.max_people <= 4
        assert VolunteerTraining.objects.filter(volunteer_id=profile.user_id).count() >= 2
    assert not VolunteerTraining.objects.filter(completed_on__gt=timezone.localdate()).exists()


def _fingerprint() -> str:
    index = dict(SyntheticProfile.objects.values_list("person_id", "index"))
    rows = sorted(str((index[p], *rest)) for p, *rest in SupervisionContact.objects.values_list(
        "person_id", "contact_type", "occurred_on", "attendance", "note"))
    rows += sorted(str((index[p], *rest)) for p, *rest in LevelDecision.objects.values_list(
        "person_id", "level", "derived_level", "band", "effective_on", "override_reason"))
    rows += sorted(str((index[p], *rest)) for p, *rest in ComplianceEvent.objects.values_list(
        "person_id", "kind", "severity", "occurred_on", "response__proposed", "response__chosen"))
    rows += sorted(str(r) for r in Appointment.objects.values_list("scheduled_for", "contact_type"))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_the_same_seed_gives_the_same_supervision() -> None:
    digests = []
    for _ in range(2):
        savepoint = transaction.savepoint()
        try:
            services.synth_run(persons=250, seed=9, today=TODAY, batch_size=100)
            assert SupervisionContact.objects.exists()
            digests.append(_fingerprint())
        finally:
            transaction.savepoint_rollback(savepoint)
    assert digests[0] == digests[1]


def test_the_demo_officer_has_people_due_overdue_and_recently_seen() -> None:
    jurisdiction.ensure(seed=20240601, persons=1500)
    demo_logins_ensure()
    services.synth_run(persons=1500, seed=20240601, today=TODAY, batch_size=500)
    periods = list(SupervisionPeriod.objects.filter(officer__username="demo-probation", ended_on__isnull=True))
    assert len(periods) >= 10
    levels = dict(LevelDecision.objects.filter(period__in=periods, superseded_at__isnull=True)
                  .values_list("period_id", "level"))
    seen: dict[int, dt.date] = {}
    for period_id, on in SupervisionContact.objects.filter(period__in=periods, attendance="attended",
                                                           contact_type__in=["office", "home_visit", "video"]
                                                           ).values_list("period_id", "occurred_on"):
        seen[period_id] = max(seen.get(period_id, on), on)
    due = [contact_due(level=levels[p.pk], period_starts_on=p.starts_on, last_contact_on=seen.get(p.pk), today=TODAY)
           for p in periods]
    assert any(d.overdue for d in due)
    assert any(TODAY <= d.next_due_on <= TODAY + dt.timedelta(days=7) for d in due)  # due this week
    assert any(TODAY - on <= dt.timedelta(days=7) for on in seen.values())  # seen in the last week
