"""Booking appointments (including before release, with no period yet), linking them to the period
once it starts, and cancelling them. ``supervised`` and ``assessed`` are shared with the other
supervision-core tests."""
from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.instruments import instrument_get
from reintegra.assessments.models import Assessment
from reintegra.assessments.services.versions import instrument_version_ensure
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.justice.tests.factories import CustodyEpisodeFactory, ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.people.services import person_void
from reintegra.supervision.choices import AppointmentStatus
from reintegra.supervision.models import Appointment
from reintegra.supervision.services.appointments import (
    appointment_attach_period, appointment_book, appointment_cancel,
)

pytestmark = pytest.mark.django_db


class World(NamedTuple):
    office: Any
    officer: Any
    supervisor: Any
    period: Any
    person: Any


def supervised(starts_on: dt.date = dt.date(2024, 6, 1), office: Any = None, officer: Any = None) -> World:
    """An office with a probation officer and a supervisor, and an open period of the officer's."""
    office = office or ProbationOfficeFactory()
    officer = officer or user_with_role(Role.PROBATION_OFFICER, office)
    supervisor = user_with_role(Role.SUPERVISOR, office)
    period = SupervisionPeriodFactory(office=office, officer=officer, starts_on=starts_on)
    return World(office, officer, supervisor, period, period.person)


def assessed(person: Any, band: str, days_ago: int = 10) -> Assessment:
    """A completed needs assessment of ``person`` with ``band`` (stored result, no answers)."""
    version = instrument_version_ensure(instrument_get("reintegra-needs"))
    at = timezone.now() - dt.timedelta(days=days_ago)
    return Assessment.objects.create(
        person=person, instrument=version, status=AssessmentStatus.COMPLETED, occasion="admission", started_at=at,
        completed_at=at, computed_band=band, final_band=band, result={"needs": [], "flags": [], "strengths": []},
    )


def soon(days: int = 3) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_booking_is_audited_and_takes_the_period_office() -> None:
    world = supervised()
    appointment = appointment_book(actor=world.officer, person=world.person, officer=world.officer,
                                   scheduled_for=soon(), period=world.period, note="Bring ID")
    assert (appointment.office, appointment.status, appointment.created_by) == (
        world.office, AppointmentStatus.SCHEDULED, world.officer)
    event = AuditEvent.objects.get(object_type="supervision.appointment", object_id=str(appointment.pk))
    assert event.person_id == world.person.pk and "Bring" not in str(event.detail)


def test_booking_refuses_the_past_a_non_officer_and_another_persons_period() -> None:
    world, other = supervised(), supervised()
    volunteer = user_with_role(Role.VOLUNTEER, world.office)
    with pytest.raises(ValidationError) as error:
        appointment_book(actor=world.officer, person=world.person, officer=volunteer,
                         scheduled_for=timezone.now() - dt.timedelta(minutes=1), period=other.period)
    assert set(error.value.message_dict) == {"officer", "scheduled_for", "period"}
    assert "past" in error.value.message_dict["scheduled_for"][0]
    assert not Appointment.objects.exists()
    assert AuditEvent.objects.filter(object_type="supervision.appointment", action="denied").count() == 1


def test_booking_refuses_an_officer_of_another_office_and_a_voided_person() -> None:
    world = supervised()
    elsewhere = user_with_role(Role.PROBATION_OFFICER)
    with pytest.raises(ValidationError) as error:
        appointment_book(actor=world.officer, person=world.person, officer=elsewhere, scheduled_for=soon(),
                         office=world.office)
    assert set(error.value.message_dict) == {"officer"}
    inactive = user_with_role(Role.PROBATION_OFFICER, world.office)
    inactive.memberships.update(active=False)
    with pytest.raises(ValidationError):
        appointment_book(actor=world.officer, person=world.person, officer=inactive, scheduled_for=soon())
    person_void(actor=world.supervisor, person=world.person, reason="Duplicate registration",
                expected_version=world.person.version)
    world.person.refresh_from_db()
    with pytest.raises((ValidationError, AccessDenied)):
        appointment_book(actor=world.officer, person=world.person, officer=world.officer, scheduled_for=soon())
    assert not Appointment.objects.exists()


def test_booking_needs_the_right_and_the_full_record() -> None:
    world = supervised()
    colleague = user_with_role(Role.PROBATION_OFFICER, world.office)  # sees a summary only
    volunteer = user_with_role(Role.VOLUNTEER, world.office)
    for actor in (colleague, volunteer):
        with pytest.raises(AccessDenied):
            appointment_book(actor=actor, person=world.person, officer=world.officer, scheduled_for=soon())
    assert not Appointment.objects.exists()


def test_first_appointment_before_release_then_attached_to_the_period() -> None:
    facility, office = FacilityFactory(), ProbationOfficeFactory()
    case_manager = user_with_role(Role.PRISON_CASE_MANAGER, facility)
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    person = CustodyEpisodeFactory(facility=facility, admitted_on=dt.date(2024, 1, 10)).person
    appointment = appointment_book(actor=case_manager, person=person, officer=officer, scheduled_for=soon(10),
                                   office=office)
    assert appointment.period is None
    period = SupervisionPeriodFactory(person=person, office=office, officer=officer, starts_on=timezone.localdate())
    appointment = appointment_attach_period(actor=officer, appointment=appointment, period=period)
    assert Appointment.objects.get().period == period
    other = supervised(office=office, officer=officer)
    with pytest.raises(ValidationError) as error:
        appointment_attach_period(actor=officer, appointment=appointment, period=other.period)
    assert "period" in error.value.message_dict
    assert Appointment.objects.get().period == period


def test_cancel_needs_a_reason_and_a_scheduled_appointment() -> None:
    world = supervised()
    appointment = appointment_book(actor=world.officer, person=world.person, officer=world.officer,
                                   scheduled_for=soon(), period=world.period, note="Bring ID")
    with pytest.raises(ValidationError) as error:
        appointment_cancel(actor=world.officer, appointment=appointment, reason="  ")
    assert "reason" in error.value.message_dict
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SCHEDULED
    appointment = appointment_cancel(actor=world.officer, appointment=appointment, reason="Officer ill")
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.note.startswith("Bring ID") and "Officer ill" in appointment.note
    with pytest.raises(ValidationError):
        appointment_cancel(actor=world.officer, appointment=appointment, reason="Again")
