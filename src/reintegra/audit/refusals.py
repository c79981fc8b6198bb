"""Services whose refusals change nothing and leave a trace.

``RefusalLog(...).refusable(operation)`` wraps a keyword-only service: it runs in its own atomic
block, so a refused write (``ValidationError`` or ``AccessDenied``) is rolled back; the refusal is
then written to the audit log in a transaction of its own (``DENIED``, with the operation and the
names of the fields in error, never their values) and re-raised. Assessments and case plans use it.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError

F = TypeVar("F", bound=Callable[..., Any])


def error_fields(exc: Exception) -> list[str]:
    """The names of the fields a refusal was about (``version`` for a stale edit)."""
    if isinstance(exc, StaleEditError):
        return ["version"]
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return sorted(exc.error_dict)
    return []


@dataclass(frozen=True)
class RefusalLog:
    """How one app records refusals: its audit ``object_type`` and ``event``; ``subject(kwargs)``
    gives the record the service was called on (or ``None``) and the person's id; ``refresh`` names
    the keyword arguments to reload after a refusal (the service may have changed them in memory)."""

    object_type: str
    event: str
    subject: Callable[[dict[str, Any]], tuple[Any, Any]]
    refresh: tuple[str, ...] = ()

    def record(self, operation: str, kwargs: dict[str, Any], exc: Exception) -> None:
        record, person_id = self.subject(kwargs)
        why = "access" if isinstance(exc, AccessDenied) else "stale" if isinstance(exc, StaleEditError) else "invalid"
        with transaction.atomic():
            audit_record(
                actor=kwargs.get("actor"), action=AuditAction.DENIED, object_type=self.object_type,
                object_id=getattr(record, "pk", "") or "", person_id=person_id, fields=error_fields(exc),
                detail={"event": self.event, "operation": operation, "why": why},
            )
        for key in self.refresh:
            value = kwargs.get(key)
            if value is not None and getattr(value, "pk", None):
                value.refresh_from_db()

    def refusable(self, operation: str) -> Callable[[F], F]:
        """The decorator: atomic, and on refusal roll back, record and re-raise."""

        def decorate(service: F) -> F:
            atomic_service = transaction.atomic(service)

            @functools.wraps(service)
            def run(**kwargs: Any) -> Any:
                try:
                    return atomic_service(**kwargs)
                except (ValidationError, AccessDenied) as exc:
                    self.record(operation, kwargs, exc)
                    raise

            return run  # type: ignore[return-value]

        return decorate
