"""Volunteer scoping end to end, with real relationships: a volunteer sees only the people assigned
to them, at the summary level, reads only their own meeting notes, cannot open supervision period
pages, never sees contacts, case notes or assessment answers, and loses all of it when the
assignment ends."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.policy import Level, person_access, scope_persons
from reintegra.assessments.tests.factories import HIGH, completed, svc_instruments  # noqa: F401
from reintegra.justice.tests.factories import SupervisionPeriodFactory
from reintegra.people.models import Person
from reintegra.people.tests.factories import ContactFactory
from reintegra.supervision.choices import Attendance, ContactType
from reintegra.supervision.models import SupervisionContact, VolunteerMeeting
from reintegra.supervision.selectors.volunteers import volunteer_meeting_list
from reintegra.supervision.services import volunteer_assign, volunteer_assignment_end
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record
from reintegra.supervision.tests.volunteer_factories import english, fresh, volunteer, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate
SECRETS = ("Secret Sister", "555-0199", "Hidden case note", "Other volunteer's note")


@pytest.fixture
def case() -> Any:
    """A person supervised by an officer with a contact, a case note and two volunteers, each with
    a note of their own; and a second person of the same office whom the volunteer does not support."""
    w = world()
    ContactFactory(person=w.person, name="Secret Sister", phone="555-0199")
    SupervisionContact.objects.create(period=w.period, person=w.person, contact_type=ContactType.OFFICE,
                                      occurred_on=TODAY(), attendance=Attendance.ATTENDED, note="Hidden case note",
                                      held_by=w.officer, recorded_by=w.officer)
    mine, theirs = volunteer(w, name="Mine"), volunteer(w, name="Theirs")
    start = TODAY() - dt.timedelta(days=5)
    assignment = volunteer_assign(actor=fresh(w.officer), volunteer=mine.user, person=w.person, starts_on=start)
    other_assignment = volunteer_assign(actor=fresh(w.officer), volunteer=theirs.user, person=w.person,
                                        starts_on=start)
    volunteer_meeting_record(actor=fresh(mine.user), assignment=assignment, met_on=TODAY(), note="My own note")
    volunteer_meeting_record(actor=fresh(theirs.user), assignment=other_assignment, met_on=TODAY(),
                             note="Other volunteer's note")
    w.other = world().person
    w.neighbour = SupervisionPeriodFactory(office=w.office, officer=w.officer)
    w.volunteer, w.assignment = mine.user, assignment
    return w


def test_only_assigned_people_at_summary_level(case: Any) -> None:
    vol = fresh(case.volunteer)
    assert set(scope_persons(vol, Person.objects.all())) == {case.person}
    assert person_access(vol, case.person).level == Level.SUMMARY
    assert person_access(fresh(case.volunteer), case.neighbour.person).level == Level.NONE
    assert not scope_persons(fresh(case.volunteer), Person.objects.all(), level=Level.FULL).exists()


def test_only_their_own_meeting_notes(case: Any, client: Any) -> None:
    assert [m.note for m in volunteer_meeting_list(user=fresh(case.volunteer))] == ["My own note"]
    staff_notes = {m.note for m in volunteer_meeting_list(user=fresh(case.officer))}
    assert staff_notes == {"My own note", "Other volunteer's note"}
    api = APIClient()
    api.force_authenticate(fresh(case.volunteer))
    rows = api.get(reverse("supervision-api:volunteer-meetings"), {"person": case.person.pk}).json()["results"]
    assert [row["note"] for row in rows] == ["My own note"]
    client.force_login(case.volunteer)
    body = client.get(reverse("supervision:volunteer-meeting-add", args=[case.assignment.pk])).content.decode()
    assert "My own note" in body and "Other volunteer" not in body


def test_no_contacts_case_notes_or_other_notes_on_any_page_they_can_open(case: Any, client: Any) -> None:
    client.force_login(case.volunteer)
    pages = [reverse("supervision:volunteer-mine"), reverse("people:detail", args=[case.person.pk]),
             reverse("supervision:volunteer-meeting-add", args=[case.assignment.pk])]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in SECRETS:
            assert secret not in response.content.decode(), (url, secret)
    api = APIClient()
    api.force_authenticate(fresh(case.volunteer))
    mine = api.get(reverse("supervision-api:volunteer-mine"))
    assert mine.status_code == 200 and not any(secret in mine.content.decode() for secret in SECRETS)
    assert api.get(reverse("people-api:person-contacts", args=[case.person.pk])).status_code == 404


def test_cannot_open_period_pages_or_oversight(case: Any, client: Any) -> None:
    client.force_login(case.volunteer)
    for name, args in (("period-volunteer", [case.period.pk]), ("period-volunteer-match", [case.period.pk]),
                       ("period-volunteer", [case.neighbour.pk]), ("volunteer-list", []),
                       ("volunteer-review-queue", [])):
        assert client.get(reverse(f"supervision:{name}", args=args)).status_code == 403, name
    assert client.get(reverse("people:detail", args=[case.neighbour.person.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[case.other.pk])).status_code == 404


def test_no_assessment_answers(svc_instruments: Any) -> None:
    w = world()
    completed(w.person, fresh(w.officer), HIGH)
    vol = volunteer(w).user
    volunteer_assign(actor=fresh(w.officer), volunteer=vol, person=w.person)
    api = APIClient()
    api.force_authenticate(fresh(vol))
    rows = api.get("/api/assessments/", {"person": w.person.pk}).json()["results"]
    assert rows and rows[0]["visibility"] == "summary"
    detail = api.get(f"/api/assessments/{rows[0]['id']}/").json()
    assert not {"answers", "result", "total"} & set(detail)


def test_ending_the_assignment_removes_access(case: Any, client: Any) -> None:
    volunteer_assignment_end(actor=fresh(case.officer), assignment=case.assignment, ended_on=TODAY(),
                             end_reason="completed")
    vol = fresh(case.volunteer)
    assert person_access(vol, case.person).level == Level.NONE
    assert not volunteer_meeting_list(user=fresh(case.volunteer)).exists()
    client.force_login(case.volunteer)
    assert client.get(reverse("people:detail", args=[case.person.pk])).status_code == 404
    assert "data-empty" in client.get(reverse("supervision:volunteer-mine")).content.decode()
    url = reverse("supervision:volunteer-meeting-add", args=[case.assignment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"met_on": TODAY().isoformat(), "note": "late"}).status_code == 404
    assert VolunteerMeeting.objects.filter(recorded_by=case.volunteer).count() == 1
