"""Assigning volunteers to people and ending assignments. Each write is audited (ids only)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Action, Level, person_access, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.people.models import Person
from reintegra.supervision.models import AssignmentEnd, VolunteerAssignment

_TYPE = "supervision.volunteerassignment"


def _check_actor(actor: Any, person: Person) -> None:
    """Only case staff who see the person's full record assign or end (``justice.edit``)."""
    require(actor, Action.JUSTICE_EDIT)
    if person_access(actor, person).level < Level.FULL:
        raise ValidationError({"person": [_("You may assign volunteers only to people in your full view.")]})


@transaction.atomic
def volunteer_assign(
    *, actor: Any, volunteer: Any, person: Person, starts_on: dt.date | None = None
) -> VolunteerAssignment:
    """Assign ``volunteer`` (a user with an active volunteer membership) to support ``person`` from
    ``starts_on`` (default today). Refuses a second open assignment of the same pair."""
    _check_actor(actor, person)
    starts_on = starts_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not volunteer.memberships.filter(active=True, role=Role.VOLUNTEER).exists() or not volunteer.is_active:
        errors.setdefault("volunteer", []).append(_("Choose an active volunteer probation officer."))
    if starts_on > timezone.localdate():
        errors.setdefault("starts_on", []).append(_("The date cannot be in the future."))
    if person.voided_at is not None or person.merged_into_id is not None:
        errors.setdefault("person", []).append(_("This record is voided or merged; use the current record."))
    if VolunteerAssignment.objects.filter(volunteer=volunteer, person=person, ended_on__isnull=True).exists():
        errors.setdefault("volunteer", []).append(_("This volunteer is already assigned to this person."))
    if errors:
        raise ValidationError(errors)
    assignment = VolunteerAssignment.objects.create(
        volunteer=volunteer, person=person, assigned_by=actor, starts_on=starts_on
    )
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=_TYPE, object_id=assignment.pk,
                 person_id=person.pk, fields=["volunteer", "starts_on"], detail={"volunteer_id": volunteer.pk})
    return assignment


@transaction.atomic
def volunteer_assignment_end(
    *, actor: Any, assignment: VolunteerAssignment, ended_on: dt.date, end_reason: str
) -> VolunteerAssignment:
    """End an open assignment on ``ended_on`` (from that day the volunteer no longer sees the person)."""
    _check_actor(actor, assignment.person)
    assignment = VolunteerAssignment.objects.select_for_update().get(pk=assignment.pk)
    errors: dict[str, list[str]] = {}
    if assignment.ended_on is not None:
        errors.setdefault("ended_on", []).append(_("This assignment has already ended."))
    elif ended_on < assignment.starts_on:
        errors.setdefault("ended_on", []).append(_("The end cannot be before the start."))
    if end_reason not in AssignmentEnd.values:
        errors.setdefault("end_reason", []).append(_("Choose why the assignment ended."))
    if errors:
        raise ValidationError(errors)
    assignment.ended_on, assignment.end_reason, assignment.ended_by = ended_on, end_reason, actor
    assignment.save(update_fields=["ended_on", "end_reason", "ended_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type=_TYPE, object_id=assignment.pk,
                 person_id=assignment.person_id, fields=["ended_on", "end_reason"], detail={"event": "ended"})
    return assignment
