from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import StaleEditError
from reintegra.core.versioning import history_for
from reintegra.custody import services
from reintegra.custody.choices import SecurityLevel
from reintegra.custody.models import FacilityProfile, Unit
from reintegra.custody.tests.factories import profile_for, unit_for

pytestmark = pytest.mark.django_db


def test_profile_is_created_with_history_and_audit() -> None:
    profile = profile_for(FacilityFactory())
    assert profile.version == 1 and history_for(profile).count() == 1
    assert AuditEvent.objects.filter(object_type="custody.facilityprofile", object_id=str(profile.pk)).exists()


def test_profile_only_for_a_prison_and_only_once() -> None:
    with pytest.raises(ValidationError) as refused:
        profile_for(OrganisationFactory(kind=OrganisationKind.COURT))
    assert "facility" in refused.value.error_dict
    facility = FacilityFactory()
    profile_for(facility)
    with pytest.raises(ValidationError):
        profile_for(facility)
    assert FacilityProfile.objects.count() == 1


def test_a_bad_choice_names_the_field_and_saves_nothing() -> None:
    with pytest.raises(ValidationError) as refused:
        profile_for(FacilityFactory(), security_level="extreme")
    assert "security_level" in refused.value.error_dict
    assert not FacilityProfile.objects.exists()


def test_unit_names_are_unique_per_facility() -> None:
    facility = FacilityFactory()
    unit_for(facility, "B wing")
    unit_for(FacilityFactory(), "B wing")  # another facility may use the name
    with pytest.raises(ValidationError):
        unit_for(facility, "B wing")
    assert Unit.objects.count() == 2


def test_unit_update_is_versioned_and_refuses_a_stale_edit() -> None:
    unit = unit_for(FacilityFactory())
    closed = services.unit_update(actor=None, unit=unit, expected_version=1, changes={"active": False}, reason="closed")
    assert closed.version == 2 and not closed.active
    with pytest.raises(StaleEditError):
        services.unit_update(actor=None, unit=closed, expected_version=1,
                             changes={"security_level": SecurityLevel.HIGH})
    assert Unit.objects.get().security_level == SecurityLevel.MEDIUM
