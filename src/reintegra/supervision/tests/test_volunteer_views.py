"""The volunteer pages: the officer's list, profiles, training, matching and assignment, the period
page, the review queue; the volunteer's own view and meeting form. Users without the right are
refused, records outside one's offices or scope are not found, and nothing changes."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision.models import VolunteerAssignment, VolunteerMeeting, VolunteerProfile, VolunteerTraining
from reintegra.supervision.services import volunteer_assign
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record
from reintegra.supervision.tests.volunteer_factories import english, fresh, volunteer, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate


@pytest.fixture
def w() -> Any:
    return world()


@pytest.fixture
def officer(client: Any, w: Any) -> Any:
    client.force_login(w.officer)
    return client


def _assigned(w: Any, **kwargs: Any) -> Any:
    profile = volunteer(w, **kwargs)
    return profile, volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person,
                                     starts_on=TODAY() - dt.timedelta(days=7))


class TestList:
    def test_shows_caseload_places_training_and_last_meeting(self, officer: Any, w: Any) -> None:
        profile, assignment = _assigned(w, name="Amina", max_people=2)
        volunteer(w, name="Expired", expires_on=TODAY() - dt.timedelta(days=1))
        volunteer_meeting_record(actor=fresh(profile.user), assignment=assignment, met_on=TODAY(), note="ok")
        body = officer.get(reverse("supervision:volunteer-list")).content.decode()
        assert "Amina Volunteer" in body and "1 / 2" in body and 'data-training="expired"' in body
        assert "1 meeting note to review" in body and TODAY().strftime("%Y") in body

    def test_queries_do_not_grow_with_the_volunteers(self, officer: Any, w: Any,
                                                     django_assert_max_num_queries: Any) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        volunteer(w)
        url = reverse("supervision:volunteer-list")
        officer.get(url)
        with CaptureQueriesContext(connection) as one:
            officer.get(url)
        for _ in range(4):
            _assigned_profile = volunteer(w)
        with django_assert_max_num_queries(len(one)):
            assert officer.get(url).content.decode().count("data-volunteer=") == 5

    def test_inactive_volunteers_only_on_request_and_other_offices_never(self, officer: Any, w: Any) -> None:
        idle = volunteer(w, name="Idle")
        VolunteerProfile.objects.filter(pk=idle.pk).update(active=False)
        volunteer(world(), name="Elsewhere")
        assert "Idle" not in officer.get(reverse("supervision:volunteer-list")).content.decode()
        body = officer.get(reverse("supervision:volunteer-list"), {"inactive": "1"}).content.decode()
        assert "Idle" in body and "Elsewhere" not in body

    @pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PRISON_CASE_MANAGER, Role.ANALYST, Role.PROGRAMME_STAFF])
    def test_users_without_the_right_are_refused(self, client: Any, role: str) -> None:
        client.force_login(user_with_role(role))
        assert client.get(reverse("supervision:volunteer-list")).status_code == 403

    def test_empty_state(self, officer: Any) -> None:
        assert "data-empty" in officer.get(reverse("supervision:volunteer-list")).content.decode()


class TestProfilePages:
    def test_create_a_profile_for_a_volunteer_of_my_office(self, officer: Any, w: Any) -> None:
        user = user_with_role(Role.VOLUNTEER, w.office)
        url = reverse("supervision:volunteer-create")
        assert officer.get(url).status_code == 200
        response = officer.post(url, {"volunteer": user.pk, "office": w.office.pk, "area": "Centro",
                                      "languages": "es, ar", "gender": "female", "max_people": 2})
        profile = VolunteerProfile.objects.get(user=user)
        assert response.status_code == 302 and response["Location"] == reverse("supervision:volunteer-detail",
                                                                                args=[profile.pk])
        assert profile.languages == ["es", "ar"] and profile.max_people == 2

    def test_a_stale_edit_is_refused_with_a_message_and_nothing_changes(self, officer: Any, w: Any) -> None:
        profile = volunteer(w)
        url = reverse("supervision:volunteer-edit", args=[profile.pk])
        assert officer.get(url).status_code == 200
        data = {"office": w.office.pk, "area": "Norte", "languages": "es", "gender": "", "max_people": 3,
                "version": 1}
        assert officer.post(url, data).status_code == 302
        response = officer.post(url, {**data, "area": "Sur"})
        assert response.status_code == 400 and "changed by someone else" in response.content.decode()
        assert VolunteerProfile.objects.get(pk=profile.pk).area == "Norte"

    def test_deactivate_asks_for_confirmation_and_a_reason(self, officer: Any, w: Any) -> None:
        profile = volunteer(w)
        url = reverse("supervision:volunteer-deactivate", args=[profile.pk])
        assert "Deactivate" in officer.get(url).content.decode()
        assert officer.post(url, {"version": 1, "reason": ""}).status_code == 400
        assert officer.post(url, {"version": 1, "reason": "moved away"}).status_code == 302
        assert not VolunteerProfile.objects.get(pk=profile.pk).active
        officer.post(reverse("supervision:volunteer-activate", args=[profile.pk]), {"version": 2})
        assert VolunteerProfile.objects.get(pk=profile.pk).active

    def test_training_add_void_and_expired_shown(self, officer: Any, w: Any) -> None:
        profile = volunteer(w, trained=False)
        url = reverse("supervision:volunteer-training-add", args=[profile.pk])
        response = officer.post(url, {"course": "Induction", "completed_on": "2024-01-10",
                                      "expires_on": "2024-12-31"})
        assert response.status_code == 302
        training = VolunteerTraining.objects.get(volunteer=profile.user)
        body = officer.get(reverse("supervision:volunteer-detail", args=[profile.pk])).content.decode()
        assert "Expired" in body and 'data-training="expired"' in body
        void = reverse("supervision:volunteer-training-void", args=[profile.pk, training.pk])
        assert officer.post(void, {"reason": "typo"}).status_code == 302
        assert VolunteerTraining.objects.get(pk=training.pk).voided_at is not None

    def test_another_office_gets_404_and_nothing_changes(self, client: Any, w: Any) -> None:
        profile = volunteer(w)
        client.force_login(user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory()))
        assert client.get(reverse("supervision:volunteer-detail", args=[profile.pk])).status_code == 404
        response = client.post(reverse("supervision:volunteer-deactivate", args=[profile.pk]),
                               {"version": 1, "reason": "x"})
        assert response.status_code == 404 and VolunteerProfile.objects.get(pk=profile.pk).active


class TestPeriodAndMatching:
    def test_period_page_has_the_nav_the_assignment_and_meetings(self, officer: Any, w: Any) -> None:
        profile, assignment = _assigned(w, name="Amina")
        volunteer_meeting_record(actor=fresh(profile.user), assignment=assignment, met_on=TODAY(), note="Fine.",
                                 concern=True)
        response = officer.get(reverse("supervision:period-volunteer", args=[w.period.pk]))
        body = response.content.decode()
        assert response.status_code == 200 and 'aria-current="page"' in body and "Amina Volunteer" in body
        assert "Fine." in body and "data-concern" in body
        assert AuditEvent.objects.filter(actor_id=w.officer.pk, person_id=w.person.pk, action="read",
                                         object_type="supervision.volunteer").exists()

    def test_match_shows_reasons_and_all_shows_exclusions(self, officer: Any, w: Any) -> None:
        volunteer(w, name="Amina", area="Centro")
        volunteer(w, name="Untrained", trained=False)
        url = reverse("supervision:period-volunteer-match", args=[w.period.pk])
        body = officer.get(url).content.decode()
        assert "Amina Volunteer" in body and "the person&#x27;s area" in body and "Untrained" not in body
        body = officer.get(url, {"all": "1"}).content.decode()
        assert "Untrained" in body and "No current training on record." in body and "data-excluded" in body

    def test_assign_from_the_match_and_refuse_a_full_volunteer(self, officer: Any, w: Any) -> None:
        profile = volunteer(w, max_people=1)
        url = reverse("supervision:period-volunteer-assign", args=[w.period.pk])
        assert officer.post(url, {"volunteer": profile.user_id}).status_code == 302
        assert VolunteerAssignment.objects.filter(volunteer=profile.user, person=w.person).exists()
        other = SupervisionPeriodFactory(office=w.office, officer=w.officer)
        response = officer.post(reverse("supervision:period-volunteer-assign", args=[other.pk]),
                                {"volunteer": profile.user_id}, follow=True)
        assert "their limit" in response.content.decode()
        assert not VolunteerAssignment.objects.filter(person=other.person).exists()

    def test_end_the_assignment_after_confirmation(self, officer: Any, w: Any) -> None:
        _profile, assignment = _assigned(w)
        url = reverse("supervision:volunteer-assignment-end", args=[assignment.pk])
        assert officer.get(url).status_code == 200
        response = officer.post(url, {"ended_on": TODAY().isoformat(), "end_reason": "completed"})
        assert response.status_code == 302
        assert VolunteerAssignment.objects.get(pk=assignment.pk).ended_on == TODAY()

    def test_others_cannot_open_the_period_pages(self, client: Any, w: Any) -> None:
        profile, _assignment = _assigned(w)
        client.force_login(profile.user)  # the volunteer: no volunteer.manage
        for name in ("period-volunteer", "period-volunteer-match"):
            assert client.get(reverse(f"supervision:{name}", args=[w.period.pk])).status_code == 403
        client.force_login(user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory()))
        assert client.get(reverse("supervision:period-volunteer", args=[w.period.pk])).status_code == 404
        response = client.post(reverse("supervision:period-volunteer-assign", args=[w.period.pk]),
                               {"volunteer": profile.user_id})
        assert response.status_code == 404 and VolunteerAssignment.objects.count() == 1


class TestReview:
    def test_queue_puts_concerns_first_and_review_removes_the_note(self, officer: Any, w: Any) -> None:
        profile, assignment = _assigned(w)
        plain = volunteer_meeting_record(actor=fresh(profile.user), assignment=assignment,
                                         met_on=TODAY() - dt.timedelta(days=3), note="Plain note")
        worry = volunteer_meeting_record(actor=fresh(profile.user), assignment=assignment, met_on=TODAY(),
                                         note="Worrying note", concern=True)
        body = officer.get(reverse("supervision:volunteer-review-queue")).content.decode()
        assert body.index("Worrying note") < body.index("Plain note")
        url = reverse("supervision:volunteer-meeting-review", args=[worry.pk])
        assert officer.get(url).status_code == 200
        assert officer.post(url, {"review_note": "Called him."}).status_code == 302
        worry.refresh_from_db()
        assert worry.reviewed_by == w.officer and worry.review_note == "Called him."
        body = officer.get(reverse("supervision:volunteer-review-queue")).content.decode()
        assert "Worrying note" not in body and "Plain note" in body and plain.pk


class TestVolunteerOwnView:
    def test_mine_shows_a_summary_with_the_officer_contact(self, client: Any, w: Any,
                                                           django_assert_max_num_queries: Any) -> None:
        w.officer.email = "officer@example.org"
        w.officer.save(update_fields=["email"])
        profile, assignment = _assigned(w)
        client.force_login(profile.user)
        body = client.get(reverse("supervision:volunteer-mine")).content.decode()
        assert w.person.full_name in body and "Under community supervision" in body
        assert "officer@example.org" in body and "None booked" in body
        assert AuditEvent.objects.filter(actor_id=profile.user.pk, person_id=w.person.pk, action="read").exists()
        with django_assert_max_num_queries(20):
            client.get(reverse("supervision:volunteer-mine"))

    def test_meeting_form_refuses_a_future_date_and_saves_a_concern(self, client: Any, w: Any) -> None:
        profile, assignment = _assigned(w)
        client.force_login(profile.user)
        url = reverse("supervision:volunteer-meeting-add", args=[assignment.pk])
        assert client.get(url).status_code == 200
        future = (TODAY() + dt.timedelta(days=2)).isoformat()
        response = client.post(url, {"met_on": future, "note": "x"})
        assert response.status_code == 400 and "cannot be dated in the future" in response.content.decode()
        assert not VolunteerMeeting.objects.exists()
        assert client.post(url, {"met_on": TODAY().isoformat(), "note": "Went well", "concern": "on"}).status_code == 302
        assert VolunteerMeeting.objects.get().concern

    def test_another_volunteers_assignment_is_not_found(self, client: Any, w: Any) -> None:
        _profile, assignment = _assigned(w)
        client.force_login(volunteer(w).user)
        url = reverse("supervision:volunteer-meeting-add", args=[assignment.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"met_on": TODAY().isoformat(), "note": "x"}).status_code == 404
        assert not VolunteerMeeting.objects.exists()

    def test_staff_cannot_use_the_volunteer_pages(self, officer: Any) -> None:
        assert officer.get(reverse("supervision:volunteer-mine")).status_code == 403

    def test_empty_state(self, client: Any, w: Any) -> None:
        client.force_login(volunteer(w).user)
        assert "data-empty" in client.get(reverse("supervision:volunteer-mine")).content.decode()
