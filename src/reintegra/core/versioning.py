"""Optimistic concurrency and change history for ``VersionedModel`` records.

Services call ``versioned_create`` after creating a record and ``versioned_update`` to change one.
``versioned_update`` bumps the version with a conditional UPDATE, so two editors who started from
the same version cannot both win: the second gets ``StaleEditError`` and nothing is written.
"""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.utils import timezone

from reintegra.core.errors import StaleEditError
from reintegra.core.models import RecordVersion, VersionedModel

M = TypeVar("M", bound=VersionedModel)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def field_snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of concrete, editable fields (foreign keys as ids), JSON-ready."""
    result: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"id", "created_at", "updated_at", "version"}:
            continue
        result[field.name] = _jsonable(getattr(instance, field.attname))
    return result


def record_history(
    instance: models.Model,
    *,
    action: str,
    actor: Any,
    version: int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> RecordVersion:
    """Append one history entry for ``instance``."""
    return RecordVersion.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        version=version,
        action=action,
        changed_by=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        before=before or {},
        after=after or {},
    )


def versioned_create(instance: M, *, actor: Any, reason: str = "") -> M:
    """Record the creation of an already-saved record as version 1 of its history."""
    record_history(
        instance, action=RecordVersion.Action.CREATE, actor=actor, version=instance.version,
        after=field_snapshot(instance), reason=reason,
    )
    return instance


def versioned_update(
    instance: M,
    *,
    actor: Any,
    expected_version: int,
    changes: dict[str, Any],
    reason: str = "",
    action: str = RecordVersion.Action.UPDATE,
) -> M:
    """Apply ``changes`` to ``instance`` if nobody saved it since ``expected_version``.

    Validates the changed instance with ``full_clean`` before writing. Returns the refreshed
    instance; raises ``StaleEditError`` or ``ValidationError`` and writes nothing otherwise.
    Callers wrap this in ``transaction.atomic`` together with their audit and timeline events.
    """
    model = type(instance)
    current = model.objects.select_for_update().only("version").get(pk=instance.pk).version
    if current != expected_version:
        raise StaleEditError(current_version=current, expected_version=expected_version)
    changed = {name: value for name, value in changes.items() if getattr(instance, name) != value}
    before = field_snapshot(instance, list(changed))
    for name, value in changed.items():
        setattr(instance, name, value)
    instance.full_clean()
    if not changed and action == RecordVersion.Action.UPDATE:
        return instance
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1,
        updated_at=timezone.now(),
        **{name: getattr(instance, name) for name in changed},
    )
    if updated != 1:  # another writer slipped in between the read and the write
        latest = model.objects.only("version").get(pk=instance.pk).version
        raise StaleEditError(current_version=latest, expected_version=expected_version)
    instance.refresh_from_db()
    record_history(
        instance, action=action, actor=actor, version=instance.version,
        before=before, after=field_snapshot(instance, list(changed)), reason=reason,
    )
    return instance


def history_for(instance: models.Model) -> models.QuerySet[RecordVersion]:
    """Every history entry of ``instance``, oldest first."""
    return RecordVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("changed_by")


def versioned_void(instance: M, *, actor: Any, expected_version: int, reason: str) -> M:
    """Void a record (the replacement for deletion): keeps the row, records who, when and why."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for voiding this record.")})
    if getattr(instance, "voided_at", None) is not None:
        raise ValidationError(_("This record is already voided."))
    return versioned_update(
        instance,
        actor=actor,
        expected_version=expected_version,
        changes={"voided_at": timezone.now(), "voided_by": actor, "void_reason": reason.strip()},
        reason=reason.strip(),
        action=RecordVersion.Action.VOID,
    )
