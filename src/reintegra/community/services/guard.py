"""What every community-measure write checks first, and how it is recorded.

Each service runs in its own atomic block, rolled back when it raises, so a refused write changes
nothing; the refusal is then written to the audit log in a transaction of its own
(``community.refused``: the operation and the names of the fields in error, never their values).
Audit entries of successful writes carry ids and field names only: never names, notes or the
contact details of a party."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, allowed, person_access, require
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.core.models import VersionedModel
from reintegra.people.models import Person

F = TypeVar("F", bound=Callable[..., Any])

REFUSED = "community.refused"
# Keyword arguments that name the record a service works on, most specific last.
_SUBJECTS = ("person", "order", "placement", "entry", "diversion", "rj_case", "party", "item")


def object_type(record: Any) -> str:
    return f"community.{type(record).__name__.lower()}"


def _person_id(record: Any) -> int | None:
    """The person a record is about: itself, or the person of its order, diversion or case."""
    if isinstance(record, Person):
        return record.pk
    for parent in ("order", "diversion", "rj_case"):
        found = getattr(record, parent, None)
        if found is not None:
            return found.person_id
    return getattr(record, "person_id", None)


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The most specific record a service was called on, and its person's id."""
    records = [kwargs[key] for key in _SUBJECTS if kwargs.get(key) is not None]
    if not records:
        return None, None
    return records[-1], _person_id(records[-1])


_REFUSALS = RefusalLog(object_type="community", event=REFUSED, subject=_subject, refresh=_SUBJECTS[1:])


def refusable(operation: str) -> Callable[[F], F]:
    """Run the service atomically; on ``ValidationError`` or ``AccessDenied`` roll back, write one
    ``community.refused`` audit entry and re-raise."""
    return _REFUSALS.refusable(operation)


def audit_change(*, actor: Any, action: str, operation: str, record: Any, person_id: int,
                 fields: list[str] | tuple[str, ...] = (), **detail: Any) -> None:
    """The one audit entry of a successful write (ids and field names only)."""
    audit_record(actor=actor, action=action, object_type=object_type(record), object_id=record.pk,
                 person_id=person_id, fields=fields, detail={"operation": operation, **detail})


def check_case_staff(actor: Any, person: Person, action: Any = Action.MEASURE_EDIT) -> None:
    """``AccessDenied`` unless ``actor`` may perform ``action`` and sees ``person``'s full record."""
    require(actor, action)
    if not person_access(actor, person).full:
        raise AccessDenied(getattr(action, "value", str(action)))


def check_facilitator(actor: Any, rj_case: Any) -> None:
    """``AccessDenied`` unless ``actor`` facilitates restorative justice and this case is theirs."""
    require(actor, Action.RESTORATIVE_FACILITATE)
    if rj_case.facilitator_id is None or rj_case.facilitator_id != getattr(actor, "pk", None):
        raise AccessDenied(Action.RESTORATIVE_FACILITATE.value)


def is_facilitator(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and allowed(user, Action.RESTORATIVE_FACILITATE)


def check_version(record: VersionedModel, expected_version: int | None) -> int:
    """The version to write against: a stale one is refused before any other check."""
    version = record.version if expected_version is None else expected_version
    if record.version != version:
        raise StaleEditError(current_version=record.version, expected_version=version)
    return version


def check_transition(current: str, new: str, transitions: dict[str, frozenset[str]], field: str = "status") -> None:
    if new not in transitions.get(current, frozenset()):
        raise ValidationError({field: [_("This record can no longer change in this way: it is already closed.")]})


def not_future(value: dt.date | None, field: str, errors: dict[str, list[str]], *, required: bool = True) -> None:
    """Add a field error for a missing date (when required) or a date after today."""
    if value is None:
        if required:
            errors[field] = [_("Give the date.")]
    elif value > timezone.localdate():
        errors[field] = [_("This date is in the future: record it on the day or after.")]


def live_person(person: Person, errors: dict[str, list[str]]) -> None:
    if person.voided_at is not None or getattr(person, "merged_into_id", None) is not None:
        errors["person"] = [_("This record is voided or merged; use the current record.")]


def actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
