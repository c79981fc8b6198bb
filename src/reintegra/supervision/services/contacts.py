"""Recording supervision contacts (type, attendance, case note, who held it) and voiding one
recorded in error. A contact is never dated in the future nor outside its period. A booked
appointment whose time has come is recorded as its contact: the appointment is then marked
attended or missed and linked to the contact."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.services.events import lock_person
from reintegra.supervision.choices import AppointmentStatus, Attendance, ContactType
from reintegra.supervision.models import Appointment, SupervisionContact
from reintegra.supervision.services.appointments import (
    Errors, audit_change, can_supervise, check_person, raise_if, refusals, void_record,
)

OBJECT_TYPE = "supervision.contact"
refusable = refusals(OBJECT_TYPE)


def _appointment_errors(errors: Errors, appointment: Appointment | None, period: SupervisionPeriod,
                        occurred_on: dt.date | None) -> Appointment | None:
    if appointment is None:
        return None
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.person_id != period.person_id or appointment.period_id not in (None, period.pk):
        errors.setdefault("appointment", []).append(_("This appointment belongs to another supervision period."))
    elif appointment.status != AppointmentStatus.SCHEDULED or appointment.contact_id is not None:
        errors.setdefault("appointment", []).append(_("This appointment has already been recorded or cancelled."))
    elif occurred_on is not None and timezone.localdate(appointment.scheduled_for) > occurred_on:
        errors.setdefault("appointment", []).append(_("This appointment's date has not come yet."))
    return appointment


@refusable("record")
def contact_record(
    *, actor: Any, period: SupervisionPeriod, contact_type: str, occurred_on: dt.date | None, attendance: str,
    note: str = "", held_by: Any = None, appointment: Appointment | None = None,
) -> SupervisionContact:
    """Record a contact of ``period`` on ``occurred_on`` (not in the future, within the period)
    held by ``held_by`` (default the actor). With ``appointment`` the contact is that booked
    appointment's record: attended, or missed (with or without an acceptable reason)."""
    check_person(actor, period.person)
    errors = lock_person(period.person)
    held_by = held_by or actor
    if period.voided_at is not None:
        errors.setdefault("period", []).append(_("This supervision period is voided."))
    if contact_type not in ContactType.values:
        errors.setdefault("contact_type", []).append(_("Choose a type of contact."))
    if attendance not in Attendance.values:
        errors.setdefault("attendance", []).append(_("Say whether the person attended."))
    if occurred_on is None:
        errors.setdefault("occurred_on", []).append(_("This field is required."))
    elif occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(_("A contact cannot be dated in the future."))
    elif occurred_on < period.starts_on or (period.ended_on is not None and occurred_on > period.ended_on):
        errors.setdefault("occurred_on", []).append(_("A contact must fall within the supervision period."))
    if contact_type != ContactType.VOLUNTEER_MEETING and held_by.pk != actor.pk and not can_supervise(held_by):
        errors.setdefault("held_by", []).append(_("Choose the probation officer who held the contact."))
    appointment = _appointment_errors(errors, appointment, period, occurred_on)
    raise_if(errors)
    contact = SupervisionContact.objects.create(
        period=period, person=period.person, contact_type=contact_type, occurred_on=occurred_on,
        attendance=attendance, note=(note or "").strip(), held_by=held_by, recorded_by=actor,
    )
    if appointment is not None:
        appointment.contact, appointment.period = contact, period
        appointment.status = AppointmentStatus.ATTENDED if attendance == Attendance.ATTENDED else AppointmentStatus.MISSED
        appointment.save(update_fields=["contact", "period", "status", "updated_at"])
    audit_change(actor=actor, action=AuditAction.CREATE, object_type=OBJECT_TYPE, record=contact,
                 operation="record", fields=["contact_type", "occurred_on", "attendance", "note", "held_by"],
                 period_id=period.pk, appointment_id=getattr(appointment, "pk", None), attendance=attendance)
    return contact


@refusable("void")
def contact_void(*, actor: Any, contact: SupervisionContact, reason: str) -> SupervisionContact:
    """Void a contact recorded in error, with the reason (it no longer counts towards the standard;
    an appointment it recorded is scheduled again so the right contact can be recorded)."""
    check_person(actor, contact.person)
    contact = void_record(actor=actor, record=contact, reason=reason, field="contact",
                          already=_("This contact is already voided."), why=_("Say why the contact is voided."))
    reopened = Appointment.objects.filter(contact=contact).update(
        contact=None, status=AppointmentStatus.SCHEDULED, updated_at=timezone.now())
    audit_change(actor=actor, action=AuditAction.VOID, object_type=OBJECT_TYPE, record=contact,
                 operation="void", fields=["void_reason"], appointment_reopened=bool(reopened))
    return contact
