"""Events after which a person is due a reassessment, recorded by the app that saw them."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.assessments.choices import TriggerEvent
from reintegra.assessments.models import ReassessmentTrigger
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.people.models import Person


@transaction.atomic
def reassessment_trigger_record(*, person: Person, event: str, occurred_on: dt.date, actor: Any,
                                source: str = "") -> ReassessmentTrigger:
    """Record that ``event`` (a ``TriggerEvent``) happened to ``person`` on ``occurred_on``: the
    person is due a reassessment ``REINTEGRA_REASSESSMENT_EVENT_DAYS`` days later unless one is
    completed after it. Called by services of other apps (no access check of its own: the caller
    has made its own); ``actor`` may be None for the system."""
    errors: dict[str, list[str]] = {}
    if event not in TriggerEvent.values:
        errors["event"] = [_("Choose an event from the list.")]
    if not isinstance(occurred_on, dt.date) or occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    if person.pk is None or person.voided_at is not None:
        errors["person"] = [_("This record is voided and can no longer be changed.")]
    if errors:
        raise ValidationError(errors)
    trigger = ReassessmentTrigger(
        person=person, event=event, occurred_on=occurred_on, source=(source or "").strip()[:120],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    trigger.full_clean()
    trigger.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="assessments.reassessmenttrigger",
        object_id=trigger.pk, person_id=person.pk, fields=["event", "occurred_on"], detail={"event": event},
    )
    return trigger
