"""Setting a period's supervision level: derived from the band of the person's latest completed
assessment (``standards.level_for_band``), or an override that needs its reason. Each decision is
a new ``LevelDecision``; the one it replaces is marked superseded and stays as the history."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.assessments.selectors import assessment_latest
from reintegra.audit.choices import AuditAction
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.services.events import lock_person
from reintegra.people.services import timeline_record
from reintegra.supervision.choices import SupervisionLevel
from reintegra.supervision.models import LevelDecision
from reintegra.supervision.services.appointments import (
    audit_change, check_period_open, check_person, raise_if, refusals,
)
from reintegra.supervision.standards import level_for_band

OBJECT_TYPE = "supervision.leveldecision"
SOURCE_APP = "supervision"
refusable = refusals(OBJECT_TYPE)


@refusable("set")
def level_set(
    *, actor: Any, period: SupervisionPeriod, level: str | None = None, override_reason: str = "",
    effective_on: dt.date | None = None,
) -> LevelDecision:
    """Decide ``period``'s level from ``effective_on`` (default today). ``level`` None takes the
    level the latest completed assessment's band gives; any other level is an override and is
    refused without ``override_reason`` (so is a level chosen with no assessment to derive from)."""
    check_person(actor, period.person)
    errors = lock_person(period.person)
    check_period_open(errors, period)
    today = timezone.localdate()
    effective_on = effective_on or today
    assessment = assessment_latest(person=period.person)
    band = (assessment.final_band or "") if assessment is not None else ""
    derived = level_for_band(band)
    reason = (override_reason or "").strip()
    if level in (None, ""):
        if not derived:
            errors.setdefault("level", []).append(_(
                "There is no completed assessment with a band to derive the level from; choose a level "
                "and give the reason."))
        level = derived
    elif level not in SupervisionLevel.values:
        errors.setdefault("level", []).append(_("Choose a supervision level."))
    elif level != derived and not reason:
        errors.setdefault("override_reason", []).append(
            _("Give the reason for a level other than the one the assessment gives.") if derived else
            _("There is no completed assessment to derive the level from: give the reason for this level."))
    if effective_on > today:
        errors.setdefault("effective_on", []).append(_("The date cannot be in the future."))
    elif effective_on < period.starts_on:
        errors.setdefault("effective_on", []).append(_("The date cannot be before the supervision period starts."))
    raise_if(errors)
    previous = LevelDecision.objects.select_for_update().filter(period=period, superseded_at__isnull=True).first()
    if previous is not None:
        previous.superseded_at = timezone.now()
        previous.save(update_fields=["superseded_at", "updated_at"])
    decision = LevelDecision.objects.create(
        period=period, person=period.person, level=level, derived_level=derived, band=band,
        assessment=assessment if derived else None, override_reason=reason if level != derived else "",
        effective_on=effective_on, decided_by=actor,
    )
    timeline_record(person=period.person, kind="supervision.level_set", occurred_on=effective_on,
                    source_app=SOURCE_APP, params={"level": level}, obj=decision, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, object_type=OBJECT_TYPE, record=decision,
                 operation="set", fields=["level", "override_reason"] if level != derived else ["level"],
                 period_id=period.pk, level=level, override=level != derived,
                 superseded_id=getattr(previous, "pk", None))
    return decision
