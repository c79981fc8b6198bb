"""The volunteer API: 403 without the right (before the body is read), 404 outside one's offices or
scope, 400 with field errors, 409 for a stale version, and the casework end to end."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision.models import VolunteerAssignment, VolunteerMeeting, VolunteerProfile, VolunteerTraining
from reintegra.supervision.services import volunteer_assign
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record
from reintegra.supervision.tests.volunteer_factories import english, fresh, volunteer, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=fresh(user))
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"supervision-api:{name}", args=args)


class TestProfiles:
    def test_create_list_change_and_conflict(self) -> None:
        w = world()
        user = user_with_role(Role.VOLUNTEER, w.office)
        officer = api(w.officer)
        response = officer.post(url("volunteer-profiles"), {"volunteer": user.pk, "office": w.office.pk,
                                                            "area": "Centro", "languages": ["es"]}, format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        assert response.json()["training_status"] == "none" and response.json()["version"] == 1
        listing = officer.get(url("volunteer-profiles")).json()
        assert [row["id"] for row in listing["results"]] == [pk]
        changed = officer.patch(url("volunteer-profile", pk), {"version": 1, "area": "Norte"}, format="json")
        assert changed.status_code == 200 and changed.json()["version"] == 2
        stale = officer.patch(url("volunteer-profile", pk), {"version": 1, "area": "Sur"}, format="json")
        assert stale.status_code == 409 and VolunteerProfile.objects.get(pk=pk).area == "Norte"
        bad = officer.patch(url("volunteer-profile", pk), {"version": 2, "max_people": 0}, format="json")
        assert bad.status_code == 400 and "max_people" in bad.json()

    def test_deactivate_needs_a_reason_then_activate(self) -> None:
        w = world()
        profile = volunteer(w)
        officer = api(w.officer)
        assert officer.post(url("volunteer-profile-deactivate", profile.pk), {"version": 1},
                            format="json").status_code == 400
        response = officer.post(url("volunteer-profile-deactivate", profile.pk), {"version": 1, "reason": "left"},
                                format="json")
        assert response.status_code == 200 and response.json()["active"] is False
        response = officer.post(url("volunteer-profile-activate", profile.pk), {"version": 2}, format="json")
        assert response.json()["active"] is True

    def test_training_add_list_void(self) -> None:
        w = world()
        profile = volunteer(w, trained=False)
        officer = api(w.officer)
        response = officer.post(url("volunteer-trainings", profile.pk),
                                {"course": "Induction", "completed_on": "2024-01-01", "expires_on": "2024-06-01"},
                                format="json")
        assert response.status_code == 201
        assert officer.get(url("volunteer-profile", profile.pk)).json()["training_status"] == "expired"
        training = response.json()["id"]
        assert officer.post(url("volunteer-training-void", profile.pk, training), {"reason": "typo"},
                            format="json").status_code == 200
        rows = officer.get(url("volunteer-trainings", profile.pk)).json()["results"]
        assert rows[0]["voided"] is True and VolunteerTraining.objects.get(pk=training).voided_at

    def test_rights_and_scope(self) -> None:
        w = world()
        profile = volunteer(w)
        vol = api(profile.user)
        assert vol.get(url("volunteer-profiles")).status_code == 403
        assert vol.post(url("volunteer-profiles"), {}, format="json").status_code == 403
        outsider = api(user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory()))
        assert outsider.get(url("volunteer-profile", profile.pk)).status_code == 404
        assert outsider.patch(url("volunteer-profile", profile.pk), {"version": 1, "area": "x"},
                              format="json").status_code == 404
        assert VolunteerProfile.objects.get(pk=profile.pk).area == "Centro"


class TestCasework:
    def test_suggest_assign_meet_review_end(self) -> None:
        w = world()
        profile = volunteer(w, name="Amina", max_people=1)
        volunteer(w, name="Untrained", trained=False)
        officer = api(w.officer)
        suggestions = officer.get(url("volunteer-suggestions"), {"period": w.period.pk}).json()
        assert [row["profile"] for row in suggestions] == [profile.pk]
        assert any("person's area" in reason for reason in suggestions[0]["reasons"])
        everyone = officer.get(url("volunteer-suggestions"), {"period": w.period.pk, "all": "1"}).json()
        assert [row["excluded"] for row in everyone] == [False, True]
        response = officer.post(url("volunteer-assignments"), {"period": w.period.pk, "volunteer": profile.user_id},
                                format="json")
        assert response.status_code == 201
        assignment = response.json()["id"]
        other = SupervisionPeriodFactory(office=w.office, officer=w.officer)
        full = officer.post(url("volunteer-assignments"), {"period": other.pk, "volunteer": profile.user_id},
                            format="json")
        assert full.status_code == 400 and "volunteer" in full.json()
        vol = api(profile.user)
        mine = vol.get(url("volunteer-mine")).json()
        assert [row["person"] for row in mine] == [w.person.pk] and mine[0]["status"] == "under_supervision"
        future = (TODAY() + dt.timedelta(days=1)).isoformat()
        refused = vol.post(url("volunteer-meetings"), {"assignment": assignment, "met_on": future, "note": "x"},
                           format="json")
        assert refused.status_code == 400 and "met_on" in refused.json()
        meeting = vol.post(url("volunteer-meetings"), {"assignment": assignment, "met_on": TODAY().isoformat(),
                                                       "note": "Fine", "concern": True}, format="json")
        assert meeting.status_code == 201
        queue = officer.get(url("volunteer-review-queue")).json()["results"]
        assert [row["id"] for row in queue] == [meeting.json()["id"]]
        assert vol.post(url("volunteer-meeting-review", meeting.json()["id"]), {}, format="json").status_code == 403
        reviewed = officer.post(url("volunteer-meeting-review", meeting.json()["id"]), {"review_note": "ok"},
                                format="json")
        assert reviewed.status_code == 200 and reviewed.json()["reviewed_by"] == w.officer.pk
        ended = officer.post(url("volunteer-assignment-end", assignment),
                             {"ended_on": TODAY().isoformat(), "end_reason": "completed"}, format="json")
        assert ended.status_code == 200 and ended.json()["ended_on"] == TODAY().isoformat()
        assert vol.get(url("volunteer-mine")).json() == []
        assert vol.get(url("volunteer-meetings")).json()["results"] == []

    def test_meetings_only_for_the_volunteers_own_open_assignment(self) -> None:
        w = world()
        profile = volunteer(w)
        assignment = volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person)
        other = api(volunteer(w).user)
        response = other.post(url("volunteer-meetings"), {"assignment": assignment.pk,
                                                          "met_on": TODAY().isoformat(), "note": "x"}, format="json")
        assert response.status_code == 404
        assert api(w.officer).post(url("volunteer-meetings"), {"assignment": assignment.pk,
                                                                "met_on": TODAY().isoformat(), "note": "x"},
                                   format="json").status_code == 403
        assert not VolunteerMeeting.objects.exists()

    def test_period_of_another_office_is_404_and_nothing_is_assigned(self) -> None:
        w = world()
        profile = volunteer(w)
        outsider = api(user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory()))
        assert outsider.get(url("volunteer-suggestions"), {"period": w.period.pk}).status_code == 404
        assert outsider.post(url("volunteer-assignments"), {"period": w.period.pk, "volunteer": profile.user_id},
                             format="json").status_code == 404
        assert api(profile.user).get(url("volunteer-suggestions"), {"period": w.period.pk}).status_code == 403
        assert not VolunteerAssignment.objects.exists()

    def test_meeting_list_for_a_person_is_an_audited_read(self) -> None:
        from reintegra.audit.models import AuditEvent

        w = world()
        profile = volunteer(w)
        assignment = volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person)
        volunteer_meeting_record(actor=fresh(profile.user), assignment=assignment, met_on=TODAY(), note="Fine")
        rows = api(w.officer).get(url("volunteer-meetings"), {"person": w.person.pk}).json()["results"]
        assert len(rows) == 1 and rows[0]["note"] == "Fine"
        reads = AuditEvent.objects.filter(actor_id=w.officer.pk, person_id=w.person.pk, action="read")
        assert any("volunteer-meetings" in event.fields for event in reads)
