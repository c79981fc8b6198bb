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


def contact_at(person: Any, latitude: float, longitude: float, **fields: Any) -> Any:
    """A family contact living at (latitude, longitude)."""
    from reintegra.people import services as people_services

    values = {"name": "Mum", "relationship": "parent"} | fields
    return people_services.contact_add(person=person, actor=None, latitude=latitude, longitude=longitude, **values)
