"""A period's legal conditions: add (standard or additional, from a date, optionally until one),
end (the last day it applies) and void (entered in error, with the reason). Nothing is deleted."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.services.events import lock_person
from reintegra.people.services import timeline_record
from reintegra.supervision.choices import ConditionKind
from reintegra.supervision.models import Condition
from reintegra.supervision.services.appointments import (
    Errors, audit_change, check_period_open, check_person, raise_if, refusals, void_record,
)
from reintegra.supervision.services.levels import SOURCE_APP

OBJECT_TYPE = "supervision.condition"
refusable = refusals(OBJECT_TYPE)


def _dates(errors: Errors, period: SupervisionPeriod, starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on is None:
        errors.setdefault("starts_on", []).append(_("This field is required."))
        return
    if starts_on < period.starts_on:
        errors.setdefault("starts_on", []).append(_("A condition cannot start before the supervision period."))
    if ends_on is not None and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end cannot be before the start."))
    if ends_on is not None and period.ended_on is not None and ends_on > period.ended_on:
        errors.setdefault("ends_on", []).append(_("A condition cannot run beyond the end of the supervision period."))


def _load(condition: Condition) -> Condition:
    return Condition.objects.select_for_update().select_related("period").get(pk=condition.pk)


@refusable("add")
def condition_add(
    *, actor: Any, period: SupervisionPeriod, kind: str, text: str, starts_on: dt.date | None = None,
    ends_on: dt.date | None = None, code: str = "",
) -> Condition:
    """Add a standard or additional condition to ``period``, in force from ``starts_on`` (default
    the later of today and the period's start) until ``ends_on`` (open when empty)."""
    check_person(actor, period.person)
    errors = lock_person(period.person)
    check_period_open(errors, period)
    starts_on = starts_on or max(timezone.localdate(), period.starts_on)
    text = (text or "").strip()
    if kind not in ConditionKind.values:
        errors.setdefault("kind", []).append(_("Choose whether the condition is standard or additional."))
    if not text:
        errors.setdefault("text", []).append(_("Write the condition as the order words it."))
    _dates(errors, period, starts_on, ends_on)
    raise_if(errors)
    condition = Condition.objects.create(
        period=period, person=period.person, kind=kind, code=(code or "").strip()[:40], text=text,
        starts_on=starts_on, ends_on=ends_on, created_by=actor,
    )
    timeline_record(person=period.person, kind="supervision.condition_added", occurred_on=starts_on,
                    source_app=SOURCE_APP, params={"kind": kind}, obj=condition, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, object_type=OBJECT_TYPE, record=condition,
                 operation="add", fields=["kind", "text", "starts_on", "ends_on"], period_id=period.pk)
    return condition


@refusable("end")
def condition_end(*, actor: Any, condition: Condition, ends_on: dt.date | None = None) -> Condition:
    """End a condition: ``ends_on`` (default today) is the last day it applies. A condition already
    ended may be ended earlier, never later (that would be a new condition)."""
    check_person(actor, condition.person)
    condition = _load(condition)
    errors = lock_person(condition.person)
    ends_on = ends_on or timezone.localdate()
    if condition.voided_at is not None:
        errors.setdefault("condition", []).append(_("This condition is voided."))
    elif condition.ends_on is not None and ends_on >= condition.ends_on:
        errors.setdefault("ends_on", []).append(_("This condition already ends on or before that date."))
    else:
        _dates(errors, condition.period, condition.starts_on, ends_on)
    raise_if(errors)
    condition.ends_on = ends_on
    condition.save(update_fields=["ends_on", "updated_at"])
    timeline_record(person=condition.person, kind="supervision.condition_ended", occurred_on=ends_on,
                    source_app=SOURCE_APP, params={"kind": condition.kind}, obj=condition, actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, object_type=OBJECT_TYPE, record=condition,
                 operation="end", fields=["ends_on"])
    return condition


@refusable("void")
def condition_void(*, actor: Any, condition: Condition, reason: str) -> Condition:
    """Void a condition entered in error, with the reason; it stays on record, marked void."""
    check_person(actor, condition.person)
    condition = void_record(actor=actor, record=condition, reason=reason, field="condition",
                            already=_("This condition is already voided."), why=_("Say why the condition is voided."))
    audit_change(actor=actor, action=AuditAction.VOID, object_type=OBJECT_TYPE, record=condition,
                 operation="void", fields=["void_reason"])
    return condition
