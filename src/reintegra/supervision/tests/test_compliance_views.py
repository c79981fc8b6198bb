"""The compliance pages: who may open them, the proposal and its reasons on the response page, the
confirmation before a recall, refusals that change nothing, and the supervisors' referral list."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.audit.tests.helpers import state_purpose
from reintegra.justice.models import SupervisionPeriod
from reintegra.supervision.models import ComplianceEvent, EventResponse, LevelDecision, RecallDecision
from reintegra.supervision.services.compliance import compliance_event_record, event_response_record
from reintegra.supervision.tests.test_appointments import supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WHY = "Two serious breaches within a month and a new arrest for a violent offence."


@pytest.fixture
def world():
    return supervised(starts_on=TODAY - dt.timedelta(days=200))


def url(world, suffix: str = "compliance/") -> str:
    return f"/supervision/periods/{world.period.pk}/{suffix}"


def serious(world, days: int = 2) -> ComplianceEvent:
    return compliance_event_record(actor=world.officer, period=world.period, kind="new_arrest", severity="serious",
                                   occurred_on=TODAY - dt.timedelta(days=days))


def as_supervisor(client, world) -> None:
    client.force_login(world.supervisor)
    state_purpose(client, world.person.pk)


def test_the_officer_sees_the_page_with_its_nav_and_empty_states(world, client, django_assert_max_num_queries) -> None:
    client.force_login(world.officer)
    client.get(url(world))  # warm the per-user caches
    with django_assert_max_num_queries(30):
        response = client.get(url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page"' in html and "Compliance and responses" in html
    assert "No event recorded in this period." in html and "No decision recorded." in html
    assert "Record the event" in html and "Decide on recall" not in html
    assert AuditEvent.objects.filter(action="read", object_type="supervision_period",
                                     object_id=str(world.period.pk)).exists()


def test_pages_are_refused_outside_scope_and_without_the_right(world, client) -> None:
    event = serious(world)
    for user, status in ((user_with_role(Role.PROBATION_OFFICER), 404),
                         (user_with_role(Role.PROBATION_OFFICER, world.office), 404),
                         (user_with_role(Role.PRISON_CASE_MANAGER), 403),
                         (user_with_role(Role.VOLUNTEER, world.office), 403)):
        client.force_login(user)
        assert client.get(url(world)).status_code == status
        assert client.post(url(world, "compliance/events/"), {
            "kind": "job_found", "occurred_on": TODAY.isoformat()}).status_code == status
        assert client.post(f"/supervision/events/{event.pk}/response/", {
            "chosen": "formal_breach", "reason": WHY}).status_code == status
    assert ComplianceEvent.objects.count() == 1 and not EventResponse.objects.exists()


def test_recording_an_event_and_a_future_one_refused(world, client) -> None:
    client.force_login(world.officer)
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    response = client.post(url(world, "compliance/events/"), {"kind": "missed_appointment", "severity": "minor",
                                                              "occurred_on": future})
    assert response.status_code == 400 and "The date cannot be in the future." in response.content.decode()
    assert not ComplianceEvent.objects.exists()
    response = client.post(url(world, "compliance/events/"), {"kind": "missed_appointment", "severity": "minor",
                                                              "occurred_on": TODAY.isoformat(), "note": "No call"})
    assert response.status_code == 302 and response["Location"] == url(world)
    event = ComplianceEvent.objects.get()
    html = client.get(url(world)).content.decode()
    assert "Missed appointment" in html and "No response yet" in html
    assert f"/supervision/events/{event.pk}/response/" in html


def test_the_response_page_shows_the_proposal_and_why(world, client) -> None:
    LevelDecision.objects.create(period=world.period, person=world.person, level="high",
                                 effective_on=world.period.starts_on, decided_by=world.officer)
    serious(world, days=40)
    event = serious(world)
    client.force_login(world.officer)
    html = client.get(f"/supervision/events/{event.pk}/response/").content.decode()
    assert 'data-proposal="recall_review"' in html
    assert "serious event (new arrest)" in html and "high supervision level" in html
    assert "2 serious events in 90 days" in html
    response = client.post(f"/supervision/events/{event.pk}/response/", {"chosen": "curfew", "reason": "Short"})
    assert response.status_code == 400 and "at least 20 characters" in response.content.decode()
    assert not EventResponse.objects.exists()
    response = client.post(f"/supervision/events/{event.pk}/response/", {"chosen": "recall_review", "reason": "Agreed"})
    assert response.status_code == 302
    assert EventResponse.objects.get().proposed == "recall_review"
    assert "An event was referred for a recall" in client.get(url(world)).content.decode()


def test_voiding_an_event_needs_a_reason(world, client) -> None:
    event = serious(world)
    client.force_login(world.officer)
    assert client.post(f"/supervision/events/{event.pk}/void/", {"reason": ""}).status_code == 400
    assert client.post(f"/supervision/events/{event.pk}/void/", {"reason": "Wrong person"}).status_code == 302
    event.refresh_from_db()
    assert event.void_reason == "Wrong person"


def test_a_recall_is_confirmed_before_it_is_recorded(world, client) -> None:
    event = serious(world)
    as_supervisor(client, world)
    page = client.get(url(world, "recall/"))
    assert page.status_code == 200 and "is decided as: revocation of the order" in page.content.decode()
    data = {"version": 1, "outcome": "recalled", "events": [event.pk], "justification": WHY}
    confirm = client.post(url(world, "recall/"), data)
    assert confirm.status_code == 200 and "data-confirmation" in confirm.content.decode()
    assert not RecallDecision.objects.exists()
    assert SupervisionPeriod.objects.get(pk=world.period.pk).ended_on is None
    done = client.post(url(world, "recall/"), {**data, "confirm": "1"})
    assert done.status_code == 302
    period = SupervisionPeriod.objects.get(pk=world.period.pk)
    assert (period.ended_on, period.end_reason) == (TODAY, "revoked")
    assert RecallDecision.objects.get().outcome == "recalled"


def test_a_recall_without_a_justification_is_refused_and_nothing_changes(world, client) -> None:
    event = serious(world)
    as_supervisor(client, world)
    for justification in ("", "Too short"):
        response = client.post(url(world, "recall/"), {"version": 1, "outcome": "recalled", "events": [event.pk],
                                                       "justification": justification, "confirm": "1"})
        assert response.status_code == 400
    assert not RecallDecision.objects.exists()
    assert SupervisionPeriod.objects.get(pk=world.period.pk).ended_on is None


def test_only_supervisors_open_the_recall_pages(world, client) -> None:
    event = serious(world)
    client.force_login(world.officer)
    assert client.get(url(world, "recall/")).status_code == 403
    assert client.post(url(world, "recall/"), {"version": 1, "outcome": "recalled", "events": [event.pk],
                                               "justification": WHY, "confirm": "1"}).status_code == 403
    assert client.get("/supervision/recalls/").status_code == 403
    assert not RecallDecision.objects.exists()


def test_continued_is_recorded_at_once_and_clears_the_referral(world, client) -> None:
    event = serious(world)
    event_response_record(actor=world.officer, event=event, chosen="recall_review", reason=WHY)
    as_supervisor(client, world)
    listing = client.get("/supervision/recalls/").content.decode()
    assert world.person.full_name in listing and url(world, "recall/") in listing
    response = client.post(url(world, "recall/"), {"version": 1, "outcome": "continued", "events": [event.pk],
                                                   "justification": WHY})
    assert response.status_code == 302
    assert SupervisionPeriod.objects.get(pk=world.period.pk).ended_on is None
    assert "No referral awaits a decision." in client.get("/supervision/recalls/").content.decode()
