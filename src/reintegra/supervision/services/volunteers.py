"""Assigning volunteers to people and ending assignments. Each write is audited (ids only); a
refused write changes nothing and leaves one ``volunteer.refused`` audit entry."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Action, Level, person_access, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.people.models import Person
from reintegra.supervision.models import AssignmentEnd, VolunteerAssignment, VolunteerProfile
from reintegra.supervision.selectors.volunteers import manager_offices

_TYPE = "supervision.volunteerassignment"
F = TypeVar("F", bound=Callable[..., Any])


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The record a refused volunteer service was called on, and whose it is (for the audit)."""
    for key in ("meeting", "assignment", "training", "profile"):
        record = kwargs.get(key)
        if record is not None:
            return record, getattr(record, "person_id", None)
    person = kwargs.get("person")
    return None, getattr(person, "pk", None)


_REFUSALS = RefusalLog(object_type="supervision.volunteer", event="volunteer.refused", subject=_subject,
                       refresh=("profile", "training", "assignment", "meeting"))


def refusable(operation: str) -> Callable[[F], F]:
    """Atomic; a refusal rolls back, is written to the audit log and raised again."""
    return _REFUSALS.refusable(operation)


def check_manager(actor: Any, person: Person) -> None:
    """Only staff allowed to manage volunteers who see the person's full record assign or end."""
    require(actor, Action.VOLUNTEER_MANAGE)
    if person_access(actor, person).level < Level.FULL:
        raise ValidationError({"person": [_("You may assign volunteers only to people in your full view.")]})


def is_volunteer(user: Any) -> bool:
    return bool(user.is_active and user.memberships.filter(active=True, role=Role.VOLUNTEER).exists())


def open_assignments(volunteer: Any) -> int:
    """How many people the volunteer supports now (open assignments)."""
    return VolunteerAssignment.objects.filter(volunteer=volunteer, ended_on__isnull=True).count()


def _capacity_errors(actor: Any, volunteer: Any) -> list[str]:
    """Why the volunteer cannot take one more person: an inactive profile, a profile overseen by an
    office that is not the actor's, or no place left. A volunteer without a profile has no stated
    limit (profiles are optional for assignment; matching lists only volunteers with one)."""
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    if profile is None:
        return []
    if not profile.active:
        return [_("This volunteer is not active.")]
    if profile.office_id not in manager_offices(actor):
        return [_("This volunteer is overseen by another office.")]
    if open_assignments(volunteer) >= profile.max_people:
        return [_("This volunteer already supports %(count)d people, their limit.") % {"count": profile.max_people}]
    return []


@refusable("volunteer_assign")
def volunteer_assign(
    *, actor: Any, volunteer: Any, person: Person, starts_on: dt.date | None = None
) -> VolunteerAssignment:
    """Assign ``volunteer`` (a user with an active volunteer membership) to support ``person`` from
    ``starts_on`` (default today). Refuses a second open assignment of the same pair and a
    volunteer who is inactive or has no place left (``max_people`` of their profile)."""
    check_manager(actor, person)
    starts_on = starts_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not is_volunteer(volunteer):
        errors.setdefault("volunteer", []).append(_("Choose an active volunteer probation officer."))
    if starts_on > timezone.localdate():
        errors.setdefault("starts_on", []).append(_("The date cannot be in the future."))
    if person.voided_at is not None or person.merged_into_id is not None:
        errors.setdefault("person", []).append(_("This record is voided or merged; use the current record."))
    # Lock the volunteer's row so two officers cannot both give them their last place.
    type(volunteer).objects.select_for_update().filter(pk=volunteer.pk).first()
    if VolunteerAssignment.objects.filter(volunteer=volunteer, person=person, ended_on__isnull=True).exists():
        errors.setdefault("volunteer", []).append(_("This volunteer is already assigned to this person."))
    else:
        errors.setdefault("volunteer", []).extend(_capacity_errors(actor, volunteer))
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    assignment = VolunteerAssignment.objects.create(
        volunteer=volunteer, person=person, assigned_by=actor, starts_on=starts_on
    )
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=_TYPE, object_id=assignment.pk,
                 person_id=person.pk, fields=["volunteer", "starts_on"], detail={"volunteer_id": volunteer.pk})
    return assignment


@refusable("volunteer_assignment_end")
def volunteer_assignment_end(
    *, actor: Any, assignment: VolunteerAssignment, ended_on: dt.date, end_reason: str
) -> VolunteerAssignment:
    """End an open assignment on ``ended_on`` (from that day the volunteer no longer sees the person)."""
    check_manager(actor, assignment.person)
    assignment = VolunteerAssignment.objects.select_for_update().get(pk=assignment.pk)
    errors: dict[str, list[str]] = {}
    if assignment.ended_on is not None:
        errors.setdefault("ended_on", []).append(_("This assignment has already ended."))
    elif ended_on is None or ended_on < assignment.starts_on:
        errors.setdefault("ended_on", []).append(_("The end cannot be before the start."))
    elif ended_on > timezone.localdate():
        errors.setdefault("ended_on", []).append(_("The date cannot be in the future."))
    if end_reason not in AssignmentEnd.values:
        errors.setdefault("end_reason", []).append(_("Choose why the assignment ended."))
    if errors:
        raise ValidationError(errors)
    assignment.ended_on, assignment.end_reason, assignment.ended_by = ended_on, end_reason, actor
    assignment.save(update_fields=["ended_on", "end_reason", "ended_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type=_TYPE, object_id=assignment.pk,
                 person_id=assignment.person_id, fields=["ended_on", "end_reason"], detail={"event": "ended"})
    return assignment
