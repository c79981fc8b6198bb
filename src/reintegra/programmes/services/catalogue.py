"""Writes to the catalogue (programmes) and to cohorts."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create
from reintegra.justice.iccs import ICCS_SECTIONS
from reintegra.programmes.choices import Band, DeliverySetting, Need, ProgrammeType
from reintegra.programmes.models import Cohort, Programme

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Where each delivery setting may be: a facility is a prison, a community office a probation office.
_VENUE_KINDS = {
    DeliverySetting.FACILITY: {OrganisationKind.PRISON},
    DeliverySetting.COMMUNITY: {OrganisationKind.PROBATION_OFFICE, OrganisationKind.PROBATION_SERVICE},
}


def _codes(values: Iterable[str] | None) -> list[str]:
    return sorted({str(value).strip() for value in values or () if str(value).strip()})


def _unknown(field: str, values: list[str], allowed: Iterable[str], errors: dict[str, list[str]]) -> None:
    unknown = [value for value in values if value not in set(allowed)]
    if unknown:
        errors.setdefault(field, []).append(_("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)})


@transaction.atomic
def programme_create(
    *, actor: Any, name: str, type: str, delivery: str, venue: Organisation, provider: Organisation, capacity: int,
    targeted_needs: Iterable[str] = (), risk_bands: Iterable[str] = (), languages: Iterable[str] = (),
    excluded_sections: Iterable[str] = (), **fields: Any,
) -> Programme:
    """Add a programme to the catalogue. Vocational training and work name their trade, education
    its level; need, band, language and ICCS section codes must be known; a facility programme is
    delivered in a prison, a community one at a probation office."""
    errors: dict[str, list[str]] = {}
    needs, bands = _codes(targeted_needs), _codes(risk_bands)
    langs = _codes(code.lower() for code in languages or ())
    sections = _codes(excluded_sections)
    _unknown("targeted_needs", needs, Need.values, errors)
    _unknown("risk_bands", bands, Band.values, errors)
    _unknown("excluded_sections", sections, ICCS_SECTIONS, errors)
    bad_languages = [code for code in langs if not _LANGUAGE.match(code)]
    if bad_languages:
        errors.setdefault("languages", []).append(
            _("Use ISO 639-1 language codes such as en or es: %(codes)s.") % {"codes": ", ".join(bad_languages)})
    if type in (ProgrammeType.VOCATIONAL, ProgrammeType.WORK) and not str(fields.get("trade", "")).strip():
        errors.setdefault("trade", []).append(_("Name the trade this programme trains for."))
    if type == ProgrammeType.EDUCATION and not fields.get("education_level"):
        errors.setdefault("education_level", []).append(_("Choose the education level."))
    kinds = _VENUE_KINDS.get(delivery)
    if venue is not None and kinds is not None and venue.kind not in kinds:
        errors.setdefault("venue", []).append(_("This venue does not fit the delivery setting."))
    for key in ("venue", "provider"):
        organisation = venue if key == "venue" else provider
        if organisation is None or not organisation.active:
            errors.setdefault(key, []).append(_("Choose an active organisation."))
    programme = Programme(
        name=(name or "").strip(), type=type, delivery=delivery, venue=venue, provider=provider, capacity=capacity,
        targeted_needs=needs, risk_bands=bands, languages=langs, excluded_sections=sections, **fields,
    )
    if capacity is None or capacity < 1:
        errors.setdefault("capacity", []).append(_("A cohort needs at least one place."))
    try:
        # Constraints are checked above with messages naming the field.
        programme.full_clean(exclude=["capacity"] if "capacity" in errors else None, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if programme.min_age is not None and programme.max_age is not None and programme.max_age < programme.min_age:
        errors.setdefault("max_age", []).append(_("The maximum age cannot be below the minimum age."))
    if errors:
        raise ValidationError(errors)
    programme.save()
    versioned_create(programme, actor=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="programmes.programme", object_id=programme.pk,
                 detail={"type": type})
    return programme


@transaction.atomic
def cohort_create(
    *, actor: Any, programme: Programme, starts_on: dt.date, ends_on: dt.date, capacity: int | None = None,
    schedule: str = "", session_dates: Iterable[dt.date] = (),
) -> Cohort:
    """Start a cohort of ``programme``; its places default to the programme's capacity per cohort.
    Session dates, when given, must fall between its start and end."""
    errors: dict[str, list[str]] = {}
    if programme.voided_at is not None:
        errors.setdefault("programme", []).append(_("This programme is no longer offered."))
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end date cannot be before the start date."))
    capacity = programme.capacity if capacity is None else capacity
    if capacity < 1:
        errors.setdefault("capacity", []).append(_("A cohort needs at least one place."))
    dates = sorted(set(session_dates))
    outside = [day for day in dates if starts_on and ends_on and not starts_on <= day <= ends_on]
    if outside:
        errors.setdefault("session_dates", []).append(
            _("Session dates must fall within the cohort's dates: %(dates)s.")
            % {"dates": ", ".join(day.isoformat() for day in outside)})
    if errors:
        raise ValidationError(errors)
    cohort = Cohort(programme=programme, starts_on=starts_on, ends_on=ends_on, capacity=capacity,
                    schedule=(schedule or "").strip(), session_dates=[day.isoformat() for day in dates])
    cohort.full_clean()
    cohort.save()
    versioned_create(cohort, actor=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="programmes.cohort", object_id=cohort.pk,
                 detail={"programme_id": programme.pk, "capacity": capacity})
    return cohort
