"""Compliance and positive events of a supervision period, and the officer's response to each.

An event is recorded (never in the future, within the period; a positive event has no severity, a
non-compliance event needs one; the condition concerned must be one of the period's) and may be
voided with a reason. The response stores what the graduated-response matrix proposed at that
moment and why (``supervision.responses``), the response chosen and the officer's reason, longer
when the choice departs from the proposal.

Each write needs ``supervision.edit`` and the person's full record, runs atomically, and writes one
audit entry (ids and codes only); a refusal changes nothing and leaves one ``supervision.refused``
entry (``audit.refusals``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.accounts.policy import Action, person_access, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied
from reintegra.justice.models import SupervisionPeriod
from reintegra.people.services import timeline_record
from reintegra.supervision.choices import POSITIVE_EVENTS, EventKind, RecallOutcome, ResponseKind, Severity
from reintegra.supervision.models import ComplianceEvent, Condition, EventResponse

F = TypeVar("F", bound=Callable[..., Any])

SOURCE_APP = "supervision"
REFUSED = "supervision.refused"
EVENT_TYPE = "supervision.complianceevent"
RESPONSE_TYPE = "supervision.eventresponse"
# A response other than the one proposed needs a reason at least this long (a departure is explained).
DEPARTURE_REASON_MIN = 20

TIMELINE_KINDS = {
    "supervision.event_recorded": gettext_lazy("Supervision event recorded: %(kind)s"),
    "supervision.event_response": gettext_lazy("Response to a supervision event: %(chosen)s"),
    "supervision.recall_decided": gettext_lazy("Recall or revocation decision: %(outcome)s"),
}


def _label(choices: Any) -> Callable[[Any], str]:
    return lambda value: str(choices(value).label) if value in choices.values else str(value)


def register() -> None:
    """Declare the timeline kinds of events, responses and recall decisions."""
    from reintegra.people import timeline

    formatters = {"kind": _label(EventKind), "chosen": _label(ResponseKind), "outcome": _label(RecallOutcome)}
    for kind, template in TIMELINE_KINDS.items():
        timeline.register_kind(kind, template, formatters=formatters)


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    for key in ("event", "period"):
        value = kwargs.get(key)
        if isinstance(value, (ComplianceEvent, SupervisionPeriod)):
            return value, value.person_id
    return None, None


_REFUSALS = RefusalLog(object_type="supervision", event=REFUSED, subject=_subject, refresh=("period", "event"))


def refusable(operation: str) -> Callable[[F], F]:
    """Atomic; a refusal rolls back, writes one audit entry and is raised again."""
    return _REFUSALS.refusable(operation)


def check_full(actor: Any, period: SupervisionPeriod, action: Any = Action.SUPERVISION_EDIT) -> None:
    """``AccessDenied`` unless ``actor`` may ``action`` and sees the person's full record."""
    require(actor, action)
    if not person_access(actor, period.person).full:
        raise AccessDenied(getattr(action, "value", str(action)))


def check_period_open(period: SupervisionPeriod, errors: dict[str, list[str]]) -> None:
    if period.voided_at is not None:
        errors.setdefault("period", []).append(_("This supervision period is voided."))


def record_event(*, period: SupervisionPeriod, timeline_kind: str, actor: Any, obj: Any, occurred_on: dt.date,
                 **params: Any) -> None:
    timeline_record(person=period.person, kind=timeline_kind, occurred_on=occurred_on, source_app=SOURCE_APP,
                    params=params, obj=obj, actor=actor)


def _event_errors(period: SupervisionPeriod, kind: str, severity: str, occurred_on: dt.date | None,
                  condition: Condition | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    check_period_open(period, errors)
    if kind not in EventKind.values:
        errors["kind"] = [_("Choose what happened.")]
    elif kind in POSITIVE_EVENTS and severity:
        errors["severity"] = [_("A positive event has no severity; leave it empty.")]
    elif kind not in POSITIVE_EVENTS and severity not in Severity.values:
        errors["severity"] = [_("Say how serious the non-compliance was: minor, moderate or serious.")]
    if occurred_on is None:
        errors["occurred_on"] = [_("Give the date of the event.")]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    elif occurred_on < period.starts_on or (period.ended_on is not None and occurred_on > period.ended_on):
        errors["occurred_on"] = [_("The date must fall within the supervision period.")]
    if condition is not None and (condition.period_id != period.pk or condition.voided_at is not None):
        errors["condition"] = [_("Choose one of this supervision period's conditions.")]
    return errors


@refusable("event_record")
def compliance_event_record(
    *, actor: Any, period: SupervisionPeriod, kind: str, occurred_on: dt.date | None, severity: str = "",
    condition: Condition | None = None, note: str = "",
) -> ComplianceEvent:
    """Record an event of ``period``: non-compliance (missed appointment, positive drug test, new
    arrest, condition breach) with its ``severity``, or a positive event (no severity)."""
    check_full(actor, period)
    severity = (severity or "").strip()
    errors = _event_errors(period, kind, severity, occurred_on, condition)
    if errors:
        raise ValidationError(errors)
    event = ComplianceEvent.objects.create(
        period=period, person_id=period.person_id, kind=kind, positive=kind in POSITIVE_EVENTS, severity=severity,
        occurred_on=occurred_on, condition=condition, note=(note or "").strip(), recorded_by=actor,
    )
    record_event(period=period, timeline_kind="supervision.event_recorded", actor=actor, obj=event,
                 occurred_on=occurred_on, kind=kind)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=EVENT_TYPE, object_id=event.pk,
                 person_id=period.person_id, fields=["kind", "severity", "occurred_on", "condition", "note"],
                 detail={"period_id": period.pk, "kind": kind, "severity": severity})
    return event


@refusable("event_void")
def compliance_event_void(*, actor: Any, event: ComplianceEvent, reason: str) -> ComplianceEvent:
    """Void an event recorded in error (it stays on record with who, when and why)."""
    check_full(actor, event.period)
    event = ComplianceEvent.objects.select_for_update().select_related("period").get(pk=event.pk)
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if event.voided_at is not None:
        errors["event"] = [_("This event is already voided.")]
    if not reason:
        errors["reason"] = [_("Give a reason for voiding this event.")]
    if errors:
        raise ValidationError(errors)
    event.voided_at, event.voided_by, event.void_reason = timezone.now(), actor, reason
    event.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.VOID, object_type=EVENT_TYPE, object_id=event.pk,
                 person_id=event.person_id, fields=["voided_at", "void_reason"], detail={"period_id": event.period_id})
    return event


def _response_errors(event: ComplianceEvent, proposed: str, chosen: str, reason: str,
                     decided_on: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if event.voided_at is not None:
        errors["event"] = [_("This event is voided; it takes no response.")]
    elif EventResponse.objects.filter(event=event).exists():
        errors["event"] = [_("This event already has a response.")]
    if chosen not in ResponseKind.values:
        errors["chosen"] = [_("Choose the response.")]
    elif chosen == ResponseKind.RECALL_REVIEW and event.positive:
        errors["chosen"] = [_("A positive event cannot be referred for a recall decision.")]
    if not reason:
        errors["reason"] = [_("Give the reason for this response.")]
    elif chosen in ResponseKind.values and chosen != proposed and len(reason) < DEPARTURE_REASON_MIN:
        errors["reason"] = [_("The response differs from the one proposed: explain why in at least %(count)s "
                              "characters.") % {"count": DEPARTURE_REASON_MIN}]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("The date cannot be in the future.")]
    elif decided_on < event.occurred_on:
        errors["decided_on"] = [_("The response cannot come before the event.")]
    return errors


@refusable("response_record")
def event_response_record(
    *, actor: Any, event: ComplianceEvent, chosen: str, reason: str, decided_on: dt.date | None = None,
) -> EventResponse:
    """Record the response to ``event``: the matrix's proposal and its reasons as they stand now,
    the response ``chosen`` and the ``reason`` (at least ``DEPARTURE_REASON_MIN`` characters when
    the choice differs from the proposal). One response per event."""
    from reintegra.supervision.selectors.compliance import proposal_for

    check_full(actor, event.period)
    event = ComplianceEvent.objects.select_for_update().select_related("period", "period__person").get(pk=event.pk)
    reason, decided_on = (reason or "").strip(), decided_on or timezone.localdate()
    proposal = proposal_for(event)
    errors = _response_errors(event, proposal.response, chosen, reason, decided_on)
    if errors:
        raise ValidationError(errors)
    response = EventResponse.objects.create(
        event=event, proposed=proposal.response, proposal_reasons=proposal.reasons_json(), chosen=chosen,
        reason=reason, decided_on=decided_on, decided_by=actor,
    )
    record_event(period=event.period, timeline_kind="supervision.event_response", actor=actor, obj=response,
                 occurred_on=decided_on, chosen=chosen)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=RESPONSE_TYPE, object_id=response.pk,
                 person_id=event.person_id, fields=["proposed", "chosen", "reason", "decided_on"],
                 detail={"event_id": event.pk, "proposed": proposal.response, "chosen": chosen,
                         "departs": chosen != proposal.response})
    return response


__all__ = ["DEPARTURE_REASON_MIN", "compliance_event_record", "compliance_event_void",
           "event_response_record"]
