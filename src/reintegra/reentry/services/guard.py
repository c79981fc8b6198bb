"""What every release-preparation write checks first, how it is audited and put on the timeline,
and how a refused write is recorded (``audit.refusals``: rolled back, one ``release.refused`` entry
with the operation and the names of the fields in error, never their values)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.accounts.policy import Action, person_access, require
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.core.models import VersionedModel
from reintegra.people.models import Person
from reintegra.people.services import timeline_record
from reintegra.reentry.choices import PreparationStatus
from reintegra.reentry.models import ReleasePreparation

F = TypeVar("F", bound=Callable[..., Any])

OBJECT_TYPE = "reentry.releasepreparation"
REFUSED = "release.refused"
SOURCE_APP = "reentry"

TIMELINE_KINDS = {
    "release.preparation_opened": gettext_lazy("Release preparation started"),
    "release.checklist_waived": gettext_lazy("Pre-release checklist item waived"),
    "release.handover_prepared": gettext_lazy("Release handover prepared and first appointment booked"),
    "release.recorded": gettext_lazy("Release recorded and handed over to the community officer"),
    "release.handover_acknowledged": gettext_lazy("Release handover acknowledged by the community officer"),
    "release.family_notified": gettext_lazy("Family contact told of the release date"),
    "release.preparation_closed": gettext_lazy("Release preparation closed"),
}


def audit_change(*, actor: Any, action: str, operation: str, preparation: ReleasePreparation,
                 fields: list[str] | tuple[str, ...] = (), **detail: Any) -> None:
    """The one audit entry of a successful write (ids and field names only)."""
    audit_record(actor=actor if getattr(actor, "pk", None) else None, action=action, object_type=OBJECT_TYPE,
                 object_id=preparation.pk, person_id=preparation.person_id, fields=fields,
                 detail={"operation": operation, **detail})


def event(*, preparation: ReleasePreparation, kind: str, actor: Any, occurred_on: dt.date | None = None) -> None:
    """Record ``kind`` on the person's timeline, linked to the record (no text of the record)."""
    timeline_record(person=preparation.person, kind=kind, occurred_on=occurred_on or timezone.localdate(),
                    source_app=SOURCE_APP, params={}, obj=preparation,
                    actor=actor if getattr(actor, "pk", None) else None)


def _preparation_of(kwargs: dict[str, Any]) -> ReleasePreparation | None:
    for key in ("preparation", "pathway", "action", "evidence", "item"):
        value = kwargs.get(key)
        if isinstance(value, ReleasePreparation):
            return value
        if value is not None and hasattr(value, "preparation"):
            return value.preparation
        if value is not None and hasattr(value, "pathway"):
            return value.pathway.preparation
    return None


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    preparation = _preparation_of(kwargs)
    person = kwargs.get("person") or getattr(kwargs.get("episode"), "person", None)
    return preparation, getattr(preparation, "person_id", None) or getattr(person, "pk", None)


_REFUSALS = RefusalLog(object_type=OBJECT_TYPE, event=REFUSED, subject=_subject,
                       refresh=("preparation", "pathway", "action", "evidence", "item"))


def refusable(operation: str) -> Callable[[F], F]:
    """Atomic; on ``ValidationError`` or ``AccessDenied`` roll back, audit the refusal and re-raise."""
    return _REFUSALS.refusable(operation)


def check_person_full(actor: Any, person: Person, action: Any = Action.RELEASE_EDIT) -> None:
    """``AccessDenied`` unless ``actor`` may perform ``action`` and sees ``person``'s full record."""
    require(actor, action)
    if not person_access(actor, person).full:
        raise AccessDenied(getattr(action, "value", str(action)))


def check_version(record: VersionedModel, expected_version: int | None) -> int:
    """Refuse a stale edit before any other check; without ``expected_version``, the loaded one."""
    version = record.version if expected_version is None else expected_version
    current = type(record).objects.filter(pk=record.pk).values_list("version", flat=True).first()
    if current is not None and current != version:
        raise StaleEditError(current_version=current, expected_version=version)
    return version


def check_preparing(preparation: ReleasePreparation) -> None:
    """Pathways, the checklist and the handover change only while the release is being prepared."""
    if preparation.is_voided or preparation.status != PreparationStatus.PREPARING:
        raise ValidationError({"status": [
            _("This release preparation is no longer open: the person was released or the record closed.")]})


def text_required(value: str, field: str, message: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError({field: [message]})
    return cleaned
