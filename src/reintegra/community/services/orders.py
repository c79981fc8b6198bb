"""Community service orders: the order (hours from the sentence when it gives them), placements
with partner organisations, hours worked (never in the future) verified or rejected by the officer,
and the order's end: completion once the verified hours reach the hours ordered, or a breach with
its reason. Every write is audited once; a refused one changes nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed, person_access
from reintegra.audit.choices import AuditAction
from reintegra.community.choices import HOURS_TRANSITIONS, ORDER_TRANSITIONS, HoursStatus, OrderStatus
from reintegra.community.models import CommunityServiceOrder, HoursEntry, Placement
from reintegra.community.services.events import record_event
from reintegra.community.services.guard import (
    actor_or_none, audit_change, check_case_staff, check_transition, check_version, live_person, not_future,
    refusable,
)
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.choices import DispositionKind
from reintegra.justice.models import Disposition
from reintegra.people.models import Person


def verified_hours(order: CommunityServiceOrder) -> Decimal:
    """The hours of the order's live entries the officer has verified."""
    total = order.hours_entries.filter(voided_at__isnull=True, status=HoursStatus.VERIFIED).aggregate(
        total=Sum("hours"))["total"]
    return total or Decimal("0")


def _check_active(order: CommunityServiceOrder) -> None:
    if order.is_voided or order.status != OrderStatus.ACTIVE:
        raise ValidationError({"status": [_("This order is no longer active: it was completed or a breach was recorded.")]})


@refusable("order_create")
def order_create(*, actor: Any, person: Person, due_by: dt.date | None, officer: Any = None,
                 disposition: Disposition | None = None, hours_ordered: int | None = None) -> CommunityServiceOrder:
    """Record a community service order for ``person``. The hours come from the sentence
    (``disposition.hours``) when it gives them, otherwise ``hours_ordered`` is required; the
    responsible officer is ``officer`` (the actor by default) and must be able to edit measures
    and see the person in full."""
    check_case_staff(actor, person)
    officer = officer or actor
    errors: dict[str, list[str]] = {}
    live_person(person, errors)
    if disposition is not None:
        if disposition.person_id != person.pk or disposition.is_voided:
            errors["disposition"] = [_("Choose a sentence of this person.")]
        elif disposition.kind != DispositionKind.COMMUNITY_SERVICE:
            errors["disposition"] = [_("This sentence is not a community service order.")]
        elif disposition.hours:
            if hours_ordered and int(hours_ordered) != disposition.hours:
                errors["hours_ordered"] = [_("The sentence orders %(hours)s hours; leave the hours empty or give the same number.")
                                           % {"hours": disposition.hours}]
            hours_ordered = disposition.hours
    if not hours_ordered or int(hours_ordered) <= 0:
        errors.setdefault("hours_ordered", [_("Give the number of hours ordered (more than 0).")])
    if due_by is None:
        errors["due_by"] = [_("Give the date by which the hours must be worked.")]
    if not getattr(officer, "is_active", False) or not allowed(officer, Action.MEASURE_EDIT) \
            or not person_access(officer, person).full:
        errors["officer"] = [_("This officer cannot be responsible: they do not record community measures or "
                               "cannot see this person's record.")]
    if errors:
        raise ValidationError(errors)
    order = CommunityServiceOrder.objects.create(person=person, disposition=disposition, hours_ordered=int(hours_ordered),
                                                 due_by=due_by, officer=officer)
    versioned_create(order, actor=actor)
    record_event(person=person, kind="community.order_made", obj=order, actor=actor, hours=order.hours_ordered)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="order_create", record=order, person_id=person.pk,
                 fields=["hours_ordered", "due_by", "officer", "disposition"], disposition_id=order.disposition_id)
    return order


@refusable("placement_add")
def placement_add(*, actor: Any, order: CommunityServiceOrder, organisation: Organisation | None,
                  supervisor_name: str, starts_on: dt.date | None, ends_on: dt.date | None = None) -> Placement:
    """Place the person with a partner organisation, naming the supervisor there."""
    check_case_staff(actor, order.person)
    _check_active(order)
    errors: dict[str, list[str]] = {}
    if organisation is None or not organisation.active:
        errors["organisation"] = [_("Choose an active partner organisation.")]
    supervisor_name = (supervisor_name or "").strip()
    if not supervisor_name:
        errors["supervisor_name"] = [_("Name the person who supervises the work at the placement.")]
    if starts_on is None:
        errors["starts_on"] = [_("Give the date the placement starts.")]
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The placement cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(order=order, organisation=organisation, supervisor_name=supervisor_name,
                                         starts_on=starts_on, ends_on=ends_on)
    versioned_create(placement, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="placement_add", record=placement,
                 person_id=order.person_id, fields=["organisation", "supervisor_name", "starts_on", "ends_on"],
                 order_id=order.pk, organisation_id=organisation.pk)
    return placement


@refusable("placement_end")
def placement_end(*, actor: Any, placement: Placement, ends_on: dt.date | None,
                  expected_version: int | None = None) -> Placement:
    """End a placement on ``ends_on`` (hours after it can no longer be recorded against it)."""
    order = placement.order
    check_case_staff(actor, order.person)
    version = check_version(placement, expected_version)
    if placement.is_voided or placement.ends_on is not None and placement.ends_on <= timezone.localdate():
        raise ValidationError({"ends_on": [_("This placement has already ended.")]})
    if ends_on is None:
        raise ValidationError({"ends_on": [_("Give the date the placement ends.")]})
    if ends_on < placement.starts_on:
        raise ValidationError({"ends_on": [_("The placement cannot end before it starts.")]})
    placement = versioned_update(placement, actor=actor, expected_version=version, changes={"ends_on": ends_on})
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="placement_end", record=placement,
                 person_id=order.person_id, fields=["ends_on"], order_id=order.pk)
    return placement


def _parse_hours(hours: Any, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0 or value > 24 or value != value.quantize(Decimal("0.01")):
        errors["hours"] = [_("Give the hours worked that day: more than 0 and at most 24 (quarters such as 2.25 are fine).")]
        return None
    return value


@refusable("hours_record")
def hours_record(*, actor: Any, order: CommunityServiceOrder, placement: Placement | None, worked_on: dt.date | None,
                 hours: Any, task: str) -> HoursEntry:
    """Record hours worked on one day at one of the order's placements. A date in the future, a
    day outside the placement, or hours that are not a part of one day are refused. The hours count
    towards the order once the officer verifies them."""
    check_case_staff(actor, order.person)
    _check_active(order)
    errors: dict[str, list[str]] = {}
    not_future(worked_on, "worked_on", errors)
    value = _parse_hours(hours, errors)
    task = (task or "").strip()
    if not task:
        errors["task"] = [_("Say what work was done.")]
    if placement is None or placement.order_id != order.pk or placement.is_voided:
        errors["placement"] = [_("Choose one of this order's placements.")]
    elif worked_on is not None and "worked_on" not in errors and (
            worked_on < placement.starts_on or (placement.ends_on is not None and worked_on > placement.ends_on)):
        errors["worked_on"] = [_("This day is outside the placement's dates.")]
    if errors:
        raise ValidationError(errors)
    entry = HoursEntry.objects.create(order=order, placement=placement, worked_on=worked_on, hours=value, task=task,
                                      recorded_by=actor_or_none(actor))
    versioned_create(entry, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="hours_record", record=entry,
                 person_id=order.person_id, fields=["worked_on", "hours", "task", "placement"], order_id=order.pk)
    return entry


def _decide(*, actor: Any, entry: HoursEntry, status: str, reason: str, expected_version: int | None) -> HoursEntry:
    order = entry.order
    check_case_staff(actor, order.person)
    version = check_version(entry, expected_version)
    _check_active(order)
    if entry.is_voided:
        raise ValidationError({"status": [_("This entry was voided.")]})
    check_transition(entry.status, status, HOURS_TRANSITIONS)
    return versioned_update(entry, actor=actor, expected_version=version, reason=reason, changes={
        "status": status, "decided_by": actor_or_none(actor), "decided_at": timezone.now(), "rejection_reason": reason})


@refusable("hours_verify")
def hours_verify(*, actor: Any, entry: HoursEntry, expected_version: int | None = None) -> HoursEntry:
    """The officer confirms the hours were worked (with the placement's supervisor): they count."""
    entry = _decide(actor=actor, entry=entry, status=HoursStatus.VERIFIED, reason="", expected_version=expected_version)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="hours_verify", record=entry,
                 person_id=entry.order.person_id, fields=["status"], order_id=entry.order_id)
    return entry


@refusable("hours_reject")
def hours_reject(*, actor: Any, entry: HoursEntry, reason: str, expected_version: int | None = None) -> HoursEntry:
    """The officer does not accept the hours (not worked, wrong day...), saying why; they never count."""
    reason = (reason or "").strip()
    if not reason:
        check_case_staff(actor, entry.order.person)
        raise ValidationError({"reason": [_("Say why these hours are not accepted.")]})
    entry = _decide(actor=actor, entry=entry, status=HoursStatus.REJECTED, reason=reason,
                    expected_version=expected_version)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="hours_reject", record=entry,
                 person_id=entry.order.person_id, fields=["status", "rejection_reason"], order_id=entry.order_id)
    return entry


@refusable("order_complete")
def order_complete(*, actor: Any, order: CommunityServiceOrder, completed_on: dt.date | None = None,
                   expected_version: int | None = None) -> CommunityServiceOrder:
    """Record the order as completed: only once the verified hours reach the hours ordered."""
    check_case_staff(actor, order.person)
    version = check_version(order, expected_version)
    _check_active(order)
    check_transition(order.status, OrderStatus.COMPLETED, ORDER_TRANSITIONS)
    completed_on = completed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    not_future(completed_on, "completed_on", errors)
    done = verified_hours(order)
    if done < order.hours_ordered:
        errors["status"] = [_("Only %(done)s of the %(ordered)s hours ordered are verified: the order can be "
                              "completed once the verified hours reach the order.")
                            % {"done": f"{done.normalize():f}", "ordered": order.hours_ordered}]
    if errors:
        raise ValidationError(errors)
    order = versioned_update(order, actor=actor, expected_version=version, changes={
        "status": OrderStatus.COMPLETED, "ended_on": completed_on, "ended_by": actor_or_none(actor)})
    record_event(person=order.person, kind="community.order_completed", obj=order, actor=actor, occurred_on=completed_on)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="order_complete", record=order,
                 person_id=order.person_id, fields=["status", "ended_on"])
    return order


@refusable("order_breach")
def order_breach(*, actor: Any, order: CommunityServiceOrder, reason: str, breached_on: dt.date | None = None,
                 expected_version: int | None = None) -> CommunityServiceOrder:
    """Record a breach of the order, with the reason (the court or the officer decides what follows)."""
    check_case_staff(actor, order.person)
    version = check_version(order, expected_version)
    _check_active(order)
    check_transition(order.status, OrderStatus.BREACHED, ORDER_TRANSITIONS)
    breached_on = breached_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    not_future(breached_on, "breached_on", errors)
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the order is breached.")]
    if errors:
        raise ValidationError(errors)
    order = versioned_update(order, actor=actor, expected_version=version, reason=reason, changes={
        "status": OrderStatus.BREACHED, "ended_on": breached_on, "ended_by": actor_or_none(actor),
        "breach_reason": reason})
    record_event(person=order.person, kind="community.order_breached", obj=order, actor=actor, occurred_on=breached_on)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="order_breach", record=order,
                 person_id=order.person_id, fields=["status", "ended_on", "breach_reason"])
    return order
