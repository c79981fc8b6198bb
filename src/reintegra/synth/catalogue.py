"""The synthetic programme catalogue: what each prison, probation office and partner delivers.

``catalogue_plan`` lays out the programmes (no database): every prison offers cognitive-behavioural
work, substance use treatment, education from literacy to upper secondary, vocational training in
trades tied to the region's labour demand and prison work; each probation office delivers community
programmes; partners deliver what their kind does (an NGO mentoring, a health service treatment, an
education centre classes, an employer work placements). Women's facilities run gender-responsive,
trauma-informed versions (and train women in well-paid trades, not only the traditional ones); the
young offenders' institution has age limits; a few programmes need a minimum literacy, take only
some risk bands, exclude sexual offences (ICCS 03) from mixed groups, or are delivered in English or
Arabic. The order is a priority: the core offer of every venue first, then the rest, then variants,
so ``--programmes N`` keeps the core when it is small and adds variants when it is large.

``TRADES`` and ``labour_rows`` give the labour-market table: vacancies per region and trade per
quarter, with some trades in no demand anywhere (training that leads nowhere shows as such).
"""
from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.programmes.choices import (
    Accreditation, DeliverySetting, EducationLevel, Intensity, Literacy, ProgrammeType, SexEligibility,
)

# (trade, base vacancies per region and quarter; 0: no demand anywhere)
TRADES: tuple[tuple[str, int], ...] = (
    ("Construction", 60), ("Electrical installation", 35), ("Welding", 25), ("Plumbing", 22),
    ("Commercial cooking", 40), ("Motor mechanics", 18), ("Information technology support", 20),
    ("Logistics and warehousing", 45), ("Horticulture", 12), ("Carpentry", 10), ("Bakery", 8),
    ("Cleaning services", 30), ("Hairdressing and barbering", 3), ("Textiles and garment making", 0),
    ("Handicrafts", 0),
)
# Trades chosen for women's facilities first: well-paid ones beside the traditional.
WOMEN_TRADES = ("Electrical installation", "Information technology support", "Commercial cooking", "Welding",
                "Logistics and warehousing", "Hairdressing and barbering")
WORK = (("Prison kitchen", "Commercial cooking"), ("Prison laundry", "Cleaning services"),
        ("Prison farm", "Horticulture"), ("Maintenance workshop", "Construction"))

EVIDENCE = {
    ProgrammeType.COGNITIVE_BEHAVIOURAL: "Meta-analyses of cognitive-behavioural programmes (Lipsey, Landenberger and "
    "Wilson 2007) find reductions in reoffending of about a quarter, largest for higher-risk participants.",
    ProgrammeType.SUBSTANCE_USE: "Therapeutic community and CBT-based drug treatment reduce reoffending when "
    "followed by aftercare in the community (Mitchell, Wilson and MacKenzie 2012).",
    ProgrammeType.EDUCATION: "Participants in correctional education are less likely to return to prison "
    "(RAND meta-analysis, Davis et al. 2013: about 13 percentage points).",
    ProgrammeType.VOCATIONAL: "Vocational training improves employment after release when it leads to trades "
    "in demand (Davis et al. 2013); see the labour demand beside it.",
    ProgrammeType.WORK: "Prison work builds routine and work history; effects on reoffending are mixed "
    "unless linked to employment after release.",
    ProgrammeType.MENTAL_HEALTH: "Treatment of mental disorder is a responsivity need; it improves engagement "
    "in other programmes more than it reduces reoffending on its own.",
    ProgrammeType.FAMILY: "Family contact and parenting work are associated with lower reoffending "
    "(Farmer review 2017).",
    ProgrammeType.LIFE_SKILLS: "Life skills programmes have weak evidence on their own; best combined with "
    "cognitive-behavioural work.",
    ProgrammeType.RESTORATIVE: "Restorative justice conferencing reduces repeat offending modestly and raises "
    "victim satisfaction (Strang et al. 2013, Campbell systematic review).",
    ProgrammeType.FAITH_CULTURAL: "Evidence is limited; valued by participants for identity and community ties.",
    ProgrammeType.SPORT_LEISURE: "Structured sport supports prosocial leisure and associates; little direct "
    "evidence on reoffending.",
}


@dataclass
class Spec:
    """One programme to create: the arguments of ``programmes.services.programme_create``."""

    name: str
    type: str
    delivery: str
    venue: Organisation
    provider: Organisation
    capacity: int
    targeted_needs: tuple[str, ...] = ()
    risk_bands: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("es",)
    excluded_sections: tuple[str, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)

    def kwargs(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "delivery": self.delivery, "venue": self.venue,
                "provider": self.provider, "capacity": self.capacity, "targeted_needs": self.targeted_needs,
                "risk_bands": self.risk_bands, "languages": self.languages,
                "excluded_sections": self.excluded_sections, **self.fields}


def _dose(hours: int, per_session: float, weeks: int, intensity: str) -> dict[str, Any]:
    return {"hours": hours, "sessions": max(1, round(hours / per_session)), "weeks": weeks, "intensity": intensity}


def _cbt(variant: int) -> tuple[str, tuple[str, ...], dict[str, Any], tuple[str, ...]]:
    """(name, needs, dosage, bands): low, moderate and high-intensity cognitive-behavioural work."""
    return (
        ("Thinking Skills", ("attitudes", "personality"), _dose(60, 2.5, 10, Intensity.MODERATE), ("moderate", "high")),
        ("Choices and Changes", ("attitudes", "associates"), _dose(24, 2, 6, Intensity.LOW), ("low", "moderate")),
        ("Intensive Cognitive Skills", ("attitudes", "personality", "associates"),
         _dose(200, 2.5, 26, Intensity.HIGH), ("high", "very_high")),
        ("Building Better Relationships", ("family", "attitudes"), _dose(80, 2.5, 14, Intensity.MODERATE), ()),
        ("Anger and Conflict Management", ("personality",), _dose(30, 2, 8, Intensity.MODERATE), ()),
    )[variant % 5]


def _substance(variant: int) -> tuple[str, dict[str, Any], tuple[str, ...]]:
    return (
        ("Alcohol and Drug Recovery", _dose(90, 3, 12, Intensity.MODERATE), ()),
        ("Substance Misuse Awareness", _dose(16, 2, 4, Intensity.LOW), ("low", "moderate")),
        ("Therapeutic Community", _dose(300, 4, 36, Intensity.HIGH), ("high", "very_high")),
    )[variant % 3]


EDUCATION = (
    (EducationLevel.LITERACY, "Adult Literacy and Numeracy", 120, Literacy.NONE),
    (EducationLevel.PRIMARY, "Primary Education Certificate", 200, Literacy.BASIC),
    (EducationLevel.LOWER_SECONDARY, "Lower Secondary Certificate", 240, Literacy.BASIC),
    (EducationLevel.UPPER_SECONDARY, "Upper Secondary Diploma", 300, Literacy.FUNCTIONAL),
)


class _Venue(abc.ABC):
    """Draws the specs of one venue, in priority order (a generator of rounds)."""

    def __init__(self, org: Organisation, *, setting: str, provider: Organisation, women: bool, youth: bool,
                 rng: np.random.Generator, demand: dict[str, int]) -> None:
        self.org, self.setting, self.provider = org, setting, provider
        self.women, self.youth, self.rng = women, youth, rng
        # Trades in demand in the venue's region first; a trade without demand is still trained somewhere.
        ranked = sorted(TRADES, key=lambda t: -demand.get(t[0], 0) - float(rng.uniform(0, 15)))
        names = [t for t, _base in ranked]
        if women:
            names = [t for t in WOMEN_TRADES] + [t for t in names if t not in WOMEN_TRADES]
        self.trades = names

    def spec(self, name: str, type_: str, capacity: int, **extra: Any) -> Spec:
        rng = self.rng
        fields: dict[str, Any] = extra.pop("fields", {})
        fields.setdefault("accreditation", (Accreditation.ACCREDITED, Accreditation.PENDING, Accreditation.NOT_ACCREDITED)[
            int(rng.choice(3, p=(0.45, 0.15, 0.40)))])
        fields.setdefault("evidence", EVIDENCE.get(type_, ""))
        if fields["accreditation"] == Accreditation.ACCREDITED and type_ != ProgrammeType.WORK:
            fields.setdefault("certificate_title", f"{name}: certificate of completion")
        if fields["accreditation"] == Accreditation.ACCREDITED and rng.random() < 0.3:
            fields.setdefault("evaluation_url", f"https://evaluations.example.org/xr/{self.org.code}/"
                                                f"{name.lower().replace(' ', '-')}")
        if self.women:
            fields.setdefault("gender_responsive", True)
            fields.setdefault("trauma_informed", rng.random() < 0.8)
            fields.setdefault("sex_eligibility", SexEligibility.FEMALE)
        else:
            fields.setdefault("trauma_informed", rng.random() < 0.15)
        if self.youth:
            fields.setdefault("min_age", 15)
            fields.setdefault("max_age", 21)
        return Spec(name=name, type=type_, delivery=self.setting, venue=self.org, provider=self.provider,
                    capacity=capacity, fields=fields, **extra)

    @abc.abstractmethod
    def rounds(self) -> Iterator[list[Spec]]:
        """Round 0 the core offer, round 1 the rest, then variants without end (each kind of venue says)."""


class _Prison(_Venue):
    def rounds(self) -> Iterator[list[Spec]]:
        rng = self.rng
        name, needs, dose, bands = _cbt(0)
        sname, sdose, sbands = _substance(0)
        edu = EDUCATION[0]
        trade = self.trades[0]
        work, work_trade = WORK[int(rng.integers(len(WORK)))]
        yield [
            self.spec(name, ProgrammeType.COGNITIVE_BEHAVIOURAL, 12, targeted_needs=needs, risk_bands=bands,
                      fields=dict(dose)),
            self.spec(sname, ProgrammeType.SUBSTANCE_USE, 12, targeted_needs=("substance",), risk_bands=sbands,
                      fields=dict(sdose)),
            self._education(edu),
            self._vocational(trade),
            self.spec(work, ProgrammeType.WORK, 20, targeted_needs=("school_work",),
                      fields={**_dose(480, 6, 26, Intensity.LOW), "trade": work_trade}),
        ]
        rest = [self._education(level) for level in EDUCATION[1:]]
        rest.append(self._vocational(self.trades[1]))
        name, needs, dose, bands = _cbt(2 if not self.youth else 1)
        rest.append(self.spec(name, ProgrammeType.COGNITIVE_BEHAVIOURAL, 10, targeted_needs=needs, risk_bands=bands,
                              excluded_sections=("03",), fields={**dose, "min_literacy": Literacy.BASIC}))
        rest.append(self.spec("Mental Health and Wellbeing", ProgrammeType.MENTAL_HEALTH, 10,
                              targeted_needs=("personality",), fields=_dose(40, 2, 10, Intensity.LOW)))
        rest.append(self.spec("Parenting from Prison" if not self.youth else "Family Ties", ProgrammeType.FAMILY, 12,
                              targeted_needs=("family",), fields=_dose(36, 3, 12, Intensity.LOW)))
        rest.append(self.spec("Sport and Fitness Leaders", ProgrammeType.SPORT_LEISURE, 16,
                              targeted_needs=("leisure", "associates"), fields=_dose(48, 2, 16, Intensity.LOW)))
        rest.append(self._language_group(int(rng.integers(4))))
        yield rest
        variant = 1
        while True:
            batch = []
            name, needs, dose, bands = _cbt(variant + 2)
            batch.append(self.spec(name, ProgrammeType.COGNITIVE_BEHAVIOURAL, 12, targeted_needs=needs,
                                   risk_bands=bands, fields=dict(dose)))
            batch.append(self._vocational(self.trades[(variant + 1) % len(self.trades)]))
            sname, sdose, sbands = _substance(variant)
            batch.append(self.spec(sname, ProgrammeType.SUBSTANCE_USE, 12, targeted_needs=("substance",),
                                   risk_bands=sbands, fields=dict(sdose)))
            batch.append(self._language_group(variant))
            batch.append(self.spec(("Restorative Justice Awareness", "Faith and Culture Circle",
                                    "Victim Awareness")[variant % 3],
                                   ProgrammeType.RESTORATIVE if variant % 3 != 1 else ProgrammeType.FAITH_CULTURAL, 12,
                                   targeted_needs=("attitudes",), fields=_dose(20, 2, 8, Intensity.LOW)))
            variant += 1
            yield batch

    def _language_group(self, variant: int) -> Spec:
        """A group run in another language for foreign nationals (people who need an interpreter)."""
        language = ("en", "ar", "pt", "fr")[variant % 4]
        return self.spec(f"Life Skills ({language.upper()})", ProgrammeType.LIFE_SKILLS, 10,
                         targeted_needs=("leisure", "school_work"), languages=(language,),
                         fields=_dose(30, 2, 10, Intensity.LOW))

    def _education(self, level: tuple[str, str, int, str]) -> Spec:
        code, name, hours, literacy = level
        return self.spec(name, ProgrammeType.EDUCATION, 15, targeted_needs=("school_work",), fields={
            **_dose(hours, 3, 36, Intensity.MODERATE), "education_level": code, "min_literacy": literacy,
            "certificate_title": name, "accreditation": Accreditation.ACCREDITED})

    def _vocational(self, trade: str) -> Spec:
        return self.spec(f"{trade} Training", ProgrammeType.VOCATIONAL, 10, targeted_needs=("school_work",), fields={
            **_dose(240, 4, 20, Intensity.MODERATE), "trade": trade, "min_literacy": Literacy.BASIC,
            "certificate_title": f"Certificate in {trade}"})


class _Office(_Venue):
    def rounds(self) -> Iterator[list[Spec]]:
        name, needs, dose, bands = _cbt(0)
        sname, sdose, sbands = _substance(0)
        yield [
            self.spec(name, ProgrammeType.COGNITIVE_BEHAVIOURAL, 12, targeted_needs=needs, risk_bands=bands,
                      fields=dict(dose)),
            self.spec(sname, ProgrammeType.SUBSTANCE_USE, 12, targeted_needs=("substance",), risk_bands=sbands,
                      fields=dict(sdose)),
        ]
        name, needs, dose, bands = _cbt(1)
        yield [
            self.spec(name, ProgrammeType.COGNITIVE_BEHAVIOURAL, 12, targeted_needs=needs, risk_bands=bands,
                      fields=dict(dose)),
            self.spec("Women's Community Programme", ProgrammeType.LIFE_SKILLS, 10,
                      targeted_needs=("family", "associates", "school_work"),
                      fields={**_dose(40, 2, 12, Intensity.MODERATE), "sex_eligibility": SexEligibility.FEMALE,
                              "gender_responsive": True, "trauma_informed": True}),
            self.spec("Restorative Justice Conferencing", ProgrammeType.RESTORATIVE, 8, targeted_needs=("attitudes",),
                      fields=_dose(12, 3, 6, Intensity.LOW)),
        ]
        variant = 2
        while True:
            name, needs, dose, bands = _cbt(variant)
            sname, sdose, sbands = _substance(variant)
            variant += 1
            yield [
                self.spec(name, ProgrammeType.COGNITIVE_BEHAVIOURAL, 12, targeted_needs=needs, risk_bands=bands,
                          fields=dict(dose)),
                self.spec(sname, ProgrammeType.SUBSTANCE_USE, 12, targeted_needs=("substance",), risk_bands=sbands,
                          fields=dict(sdose)),
            ]


_PARTNER = {
    OrganisationKind.NGO: (("Mentoring for Change", ProgrammeType.LIFE_SKILLS, ("associates", "leisure"), 30),
                           ("Family Mediation", ProgrammeType.FAMILY, ("family",), 20)),
    OrganisationKind.EMPLOYER: (("Work Placement", ProgrammeType.WORK, ("school_work",), 160),
                                ("Job Readiness", ProgrammeType.LIFE_SKILLS, ("school_work",), 24)),
    OrganisationKind.HOUSING: (("Tenancy Skills", ProgrammeType.LIFE_SKILLS, ("family", "leisure"), 12),),
    OrganisationKind.HEALTH: (("Community Addiction Treatment", ProgrammeType.SUBSTANCE_USE, ("substance",), 60),
                              ("Dual Diagnosis Support", ProgrammeType.MENTAL_HEALTH, ("substance", "personality"), 40)),
    OrganisationKind.EDUCATION: (("Adult Basic Education", ProgrammeType.EDUCATION, ("school_work",), 150),
                                 ("Digital Skills", ProgrammeType.VOCATIONAL, ("school_work",), 80)),
}


class _Partner(_Venue):
    def rounds(self) -> Iterator[list[Spec]]:
        offers = _PARTNER.get(self.org.kind, ())
        variant = 0
        while offers:
            specs = []
            for name, type_, needs, hours in offers:
                fields: dict[str, Any] = {**_dose(hours, 2.5, max(4, hours // 10), Intensity.LOW)}
                if type_ == ProgrammeType.EDUCATION:
                    fields.update(education_level=EducationLevel.PRIMARY, certificate_title=name)
                if type_ in (ProgrammeType.WORK, ProgrammeType.VOCATIONAL):
                    fields["trade"] = self.trades[variant % len(self.trades)] if type_ == ProgrammeType.WORK \
                        else "Information technology support"
                if type_ == ProgrammeType.VOCATIONAL:
                    fields["certificate_title"] = f"Certificate in {name}"
                specs.append(self.spec(name, type_, 12, targeted_needs=needs, fields=fields))
            variant += 1
            yield specs


def catalogue_plan(*, rng: np.random.Generator, facilities: list[Any], offices: list[Organisation],
                   partners: list[Organisation], count: int | None, demand: dict[tuple[str, str], int]) -> list[Spec]:
    """The specs of ``count`` programmes (``None``: the core and the rest of every venue's offer),
    round by round over the venues so that every venue keeps its core offer first."""
    venues: list[_Venue] = []
    for facility in facilities:
        org = facility.org
        venues.append(_Prison(org, setting=DeliverySetting.FACILITY, provider=org, women=facility.women,
                              youth=facility.youth, rng=rng, demand=_regional(demand, org.region)))
    for office in offices:
        venues.append(_Office(office, setting=DeliverySetting.COMMUNITY, provider=office, women=False, youth=False,
                              rng=rng, demand=_regional(demand, office.region)))
    for partner in partners:
        venues.append(_Partner(partner, setting=DeliverySetting.PARTNER, provider=partner, women=False, youth=False,
                               rng=rng, demand=_regional(demand, partner.region)))
    streams = [v.rounds() for v in venues]
    specs: list[Spec] = []
    limit = count if count is not None else 2  # default: rounds 0 and 1 of every venue
    round_no = 0
    while True:
        for stream in streams:
            batch = next(stream, [])
            if count is None:
                specs.extend(batch)
            else:
                specs.extend(batch[: max(0, count - len(specs))])
        round_no += 1
        if (count is None and round_no >= limit) or (count is not None and len(specs) >= count):
            return _distinct(specs)


def _distinct(specs: list[Spec]) -> list[Spec]:
    """A second group of the same programme at the same venue is named as such."""
    seen: dict[tuple[int, str], int] = {}
    for spec in specs:
        key = (spec.venue.pk, spec.name)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            spec.name = f"{spec.name} (group {seen[key]})"
    return specs


def _regional(demand: dict[tuple[str, str], int], region: str) -> dict[str, int]:
    return {trade: vacancies for (r, trade), vacancies in demand.items() if r == region}


def labour_demand(*, rng: np.random.Generator, regions: list[str]) -> dict[tuple[str, str], int]:
    """Vacancies per (region, trade) per quarter: the trade's base scaled by a regional factor;
    trades with no base have none anywhere, and a few others none in some regions."""
    demand = {}
    for region in regions:
        factor = float(rng.uniform(0.5, 1.6))
        for trade, base in TRADES:
            vacancies = int(round(base * factor * float(rng.uniform(0.6, 1.4)))) if base else 0
            if base and base < 15 and rng.random() < 0.35:
                vacancies = 0
            demand[(region, trade)] = vacancies
    return demand
