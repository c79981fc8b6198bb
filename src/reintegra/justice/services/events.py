"""Timeline events written by the justice services, and the shared helpers of the write side."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.justice.choices import (
    ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.justice.rules import Errors
from reintegra.people.models import Person

SOURCE_APP = "justice"

def _choice_label(choices: type[models.TextChoices]) -> Any:
    """A formatter turning a stored code into its label in the active language."""
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value))


def _offence_text(value: str) -> str:
    from reintegra.justice.iccs import ICCS_SECTIONS

    section = ICCS_SECTIONS.get(value)
    return f"{value} {section}" if section is not None else str(value)


# The wording of each kind (template, formatters for stored codes), registered with
# ``people.timeline`` in ``JusticeConfig.ready``. Params store codes, never translated text.
TIMELINE_KINDS: dict[str, tuple[Any, dict[str, Any]]] = {
    "case.opened": (gettext_lazy("Case %(reference)s opened"), {}),
    "charge.added": (
        gettext_lazy("Charge added to case %(reference)s: %(offence)s"), {"offence": lambda value: _offence_text(value)},
    ),
    "charge.outcome": (
        gettext_lazy("Charge outcome in case %(reference)s: %(outcome)s"), {"outcome": _choice_label(ChargeOutcome)},
    ),
    "disposition.recorded": (
        gettext_lazy("Disposition in case %(reference)s: %(kind)s"), {"kind": _choice_label(DispositionKind)},
    ),
    "custody.admitted": (gettext_lazy("Admitted to %(facility)s (%(kind)s)"), {"kind": _choice_label(CustodyKind)}),
    "custody.released": (
        gettext_lazy("Released from %(facility)s: %(release_type)s"), {"release_type": _choice_label(ReleaseType)},
    ),
    "custody.transferred": (gettext_lazy("Transferred from %(from_facility)s to %(to_facility)s"), {}),
    "supervision.started": (
        gettext_lazy("Supervision started (%(kind)s) at %(office)s"), {"kind": _choice_label(SupervisionKind)},
    ),
    "supervision.ended": (
        gettext_lazy("Supervision ended (%(kind)s): %(end_reason)s"),
        {"kind": _choice_label(SupervisionKind), "end_reason": _choice_label(SupervisionEnd)},
    ),
}


def today() -> dt.date:
    return timezone.localdate()


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def object_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record(
    *, person: Person, kind: str, occurred_on: dt.date, params: dict[str, Any], obj: models.Model,
    actor: Any,
) -> None:
    """Record one timeline event through the people app (the owner of the timeline)."""
    from reintegra.people.services import timeline_record

    timeline_record(
        person=person, kind=kind, occurred_on=occurred_on, source_app=SOURCE_APP, params=params, obj=obj,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def lock_person(person: Person, errors: Errors | None = None) -> Errors:
    """Serialise justice writes for one person (overlap checks need it) and refuse voided records."""
    errors = {} if errors is None else errors
    row = Person.objects.select_for_update().filter(pk=person.pk).values_list("voided_at", "merged_into_id").first()
    if row is None or row[0] is not None or row[1] is not None:
        errors.setdefault("person", []).append(_("This person's record is voided or merged; use the current record."))
    return errors


def refuse_voided(errors: Errors, field: str, obj: models.Model | None) -> None:
    if obj is not None and getattr(obj, "voided_at", None) is not None:
        errors.setdefault(field, []).append(_("This record is voided."))


def check_version(obj: models.Model, expected_version: int) -> None:
    """Refuse a stale edit before anything else: "someone changed this" explains more than the
    validation errors the other person's change would now cause. (``versioned_update`` checks
    again under a row lock.)"""
    from reintegra.core.errors import StaleEditError

    current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is not None and current != expected_version:
        raise StaleEditError(current_version=current, expected_version=expected_version)
