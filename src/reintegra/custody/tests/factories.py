from __future__ import annotations

from typing import Any

from reintegra.accounts.models import Organisation
from reintegra.custody import services
from reintegra.custody.choices import AgeCategory, SecurityLevel, SexCategory
from reintegra.custody.models import FacilityProfile, Unit


def profile_for(facility: Organisation, **fields: Any) -> FacilityProfile:
    values = {"security_level": SecurityLevel.MEDIUM, "sex_category": SexCategory.MALE,
              "age_category": AgeCategory.ADULT, "location": "Riverside"} | fields
    return services.facility_profile_create(actor=None, facility=facility, **values)


def unit_for(facility: Organisation, name: str = "A wing", **fields: Any) -> Unit:
    values = {"security_level": SecurityLevel.MEDIUM, "official_capacity": 120, "sex_category": SexCategory.MALE,
              "age_category": AgeCategory.ADULT} | fields
    return services.unit_create(actor=None, facility=facility, name=name, **values)
