"""Editing and voiding programmes and cohorts: versioned, audited, refused while people are on them,
and a refused edit changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import StaleEditError
from reintegra.core.versioning import history_for
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes import services
from reintegra.programmes.choices import ProgrammeType
from reintegra.programmes.models import Cohort, Programme
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def staff():
    return user_with_role(Role.PROGRAMME_STAFF)


def _row(model, pk: int) -> dict:
    return model.objects.filter(pk=pk).values().get()


class TestProgrammeUpdate:
    def test_changes_fields_with_history_and_audit(self, staff) -> None:
        programme = ProgrammeFactory(name="Thinking Skills", trauma_informed=False)
        changed = services.programme_update(
            actor=staff, programme=programme, expected_version=programme.version, name=" Thinking Skills Plus ",
            trauma_informed=True, languages=["ES", "en"], risk_bands=["high", "moderate"], hours=60)
        changed.refresh_from_db()
        assert (changed.name, changed.trauma_informed, changed.languages, changed.risk_bands, changed.hours,
                changed.version) == ("Thinking Skills Plus", True, ["en", "es"], ["high", "moderate"], 60, 2)
        assert [entry.action for entry in history_for(changed)] == ["update"]  # the factory records no creation
        event = AuditEvent.objects.get(object_type="programmes.programme", object_id=str(programme.pk),
                                       action="update")
        assert {"name", "trauma_informed", "languages", "risk_bands", "hours"} <= set(event.fields)

    def test_invalid_edit_names_the_fields_and_changes_nothing(self, staff) -> None:
        programme = ProgrammeFactory(min_age=18)
        before = _row(Programme, programme.pk)
        with pytest.raises(ValidationError) as caught:
            services.programme_update(actor=staff, programme=programme, expected_version=programme.version,
                                      type=ProgrammeType.VOCATIONAL, max_age=16, targeted_needs=["astrology"])
        assert {"trade", "max_age", "targeted_needs"} <= set(caught.value.message_dict)
        assert _row(Programme, programme.pk) == before
        assert not AuditEvent.objects.filter(object_type="programmes.programme", action="update").exists()

    def test_stale_version_is_refused(self, staff) -> None:
        programme = ProgrammeFactory(name="First")
        services.programme_update(actor=staff, programme=programme, expected_version=1, name="Second")
        stale = Programme.objects.get(pk=programme.pk)
        with pytest.raises(StaleEditError):
            services.programme_update(actor=staff, programme=stale, expected_version=1, name="Third")
        assert Programme.objects.get(pk=programme.pk).name == "Second"

    def test_unknown_field_is_a_programming_error(self, staff) -> None:
        programme = ProgrammeFactory()
        with pytest.raises(TypeError):
            services.programme_update(actor=staff, programme=programme, expected_version=1, voided_at=timezone.now())


class TestProgrammeVoid:
    def test_refused_while_someone_is_waiting_then_voids_with_its_cohorts(self, staff) -> None:
        cohort = CohortFactory()
        other = CohortFactory(programme=cohort.programme)
        programme = cohort.programme
        enrolment = services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=None)
        before = (_row(Programme, programme.pk), _row(Cohort, cohort.pk), _row(Cohort, other.pk))
        with pytest.raises(ValidationError) as caught:
            services.programme_void(actor=staff, programme=programme, expected_version=1, reason="Funding ended")
        assert "1 person is waiting for or enrolled on this programme" in caught.value.messages[0]
        assert (_row(Programme, programme.pk), _row(Cohort, cohort.pk), _row(Cohort, other.pk)) == before
        services.enrolment_drop(enrolment=enrolment, actor=staff, expected_version=1, reason="Moved away")
        voided = services.programme_void(actor=staff, programme=programme, expected_version=1,
                                         reason=" Funding ended ")
        assert voided.voided_at is not None and voided.void_reason == "Funding ended"
        assert Cohort.objects.filter(programme=programme, voided_at__isnull=False).count() == 2
        assert AuditEvent.objects.filter(object_type="programmes.programme", action="void").exists()
        with pytest.raises(ValidationError):  # no new cohort of a withdrawn programme
            services.cohort_create(actor=staff, programme=voided, starts_on=TODAY, ends_on=TODAY)

    def test_reason_required(self, staff) -> None:
        programme = ProgrammeFactory()
        with pytest.raises(ValidationError) as caught:
            services.programme_void(actor=staff, programme=programme, expected_version=1, reason="  ")
        assert "reason" in caught.value.message_dict
        assert Programme.objects.get(pk=programme.pk).voided_at is None

    def test_voided_programme_cannot_be_edited(self, staff) -> None:
        programme = services.programme_void(actor=staff, programme=ProgrammeFactory(), expected_version=1,
                                            reason="Replaced")
        with pytest.raises(ValidationError):
            services.programme_update(actor=staff, programme=programme, expected_version=programme.version,
                                      name="Back")


class TestCohortUpdate:
    def test_changes_dates_places_and_sessions(self, staff) -> None:
        cohort = CohortFactory(capacity=10)
        starts, ends = TODAY + dt.timedelta(days=7), TODAY + dt.timedelta(days=70)
        changed = services.cohort_update(actor=staff, cohort=cohort, expected_version=1, starts_on=starts,
                                         ends_on=ends, capacity=12, schedule=" Tuesdays ",
                                         session_dates=[starts, starts + dt.timedelta(days=7)])
        changed.refresh_from_db()
        assert (changed.starts_on, changed.ends_on, changed.capacity, changed.schedule, changed.version) == (
            starts, ends, 12, "Tuesdays", 2)
        assert changed.session_dates == [starts.isoformat(), (starts + dt.timedelta(days=7)).isoformat()]
        event = AuditEvent.objects.get(object_type="programmes.cohort", action="update")
        assert set(event.fields) == {"starts_on", "ends_on", "capacity", "schedule", "session_dates"}

    def test_places_below_enrolled_and_dates_leaving_out_attendance_are_refused(self, staff) -> None:
        cohort = CohortFactory(capacity=3)
        enrolments = [services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=None,
                                                 on=TODAY - dt.timedelta(days=25)) for _ in range(2)]
        for enrolment in enrolments:
            services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=1,
                                     on=TODAY - dt.timedelta(days=20))
        services.attendance_record(enrolment=enrolments[0], session_on=TODAY - dt.timedelta(days=10), attended=True,
                                   actor=staff)
        before = _row(Cohort, cohort.pk)
        with pytest.raises(ValidationError) as caught:
            services.cohort_update(actor=staff, cohort=cohort, expected_version=1,
                                   starts_on=TODAY - dt.timedelta(days=5), ends_on=TODAY + dt.timedelta(days=5),
                                   capacity=1)
        errors = caught.value.message_dict
        assert "2 people are already enrolled" in errors["capacity"][0]
        assert "Attendance is recorded from" in errors["starts_on"][0]
        with pytest.raises(ValidationError) as caught:
            services.cohort_update(actor=staff, cohort=cohort, expected_version=1, starts_on=cohort.starts_on,
                                   ends_on=TODAY - dt.timedelta(days=11), capacity=3)
        assert "cannot end earlier" in caught.value.message_dict["ends_on"][0]
        assert _row(Cohort, cohort.pk) == before

    def test_stale_version_is_refused(self, staff) -> None:
        cohort = CohortFactory()
        with pytest.raises(StaleEditError):
            services.cohort_update(actor=staff, cohort=cohort, expected_version=7, starts_on=cohort.starts_on,
                                   ends_on=cohort.ends_on, capacity=2)
        assert Cohort.objects.get(pk=cohort.pk).capacity == cohort.capacity


class TestCohortVoid:
    def test_refused_while_someone_is_enrolled_then_cancelled(self, staff) -> None:
        cohort = CohortFactory()
        enrolment = services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=None)
        services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=1)
        with pytest.raises(ValidationError) as caught:
            services.cohort_void(actor=staff, cohort=cohort, expected_version=1, reason="Trainer left")
        assert "waiting for or enrolled on this cohort" in caught.value.messages[0]
        assert Cohort.objects.get(pk=cohort.pk).voided_at is None
        enrolment.refresh_from_db()
        services.enrolment_drop(enrolment=enrolment, actor=staff, expected_version=enrolment.version,
                                reason="Transferred")
        services.cohort_void(actor=staff, cohort=cohort, expected_version=1, reason="Trainer left")
        cohort.refresh_from_db()
        assert cohort.voided_at is not None and cohort.void_reason == "Trainer left"
        with pytest.raises(ValidationError):  # nobody joins a cancelled cohort
            services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=None)

    def test_reason_required(self, staff) -> None:
        cohort = CohortFactory()
        with pytest.raises(ValidationError) as caught:
            services.cohort_void(actor=staff, cohort=cohort, expected_version=1, reason="")
        assert "reason" in caught.value.message_dict
