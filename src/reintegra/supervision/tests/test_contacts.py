"""Recording contacts: never dated in the future (refused, nothing written), within the period,
audited without the note; an attended booked appointment recorded as its contact; void with reason."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.justice.services import supervision_end
from reintegra.supervision.choices import AppointmentStatus
from reintegra.supervision.models import Appointment, SupervisionContact
from reintegra.supervision.selectors.periods import due_of
from reintegra.supervision.services.contacts import contact_record, contact_void
from reintegra.supervision.tests.test_appointments import supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    return supervised(starts_on=TODAY - dt.timedelta(days=30))


def record(world, **kwargs):
    values = {"contact_type": "office", "occurred_on": TODAY, "attendance": "attended", "note": "Discussed housing"}
    return contact_record(actor=world.officer, period=world.period, **{**values, **kwargs})


def due_appointment(world, hours_ago: int = 2) -> Appointment:
    return Appointment.objects.create(person=world.person, period=world.period, officer=world.officer,
                                      scheduled_for=timezone.now() - dt.timedelta(hours=hours_ago),
                                      created_by=world.officer)


def test_a_contact_is_recorded_and_audited_without_its_note(world) -> None:
    contact = record(world)
    assert (contact.held_by, contact.recorded_by, contact.person) == (world.officer, world.officer, world.person)
    event = AuditEvent.objects.get(object_type="supervision.contact", object_id=str(contact.pk))
    assert event.person_id == world.person.pk and "housing" not in str(event.detail)
    assert due_of(world.period, today=TODAY).last_contact_on == TODAY


def test_a_contact_dated_in_the_future_is_refused_and_nothing_is_written(world) -> None:
    with pytest.raises(ValidationError) as error:
        record(world, occurred_on=TODAY + dt.timedelta(days=1))
    assert error.value.message_dict == {"occurred_on": ["A contact cannot be dated in the future."]}
    assert not SupervisionContact.objects.exists()
    assert AuditEvent.objects.filter(object_type="supervision.contact", action="denied").count() == 1


def test_dates_outside_the_period_and_bad_choices_are_refused(world) -> None:
    with pytest.raises(ValidationError) as error:
        record(world, occurred_on=TODAY - dt.timedelta(days=31), contact_type="letter", attendance="maybe")
    assert set(error.value.message_dict) == {"occurred_on", "contact_type", "attendance"}
    supervision_end(actor=world.supervisor, period=world.period, ended_on=TODAY - dt.timedelta(days=5),
                    end_reason="completed", expected_version=world.period.version)
    world.period.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        record(world, occurred_on=TODAY - dt.timedelta(days=1))
    assert "occurred_on" in error.value.message_dict
    assert record(world, occurred_on=TODAY - dt.timedelta(days=6)).occurred_on == TODAY - dt.timedelta(days=6)


def test_held_by_must_be_a_probation_officer(world) -> None:
    colleague = user_with_role(Role.PROBATION_OFFICER, world.office)
    assert record(world, held_by=colleague).held_by == colleague
    with pytest.raises(ValidationError) as error:
        record(world, held_by=user_with_role(Role.PRISON_CASE_MANAGER))
    assert "held_by" in error.value.message_dict


def test_only_staff_with_the_right_and_the_full_record(world) -> None:
    for actor in (user_with_role(Role.PROBATION_OFFICER, world.office), user_with_role(Role.VOLUNTEER, world.office)):
        with pytest.raises(AccessDenied):
            contact_record(actor=actor, period=world.period, contact_type="office", occurred_on=TODAY,
                           attendance="attended")
    assert not SupervisionContact.objects.exists()


def test_an_attended_appointment_is_recorded_as_its_contact(world) -> None:
    appointment = due_appointment(world)
    contact = record(world, appointment=appointment)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.contact) == (AppointmentStatus.ATTENDED, contact)
    with pytest.raises(ValidationError) as error:
        record(world, appointment=appointment)
    assert "appointment" in error.value.message_dict
    missed = due_appointment(world, hours_ago=30)
    record(world, appointment=missed, attendance="missed", occurred_on=TODAY - dt.timedelta(days=1))
    missed.refresh_from_db()
    assert missed.status == AppointmentStatus.MISSED


def test_a_future_appointment_or_anothers_cannot_be_recorded(world) -> None:
    later = Appointment.objects.create(person=world.person, period=world.period, officer=world.officer,
                                       scheduled_for=timezone.now() + dt.timedelta(days=2), created_by=world.officer)
    with pytest.raises(ValidationError) as error:
        record(world, appointment=later)
    assert "appointment" in error.value.message_dict
    other = supervised()
    theirs = due_appointment(other)
    with pytest.raises(ValidationError):
        record(world, appointment=theirs)
    assert not SupervisionContact.objects.exists()


def test_void_needs_a_reason_stops_counting_and_reopens_the_appointment(world) -> None:
    appointment = due_appointment(world)
    contact = record(world, appointment=appointment)
    with pytest.raises(ValidationError) as error:
        contact_void(actor=world.officer, contact=contact, reason=" ")
    assert "reason" in error.value.message_dict
    contact = contact_void(actor=world.officer, contact=contact, reason="Recorded on the wrong person")
    assert contact.is_voided and contact.voided_by == world.officer
    appointment.refresh_from_db()
    assert (appointment.status, appointment.contact) == (AppointmentStatus.SCHEDULED, None)
    assert due_of(world.period, today=TODAY).last_contact_on is None
    with pytest.raises(ValidationError):
        contact_void(actor=world.officer, contact=contact, reason="Again")
