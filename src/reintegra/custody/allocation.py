"""Allocation: rank facilities for one person, with the points and the reason of every criterion.

Pure: no database. ``custody.allocation_selectors`` gathers the facts and calls ``rank``.

Hard rules (a facility that breaks one is *unsuitable*, listed with the reason and never ranked):
- security: never below the level the person requires;
- sex category: women's facilities hold women, men's facilities men, mixed ones anyone;
- age category: juveniles (under 18) only in juvenile facilities, and juvenile facilities hold
  only juveniles (the separation the UN rules require); young adults (18-20) in young-adult,
  adult or mixed facilities; adults (21+) in adult or mixed ones;
- a facility that has not been described (no profile) cannot be checked, so is unsuitable.

Points (100 with the default weights; each weight is a setting, see ``weights_from``):
- security fit (30): the required level earns all of it; each level above costs a third of it
  (over-classification: people held more securely than they need lose liberty and programmes);
- programmes (30): the facility's programmes that target the person's assessed needs; the needs
  are weighted by their rank (of k needs, the first weighs k, the second k-1, ..., the last 1)
  and the facility earns the share of that weight it covers;
- capacity left (20): official capacity - population; all of it at 80 % occupancy or less,
  nothing at 100 % or more, in a straight line between (90 % -> half);
- distance to family (20): the nearest family contact with coordinates and no safety
  restriction; all of it on the spot, nothing at ``family_km`` (500 km) or more, in a straight
  line between (great-circle distance).
Ties are broken by the nearer family, then the name.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.custody.choices import AgeCategory, SecurityLevel, SexCategory

SECURITY_ORDER = (SecurityLevel.OPEN, SecurityLevel.LOW, SecurityLevel.MEDIUM, SecurityLevel.HIGH,
                  SecurityLevel.MAXIMUM)
JUVENILE_UNDER = 18
YOUNG_ADULT_UNDER = 21
FULL_CAPACITY_POINTS_AT = 80.0  # occupancy (%) at or below which the capacity criterion earns everything
EARTH_RADIUS_KM = 6371.0088

SECURITY, SEX, AGE, PROGRAMMES, CAPACITY, FAMILY, PROFILE = (
    "security", "sex", "age", "programmes", "capacity", "family", "profile")


@dataclass(frozen=True)
class Weights:
    security: float = 30
    programmes: float = 30
    capacity: float = 20
    family: float = 20
    family_km: float = 500

    @property
    def total(self) -> float:
        return self.security + self.programmes + self.capacity + self.family


@dataclass(frozen=True)
class FacilityProgramme:
    programme_id: int
    name: str
    targeted_needs: tuple[str, ...]


@dataclass(frozen=True)
class FacilityFacts:
    facility_id: int
    name: str
    region: str = ""
    security_level: str | None = None  # None: no profile
    sex_category: str | None = None
    age_category: str | None = None
    capacity: int | None = None
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    programmes: tuple[FacilityProgramme, ...] = ()


@dataclass(frozen=True)
class FamilyPlace:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PersonFacts:
    required_security: str
    sex: str  # people.choices.Sex code: F, M, X, U
    age: int | None
    needs: tuple[str, ...] = ()  # ranked need codes, most important first
    need_labels: dict[str, str] = field(default_factory=dict)
    family: tuple[FamilyPlace, ...] = ()  # contacts with coordinates and no safety restriction


@dataclass(frozen=True)
class Criterion:
    code: str
    points: float
    max_points: float
    explanation: str
    fits: bool = True  # False: a hard rule is broken (the facility is unsuitable)


@dataclass(frozen=True)
class Ranked:
    facility_id: int
    name: str
    region: str
    rank: int | None  # 1 = best; None when unsuitable
    score: float
    max_score: float
    suitable: bool
    criteria: tuple[Criterion, ...]
    distance_km: float | None
    places_left: int | None
    occupancy_pct: float | None
    programme_ids: tuple[int, ...] = ()

    @property
    def problems(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.fits)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def security_index(level: str) -> int:
    return [str(level_) for level_ in SECURITY_ORDER].index(level)


def _label(choices: type, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def security_criterion(required: str, level: str | None, weight: float) -> Criterion:
    if level is None:
        return Criterion(SECURITY, 0, weight, _("Security level not recorded."), fits=False)
    steps = security_index(level) - security_index(required)
    name, wanted = _label(SecurityLevel, level), _label(SecurityLevel, required)
    if steps < 0:
        return Criterion(SECURITY, 0, weight, _("%(level)s security is below the required level (%(required)s).") % {
            "level": name, "required": wanted}, fits=False)
    if steps == 0:
        return Criterion(SECURITY, weight, weight, _("%(level)s security: the required level.") % {"level": name})
    points = max(0.0, weight - steps * weight / 3)
    return Criterion(SECURITY, points, weight, ngettext(
        "%(level)s security: %(steps)d level above the required %(required)s (over-classification).",
        "%(level)s security: %(steps)d levels above the required %(required)s (over-classification).",
        steps) % {"level": name, "steps": steps, "required": wanted})


def sex_fits(sex: str, category: str) -> bool | None:
    """Whether a person of ``sex`` may be held in a facility or unit of ``category``; ``None`` when
    it cannot be told (sex intersex or not recorded and a single-sex category: staff decide)."""
    if category == SexCategory.MIXED:
        return True
    if sex in ("F", "M"):
        return (sex == "F") == (category == SexCategory.FEMALE)
    return None


def sex_criterion(sex: str, category: str | None) -> Criterion:
    if category is None:
        return Criterion(SEX, 0, 0, _("Sex category not recorded."), fits=False)
    fits = sex_fits(sex, category)
    name = _label(SexCategory, category)
    if fits is None:
        return Criterion(SEX, 0, 0, _("Holds: %(category)s. The person's sex is not recorded as female or male: "
                                      "check the placement.") % {"category": name})
    if not fits:
        return Criterion(SEX, 0, 0, _("Holds: %(category)s; not this person.") % {"category": name}, fits=False)
    return Criterion(SEX, 0, 0, _("Holds: %(category)s.") % {"category": name})


def age_group(age: int | None) -> str | None:
    if age is None:
        return None
    if age < JUVENILE_UNDER:
        return AgeCategory.JUVENILE
    return AgeCategory.YOUNG_ADULT if age < YOUNG_ADULT_UNDER else AgeCategory.ADULT


def age_fits(age: int | None, category: str) -> bool | None:
    """Juveniles only with juveniles; young adults with young adults, adults or mixed; adults with
    adults or mixed. ``None``: no date of birth (staff decide; a juvenile facility is refused)."""
    group = age_group(age)
    if group is None:
        return False if category == AgeCategory.JUVENILE else None
    if group == AgeCategory.JUVENILE or category == AgeCategory.JUVENILE:
        return group == category
    if category == AgeCategory.MIXED:
        return True
    return category == group or (group == AgeCategory.YOUNG_ADULT and category == AgeCategory.ADULT)


def age_criterion(age: int | None, category: str | None) -> Criterion:
    if category is None:
        return Criterion(AGE, 0, 0, _("Age category not recorded."), fits=False)
    name = _label(AgeCategory, category)
    fits = age_fits(age, category)
    if fits is None:
        return Criterion(AGE, 0, 0, _("Holds: %(category)s. No date of birth recorded: check the placement.") % {
            "category": name})
    if not fits:
        return Criterion(AGE, 0, 0, _("Holds: %(category)s; not a person aged %(age)s.") % {
            "category": name, "age": age if age is not None else "?"}, fits=False)
    return Criterion(AGE, 0, 0, _("Holds: %(category)s (the person is %(age)s).") % {"category": name, "age": age})


def programmes_criterion(needs: Sequence[str], labels: dict[str, str], programmes: Sequence[FacilityProgramme],
                         weight: float) -> tuple[Criterion, tuple[int, ...]]:
    if not needs:
        return Criterion(PROGRAMMES, 0, weight, _("No assessed needs: programmes not weighed.")), ()
    k = len(needs)
    weight_of = {need: k - i for i, need in enumerate(needs)}
    offered: dict[str, list[str]] = {}
    ids: list[int] = []
    for programme in programmes:
        hits = [need for need in programme.targeted_needs if need in weight_of]
        for need in hits:
            offered.setdefault(need, []).append(programme.name)
        if hits:
            ids.append(programme.programme_id)
    covered = sum(weight_of[need] for need in offered)
    points = weight * covered / (k * (k + 1) / 2)
    if not offered:
        text = _("No programme here targets the person's needs.")
    else:
        parts = [_("%(need)s (%(programmes)s)") % {"need": labels.get(need, need),
                                                  "programmes": ", ".join(sorted(offered[need])[:3])}
                 for need in needs if need in offered]
        missing = [labels.get(need, need) for need in needs if need not in offered]
        text = _("Programmes for %(covered)s.") % {"covered": "; ".join(parts)}
        if missing:
            text += " " + _("Nothing for %(missing)s.") % {"missing": ", ".join(missing)}
    return Criterion(PROGRAMMES, points, weight, text), tuple(ids)


def capacity_criterion(capacity: int | None, population: int, weight: float) -> tuple[Criterion, int | None, float | None]:
    if not capacity:
        return Criterion(CAPACITY, 0, weight, _("Official capacity not recorded.")), None, None
    left = capacity - population
    occupancy = population * 100 / capacity
    share = min(1.0, max(0.0, (100 - occupancy) / (100 - FULL_CAPACITY_POINTS_AT)))
    if left <= 0:
        text = _("Full: %(population)s people for %(capacity)s places (occupancy %(pct).1f %%).") % {
            "population": population, "capacity": capacity, "pct": occupancy}
    else:
        text = _("%(left)s places left of %(capacity)s (occupancy %(pct).1f %%).") % {
            "left": left, "capacity": capacity, "pct": occupancy}
    return Criterion(CAPACITY, weight * share, weight, text), left, occupancy


def family_criterion(family: Sequence[FamilyPlace], facility: FacilityFacts,
                     weights: Weights) -> tuple[Criterion, float | None]:
    weight = weights.family
    if not family:
        return Criterion(FAMILY, 0, weight, _("No family contact with a known location (and no safety restriction).")), None
    if facility.latitude is None or facility.longitude is None:
        return Criterion(FAMILY, 0, weight, _("The facility's location is not recorded.")), None
    here = (facility.latitude, facility.longitude)
    distance, nearest = min((haversine_km(here, (p.latitude, p.longitude)), p.name) for p in family)
    share = max(0.0, 1 - distance / weights.family_km)
    return Criterion(FAMILY, weight * share, weight, _("%(km).0f km from %(name)s.") % {
        "km": distance, "name": nearest}), distance


def assess(person: PersonFacts, facility: FacilityFacts, weights: Weights) -> Ranked:
    """Every criterion for one facility (``rank`` left empty: ``rank`` sets it)."""
    criteria = [security_criterion(person.required_security, facility.security_level, weights.security),
                sex_criterion(person.sex, facility.sex_category), age_criterion(person.age, facility.age_category)]
    if facility.security_level is None:
        criteria = [Criterion(PROFILE, 0, 0, _("This facility has not been described (no profile): it cannot be "
                                               "checked for security, sex and age."), fits=False)]
    programmes, programme_ids = programmes_criterion(person.needs, person.need_labels, facility.programmes,
                                                     weights.programmes)
    capacity, left, occupancy = capacity_criterion(facility.capacity, facility.population, weights.capacity)
    family, distance = family_criterion(person.family, facility, weights)
    criteria += [programmes, capacity, family]
    suitable = all(c.fits for c in criteria)
    return Ranked(
        facility_id=facility.facility_id, name=facility.name, region=facility.region, rank=None,
        score=round(sum(c.points for c in criteria), 2) if suitable else 0.0, max_score=weights.total,
        suitable=suitable, criteria=tuple(criteria), distance_km=distance, places_left=left,
        occupancy_pct=occupancy, programme_ids=programme_ids,
    )


def rank(*, person: PersonFacts, facilities: Sequence[FacilityFacts], weights: Weights | None = None) -> list[Ranked]:
    """The suitable facilities best first (rank 1, 2, ...), then the unsuitable ones by name."""
    weights = weights or Weights()
    if person.required_security not in SecurityLevel.values:
        raise ValueError(f"unknown security level: {person.required_security!r}")
    assessed = [assess(person, facility, weights) for facility in facilities]
    suitable = sorted((r for r in assessed if r.suitable), key=lambda r: (
        -r.score, r.distance_km if r.distance_km is not None else math.inf, r.name, r.facility_id))
    unsuitable = sorted((r for r in assessed if not r.suitable), key=lambda r: (r.name, r.facility_id))
    ranked = [replace(r, rank=i) for i, r in enumerate(suitable, start=1)]
    return ranked + unsuitable
