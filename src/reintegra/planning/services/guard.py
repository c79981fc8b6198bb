"""What every case-plan write checks first, and how a refused write is recorded.

As in assessments: each service runs in its own atomic block, rolled back when it raises, so a
refused write changes nothing; the refusal is then written to the audit log in a transaction of
its own (``plan.refused``: the operation and the names of the fields in error, never their values).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, person_access, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.core.models import VersionedModel
from reintegra.people.models import Person
from reintegra.planning.choices import PlanStatus
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanHandover

F = TypeVar("F", bound=Callable[..., Any])

OBJECT_TYPE = "planning.caseplan"
REFUSED = "plan.refused"


def audit_change(*, actor: Any, action: str, operation: str, plan: CasePlan,
                 fields: list[str] | tuple[str, ...] = (), **detail: Any) -> None:
    """The one audit entry of a successful write (ids and field names only)."""
    audit_record(
        actor=actor, action=action, object_type=OBJECT_TYPE, object_id=plan.pk, person_id=plan.person_id,
        fields=fields, detail={"operation": operation, **detail},
    )


def _plan_of(kwargs: dict[str, Any]) -> CasePlan | None:
    for key in ("plan", "goal", "action", "handover"):
        value = kwargs.get(key)
        if isinstance(value, CasePlan):
            return value
        if isinstance(value, (PlanGoal, PlanAction, PlanHandover)):
            return value.plan
    return None


def _error_fields(exc: Exception) -> list[str]:
    if isinstance(exc, StaleEditError):
        return ["version"]
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return sorted(exc.error_dict)
    return []


def _record_refusal(operation: str, kwargs: dict[str, Any], exc: Exception) -> None:
    plan = _plan_of(kwargs)
    person = kwargs.get("person")
    person_id = getattr(plan, "person_id", None) or getattr(person, "pk", None)
    kind = "access" if isinstance(exc, AccessDenied) else "stale" if isinstance(exc, StaleEditError) else "invalid"
    with transaction.atomic():
        audit_record(
            actor=kwargs.get("actor"), action=AuditAction.DENIED, object_type=OBJECT_TYPE,
            object_id=getattr(plan, "pk", "") or "", person_id=person_id, fields=_error_fields(exc),
            detail={"event": REFUSED, "operation": operation, "why": kind},
        )
    # The service may have changed instances in memory before it was refused.
    for key in ("plan", "goal", "action", "handover"):
        value = kwargs.get(key)
        if value is not None and getattr(value, "pk", None):
            value.refresh_from_db()


def refusable(operation: str) -> Callable[[F], F]:
    """Run the service atomically; on ``ValidationError`` or ``AccessDenied`` roll back, write one
    ``plan.refused`` audit entry and re-raise."""

    def decorate(service: F) -> F:
        atomic_service = transaction.atomic(service)

        @functools.wraps(service)
        def run(**kwargs: Any) -> Any:
            try:
                return atomic_service(**kwargs)
            except (ValidationError, AccessDenied) as exc:
                _record_refusal(operation, kwargs, exc)
                raise

        return run  # type: ignore[return-value]

    return decorate


def check_person_full(actor: Any, person: Person, action: Any = Action.PLAN_EDIT) -> None:
    """``AccessDenied`` unless ``actor`` may perform ``action`` and sees ``person``'s full record."""
    require(actor, action)
    if not person_access(actor, person).full:
        raise AccessDenied(getattr(action, "value", str(action)))


def check_version(record: VersionedModel, expected_version: int) -> None:
    """Refuse a stale edit before any other check, so the editor is told to reload first."""
    if record.version != expected_version:
        raise StaleEditError(current_version=record.version, expected_version=expected_version)


def check_editable(plan: CasePlan) -> None:
    """Goals, actions and the agreement change while the plan is a draft or active; a plan
    awaiting countersignature is frozen until the supervisor signs or returns it, a closed one for good."""
    if plan.is_voided or plan.status == PlanStatus.CLOSED:
        raise ValidationError({"status": [_("This plan is closed and can no longer be changed.")]})
    if plan.status == PlanStatus.SUBMITTED:
        raise ValidationError({"status": [
            _("This plan is awaiting countersignature; it can be changed again once it is countersigned or returned.")
        ]})


def text_required(value: str, field: str, message: str) -> str:
    """``value`` without surrounding spaces, or a ValidationError on ``field``."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError({field: [message]})
    return cleaned
