"""What every case-plan write checks first, and how a refused write is recorded.

As in assessments: each service runs in its own atomic block, rolled back when it raises, so a
refused write changes nothing; the refusal is then written to the audit log in a transaction of
its own (``plan.refused``: the operation and the names of the fields in error, never their values).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, person_access, require
from reintegra.audit.refusals import RefusalLog
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


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    plan, person = _plan_of(kwargs), kwargs.get("person")
    return plan, getattr(plan, "person_id", None) or getattr(person, "pk", None)


_REFUSALS = RefusalLog(object_type=OBJECT_TYPE, event=REFUSED, subject=_subject,
                       refresh=("plan", "goal", "action", "handover"))


def refusable(operation: str) -> Callable[[F], F]:
    """Run the service atomically; on ``ValidationError`` or ``AccessDenied`` roll back, write one
    ``plan.refused`` audit entry and re-raise (``audit.refusals``)."""
    return _REFUSALS.refusable(operation)


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
