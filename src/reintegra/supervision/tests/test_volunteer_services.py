"""Volunteer services: profiles with versions and deactivation, training (expiry, voiding),
capacity at assignment, meeting notes and their review; every refusal changes nothing and is audited."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.core.versioning import history_for
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision.models import VolunteerAssignment, VolunteerMeeting, VolunteerProfile
from reintegra.supervision.selectors.volunteers import training_status, volunteer_profile_get
from reintegra.supervision.services import volunteer_assign, volunteer_assignment_end
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record, volunteer_meeting_review
from reintegra.supervision.services.volunteer_profiles import (
    volunteer_profile_activate, volunteer_profile_create, volunteer_profile_deactivate, volunteer_profile_update,
    volunteer_training_add, volunteer_training_void,
)
from reintegra.supervision.tests.volunteer_factories import fresh, volunteer, world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


class TestProfiles:
    def test_create_needs_a_volunteer_of_my_office_and_is_versioned(self) -> None:
        w = world()
        profile = volunteer(w, languages=("ES", "ar", "es"))
        assert profile.version == 1 and profile.languages == ["es", "ar"]
        assert [entry.version for entry in history_for(profile)] == [1]
        assert AuditEvent.objects.filter(object_type="supervision.volunteerprofile", object_id=str(profile.pk),
                                         action="create").exists()
        with pytest.raises(ValidationError) as error:
            volunteer_profile_create(actor=fresh(w.officer), volunteer=user_with_role(Role.PROBATION_OFFICER),
                                     office=ProbationOfficeFactory(), area="", languages=["spanish"], max_people=0)
        assert set(error.value.message_dict) == {"volunteer", "office", "area", "languages", "max_people"}
        with pytest.raises(ValidationError) as error:
            volunteer_profile_create(actor=fresh(w.officer), volunteer=profile.user, office=w.office, area="X")
        assert "volunteer" in error.value.message_dict
        assert VolunteerProfile.objects.count() == 1
        assert AuditEvent.objects.filter(action="denied", detail__operation="volunteer_profile_create").count() == 2

    def test_only_volunteer_managers_create(self) -> None:
        w = world()
        with pytest.raises(AccessDenied):
            volunteer_profile_create(actor=user_with_role(Role.PRISON_CASE_MANAGER, w.office),
                                     volunteer=user_with_role(Role.VOLUNTEER, w.office), office=w.office, area="X")
        assert not VolunteerProfile.objects.exists()

    def test_update_checks_the_version_and_keeps_history(self) -> None:
        w = world()
        profile = volunteer(w)
        stale = VolunteerProfile.objects.get(pk=profile.pk)
        volunteer_profile_update(actor=fresh(w.officer), profile=profile, expected_version=1, area="Norte",
                                 max_people=4, reason="moved")
        with pytest.raises(StaleEditError):
            volunteer_profile_update(actor=fresh(w.officer), profile=stale, expected_version=1, area="Sur")
        profile.refresh_from_db()
        assert (profile.area, profile.max_people, profile.version) == ("Norte", 4, 2)
        entry = list(history_for(profile))[-1]
        assert entry.before == {"area": "Centro", "max_people": 3} and entry.reason == "moved"

    def test_update_refuses_unknown_fields_and_a_limit_below_the_caseload(self) -> None:
        w = world()
        profile = volunteer(w, max_people=2)
        volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person)
        volunteer_assign(actor=fresh(w.officer), volunteer=profile.user,
                         person=SupervisionPeriodFactory(office=w.office, officer=w.officer).person)
        with pytest.raises(ValidationError) as error:
            volunteer_profile_update(actor=fresh(w.officer), profile=profile, expected_version=1, max_people=1,
                                     active=False)
        assert set(error.value.message_dict) == {"max_people", "active"}
        profile.refresh_from_db()
        assert (profile.max_people, profile.version) == (2, 1)

    def test_another_office_cannot_change_the_profile(self) -> None:
        w = world()
        profile = volunteer(w)
        outsider = user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())
        with pytest.raises(ValidationError):
            volunteer_profile_update(actor=outsider, profile=profile, expected_version=1, area="Sur")
        assert VolunteerProfile.objects.get(pk=profile.pk).area == "Centro"

    def test_deactivate_needs_a_reason_and_no_open_assignment_then_reactivate(self) -> None:
        w = world()
        profile = volunteer(w)
        assignment = volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person)
        with pytest.raises(ValidationError) as error:
            volunteer_profile_deactivate(actor=fresh(w.officer), profile=profile, expected_version=1, reason=" ")
        assert set(error.value.message_dict) == {"reason", "active"}
        volunteer_assignment_end(actor=fresh(w.officer), assignment=assignment, ended_on=TODAY(),
                                 end_reason="volunteer_left")
        profile = volunteer_profile_deactivate(actor=fresh(w.officer), profile=profile, expected_version=1,
                                               reason="moved away")
        assert not profile.active and list(history_for(profile))[-1].reason == "moved away"
        with pytest.raises(ValidationError):
            volunteer_profile_deactivate(actor=fresh(w.officer), profile=profile, expected_version=2, reason="x")
        profile = volunteer_profile_activate(actor=fresh(w.officer), profile=profile, expected_version=2)
        assert profile.active and profile.version == 3
        assert VolunteerProfile.objects.filter(pk=profile.pk).exists()  # never deleted


class TestTraining:
    def test_expired_training_is_shown_as_expired(self) -> None:
        w = world()
        current = volunteer(w, expires_on=TODAY() + dt.timedelta(days=300))
        expired = volunteer(w, expires_on=TODAY() - dt.timedelta(days=1))
        untrained = volunteer(w, trained=False)
        for profile, status in ((current, "current"), (expired, "expired"), (untrained, "none")):
            assert training_status(volunteer_profile_get(user=fresh(w.officer), pk=profile.pk)) == status
        loaded = volunteer_profile_get(user=fresh(w.officer), pk=expired.pk)
        assert loaded.last_training_ended == TODAY() - dt.timedelta(days=1)

    def test_add_refuses_future_and_inverted_dates_and_void_keeps_the_row(self) -> None:
        w = world()
        profile = volunteer(w, trained=False)
        with pytest.raises(ValidationError) as error:
            volunteer_training_add(actor=fresh(w.officer), profile=profile, course=" ",
                                   completed_on=TODAY() + dt.timedelta(days=1))
        assert set(error.value.message_dict) == {"course", "completed_on"}
        with pytest.raises(ValidationError) as error:
            volunteer_training_add(actor=fresh(w.officer), profile=profile, course="Induction",
                                   completed_on=dt.date(2024, 5, 1), expires_on=dt.date(2024, 4, 1))
        assert set(error.value.message_dict) == {"expires_on"}
        training = volunteer_training_add(actor=fresh(w.officer), profile=profile, course="Induction",
                                          completed_on=dt.date(2024, 5, 1))
        assert training_status(volunteer_profile_get(user=fresh(w.officer), pk=profile.pk)) == "current"
        with pytest.raises(ValidationError):
            volunteer_training_void(actor=fresh(w.officer), profile=profile, training=training, reason="")
        volunteer_training_void(actor=fresh(w.officer), profile=profile, training=training, reason="wrong person")
        training.refresh_from_db()
        assert training.voided_at is not None and training.void_reason == "wrong person"
        assert training_status(volunteer_profile_get(user=fresh(w.officer), pk=profile.pk)) == "none"


class TestCapacity:
    def test_assign_refuses_a_full_or_inactive_volunteer(self) -> None:
        w = world()
        profile = volunteer(w, max_people=1)
        volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person)
        other = SupervisionPeriodFactory(office=w.office, officer=w.officer).person
        with pytest.raises(ValidationError) as error:
            volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=other)
        assert "limit" in error.value.message_dict["volunteer"][0]
        assert VolunteerAssignment.objects.filter(volunteer=profile.user).count() == 1
        assert AuditEvent.objects.filter(action="denied", detail__operation="volunteer_assign",
                                         person_id=other.pk).exists()
        idle = volunteer(w)
        VolunteerProfile.objects.filter(pk=idle.pk).update(active=False)
        with pytest.raises(ValidationError) as error:
            volunteer_assign(actor=fresh(w.officer), volunteer=idle.user, person=other)
        assert error.value.message_dict["volunteer"] == ["This volunteer is not active."]

    def test_ending_an_assignment_frees_the_place(self) -> None:
        w = world()
        profile = volunteer(w, max_people=1)
        assignment = volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person)
        volunteer_assignment_end(actor=fresh(w.officer), assignment=assignment, ended_on=TODAY(),
                                 end_reason="completed")
        other = SupervisionPeriodFactory(office=w.office, officer=w.officer).person
        assert volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=other).pk

    def test_assignment_end_refuses_a_future_date(self) -> None:
        w = world()
        assignment = volunteer_assign(actor=fresh(w.officer), volunteer=volunteer(w).user, person=w.person)
        with pytest.raises(ValidationError) as error:
            volunteer_assignment_end(actor=fresh(w.officer), assignment=assignment,
                                     ended_on=TODAY() + dt.timedelta(days=3), end_reason="completed")
        assert set(error.value.message_dict) == {"ended_on"}


class TestMeetings:
    def _assigned(self):
        w = world()
        profile = volunteer(w)
        assignment = volunteer_assign(actor=fresh(w.officer), volunteer=profile.user, person=w.person,
                                      starts_on=TODAY() - dt.timedelta(days=10))
        return w, profile.user, assignment

    def test_a_volunteer_records_a_meeting_of_their_own_assignment(self) -> None:
        w, vol, assignment = self._assigned()
        meeting = volunteer_meeting_record(actor=fresh(vol), assignment=assignment, met_on=TODAY(),
                                           note="Talked about work.", concern=True)
        assert (meeting.person, meeting.concern, meeting.recorded_by) == (w.person, True, vol)
        event = AuditEvent.objects.get(object_type="supervision.volunteermeeting", object_id=str(meeting.pk))
        assert "Talked" not in str(event.detail)

    def test_future_dates_empty_notes_and_dates_before_the_assignment_are_refused(self) -> None:
        w, vol, assignment = self._assigned()
        for met_on, note, field in ((TODAY() + dt.timedelta(days=1), "x", "met_on"), (TODAY(), "  ", "note"),
                                    (TODAY() - dt.timedelta(days=20), "x", "met_on")):
            with pytest.raises(ValidationError) as error:
                volunteer_meeting_record(actor=fresh(vol), assignment=assignment, met_on=met_on, note=note)
            assert set(error.value.message_dict) == {field}
        assert not VolunteerMeeting.objects.exists()

    def test_only_the_assigned_volunteer_while_the_assignment_is_open(self) -> None:
        w, vol, assignment = self._assigned()
        other = volunteer(w).user
        for actor in (other, w.officer):
            with pytest.raises(AccessDenied):
                volunteer_meeting_record(actor=fresh(actor), assignment=assignment, met_on=TODAY(), note="x")
        volunteer_assignment_end(actor=fresh(w.officer), assignment=assignment, ended_on=TODAY(),
                                 end_reason="completed")
        with pytest.raises(AccessDenied):
            volunteer_meeting_record(actor=fresh(vol), assignment=assignment, met_on=TODAY(), note="x")
        assert not VolunteerMeeting.objects.exists()

    def test_the_officer_reviews_once_with_an_optional_note(self) -> None:
        w, vol, assignment = self._assigned()
        meeting = volunteer_meeting_record(actor=fresh(vol), assignment=assignment, met_on=TODAY(), note="ok")
        with pytest.raises(AccessDenied):
            volunteer_meeting_review(actor=fresh(vol), meeting=meeting)
        with pytest.raises(AccessDenied):
            volunteer_meeting_review(actor=user_with_role(Role.PROBATION_OFFICER), meeting=meeting)
        volunteer_meeting_review(actor=fresh(w.officer), meeting=meeting, review_note="Called him.")
        meeting.refresh_from_db()
        assert meeting.reviewed_by == w.officer and meeting.review_note == "Called him."
        with pytest.raises(ValidationError):
            volunteer_meeting_review(actor=fresh(w.officer), meeting=meeting)
