"""The synthetic jurisdiction: regions, facilities, offices, courts, partners and their staff.

Created once per database through ``accounts.services`` (and national offence codes through
``justice.services``); later runs, ``--append`` and the demo load it back by organisation code.
Everything here is drawn from its own generator, seeded from the run seed, so the jurisdiction
does not depend on how many people are generated afterwards except where capacities and staff
numbers are scaled to the expected population.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.models import Membership, Organisation, User
from reintegra.accounts.services import organisation_create, user_create
from reintegra.justice.models import OffenceCategory
from reintegra.justice.services import offence_category_create
from reintegra.synth import names
from reintegra.synth.people import REGION_WEIGHTS

ROOT_CODE = "xr-prison-service"
PROBATION_ROOT_CODE = "xr-probation-service"
ACTOR_USERNAME = "synth-generator"

# Shares of the synthetic population expected at "today" in custody and under supervision; used
# only to size capacities and staff so that occupancy and caseloads look like a real system's.
EXPECTED_CUSTODY_SHARE = 0.13
EXPECTED_SUPERVISION_SHARE = 0.12
WOMEN_SHARE = 0.06
YOUTH_SHARE = 0.09
CASELOAD_PER_OFFICER = 45
DEMO_OFFICER = "demo-probation"
DEMO_OFFICER_WEIGHT = 4  # the demo officer takes 4/5 of its office's periods (a realistic demo caseload)
PRISONERS_PER_CASE_MANAGER = 60

# (slug, name, town names, centre latitude, centre longitude)
REGIONS: tuple[tuple[str, str, tuple[str, ...], float, float], ...] = (
    ("norte", "Norte", ("San Telmo", "Villa Alta", "Puerto Nuevo"), 9.9, -84.1),
    ("costa", "Costa", ("Bahía Serena", "Playa Honda", "Los Arcos"), 9.6, -84.6),
    ("centro", "Centro", ("Ciudad Real", "Santa Inés", "El Mirador"), 9.4, -83.9),
    ("sierra", "Sierra", ("Montefrío", "Alto Verde", "Las Cumbres"), 9.1, -83.5),
    ("sur", "Sur", ("Puerto Ángel", "Río Claro", "San Lucas"), 8.7, -83.2),
    ("valle", "Valle", ("Valle Grande", "La Cañada", "Olmedo"), 9.2, -84.3),
)

# National offence codes, each mapped to its ICCS level-1 section: (code, name, section).
NATIONAL_OFFENCES: tuple[tuple[str, str, str], ...] = (
    ("XR-0101", "Intentional homicide", "01"), ("XR-0102", "Attempted homicide", "01"),
    ("XR-0201", "Serious assault", "02"), ("XR-0202", "Minor assault", "02"),
    ("XR-0203", "Threat of violence", "02"), ("XR-0204", "Domestic violence", "02"),
    ("XR-0301", "Sexual assault", "03"), ("XR-0302", "Sexual exploitation", "03"),
    ("XR-0401", "Robbery", "04"), ("XR-0402", "Aggravated robbery", "04"),
    ("XR-0501", "Burglary", "05"), ("XR-0502", "Theft", "05"), ("XR-0503", "Vehicle theft", "05"),
    ("XR-0504", "Criminal damage", "05"), ("XR-0505", "Handling stolen goods", "05"),
    ("XR-0601", "Drug possession", "06"), ("XR-0602", "Drug trafficking", "06"),
    ("XR-0701", "Fraud", "07"), ("XR-0702", "Forgery", "07"), ("XR-0703", "Bribery", "07"),
    ("XR-0801", "Public disorder", "08"), ("XR-0802", "Resisting an officer", "08"),
    ("XR-0803", "Breach of a court order", "08"),
    ("XR-0901", "Possession of a weapon", "09"), ("XR-0902", "Dangerous or drunk driving", "09"),
    ("XR-1001", "Illegal logging or wildlife trade", "10"),
    ("XR-1101", "Other offence", "11"),
)


@dataclass
class Facility:
    org: Organisation
    women: bool
    youth: bool
    region: str
    share: float  # planned share of the prison population (``facility_plan``)


@dataclass
class Jurisdiction:
    """The loaded jurisdiction, in a stable order (by code) so that draws are reproducible."""

    actor: User
    regions: list[str]
    facilities: list[Facility]
    offices: list[Organisation]
    courts: list[Organisation]
    partners: list[Organisation]
    officers: dict[int, list[User]] = field(default_factory=dict)    # office id -> probation officers
    offences: dict[str, list[OffenceCategory]] = field(default_factory=dict)  # ICCS section -> codes
    _pools: dict[tuple[str, bool, bool], tuple[tuple[Facility, ...], tuple[float, ...]]] = field(
        default_factory=dict, repr=False)

    def facilities_for(self, region: str, *, women: bool, youth: bool) -> tuple[tuple[Facility, ...], tuple[float, ...]]:
        """Where someone may be held (women's, youth or men's facilities, in the home region if it
        has one) and the weights to choose by: the planned share of the prison population."""
        key = (region, women, youth and not women)
        if key not in self._pools:
            if women:
                pool = [f for f in self.facilities if f.women]
            elif youth:
                pool = [f for f in self.facilities if f.youth]
            else:
                pool = [f for f in self.facilities if not f.women and not f.youth]
            local = [f for f in pool if f.region == region] or pool
            self._pools[key] = (tuple(local), tuple(f.share for f in local))
        return self._pools[key]

    def offices_in(self, region: str) -> list[Organisation]:
        return [o for o in self.offices if o.region == region] or self.offices

    def courts_in(self, region: str) -> list[Organisation]:
        return [c for c in self.courts if c.region == region] or self.courts


def exists() -> bool:
    return Organisation.objects.filter(code=ROOT_CODE).exists()


def _point(rng: np.random.Generator, lat: float, lon: float) -> tuple[float, float]:
    return round(lat + float(rng.normal(0, 0.15)), 5), round(lon + float(rng.normal(0, 0.15)), 5)


class _Staff:
    """Creates staff accounts with realistic names and stable usernames (no usable password)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.hispanic = names.CULTURES[0]

    def add(self, *, username: str, organisation: Organisation, role: str) -> User:
        female = bool(self.rng.random() < 0.5)
        given = self.rng.choice(self.hispanic.female if female else self.hispanic.male)
        family = self.rng.choice(self.hispanic.family)
        return user_create(
            username=username, password=None, organisation=organisation, role=role,
            first_name=str(given), last_name=str(family),
        )


def facility_plan() -> list[tuple[str, str, str, float, bool, bool]]:
    """(code, name, region, planned share of the prison population, women's, youth) per facility.

    Women are about 6% of prisoners, young men (under 21 at admission) about 9%; the rest are held
    in their region's two men's prisons in proportion to the region's population. People are
    allocated by these shares and capacities are the planned population over a target occupancy,
    so the target occupancy of each facility is what the synthetic population realises.
    """
    plan: list[tuple[str, str, str, float, bool, bool]] = []
    men = 1.0 - WOMEN_SHARE - YOUTH_SHARE
    for (slug, region, towns, _lat, _lon), weight in zip(REGIONS, REGION_WEIGHTS):
        plan.append((f"xr-prison-{slug}-1", f"{towns[0]} Prison", region, men * weight * 0.62, False, False))
        plan.append((f"xr-prison-{slug}-2", f"{towns[1]} Remand and Sentenced Centre", region, men * weight * 0.38,
                     False, False))
    plan.append(("xr-prison-women-norte", "San Telmo Women's Prison", "Norte", WOMEN_SHARE * 0.55, True, False))
    plan.append(("xr-prison-women-sur", "Río Claro Women's Centre", "Sur", WOMEN_SHARE * 0.45, True, False))
    plan.append(("xr-prison-youth-centro", "Santa Inés Young Offenders' Institution", "Centro", YOUTH_SHARE,
                 False, True))
    return plan


def create(*, seed: int, persons: int) -> Jurisdiction:
    """Create the jurisdiction, sized for about ``persons`` synthetic people."""
    rng = np.random.default_rng([seed, 1])
    staff = _Staff(rng)
    prison_service = organisation_create(
        kind=OrganisationKind.PRISON_SERVICE, name="National Prison Service", code=ROOT_CODE,
    )
    probation_service = organisation_create(
        kind=OrganisationKind.PROBATION_SERVICE, name="National Probation Service", code=PROBATION_ROOT_CODE,
    )
    inspectorate = organisation_create(
        kind=OrganisationKind.PRISON_SERVICE, name="Inspectorate of Prisons and Probation", code="xr-inspectorate",
    )
    statistics = organisation_create(
        kind=OrganisationKind.STATISTICS, name="National Statistics Office", code="xr-statistics",
    )
    user_create(
        username=ACTOR_USERNAME, password=None, organisation=prison_service, role=Role.SYSTEM_ADMIN,
        first_name="Synthetic", last_name="Data Generator",
    )
    for n in (1, 2):
        staff.add(username=f"analyst-{n:02d}", organisation=statistics, role=Role.ANALYST)
    staff.add(username="inspector-01", organisation=inspectorate, role=Role.AUDITOR)

    # Facilities: two men's prisons per region, women's facilities in two regions, one youth
    # institution. Capacities follow the expected population; target occupancy varies from
    # comfortable to overcrowded (the occupancy rate is population x 100 / official capacity).
    expected_custody = max(60.0, persons * EXPECTED_CUSTODY_SHARE)
    plan = facility_plan()
    centre = {region: (lat, lon) for _slug, region, _towns, lat, lon in REGIONS}
    for code, name, region, share, women, youth in plan:
        occupancy = float(rng.uniform(0.75, 1.45))  # some facilities end up well over capacity
        capacity = max(12, int(round(expected_custody * share / occupancy)))
        lat, lon = _point(rng, *centre[region])
        facility = organisation_create(
            kind=OrganisationKind.PRISON, name=name, code=code, parent=prison_service, region=region,
            official_capacity=capacity, latitude=lat, longitude=lon,
        )
        managers = max(2, math.ceil(expected_custody * share / PRISONERS_PER_CASE_MANAGER))
        for n in range(1, managers + 1):
            staff.add(username=f"cm-{code.removeprefix('xr-prison-')}-{n:02d}", organisation=facility, role=Role.PRISON_CASE_MANAGER)
        for n in (1, 2):
            staff.add(username=f"prog-{code.removeprefix('xr-prison-')}-{n:02d}", organisation=facility, role=Role.PROGRAMME_STAFF)

    # Probation offices (two per region), courts, partners of every kind, municipalities.
    expected_supervision = max(60.0, persons * EXPECTED_SUPERVISION_SHARE)
    per_office = expected_supervision / (2 * len(REGIONS))
    for slug, region, towns, lat, lon in REGIONS:
        for n, town in enumerate(towns[:2], start=1):
            la, lo = _point(rng, lat, lon)
            office = organisation_create(
                kind=OrganisationKind.PROBATION_OFFICE, name=f"{town} Probation Office",
                code=f"xr-probation-{slug}-{n}", parent=probation_service, region=region, latitude=la, longitude=lo,
            )
            officers = max(3, math.ceil(per_office / CASELOAD_PER_OFFICER))
            for k in range(1, officers + 1):
                staff.add(username=f"po-{slug}{n}-{k:02d}", organisation=office, role=Role.PROBATION_OFFICER)
            staff.add(username=f"spo-{slug}{n}", organisation=office, role=Role.SUPERVISOR)
            for k in (1, 2):
                staff.add(username=f"vpo-{slug}{n}-{k:02d}", organisation=office, role=Role.VOLUNTEER)
        la, lo = _point(rng, lat, lon)
        organisation_create(
            kind=OrganisationKind.COURT, name=f"{towns[0]} Criminal Court", code=f"xr-court-{slug}",
            region=region, latitude=la, longitude=lo,
        )
        partners = (
            (OrganisationKind.NGO, f"Fundación Nuevo Rumbo {region}", "ngo"),
            (OrganisationKind.EMPLOYER, f"Cooperativa de Trabajo {towns[2]}", "employer"),
            (OrganisationKind.HOUSING, f"{towns[0]} Supported Housing Association", "housing"),
            (OrganisationKind.HEALTH, f"{region} Community Health and Addiction Service", "health"),
            (OrganisationKind.EDUCATION, f"{towns[1]} Adult Education Centre", "education"),
        )
        for kind, name, short in partners:
            partner = organisation_create(kind=kind, name=name, code=f"xr-{short}-{slug}", region=region)
            staff.add(username=f"pcw-{short}-{slug}", organisation=partner, role=Role.PARTNER_CASEWORKER)
        for town in towns[:2]:
            organisation_create(
                kind=OrganisationKind.MUNICIPALITY, name=f"Municipality of {town}",
                code=f"xr-municipality-{names_slug(town)}", region=region,
            )
    sections = {c.code: c for c in OffenceCategory.objects.filter(level=1, is_national=False)}
    actor = User.objects.get(username=ACTOR_USERNAME)
    for code, name, section in NATIONAL_OFFENCES:
        if not OffenceCategory.objects.filter(code=code).exists():
            offence_category_create(actor=actor, code=code, name=name, iccs_section=sections[section])
    return load()


def names_slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)


def load() -> Jurisdiction:
    """Load the jurisdiction created earlier (by this or an earlier run)."""
    actor = User.objects.get(username=ACTOR_USERNAME)
    region_names = [region for _slug, region, *_rest in REGIONS]
    shares = {code: share for code, _name, _region, share, _w, _y in facility_plan()}
    facilities = [
        Facility(org=o, women="-women-" in o.code, youth="-youth-" in o.code, region=o.region,
                 share=shares.get(o.code, 0.05))
        for o in Organisation.objects.filter(kind=OrganisationKind.PRISON, code__startswith="xr-prison-", active=True)
        .order_by("code")
    ]
    offices = list(
        Organisation.objects.filter(kind=OrganisationKind.PROBATION_OFFICE, code__startswith="xr-probation-", active=True)
        .order_by("code")
    )
    courts = list(Organisation.objects.filter(kind=OrganisationKind.COURT, code__startswith="xr-court-").order_by("code"))
    partners = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.NGO, OrganisationKind.EMPLOYER, OrganisationKind.HOUSING,
                      OrganisationKind.HEALTH, OrganisationKind.EDUCATION],
            code__startswith="xr-",
        ).order_by("code")
    )
    officers: dict[int, list[User]] = {office.pk: [] for office in offices}
    memberships = (
        Membership.objects.filter(organisation__in=offices, role=Role.PROBATION_OFFICER, active=True)
        .select_related("user").order_by("organisation_id", "user__username")
    )
    for membership in memberships:
        officers[membership.organisation_id].append(membership.user)
    for pool in officers.values():
        demo = [u for u in pool if u.username == DEMO_OFFICER]
        if demo and len(pool) > 1:
            # The demo probation officer (``synth.demo``) carries most of its office's caseload, so
            # the demo login has a realistic one; each draw still takes one uniform from the pool.
            others = [u for u in pool if u.username != DEMO_OFFICER]
            pool[:] = demo * (DEMO_OFFICER_WEIGHT * len(others)) + others
    offences: dict[str, list[OffenceCategory]] = {}
    for offence in OffenceCategory.objects.filter(is_national=True, code__startswith="XR-", active=True).select_related(
        "iccs_section"
    ).order_by("code"):
        offences.setdefault(offence.iccs_section.code, []).append(offence)
    return Jurisdiction(
        actor=actor, regions=region_names, facilities=facilities, offices=offices, courts=courts,
        partners=partners, officers=officers, offences=offences,
    )


def ensure(*, seed: int, persons: int) -> Jurisdiction:
    """The jurisdiction, created on first use."""
    return load() if exists() else create(seed=seed, persons=persons)

