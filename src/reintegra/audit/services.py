"""Writes to the audit log. Each call appends one entry chained to the previous one."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reintegra.audit.chain import CHAINED_FIELDS, entry_hash
from reintegra.audit.choices import AuditAction
from reintegra.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


def _head_for_update() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


# No savepoint inside a caller's transaction: if the entry cannot be written, the caller's whole
# transaction must fail with it (and a page read costs three statements, not five).
@transaction.atomic(savepoint=False)
def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_id: Any = "",
    person_id: int | None = None,
    fields: Iterable[str] = (),
    purpose: str = "",
    source_ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit entry: who did what to which record (and whose), from where, and why.

    Runs inside the caller's transaction when there is one, so a change and its audit entry are
    committed together or not at all. Never pass personal data in ``detail``: ids and field names only.
    """
    head = _head_for_update()
    actor_id = getattr(actor, "pk", None)
    values: dict[str, Any] = {
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_username": actor.get_username() if actor_id else "",
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id or ""),
        "person_id": person_id,
        "fields": sorted(set(fields)),
        "purpose": purpose,
        "source_ip": source_ip,
        "detail": detail or {},
    }
    digest = entry_hash(head.last_hash, values)
    event = AuditEvent.objects.create(prev_hash=head.last_hash, hash=digest, **values)
    AuditChainHead.objects.filter(pk=1).update(last_id=event.pk, last_hash=digest)
    return event


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_broken_id: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.problem


def audit_chain_verify(*, batch_size: int = 20_000, progress: Any = None) -> VerifyResult:
    """Recompute every hash in order and report the first entry that does not match.

    Detects an edited entry (its hash no longer matches its content), a removed or inserted entry
    (the next entry's ``prev_hash`` no longer matches) and a cut-off tail (the chain head points
    past the last entry).
    """
    columns = ("id", "prev_hash", "hash", *CHAINED_FIELDS)
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = list(
            AuditEvent.objects.filter(id__gt=last_id).order_by("id").values_list(*columns)[:batch_size]
        )
        if not rows:
            break
        for row in rows:
            entry_id, prev_hash, stored_hash = row[0], row[1], row[2]
            values = dict(zip(CHAINED_FIELDS, row[3:]))
            if prev_hash != expected_prev:
                return VerifyResult(checked, entry_id, "the previous entry is missing or was changed")
            if entry_hash(prev_hash, values) != stored_hash:
                return VerifyResult(checked, entry_id, "the entry's content was changed after it was written")
            expected_prev = stored_hash
            checked += 1
        last_id = rows[-1][0]
        if progress is not None:
            progress(len(rows))
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != expected_prev:
        return VerifyResult(checked, head.last_id, "entries at the end of the log were removed")
    return VerifyResult(checked, None, "")


@dataclass(frozen=True)
class AuditEntry:
    """One entry for ``audit_bulk_append`` (imports, migrations of legacy logs, benchmarks)."""

    action: str
    actor_id: int | None = None
    actor_username: str = ""
    object_type: str = ""
    object_id: str = ""
    person_id: int | None = None
    fields: tuple[str, ...] = ()
    purpose: str = ""
    source_ip: str | None = None
    occurred_at: Any = None


@transaction.atomic
def audit_bulk_append(*, entries: Iterable[AuditEntry], batch_size: int = 5_000) -> int:
    """Append many entries in order, chained exactly as ``audit_record`` would chain them."""
    head = _head_for_update()
    prev = head.last_hash
    batch: list[AuditEvent] = []
    count = 0
    last_id = head.last_id
    for entry in entries:
        values: dict[str, Any] = {
            "occurred_at": entry.occurred_at or timezone.now(),
            "actor_id": entry.actor_id,
            "actor_username": entry.actor_username,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": str(entry.object_id),
            "person_id": entry.person_id,
            "fields": sorted(set(entry.fields)),
            "purpose": entry.purpose,
            "source_ip": entry.source_ip,
            "detail": {},
        }
        digest = entry_hash(prev, values)
        batch.append(AuditEvent(prev_hash=prev, hash=digest, **values))
        prev = digest
        count += 1
        if len(batch) >= batch_size:
            last_id = AuditEvent.objects.bulk_create(batch)[-1].pk or last_id
            batch = []
    if batch:
        last_id = AuditEvent.objects.bulk_create(batch)[-1].pk or last_id
    if count:
        if not last_id or last_id == head.last_id:
            last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        AuditChainHead.objects.filter(pk=1).update(last_id=last_id, last_hash=prev)
    return count


def _reads_audited() -> bool:
    # Off only to measure what read logging costs (bench/person_page_audit_bench.py); never in service.
    return bool(getattr(settings, "REINTEGRA_AUDIT_READS", True))


def audit_read(
    *,
    actor: Any,
    person_id: int,
    object_type: str,
    object_id: Any,
    fields: Iterable[str],
    purpose: str = "",
    source_ip: str | None = None,
) -> AuditEvent | None:
    """Log one read of a person's record: which record, which sections or fields were shown, why.

    One call per request that shows the record (a page, an API response), never one per section.
    Returns ``None`` only when read logging is switched off for measurement (``REINTEGRA_AUDIT_READS``).
    """
    if not _reads_audited():
        return None
    return audit_record(
        actor=actor, action=AuditAction.READ, object_type=object_type, object_id=object_id,
        person_id=person_id, fields=fields, purpose=purpose, source_ip=source_ip,
    )


def audit_search(*, actor: Any, object_type: str, result_count: int, source_ip: str | None = None) -> AuditEvent | None:
    """Log a search by the number of results only: the query text may be a name, so it is never kept."""
    if not _reads_audited():
        return None
    return audit_record(
        actor=actor, action=AuditAction.SEARCH, object_type=object_type, source_ip=source_ip,
        detail={"results": int(result_count)},
    )


def audit_denied(*, actor: Any, path: str, method: str, view_name: str, source_ip: str | None = None) -> AuditEvent:
    """Log a refused request (HTTP 403): who tried which page or endpoint, from where.

    The path holds record ids only (``/people/12/``); query strings are left out, as they may hold names.
    """
    return audit_record(
        actor=actor, action=AuditAction.DENIED, object_type="request", object_id=view_name[:64],
        source_ip=source_ip, detail={"path": path[:500], "method": method, "view": view_name},
    )


def audit_export(*, actor: Any, what: str, row_count: int, filters: dict[str, Any],
                 source_ip: str | None = None) -> AuditEvent:
    """Log an export: what was exported, how many rows, and under which filters (ids and dates only)."""
    return audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type=what, source_ip=source_ip,
        detail={"rows": int(row_count), "filters": filters},
    )
