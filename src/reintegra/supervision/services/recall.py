"""Recall (parole, licence) or revocation (probation, pretrial supervision) decisions.

Only supervisors decide (``recall.decide``), with a justification of at least
``JUSTIFICATION_MIN`` characters and the period's events they weighed. "Recalled" ends the period
through ``justice.services.supervision.supervision_end`` (end reason "revoked") in the same
transaction; "continued" keeps it. A refusal changes nothing and is audited (``audit.refusals``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.errors import StaleEditError
from reintegra.justice.choices import SupervisionEnd
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.services.supervision import supervision_end
from reintegra.supervision.choices import RecallKind, RecallOutcome
from reintegra.supervision.models import ComplianceEvent, RecallDecision
from reintegra.supervision.selectors.compliance import recall_kind_for
from reintegra.supervision.services.compliance import check_full, check_period_open, record_event, refusable

DECISION_TYPE = "supervision.recalldecision"
JUSTIFICATION_MIN = 30


def _events(period: SupervisionPeriod, events: Iterable[Any], errors: dict[str, list[str]]) -> list[ComplianceEvent]:
    ids = sorted({getattr(event, "pk", event) for event in events})
    found = list(ComplianceEvent.objects.filter(pk__in=ids, period=period, voided_at__isnull=True))
    if not ids:
        errors["events"] = [_("Choose the events this decision weighs.")]
    elif len(found) != len(ids):
        errors["events"] = [_("Choose only this period's events that are not voided.")]
    return found


def _errors(period: SupervisionPeriod, kind: str, outcome: str, justification: str,
            decided_on: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    check_period_open(period, errors)
    if period.ended_on is not None and period.ended_on <= timezone.localdate():
        errors.setdefault("period", []).append(_("This supervision period has already ended."))
    expected = recall_kind_for(period)
    if kind and kind != expected:
        errors["kind"] = [_("A %(period)s period is decided as: %(kind)s.") % {
            "period": period.get_kind_display().lower(), "kind": RecallKind(expected).label.lower()}]
    if outcome not in RecallOutcome.values:
        errors["outcome"] = [_("Choose the decision: recall or revoke, or continue supervision.")]
    if not justification:
        errors["justification"] = [_("A recall or revocation decision needs its justification.")]
    elif len(justification) < JUSTIFICATION_MIN:
        errors["justification"] = [_("Explain the decision in at least %(count)s characters: what was weighed and "
                                     "why.") % {"count": JUSTIFICATION_MIN}]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("The date cannot be in the future.")]
    elif decided_on < period.starts_on:
        errors["decided_on"] = [_("The date must fall within the supervision period.")]
    return errors


@refusable("recall_decide")
def recall_decide(
    *, actor: Any, period: SupervisionPeriod, outcome: str, justification: str, events: Iterable[Any] = (),
    kind: str = "", decided_on: dt.date | None = None, expected_version: int | None = None,
) -> RecallDecision:
    """Decide whether to recall or revoke (``outcome`` "recalled") or to continue supervision, with
    the ``justification`` and the period's ``events`` weighed. ``kind`` follows the period (recall for
    parole and licence, revocation otherwise) and may be left empty. Recalled: the period ends on
    ``decided_on`` with end reason "revoked" (``expected_version``: the period version the decision was
    drawn from; a stale one is refused)."""
    check_full(actor, period, Action.RECALL_DECIDE)
    period = SupervisionPeriod.objects.select_for_update().select_related("person").get(pk=period.pk)
    if expected_version is not None and period.version != expected_version:
        raise StaleEditError(current_version=period.version, expected_version=expected_version)
    justification, decided_on = (justification or "").strip(), decided_on or timezone.localdate()
    errors = _errors(period, kind, outcome, justification, decided_on)
    weighed = _events(period, events, errors)
    if errors:
        raise ValidationError(errors)
    decision = RecallDecision.objects.create(
        period=period, person_id=period.person_id, kind=recall_kind_for(period), outcome=outcome,
        justification=justification, decided_on=decided_on, decided_by=actor,
    )
    decision.events.set(weighed)
    if outcome == RecallOutcome.RECALLED:
        supervision_end(actor=actor, period=period, ended_on=decided_on, end_reason=SupervisionEnd.REVOKED,
                        expected_version=period.version)
    record_event(period=period, timeline_kind="supervision.recall_decided", actor=actor, obj=decision,
                 occurred_on=decided_on, outcome=outcome)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=DECISION_TYPE, object_id=decision.pk,
                 person_id=period.person_id, fields=["kind", "outcome", "justification", "events", "decided_on"],
                 detail={"period_id": period.pk, "outcome": outcome, "events": [event.pk for event in weighed]})
    return decision
