"""Reads of the audit log: the auditor's search and the recent reads of one person's record."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from reintegra.audit.choices import AuditAction
from reintegra.audit.models import AuditEvent
from reintegra.core.access import action_allowed
from reintegra.core.errors import AccessDenied

# Higher apps (people) register how to turn an identifier into person ids: the audit app sits below
# them and cannot look identifiers up itself.
PersonLookup = Callable[[str], Iterable[int]]
_PERSON_LOOKUPS: list[PersonLookup] = []


def register_person_lookup(lookup: PersonLookup) -> None:
    """Let the auditor's search find entries by an identifier (``lookup(text) -> person ids``)."""
    if lookup not in _PERSON_LOOKUPS:
        _PERSON_LOOKUPS.append(lookup)


def person_ids_for(text: str) -> set[int]:
    """The people ``text`` names: a record number, and anyone holding it as an identifier."""
    text = text.strip()
    ids: set[int] = set()
    if text.isdigit():
        ids.add(int(text))
    for lookup in _PERSON_LOOKUPS:
        ids.update(lookup(text))
    return ids


@dataclass(frozen=True)
class AuditFilters:
    person_ids: frozenset[int] | None = None  # None: any person; empty: nobody matched
    username: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    action: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_list(*, user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Audit entries matching ``filters``, newest first, for users allowed to search the log."""
    if not action_allowed(user, "audit.view"):
        raise AccessDenied("audit.view")
    events = AuditEvent.objects.all()
    if filters.person_ids is not None:
        events = events.filter(person_id__in=sorted(filters.person_ids))
    if filters.username:
        events = events.filter(actor_username__iexact=filters.username.strip())
    if filters.date_from:
        events = events.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.action:
        events = events.filter(action=filters.action)
    return events.order_by("-id")


def audit_event_export(*, user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The same entries as ``audit_event_list``, for users allowed to export the log."""
    if not action_allowed(user, "audit.export"):
        raise AccessDenied("audit.export")
    return audit_event_list(user=user, filters=filters)


def person_reads(*, person_id: int, limit: int = 10) -> list[AuditEvent]:
    """The latest reads of one person's record, newest first, with the reader (the caller decides
    who may see this: the person page shows it to auditors and the person's own case staff)."""
    return list(
        AuditEvent.objects.filter(person_id=person_id, action=AuditAction.READ)
        .select_related("actor").order_by("-occurred_at", "-id")[:limit]
    )
