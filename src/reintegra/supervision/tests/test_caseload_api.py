"""The supervision-core API: caseload rows, a period and its levels, conditions, contacts and
appointments; 403 without the right, 404 outside the full view, 400 with the field's message and
nothing written when a service refuses, reads audited with a purpose outside one's caseload."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.supervision.models import Appointment, Condition, LevelDecision, SupervisionContact
from reintegra.supervision.tests.test_appointments import assessed, supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    return supervised(starts_on=TODAY - dt.timedelta(days=40))


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_caseload_rows(world, django_assert_max_num_queries) -> None:
    SupervisionContact.objects.create(period=world.period, person=world.person, contact_type="office",
                                      attendance="attended", occurred_on=TODAY - dt.timedelta(days=3),
                                      held_by=world.officer, recorded_by=world.officer)
    client = api(world.officer)
    with django_assert_max_num_queries(8):
        response = client.get("/api/supervision/caseload/")
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"all": 1, "overdue": 0, "week": 1}
    [row] = body["results"]
    assert (row["period"], row["person"], row["level"]) == (world.period.pk, world.person.pk, None)
    assert row["due"] == {"every_days": 7, "last_contact_on": (TODAY - dt.timedelta(days=3)).isoformat(),
                          "next_due_on": (TODAY + dt.timedelta(days=4)).isoformat(), "overdue": False,
                          "days_overdue": 0, "unseen_days": 3}
    assert api(world.supervisor).get(f"/api/supervision/caseload/?officer={world.officer.pk}").json()["counts"]["all"] == 1
    assert client.get(f"/api/supervision/caseload/?officer={world.supervisor.pk}").status_code == 403
    assert api(user_with_role(Role.VOLUNTEER, world.office)).get("/api/supervision/caseload/").status_code == 403


def test_period_reads_are_scoped_and_audited(world) -> None:
    response = api(world.officer).get(f"/api/supervision/periods/{world.period.pk}/")
    assert response.status_code == 200 and response.json()["due"]["overdue"] is True
    assert AuditEvent.objects.filter(action="read", object_type="supervision_period", person_id=world.person.pk).exists()
    assert api(user_with_role(Role.PROBATION_OFFICER, world.office)).get(
        f"/api/supervision/periods/{world.period.pk}/").status_code == 404
    assert api(user_with_role(Role.PRISON_CASE_MANAGER)).get(
        f"/api/supervision/periods/{world.period.pk}/").status_code == 403
    supervisor = api(world.supervisor)
    assert supervisor.get(f"/api/supervision/periods/{world.period.pk}/contacts/").status_code == 400  # purpose
    assert supervisor.get(f"/api/supervision/periods/{world.period.pk}/contacts/?purpose=supervision").status_code == 200


def test_contacts_future_date_refused_then_recorded_listed_and_voided(world) -> None:
    client, url = api(world.officer), f"/api/supervision/periods/{world.period.pk}/contacts/"
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = client.post(url, {"contact_type": "office", "occurred_on": tomorrow, "attendance": "attended",
                                 "note": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"occurred_on": ["A contact cannot be dated in the future."]}
    assert not SupervisionContact.objects.exists()
    response = client.post(url, {"contact_type": "video", "occurred_on": TODAY.isoformat(), "attendance": "attended",
                                 "note": "Job interview went well"}, format="json")
    assert response.status_code == 201
    contact_id = response.json()["id"]
    listed = client.get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["note"] == "Job interview went well"
    assert client.post(f"/api/supervision/contacts/{contact_id}/void/", {"reason": ""}, format="json").status_code == 400
    assert client.post(f"/api/supervision/contacts/{contact_id}/void/", {"reason": "Twice"},
                       format="json").json()["voided"] is True
    assert api(world.supervisor).post(url, {"contact_type": "office"}, format="json").status_code == 400
    assert api(user_with_role(Role.VOLUNTEER, world.office)).post(url, {}, format="json").status_code == 403


def test_levels_conditions_and_appointments(world) -> None:
    client, base = api(world.officer), f"/api/supervision/periods/{world.period.pk}"
    assessed(world.person, "moderate")
    response = client.post(f"{base}/levels/", {"level": "high"}, format="json")
    assert response.status_code == 400 and "override_reason" in response.json()
    assert client.post(f"{base}/levels/", {}, format="json").json()["level"] == "medium"
    assert client.post(f"{base}/levels/", {"level": "high", "override_reason": "Domestic abuse concern"},
                       format="json").status_code == 201
    assert [row["current"] for row in client.get(f"{base}/levels/").json()] == [True, False]
    assert LevelDecision.objects.filter(superseded_at__isnull=True).get().level == "high"

    response = client.post(f"{base}/conditions/", {"kind": "additional", "text": "Residence as approved"}, format="json")
    assert response.status_code == 201
    condition_id = response.json()["id"]
    assert client.post(f"/api/supervision/conditions/{condition_id}/end/", {}, format="json").json()["ends_on"] == (
        TODAY.isoformat())
    assert client.post(f"/api/supervision/conditions/{condition_id}/void/", {"reason": "Wrong order"},
                       format="json").json()["voided"] is True
    assert Condition.objects.get().void_reason == "Wrong order"

    when = (timezone.now() + dt.timedelta(days=5)).isoformat()
    response = client.post(f"{base}/appointments/", {"scheduled_for": when}, format="json")
    assert response.status_code == 201 and response.json()["officer"] == world.officer.pk
    appointment_id = response.json()["id"]
    assert len(client.get(f"{base}/appointments/").json()) == 1
    assert client.post(f"/api/supervision/appointments/{appointment_id}/cancel/", {"reason": "Ill"},
                       format="json").json()["status"] == "cancelled"
    assert Appointment.objects.get().status == "cancelled"
    outsider = api(user_with_role(Role.PROBATION_OFFICER))
    assert outsider.post(f"/api/supervision/appointments/{appointment_id}/cancel/", {"reason": "x"},
                         format="json").status_code == 404
