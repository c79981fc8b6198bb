"""The assessments API: status codes, the workflow end to end, and what a volunteer may see."""
from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.assessments.models import Assessment
from reintegra.assessments.tests.factories import (  # noqa: F401
    HIGH, LOW, NEEDS, completed, draft, officer, person_for, svc_instruments,
)
from reintegra.audit.models import AuditEvent
from reintegra.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("svc_instruments")]
BASE = "/api/assessments/"
ITEM_LEVEL_KEYS = {"answers", "result", "total", "computed_band", "override_reason", "countersign_note"}


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _volunteer_for(person: Any, assigner: Any) -> Any:
    from reintegra.supervision.services import volunteer_assign

    volunteer = officer(Role.VOLUNTEER)
    volunteer_assign(actor=assigner, volunteer=volunteer, person=person)
    return volunteer


class TestInstruments:
    def test_list_and_definition(self) -> None:
        api = _api(officer())
        listing = api.get(f"{BASE}instruments/")
        assert listing.status_code == 200
        assert [(i["code"], i["version"], i["kind"]) for i in listing.json()] == [
            ("svc-needs", "1.0", "needs"), ("svc-screen", "1.0", "screener")]
        assert listing.json()[0]["title"] == "Service test needs"
        spanish = api.get(f"{BASE}instruments/", HTTP_ACCEPT_LANGUAGE="es")
        assert spanish.json()[0]["title"] == "Necesidades de prueba"
        detail = api.get(f"{BASE}instruments/{NEEDS}/")
        assert detail.status_code == 200 and detail.json()["definition"]["sections"][0]["code"] == "work"
        assert api.get(f"{BASE}instruments/nothing-here/").status_code == 404

    def test_users_without_the_right_are_refused(self) -> None:
        api = _api(officer(Role.ANALYST))
        assert api.get(f"{BASE}instruments/").status_code == 403
        assert api.get(f"{BASE}due/").status_code == 403


class TestWorkflow:
    def test_start_answer_complete_override_countersign(self) -> None:
        user = officer()
        person = person_for(user)
        api = _api(user)
        started = api.post(BASE, {"person": person.pk, "instrument": NEEDS, "occasion": "admission"}, format="json")
        assert started.status_code == 201, started.json()
        pk, version = started.json()["id"], started.json()["version"]
        bad = api.patch(f"{BASE}{pk}/answers/", {"version": version, "answers": {"drugs_use": "often"}}, format="json")
        assert bad.status_code == 400 and "drugs_use" in bad.json()
        saved = api.patch(f"{BASE}{pk}/answers/", {"version": version, "answers": HIGH}, format="json")
        assert saved.status_code == 200 and saved.json()["answers"]["drugs_use"] == "some"
        stale = api.patch(f"{BASE}{pk}/answers/", {"version": version, "answers": LOW}, format="json")
        assert stale.status_code == 409
        version = saved.json()["version"]
        done = api.post(f"{BASE}{pk}/complete/", {"version": version}, format="json")
        assert done.status_code == 200 and done.json()["final_band"] == "high"
        assert done.json()["result"]["needs"] == ["work", "drugs"]
        # Stored by codes, item contributions come back with their English wording from the definition.
        stored = Assessment.objects.get(pk=pk).result
        assert all(set(c) == {"item", "answer", "points"} for d in stored["domains"] for c in d["contributions"])
        explained = [c for d in done.json()["result"]["domains"] for c in d["contributions"]]
        assert explained and all(c["text"] and c["answer_label"] for c in explained)
        version = done.json()["version"]
        locked = api.patch(f"{BASE}{pk}/answers/", {"version": version, "answers": LOW}, format="json")
        assert locked.status_code == 400 and "locked" in locked.json()["status"][0]
        no_reason = api.post(f"{BASE}{pk}/override/", {"version": version, "band": "low", "reason": ""}, format="json")
        assert no_reason.status_code == 400 and "reason" in no_reason.json()
        proposed = api.post(f"{BASE}{pk}/override/", {"version": version, "band": "moderate",
                                                        "reason": "Stable job offer since the interview"},
                            format="json")
        assert proposed.status_code == 200 and proposed.json()["override_status"] == "pending"
        assert proposed.json()["final_band"] == "high"
        version = proposed.json()["version"]
        assert api.post(f"{BASE}{pk}/countersign/", {"version": version, "approve": True},
                        format="json").status_code == 403  # officers do not countersign
        supervisor = officer(Role.SUPERVISOR, user.memberships.get().organisation)
        signed = _api(supervisor).post(f"{BASE}{pk}/countersign/", {"version": version, "approve": True},
                                       format="json")
        assert signed.status_code == 200, signed.json()
        assert signed.json()["final_band"] == "moderate" and signed.json()["override_status"] == "countersigned"

    def test_correct_and_void(self) -> None:
        user = officer()
        done = completed(person_for(user), user)
        api = _api(user)
        assert api.post(f"{BASE}{done.pk}/correct/", {"reason": ""}, format="json").status_code == 400
        correction = api.post(f"{BASE}{done.pk}/correct/", {"reason": "Wrong answer on drugs"}, format="json")
        assert correction.status_code == 201 and correction.json()["supersedes"] == done.pk
        assert correction.json()["answers"] == done.answers
        voided = api.post(f"{BASE}{correction.json()['id']}/void/",
                          {"version": correction.json()["version"], "reason": "Not needed"}, format="json")
        assert voided.status_code == 200 and voided.json()["voided_at"]

    def test_list_and_detail_are_audited_reads(self) -> None:
        user = officer()
        person = person_for(user)
        done = completed(person, user)
        api = _api(user)
        listing = api.get(BASE, {"person": person.pk})
        assert listing.status_code == 200 and [a["id"] for a in listing.json()["results"]] == [done.pk]
        detail = api.get(f"{BASE}{done.pk}/")
        assert detail.status_code == 200 and detail.json()["visibility"] == "full"
        reads = AuditEvent.objects.filter(action="read", object_type="assessments.assessment", person_id=person.pk)
        assert reads.count() == 2 and "answers" in reads.last().fields
        assert api.get(BASE).status_code == 400  # the person is required

    def test_invisible_records_are_404_and_refused_writes_change_nothing(self) -> None:
        owner = officer()
        person = person_for(owner)
        done = completed(person, owner)
        stranger = _api(officer())
        assert stranger.get(f"{BASE}{done.pk}/").status_code == 404
        assert stranger.post(f"{BASE}{done.pk}/correct/", {"reason": "x"}, format="json").status_code == 404
        refused = stranger.post(BASE, {"person": person.pk, "instrument": NEEDS, "occasion": "admission"},
                                format="json")
        assert refused.status_code == 400 and "person" in refused.json()
        assert _api(owner).get(f"{BASE}999999/").status_code == 404
        assert Assessment.objects.count() == 1


class TestVolunteer:
    def test_a_volunteer_never_gets_answers(self) -> None:
        user = officer()
        person = person_for(user)
        first = completed(person, user, LOW)
        latest = completed(person, user, HIGH)
        draft(person, user)
        volunteer = _volunteer_for(person, user)
        api = _api(volunteer)
        listing = api.get(BASE, {"person": person.pk})
        assert listing.status_code == 200
        rows = listing.json()["results"]
        assert [row["id"] for row in rows] == [latest.pk]
        assert rows[0]["visibility"] == "summary" and rows[0]["band"] == "high"
        assert rows[0]["needs"] == ["Work", "Drugs"]
        detail = api.get(f"{BASE}{latest.pk}/")
        assert detail.status_code == 200 and not ITEM_LEVEL_KEYS & set(detail.json())
        assert "some" not in str(listing.json()) + str(detail.json())  # no answer value anywhere
        assert api.get(f"{BASE}{first.pk}/").status_code == 404  # only the latest band
        assert api.patch(f"{BASE}{latest.pk}/answers/", {"version": latest.version, "answers": LOW},
                         format="json").status_code == 403
        assert api.post(BASE, {"person": person.pk, "instrument": NEEDS, "occasion": "admission"},
                        format="json").status_code == 403
        assert api.get(f"{BASE}due/").status_code == 403  # the due list is for those who assess


class TestDue:
    def test_due_list_pages(self) -> None:
        user = officer()
        api = _api(user)
        people = [person_for(user) for _ in range(3)]
        for person in people:
            done = completed(person, user, HIGH)
            Assessment.objects.filter(pk=done.pk).update(next_due="2000-01-01")
        first = api.get(f"{BASE}due/", {"page_size": 2})
        assert first.status_code == 200
        body = first.json()
        assert body["page"] == 1 and len(body["results"]) == 3 and body["has_next"] is False
        row = body["results"][0]
        assert row["overdue"] is True and row["instrument"] == NEEDS and row["kind"] == "scheduled"
        assert "answers" not in row
        assert api.get(f"{BASE}due/", {"window": "soon"}).status_code == 400
        assert PersonFactory() and api.get(f"{BASE}due/", {"all": "1"}).status_code == 200


class TestTriggers:
    def test_a_recorded_breach_makes_the_person_due(self) -> None:
        from reintegra.assessments.models import ReassessmentTrigger

        user = officer()
        api = _api(user)
        person = person_for(user)
        import datetime as dt

        done = completed(person, user, LOW)  # assessed before the breach: next due in months, not now
        Assessment.objects.filter(pk=done.pk).update(completed_at=done.completed_at - dt.timedelta(days=10))
        assert api.get(f"{BASE}due/").json()["results"] == []
        from django.utils import timezone

        today = timezone.localdate().isoformat()  # after the completion: the breach counts
        response = api.post(f"{BASE}triggers/", {"person": person.pk, "event": "breach", "occurred_on": today,
                                                 "source": "missed appointments"}, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["event"] == "breach" and response.json()["person"] == person.pk
        rows = api.get(f"{BASE}due/", {"window": "60"}).json()["results"]
        assert [(row["person"], row["kind"]) for row in rows] == [(person.pk, "event")]
        assert ReassessmentTrigger.objects.get().recorded_by == user

    def test_bad_input_and_missing_rights_change_nothing(self) -> None:
        from reintegra.assessments.models import ReassessmentTrigger

        user = officer()
        person = person_for(user)
        api = _api(user)
        bad = [
            ({"person": person.pk, "event": "holiday", "occurred_on": "2026-01-05"}, "event"),
            ({"person": person.pk, "event": "breach", "occurred_on": "2999-01-05"}, "occurred_on"),
            ({"person": PersonFactory().pk, "event": "breach", "occurred_on": "2026-01-05"}, "person"),
        ]
        for body, field in bad:
            response = api.post(f"{BASE}triggers/", body, format="json")
            assert response.status_code == 400 and field in response.json(), (body, response.content)
        volunteer = _volunteer_for(person, user)
        refused = _api(volunteer).post(f"{BASE}triggers/", {"person": person.pk, "event": "breach",
                                                             "occurred_on": "2026-01-05"}, format="json")
        assert refused.status_code == 403
        assert not ReassessmentTrigger.objects.exists()
