"""Writes to facility profiles and units (reference data). Each is keyword-only and atomic, checks
the facility, records history (``core.versioning``) and one audit entry; nothing is deleted."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.custody.models import FacilityProfile, Unit

PROFILE_FIELDS = ("security_level", "capacity_type", "sex_category", "age_category", "location")
UNIT_FIELDS = ("name", "security_level", "official_capacity", "sex_category", "age_category", "active")


def _check_facility(facility: Organisation | None) -> None:
    if facility is None or facility.kind != OrganisationKind.PRISON:
        raise ValidationError({"facility": [_("Choose a prison or detention facility.")]})


def _audit(actor: Any, action: str, instance: Any, fields: Any) -> None:
    audit_record(actor=actor, action=action, object_type=instance._meta.label_lower, object_id=instance.pk,
                 fields=sorted(fields))


@transaction.atomic
def facility_profile_create(*, actor: Any, facility: Organisation, **fields: Any) -> FacilityProfile:
    """Describe a facility (security level, capacity type, sex and age category, location)."""
    _check_facility(facility)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if FacilityProfile.objects.filter(facility=facility).exists():
        raise ValidationError({"facility": [_("This facility already has a profile.")]})
    profile = FacilityProfile(facility=facility, **fields)
    profile.full_clean()
    profile.save()
    versioned_create(profile, actor=actor)
    _audit(actor, AuditAction.CREATE, profile, ("facility", *fields))
    return profile


@transaction.atomic
def facility_profile_update(*, actor: Any, profile: FacilityProfile, expected_version: int,
                            changes: dict[str, Any], reason: str = "") -> FacilityProfile:
    """Change a profile; refused (nothing written) if someone saved it since ``expected_version``."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    profile = versioned_update(profile, actor=actor, expected_version=expected_version, changes=changes, reason=reason)
    _audit(actor, AuditAction.UPDATE, profile, changes)
    return profile


@transaction.atomic
def unit_create(*, actor: Any, facility: Organisation, **fields: Any) -> Unit:
    """Add a unit (wing, block) to a facility; names are unique within a facility."""
    _check_facility(facility)
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    unit = Unit(facility=facility, **fields)
    unit.full_clean()  # also checks the name is unique in the facility
    unit.save()
    versioned_create(unit, actor=actor)
    _audit(actor, AuditAction.CREATE, unit, ("facility", *fields))
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, expected_version: int, changes: dict[str, Any], reason: str = "") -> Unit:
    """Change a unit (closing one is ``active=False``: units are never deleted)."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    unit = versioned_update(unit, actor=actor, expected_version=expected_version, changes=changes, reason=reason)
    _audit(actor, AuditAction.UPDATE, unit, changes)
    return unit
