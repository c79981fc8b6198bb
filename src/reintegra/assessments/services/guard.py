"""What every assessment write checks first, and how a refused write is recorded.

A refused operation changes nothing: the service runs in its own atomic block, which is rolled back
when it raises. The refusal itself is then written to the audit log in a transaction of its own
(``assessment.refused``: the operation and the names of the fields in error, never their values),
so an attempt to change a locked assessment, or one by a user without access, leaves a trace.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, person_access, require
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.models import Assessment
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.people.models import Person

F = TypeVar("F", bound=Callable[..., Any])

OBJECT_TYPE = "assessments.assessment"
REFUSED = "assessment.refused"


def audit_change(*, actor: Any, action: str, operation: str, assessment: Assessment,
                 fields: list[str] | tuple[str, ...] = (), **detail: Any) -> None:
    """The one audit entry of a successful write (ids and field names only)."""
    audit_record(
        actor=actor, action=action, object_type=OBJECT_TYPE, object_id=assessment.pk,
        person_id=assessment.person_id, fields=fields, detail={"operation": operation, **detail},
    )


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    assessment, person = kwargs.get("assessment"), kwargs.get("person")
    return assessment, getattr(assessment, "person_id", None) or getattr(person, "pk", None)


_REFUSALS = RefusalLog(object_type=OBJECT_TYPE, event=REFUSED, subject=_subject, refresh=("assessment",))


def refusable(operation: str) -> Callable[[F], F]:
    """Run the service atomically; on ``ValidationError`` or ``AccessDenied`` roll back, write
    one ``assessment.refused`` audit entry and re-raise (``audit.refusals``)."""
    return _REFUSALS.refusable(operation)


def check_person_full(actor: Any, person: Person, action: Any = Action.ASSESSMENT_EDIT) -> None:
    """``AccessDenied`` unless ``actor`` may perform ``action`` and sees ``person``'s full record."""
    require(actor, action)
    if not person_access(actor, person).full:
        raise AccessDenied(getattr(action, "value", str(action)))


def check_version(assessment: Assessment, expected_version: int) -> None:
    """Refuse a stale edit before any other check, so the editor is told to reload first."""
    if assessment.version != expected_version:
        raise StaleEditError(current_version=assessment.version, expected_version=expected_version)


def check_draft(assessment: Assessment) -> None:
    """Only an open draft may be answered, completed or voided."""
    if assessment.is_voided:
        raise ValidationError({"status": [_("This assessment was voided and can no longer be changed.")]})
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError({"status": [
            _("This assessment is completed and locked; start a correction to change it.")
        ]})


def check_completed(assessment: Assessment) -> None:
    """Only a completed assessment (not voided, not superseded by a correction) may be reviewed."""
    if assessment.is_voided:
        raise ValidationError({"status": [_("This assessment was voided and can no longer be changed.")]})
    if assessment.status == AssessmentStatus.SUPERSEDED:
        raise ValidationError({"status": [
            _("This assessment was superseded by a correction; work on the correction instead.")
        ]})
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError({"status": [_("This assessment is not completed yet.")]})


def reason_required(reason: str, field: str, message: str) -> str:
    """``reason`` without surrounding spaces, or a ValidationError on ``field``."""
    cleaned = (reason or "").strip()
    if not cleaned:
        raise ValidationError({field: [message]})
    return cleaned
