"""Volunteers' meeting notes and the professional officer's review of them (oversight)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, Level, person_access, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied
from reintegra.supervision.models import VolunteerAssignment, VolunteerMeeting
from reintegra.supervision.selectors.volunteers import open_on
from reintegra.supervision.services.volunteers import refusable

_TYPE = "supervision.volunteermeeting"
NOTE_MAX = 5000


@refusable("volunteer_meeting_record")
def volunteer_meeting_record(
    *, actor: Any, assignment: VolunteerAssignment, met_on: dt.date, note: str, concern: bool = False
) -> VolunteerMeeting:
    """A volunteer's note of a meeting with a person they support now (their own open
    assignment). A meeting dated in the future or before the assignment began is refused.
    ``concern`` puts the note at the top of the officer's review queue."""
    require(actor, Action.VOLUNTEER_MEET)
    if assignment.volunteer_id != actor.pk or not VolunteerAssignment.objects.filter(
            open_on(), pk=assignment.pk).exists() or person_access(actor, assignment.person).level < Level.SUMMARY:
        raise AccessDenied("volunteer.meet")
    errors: dict[str, list[str]] = {}
    if met_on is None:
        errors["met_on"] = [_("Give the date of the meeting.")]
    elif met_on > timezone.localdate():
        errors["met_on"] = [_("The meeting cannot be dated in the future.")]
    elif met_on < assignment.starts_on:
        errors["met_on"] = [_("The meeting cannot be before you began supporting this person.")]
    note = (note or "").strip()
    if not note:
        errors["note"] = [_("Write a few words about the meeting.")]
    elif len(note) > NOTE_MAX:
        errors["note"] = [_("Keep the note under %(count)d characters.") % {"count": NOTE_MAX}]
    if errors:
        raise ValidationError(errors)
    meeting = VolunteerMeeting.objects.create(assignment=assignment, person_id=assignment.person_id, met_on=met_on,
                                              note=note, concern=bool(concern), recorded_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=_TYPE, object_id=meeting.pk,
                 person_id=assignment.person_id, fields=["met_on", "note", "concern"],
                 detail={"assignment_id": assignment.pk, "concern": bool(concern)})
    return meeting


@refusable("volunteer_meeting_review")
def volunteer_meeting_review(*, actor: Any, meeting: VolunteerMeeting, review_note: str = "") -> VolunteerMeeting:
    """The professional officer marks a meeting note as read, with an optional note of their own
    (what they did about a concern, for example). Once only; staff who see the person in full."""
    require(actor, Action.VOLUNTEER_MANAGE)
    if person_access(actor, meeting.person).level < Level.FULL:
        raise AccessDenied("volunteer.manage")
    meeting = VolunteerMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.voided_at is not None:
        raise ValidationError({"meeting": [_("This note was withdrawn.")]})
    if meeting.reviewed_at is not None:
        raise ValidationError({"meeting": [_("This note has already been reviewed.")]})
    meeting.reviewed_by, meeting.reviewed_at = actor, timezone.now()
    meeting.review_note = (review_note or "").strip()[:NOTE_MAX]
    meeting.save(update_fields=["reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type=_TYPE, object_id=meeting.pk,
                 person_id=meeting.person_id, fields=["reviewed_at", "review_note"], detail={"event": "reviewed"})
    return meeting
