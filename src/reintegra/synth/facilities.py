"""Facility profiles and units for the synthetic prisons, through ``custody.services``.

Each region has a higher-security and a lower-security men's prison (one region's first prison is
the national maximum-security one, one region's second an open prison); the women's facilities
hold women at medium and low security in separate units, one with a mother-and-baby unit; the young
offenders' institution holds young adults (under 21) with a small juvenile unit and a transition
unit for those who turn 21 there. The official
capacity of the facility is split over its wings (2-5 by size, the unit capacities add up to it),
and a men's prison at high or maximum security also has a small segregation unit. Profiles and units
are created once per facility, for facilities that have none yet, so older databases get them on
their next run.
"""
from __future__ import annotations

import numpy as np

from reintegra.accounts.models import User
from reintegra.custody.choices import AgeCategory, CapacityType, SecurityLevel, SexCategory
from reintegra.custody.models import FacilityProfile
from reintegra.custody.services import facility_profile_create, unit_create
from reintegra.synth.jurisdiction import REGIONS, Facility, Jurisdiction

SEED_TAG = 6
# Men's prisons by region (in ``jurisdiction.REGIONS`` order): (first prison, second prison).
MEN_SECURITY = (
    (SecurityLevel.HIGH, SecurityLevel.LOW), (SecurityLevel.MEDIUM, SecurityLevel.OPEN),
    (SecurityLevel.MAXIMUM, SecurityLevel.MEDIUM), (SecurityLevel.HIGH, SecurityLevel.MEDIUM),
    (SecurityLevel.MEDIUM, SecurityLevel.LOW), (SecurityLevel.HIGH, SecurityLevel.LOW),
)
LEVELS = list(SecurityLevel.values)
WING_NAMES = ("Wing A", "Wing B", "Wing C", "Wing D", "Wing E")


def _security(facility: Facility, regions: list[str]) -> str:
    if facility.women:
        return SecurityLevel.MEDIUM if facility.org.code.endswith("norte") else SecurityLevel.LOW
    if facility.youth:
        return SecurityLevel.MEDIUM
    region = regions.index(facility.region) if facility.region in regions else 0
    second = facility.org.code.endswith("-2")
    return MEN_SECURITY[region % len(MEN_SECURITY)][int(second)]


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def facilities_describe(*, j: Jurisdiction, seed: int) -> int:
    """Give every synthetic prison without a profile its profile and units; returns how many."""
    done = set(FacilityProfile.objects.filter(facility__in=[f.org for f in j.facilities])
               .values_list("facility_id", flat=True))
    rng = np.random.default_rng([seed, SEED_TAG])
    described = 0
    for facility in j.facilities:
        if facility.org.pk in done:
            continue
        _describe(facility, _security(facility, j.regions), rng, j.actor)
        described += 1
    return described


def _describe(facility: Facility, security: str, rng: np.random.Generator, actor: User) -> None:
    org = facility.org
    sex = SexCategory.FEMALE if facility.women else SexCategory.MALE
    age = AgeCategory.YOUNG_ADULT if facility.youth else AgeCategory.ADULT
    town = next((t for _slug, _region, towns, *_rest in REGIONS for t in towns if org.name.startswith(t)), org.name)
    facility_profile_create(
        actor=actor, facility=org, security_level=security, sex_category=sex, age_category=age,
        capacity_type=CapacityType.OPERATIONAL if rng.random() < 0.25 else CapacityType.DESIGN,
        location=f"{town}, {org.region}",
    )
    capacity = org.official_capacity or 12
    special: list[tuple[str, str, int, str]] = []   # (name, security, capacity, age category)
    if facility.youth:
        # Under 18 apart; those who turn 21 move on to a transition unit.
        special.append(("Juvenile unit", security, max(2, capacity // 10), AgeCategory.JUVENILE))
        special.append(("Transition unit", security, max(2, capacity // 8), AgeCategory.ADULT))
    elif facility.women and security == SecurityLevel.MEDIUM:
        special.append(("Mother and baby unit", SecurityLevel.LOW, max(2, capacity // 15), age))
    elif security in (SecurityLevel.HIGH, SecurityLevel.MAXIMUM):
        special.append(("Segregation unit", SecurityLevel.MAXIMUM, max(2, capacity // 50), age))
    rest = capacity - sum(s[2] for s in special)
    wings = int(min(5, max(2, rest // 40 + 1)))
    level = LEVELS.index(security)
    for n, (name, places) in enumerate(zip(WING_NAMES, _split(rest, wings))):
        # One wing a step lower than the facility (a resettlement or enhanced wing), the rest at its level.
        wing_level = LEVELS[max(0, level - 1)] if n == wings - 1 and wings > 2 else security
        unit_create(actor=actor, facility=org, name=name, security_level=wing_level, official_capacity=max(1, places),
                    sex_category=sex, age_category=age)
    for name, level_code, places, unit_age in special:
        unit_create(actor=actor, facility=org, name=name, security_level=level_code, official_capacity=places,
                    sex_category=sex, age_category=unit_age)
