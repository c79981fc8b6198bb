"""Booking supervision appointments, linking one booked before release to the period that starts
on release, and cancelling one. Recording what happened at an appointment is a contact
(``contacts.contact_record(appointment=...)``).

Booking is open to case staff who prepare release as well as to probation staff (the first
appointment is set before release, often by the prison case manager): ``supervision.edit`` or
``release.edit``, with the person's full record. The officer must hold an active probation
officer membership (at ``office`` when one is given). Every write is audited (ids only); a
refusal changes nothing and is itself audited (``supervision.refused``).

The helpers ``refusals``, ``check_person``, ``check_period_open``, ``audit_change`` and
``void_record`` are shared
by the other supervision-core service modules (levels, conditions, contacts).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed, person_access
from reintegra.audit.choices import AuditAction
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.services.events import lock_person
from reintegra.people.models import Person
from reintegra.supervision.choices import AppointmentStatus, ContactType
from reintegra.supervision.models import Appointment

F = TypeVar("F", bound=Callable[..., Any])
REFUSED = "supervision.refused"
OBJECT_TYPE = "supervision.appointment"
Errors = dict[str, list[str]]


# ---- shared by the supervision-core services ------------------------------------------------------

def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The record a refused call was about and the person's id, whichever argument names them."""
    for key in ("appointment", "contact", "condition", "period"):
        value = kwargs.get(key)
        if value is not None and getattr(value, "pk", None):
            return value, getattr(value, "person_id", None)
    person = kwargs.get("person")
    return None, getattr(person, "pk", None)


def refusals(object_type: str) -> Callable[[str], Callable[[F], F]]:
    """``@refusable("operation")`` for one record type: atomic, a refusal rolled back and audited."""
    log = RefusalLog(object_type=object_type, event=REFUSED, subject=_subject,
                     refresh=("appointment", "contact", "condition", "period"))
    return log.refusable


def check_person(actor: Any, person: Person, *actions: Any) -> None:
    """``AccessDenied`` unless ``actor`` holds one of ``actions`` (default ``supervision.edit``) and
    sees ``person``'s full record."""
    actions = actions or (Action.SUPERVISION_EDIT,)
    if not any(allowed(actor, action) for action in actions):
        raise AccessDenied(getattr(actions[0], "value", str(actions[0])))
    if not person_access(actor, person).full:
        raise AccessDenied("person.view")


def check_period_open(errors: Errors, period: SupervisionPeriod, field: str = "period") -> None:
    """A voided or ended period takes no new records (its history stays as it was)."""
    if period.voided_at is not None:
        errors.setdefault(field, []).append(_("This supervision period is voided."))
    elif period.ended_on is not None and period.ended_on <= timezone.localdate():
        errors.setdefault(field, []).append(_("This supervision period has ended."))


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def audit_change(*, actor: Any, action: str, object_type: str, record: Any, operation: str,
                 fields: list[str] | tuple[str, ...] = (), **detail: Any) -> None:
    """The one audit entry of a successful write (ids and field names, never notes)."""
    audit_record(actor=actor, action=action, object_type=object_type, object_id=record.pk,
                 person_id=record.person_id, fields=fields, detail={"operation": operation, **detail})


def void_record(*, actor: Any, record: Any, reason: str, field: str, already: str, why: str) -> Any:
    """Lock ``record`` (a ``VoidableModel`` row), refuse it when already void (``already`` on
    ``field``) or without a reason (``why`` on ``reason``), and mark it void with who, when and why."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    errors: Errors = {}
    reason = (reason or "").strip()
    if record.voided_at is not None:
        errors.setdefault(field, []).append(already)
    if not reason:
        errors.setdefault("reason", []).append(why)
    raise_if(errors)
    record.voided_at, record.voided_by, record.void_reason = timezone.now(), actor, reason
    record.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return record


# ---- appointments --------------------------------------------------------------------------------

refusable = refusals(OBJECT_TYPE)


def can_supervise(officer: Any, office: Organisation | None = None) -> bool:
    """Whether ``officer`` is an active user with an active probation officer membership (at ``office``)."""
    if officer is None or not getattr(officer, "is_active", False):
        return False
    memberships = officer.memberships.filter(active=True, role=Role.PROBATION_OFFICER)
    if office is not None:
        memberships = memberships.filter(organisation=office)
    return memberships.exists()


def _period_errors(errors: Errors, period: SupervisionPeriod | None, person: Person) -> None:
    if period is None:
        return
    if period.person_id != person.pk:
        errors.setdefault("period", []).append(_("This supervision period belongs to someone else."))
    else:
        check_period_open(errors, period)


@refusable("book")
def appointment_book(
    *, actor: Any, person: Person, officer: Any, scheduled_for: dt.datetime, office: Organisation | None = None,
    period: SupervisionPeriod | None = None, contact_type: str = ContactType.OFFICE, note: str = "",
) -> Appointment:
    """Book an appointment of ``person`` with ``officer`` at ``scheduled_for`` (in the future), at
    ``office`` (default: the period's office), within ``period`` or, before release, with no period
    yet (``appointment_attach_period`` links it once the period starts)."""
    check_person(actor, person, Action.SUPERVISION_EDIT, Action.RELEASE_EDIT)
    errors = lock_person(person)
    if office is None and period is not None:
        office = period.office
    if not can_supervise(officer, office):
        errors.setdefault("officer", []).append(
            _("Choose an active probation officer (of the appointment's office)."))
    if scheduled_for is None:
        errors.setdefault("scheduled_for", []).append(_("This field is required."))
    else:
        if timezone.is_naive(scheduled_for):
            scheduled_for = timezone.make_aware(scheduled_for)
        if scheduled_for <= timezone.now():
            errors.setdefault("scheduled_for", []).append(_("An appointment cannot be booked in the past."))
    if contact_type not in ContactType.values:
        errors.setdefault("contact_type", []).append(_("Choose a type of contact."))
    _period_errors(errors, period, person)
    raise_if(errors)
    appointment = Appointment.objects.create(
        person=person, period=period, officer=officer, office=office, scheduled_for=scheduled_for,
        contact_type=contact_type, note=(note or "").strip(), created_by=actor,
    )
    audit_change(actor=actor, action=AuditAction.CREATE, object_type=OBJECT_TYPE, record=appointment,
                 operation="book", fields=["officer", "scheduled_for", "contact_type", "period"],
                 officer_id=officer.pk, period_id=getattr(period, "pk", None))
    return appointment


def _locked(actor: Any, appointment: Appointment) -> Appointment:
    check_person(actor, appointment.person, Action.SUPERVISION_EDIT, Action.RELEASE_EDIT)
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


@refusable("attach_period")
def appointment_attach_period(*, actor: Any, appointment: Appointment, period: SupervisionPeriod) -> Appointment:
    """Link an appointment booked before release to the supervision period that has since started."""
    appointment, errors = _locked(actor, appointment), {}
    if appointment.period_id is not None and appointment.period_id != period.pk:
        errors.setdefault("period", []).append(_("This appointment already belongs to another supervision period."))
    else:
        _period_errors(errors, period, appointment.person)
    raise_if(errors)
    if appointment.period_id == period.pk:
        return appointment
    appointment.period = period
    if appointment.office_id is None:
        appointment.office = period.office
    appointment.save(update_fields=["period", "office", "updated_at"])
    audit_change(actor=actor, action=AuditAction.UPDATE, object_type=OBJECT_TYPE, record=appointment,
                 operation="attach_period", fields=["period"], period_id=period.pk)
    return appointment


@refusable("cancel")
def appointment_cancel(*, actor: Any, appointment: Appointment, reason: str) -> Appointment:
    """Cancel a scheduled appointment, saying why (the reason is kept with the appointment's note)."""
    appointment, errors = _locked(actor, appointment), {}
    reason = (reason or "").strip()
    if appointment.status != AppointmentStatus.SCHEDULED:
        errors.setdefault("status", []).append(_("Only a scheduled appointment can be cancelled."))
    if not reason:
        errors.setdefault("reason", []).append(_("Say why the appointment is cancelled."))
    raise_if(errors)
    heading = _("Cancelled: %(reason)s") % {"reason": reason}
    appointment.note = f"{appointment.note}\n{heading}".strip()
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["note", "status", "updated_at"])
    audit_change(actor=actor, action=AuditAction.UPDATE, object_type=OBJECT_TYPE, record=appointment,
                 operation="cancel", fields=["status", "note"])
    return appointment
