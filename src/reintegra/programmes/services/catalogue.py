"""Writes to the catalogue (programmes) and to cohorts: add, edit, void. Voiding is refused while
anyone is waiting for or enrolled on the programme or cohort, and needs a reason."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create, versioned_update, versioned_void
from reintegra.justice.iccs import ICCS_SECTIONS
from reintegra.programmes.choices import (
    OPEN_ENROLMENT_STATUSES, Band, DeliverySetting, EnrolmentStatus, Need, ProgrammeType,
)
from reintegra.programmes.models import Attendance, Cohort, Enrolment, Programme

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


# Programme fields an edit may change (the same as at creation).
PROGRAMME_FIELDS = (
    "name", "type", "education_level", "trade", "description", "targeted_needs", "hours", "sessions", "weeks",
    "intensity", "risk_bands", "sex_eligibility", "gender_responsive", "trauma_informed", "min_age", "max_age",
    "languages", "min_literacy", "excluded_sections", "delivery", "venue", "provider", "capacity", "accreditation",
    "evidence", "evaluation_url", "certificate_title",
)


def _programme_checked(programme: Programme) -> None:
    """Normalise the code lists of ``programme`` and check every rule a programme must meet: known
    need, band, language and ICCS section codes, a trade for vocational training and work, a level
    for education, a venue fitting the delivery setting, active organisations, at least one place
    and an age range in order. One ``ValidationError`` naming each field; nothing is saved here."""
    errors: dict[str, list[str]] = {}
    programme.name = (programme.name or "").strip()
    programme.targeted_needs, programme.risk_bands = _codes(programme.targeted_needs), _codes(programme.risk_bands)
    programme.languages = _codes(code.lower() for code in programme.languages or ())
    programme.excluded_sections = _codes(programme.excluded_sections)
    _unknown("targeted_needs", programme.targeted_needs, Need.values, errors)
    _unknown("risk_bands", programme.risk_bands, Band.values, errors)
    _unknown("excluded_sections", programme.excluded_sections, ICCS_SECTIONS, errors)
    bad_languages = [code for code in programme.languages if not _LANGUAGE.match(code)]
    if bad_languages:
        errors.setdefault("languages", []).append(
            _("Use ISO 639-1 language codes such as en or es: %(codes)s.") % {"codes": ", ".join(bad_languages)})
    if programme.type in (ProgrammeType.VOCATIONAL, ProgrammeType.WORK) and not str(programme.trade or "").strip():
        errors.setdefault("trade", []).append(_("Name the trade this programme trains for."))
    if programme.type == ProgrammeType.EDUCATION and not programme.education_level:
        errors.setdefault("education_level", []).append(_("Choose the education level."))
    venue = programme.venue if programme.venue_id else None
    provider = programme.provider if programme.provider_id else None
    kinds = _VENUE_KINDS.get(programme.delivery)
    if venue is not None and kinds is not None and venue.kind not in kinds:
        errors.setdefault("venue", []).append(_("This venue does not fit the delivery setting."))
    for key, organisation in (("venue", venue), ("provider", provider)):
        if organisation is None or not organisation.active:
            errors.setdefault(key, []).append(_("Choose an active organisation."))
    if programme.capacity is None or programme.capacity < 1:
        errors.setdefault("capacity", []).append(_("A cohort needs at least one place."))
    try:
        # Constraints are checked here with messages naming the field.
        programme.full_clean(exclude=[key for key in ("capacity", "venue", "provider") if key in errors] or None,
                             validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if programme.min_age is not None and programme.max_age is not None and programme.max_age < programme.min_age:
        errors.setdefault("max_age", []).append(_("The maximum age cannot be below the minimum age."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *, actor: Any, name: str, type: str, delivery: str, venue: Organisation, provider: Organisation, capacity: int,
    targeted_needs: Iterable[str] = (), risk_bands: Iterable[str] = (), languages: Iterable[str] = (),
    excluded_sections: Iterable[str] = (), **fields: Any,
) -> Programme:
    """Add a programme to the catalogue. Vocational training and work name their trade, education
    its level; need, band, language and ICCS section codes must be known; a facility programme is
    delivered in a prison, a community one at a probation office."""
    programme = Programme(
        name=name, type=type, delivery=delivery, venue=venue, provider=provider, capacity=capacity,
        targeted_needs=list(targeted_needs or ()), risk_bands=list(risk_bands or ()), languages=list(languages or ()),
        excluded_sections=list(excluded_sections or ()), **fields,
    )
    _programme_checked(programme)
    programme.save()
    versioned_create(programme, actor=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="programmes.programme", object_id=programme.pk,
                 detail={"type": type})
    return programme


def _refuse_while_open(cohorts: Any, message: Callable[[int], str]) -> None:
    """Refuse (``message(n)``) while ``n`` > 0 people are waiting for or enrolled on ``cohorts``."""
    count = Enrolment.objects.filter(cohort__in=cohorts, status__in=OPEN_ENROLMENT_STATUSES).count()
    if count:
        raise ValidationError(message(count) % {"n": count})


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, expected_version: int, **fields: Any) -> Programme:
    """Change a live programme's fields (any of ``PROGRAMME_FIELDS``; the others keep their values),
    checked by the same rules as a new one. Refused for a voided programme, or when someone else
    saved it since ``expected_version`` (``StaleEditError``). The capacity per cohort is the
    default of new cohorts: cohorts already running keep their places."""
    unknown = sorted(set(fields) - set(PROGRAMME_FIELDS))
    if unknown:
        raise TypeError(f"programme_update() got unexpected fields: {', '.join(unknown)}")
    if programme.voided_at is not None:
        raise ValidationError(_("This programme is no longer offered and cannot be changed."))
    candidate = Programme.objects.select_related("venue", "provider").get(pk=programme.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    _programme_checked(candidate)
    changes = {name: getattr(candidate, name) for name in fields}
    changed = sorted(name for name, value in changes.items() if getattr(programme, name) != value)
    programme = versioned_update(programme, actor=actor, expected_version=expected_version, changes=changes)
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="programmes.programme",
                     object_id=programme.pk, fields=changed)
    return programme


@transaction.atomic
def programme_void(*, actor: Any, programme: Programme, expected_version: int, reason: str) -> Programme:
    """Withdraw a programme from the catalogue, with the reason; its cohorts are voided with it.
    Refused while anyone is waiting for or enrolled on one of its cohorts (complete or drop them
    first), without a reason, or when someone else saved it since ``expected_version``."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for withdrawing this programme.")]})
    _refuse_while_open(Cohort.objects.filter(programme=programme), lambda n: ngettext(
        "%(n)s person is waiting for or enrolled on this programme: complete or drop the enrolment first.",
        "%(n)s people are waiting for or enrolled on this programme: complete or drop their enrolments first.", n))
    programme = versioned_void(programme, actor=actor, expected_version=expected_version, reason=reason)
    cohorts = list(Cohort.objects.filter(programme=programme, voided_at__isnull=True))
    for cohort in cohorts:
        versioned_void(cohort, actor=actor, expected_version=cohort.version,
                       reason=_("The programme was withdrawn: %(reason)s") % {"reason": reason.strip()})
    audit_record(actor=actor, action=AuditAction.VOID, object_type="programmes.programme", object_id=programme.pk,
                 detail={"cohorts_voided": [cohort.pk for cohort in cohorts]})
    return programme


def _cohort_errors(*, programme: Programme, starts_on: dt.date, ends_on: dt.date, capacity: int,
                  dates: list[dt.date]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if programme.voided_at is not None:
        errors.setdefault("programme", []).append(_("This programme is no longer offered."))
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end date cannot be before the start date."))
    if capacity is None or capacity < 1:
        errors.setdefault("capacity", []).append(_("A cohort needs at least one place."))
    outside = [day for day in dates if starts_on and ends_on and not starts_on <= day <= ends_on]
    if outside:
        errors.setdefault("session_dates", []).append(
            _("Session dates must fall within the cohort's dates: %(dates)s.")
            % {"dates": ", ".join(day.isoformat() for day in outside)})
    return errors


@transaction.atomic
def cohort_create(
    *, actor: Any, programme: Programme, starts_on: dt.date, ends_on: dt.date, capacity: int | None = None,
    schedule: str = "", session_dates: Iterable[dt.date] = (),
) -> Cohort:
    """Start a cohort of ``programme``; its places default to the programme's capacity per cohort.
    Session dates, when given, must fall between its start and end."""
    capacity = programme.capacity if capacity is None else capacity
    dates = sorted(set(session_dates))
    errors = _cohort_errors(programme=programme, starts_on=starts_on, ends_on=ends_on, capacity=capacity, dates=dates)
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


@transaction.atomic
def cohort_update(
    *, actor: Any, cohort: Cohort, expected_version: int, starts_on: dt.date, ends_on: dt.date,
    capacity: int | None = None, schedule: str = "", session_dates: Iterable[dt.date] | None = None,
) -> Cohort:
    """Change a live cohort's dates, places, schedule and session dates (``None``: kept). Refused
    for a voided cohort or programme, places below the number already enrolled, dates that leave
    out attendance already recorded or a session date, or a stale ``expected_version``."""
    if cohort.voided_at is not None:
        raise ValidationError(_("This cohort is no longer offered and cannot be changed."))
    programme = cohort.programme
    capacity = programme.capacity if capacity is None else capacity
    if session_dates is None:
        dates = sorted(dt.date.fromisoformat(day) for day in cohort.session_dates or ())
    else:
        dates = sorted(set(session_dates))
    errors = _cohort_errors(programme=programme, starts_on=starts_on, ends_on=ends_on, capacity=capacity, dates=dates)
    enrolled = Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED).count()
    if capacity is not None and capacity < enrolled:
        errors.setdefault("capacity", []).append(ngettext(
            "%(n)s person is already enrolled: the cohort needs at least that many places.",
            "%(n)s people are already enrolled: the cohort needs at least that many places.", enrolled)
            % {"n": enrolled})
    if starts_on and ends_on and ends_on >= starts_on:
        sessions = Attendance.objects.filter(enrolment__cohort=cohort).aggregate(
            first=Min("session_on"), last=Max("session_on"))
        if sessions["first"] and starts_on > sessions["first"]:
            errors.setdefault("starts_on", []).append(
                _("Attendance is recorded from %(date)s: the cohort cannot start later.")
                % {"date": sessions["first"].isoformat()})
        if sessions["last"] and ends_on < sessions["last"]:
            errors.setdefault("ends_on", []).append(
                _("Attendance is recorded up to %(date)s: the cohort cannot end earlier.")
                % {"date": sessions["last"].isoformat()})
    if errors:
        raise ValidationError(errors)
    changes = {"starts_on": starts_on, "ends_on": ends_on, "capacity": capacity, "schedule": (schedule or "").strip(),
               "session_dates": [day.isoformat() for day in dates]}
    changed = sorted(name for name, value in changes.items() if getattr(cohort, name) != value)
    cohort = versioned_update(cohort, actor=actor, expected_version=expected_version, changes=changes)
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="programmes.cohort", object_id=cohort.pk,
                     fields=changed, detail={"programme_id": programme.pk})
    return cohort


@transaction.atomic
def cohort_void(*, actor: Any, cohort: Cohort, expected_version: int, reason: str) -> Cohort:
    """Cancel a cohort, with the reason. Refused while anyone is waiting for or enrolled on it,
    without a reason, or when someone else saved it since ``expected_version``."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling this cohort.")]})
    _refuse_while_open([cohort], lambda n: ngettext(
        "%(n)s person is waiting for or enrolled on this cohort: complete or drop the enrolment first.",
        "%(n)s people are waiting for or enrolled on this cohort: complete or drop their enrolments first.", n))
    cohort = versioned_void(cohort, actor=actor, expected_version=expected_version, reason=reason)
    audit_record(actor=actor, action=AuditAction.VOID, object_type="programmes.cohort", object_id=cohort.pk,
                 detail={"programme_id": cohort.programme_id})
    return cohort
