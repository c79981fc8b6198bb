"""Reads of compliance: a period's events with their responses and recall decisions, the counts the
graduated-response matrix weighs, and the supervisors' list of periods awaiting a recall decision.

Scoped by the access policy: ``supervision.view`` and the person's full record (the recall list
also needs ``recall.decide``). Not audited here: the pages and the API log each read.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from reintegra.accounts.policy import Action, Level, allowed, person_access, scope_persons
from reintegra.justice.choices import SupervisionKind
from reintegra.justice.models import SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision import responses
from reintegra.supervision.choices import RecallKind, ResponseKind, Severity
from reintegra.supervision.models import ComplianceEvent, EventResponse, RecallDecision
from reintegra.supervision.selectors.periods import current_level, with_current_level

RECALL_KINDS = {SupervisionKind.PAROLE: RecallKind.RECALL, SupervisionKind.LICENCE: RecallKind.RECALL}


def recall_kind_for(period: SupervisionPeriod) -> str:
    """Parole and licence are recalled to custody; probation (and pretrial supervision) is revoked."""
    return str(RECALL_KINDS.get(period.kind, RecallKind.REVOCATION))


def may_see(user: Any, period: SupervisionPeriod) -> bool:
    return allowed(user, Action.SUPERVISION_VIEW) and person_access(user, period.person).full


def _periods() -> QuerySet[SupervisionPeriod]:
    return with_current_level(SupervisionPeriod.objects.filter(voided_at__isnull=True).select_related(
        "person", "office", "officer"))


def events_of_period(*, period: SupervisionPeriod, include_voided: bool = True) -> QuerySet[ComplianceEvent]:
    """The period's events, newest first, with their response, condition and recorders loaded."""
    rows = ComplianceEvent.objects.filter(period=period).select_related(
        "condition", "recorded_by", "voided_by", "response", "response__decided_by")
    return rows if include_voided else rows.filter(voided_at__isnull=True)


def event_get(*, user: Any, pk: int) -> ComplianceEvent | None:
    """One event the user may see (``None`` otherwise), with its period and person."""
    event = ComplianceEvent.objects.select_related("period", "period__person", "person", "condition").filter(
        pk=pk).first()
    if event is None or event.period.voided_at is not None or not may_see(user, event.period):
        return None
    return event


def history_for(event: ComplianceEvent) -> responses.History:
    """What the matrix weighs for ``event`` (one query): the period's earlier non-compliance events
    in the window before its date by severity (voided ones and the event itself left out), and the
    days since the last non-compliance (or the period's start)."""
    since = event.occurred_on - dt.timedelta(days=responses.window_days())
    negatives = Q(positive=False) & ~Q(pk=event.pk) & Q(occurred_on__lte=event.occurred_on)
    in_window = negatives & Q(occurred_on__gt=since)
    counts = ComplianceEvent.objects.filter(period_id=event.period_id, voided_at__isnull=True).aggregate(
        serious=Count("pk", filter=in_window & Q(severity=Severity.SERIOUS)),
        moderate=Count("pk", filter=in_window & Q(severity=Severity.MODERATE)),
        minor=Count("pk", filter=in_window & Q(severity=Severity.MINOR)),
        last=Max("occurred_on", filter=negatives),
    )
    start = max(counts["last"] or event.period.starts_on, event.period.starts_on)
    return responses.History(serious=counts["serious"], moderate=counts["moderate"], minor=counts["minor"],
                             compliant_days=max((event.occurred_on - start).days, 0))


def proposal_for(event: ComplianceEvent) -> responses.Proposal:
    """What the matrix proposes for ``event`` now: its kind and severity, the period's current level
    and the history before it."""
    return responses.propose(kind=event.kind, severity=event.severity, level=current_level(event.period),
                             history=history_for(event))


def recall_decisions_of_period(*, period: SupervisionPeriod) -> QuerySet[RecallDecision]:
    return RecallDecision.objects.filter(period=period).select_related("decided_by").prefetch_related("events")


def _pending_reviews() -> QuerySet[EventResponse]:
    """Referrals for a recall decision (on events still standing) with no decision on the period since."""
    later = RecallDecision.objects.filter(period_id=OuterRef(OuterRef("pk")), created_at__gte=OuterRef("created_at"))
    return EventResponse.objects.filter(
        event__period_id=OuterRef("pk"), event__voided_at__isnull=True, chosen=ResponseKind.RECALL_REVIEW,
    ).filter(~Exists(later))


def recall_pending(period: SupervisionPeriod) -> bool:
    """Whether ``period`` has a referral for a recall decision not yet decided."""
    return SupervisionPeriod.objects.filter(pk=period.pk).filter(Exists(_pending_reviews())).exists()


def recall_pending_list(*, user: Any, on: dt.date | None = None) -> QuerySet[SupervisionPeriod]:
    """Open periods of people the user sees in full with a referral for a recall decision awaiting
    one, oldest referral first; empty for users who do not decide recalls."""
    if not (allowed(user, Action.RECALL_DECIDE) and allowed(user, Action.SUPERVISION_VIEW)):
        return SupervisionPeriod.objects.none()
    on = on or timezone.localdate()
    people = scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")), Level.FULL)
    referred = _pending_reviews().order_by("decided_on", "pk")
    return (
        _periods().filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), Exists(people), Exists(referred))
        .annotate(referred_on=Subquery(referred.values("decided_on")[:1]),
                  referred_event=Subquery(referred.values("event_id")[:1]))
        .order_by("referred_on", "pk")
    )


def compliance_counts(*, period: SupervisionPeriod, on: dt.date | None = None) -> dict[str, int]:
    """Standing events of the period in the matrix's window up to ``on``: non-compliance by severity,
    positive events, and events still awaiting a response."""
    on = on or timezone.localdate()
    window = Q(occurred_on__gt=on - dt.timedelta(days=responses.window_days()), occurred_on__lte=on)
    return ComplianceEvent.objects.filter(period=period, voided_at__isnull=True).aggregate(
        serious=Count("pk", filter=window & Q(severity=Severity.SERIOUS)),
        moderate=Count("pk", filter=window & Q(severity=Severity.MODERATE)),
        minor=Count("pk", filter=window & Q(severity=Severity.MINOR)),
        positive=Count("pk", filter=window & Q(positive=True)),
        awaiting=Count("pk", filter=Q(response__isnull=True)),
    )
