"""Demographics of a justice population: who the synthetic people are.

Person-level attributes are drawn in vectors for a whole batch from the batch generator; each
person also gets a private stream of uniforms and normals (``Stream``) that the history and
outcome modules consume one by one, so per-person branching stays deterministic.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from reintegra.people.choices import AliasKind, IdentifierKind, LiteracyLevel, Relationship, Sex
from reintegra.synth import names
from reintegra.synth.names import CULTURES, HOME_COUNTRY, HOME_LANGUAGE, Culture

# Per-person stream sizes; a person needing more draws gets a refill from a generator seeded by
# (seed, run, index, refill number), so exhaustion never breaks determinism.
STREAM_UNIFORMS = 192
STREAM_NORMALS = 32

REGION_WEIGHTS = (0.22, 0.18, 0.20, 0.12, 0.14, 0.14)


class Stream:
    """The private random numbers of one person, consumed in order."""

    __slots__ = ("_seed", "_u", "_n", "_iu", "_in", "_refills")

    def __init__(self, seed: tuple[int, ...], uniforms: list[float], normals: list[float]) -> None:
        self._seed = seed
        self._u = uniforms
        self._n = normals
        self._iu = 0
        self._in = 0
        self._refills = 0

    def _refill(self) -> None:
        self._refills += 1
        rng = np.random.default_rng([*self._seed, self._refills])
        self._u = rng.random(STREAM_UNIFORMS).tolist()
        self._n = rng.standard_normal(STREAM_NORMALS).tolist()
        self._iu = self._in = 0

    def u(self) -> float:
        if self._iu >= len(self._u):
            self._refill()
        value = self._u[self._iu]
        self._iu += 1
        return value

    def normal(self) -> float:
        if self._in >= len(self._n):
            self._refill()
        value = self._n[self._in]
        self._in += 1
        return value

    def chance(self, p: float) -> bool:
        return self.u() < p

    def int_between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + min(int(self.u() * (high - low + 1)), high - low)

    def pick(self, items: list | tuple):  # type: ignore[no-untyped-def]
        return items[min(int(self.u() * len(items)), len(items) - 1)]

    def weighted(self, items: tuple, weights: tuple[float, ...]):  # type: ignore[no-untyped-def]
        target = self.u() * sum(weights)
        acc = 0.0
        for item, weight in zip(items, weights):
            acc += weight
            if target < acc:
                return item
        return items[-1]

    def lognormal(self, median: float, sigma: float) -> float:
        return median * float(np.exp(sigma * self.normal()))


@dataclass
class Draft:
    """One synthetic person before it is written: identity, latent traits and generated extras."""

    index: int
    stream: Stream
    culture: Culture
    region: str
    given_name: str
    family_name: str
    dob: int                      # date ordinal
    sex: str
    gender_identity: str
    nationality: str
    languages: list[str]
    needs_interpreter: bool
    z: float                      # latent criminal propensity, standard normal
    domains: list[int] = field(default_factory=list)
    literacy_level: str = LiteracyLevel.UNKNOWN
    dependent_children: int = 0
    aliases: list[tuple[str, str, str]] = field(default_factory=list)   # (kind, given, family)
    contacts: list[dict] = field(default_factory=list)

    @property
    def female(self) -> bool:
        return self.sex == Sex.FEMALE

    def age_on(self, ordinal: int) -> float:
        return (ordinal - self.dob) / 365.25

    @property
    def date_of_birth(self) -> dt.date:
        return dt.date.fromordinal(self.dob)


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _given(stream: Stream, culture: Culture, sex: str) -> str:
    if sex == Sex.FEMALE or (sex in (Sex.INTERSEX, Sex.UNKNOWN) and stream.chance(0.5)):
        return stream.pick(culture.female)
    return stream.pick(culture.male)


def _family(stream: Stream, culture: Culture, female: bool) -> str:
    pool = culture.family_female if (female and culture.family_female) else culture.family
    name = stream.pick(pool)
    if culture.double_surname and stream.chance(0.6):
        second = stream.pick(culture.family)
        if second != name:
            name = f"{name} {second}"
    return name


def draw_people(*, rng: np.random.Generator, seed: int, run: int, first_index: int, count: int,
                today: int, regions: list[str]) -> list[Draft]:
    """Draw ``count`` people numbered from ``first_index``; ``today`` is a date ordinal."""
    culture_idx = rng.choice(len(CULTURES), size=count, p=np.array([c.weight for c in CULTURES]) /
                             sum(c.weight for c in CULTURES))
    sex_u = rng.random(count)
    # Age at "today": a justice population is young (median about 31) with a long tail.
    ages = np.minimum(17.0 + rng.gamma(2.3, 7.0, size=count), 85.0)
    foreign_u = rng.random(count)
    region_idx = rng.choice(len(regions), size=count, p=np.array(REGION_WEIGHTS[: len(regions)]) /
                            sum(REGION_WEIGHTS[: len(regions)]))
    z = rng.standard_normal(count)
    uniforms = rng.random((count, STREAM_UNIFORMS)).tolist()
    normals = rng.standard_normal((count, STREAM_NORMALS)).tolist()
    drafts: list[Draft] = []
    for i in range(count):
        index = first_index + i
        stream = Stream((seed, run, index), uniforms[i], normals[i])
        culture = CULTURES[int(culture_idx[i])]
        s = float(sex_u[i])
        sex = Sex.FEMALE if s < 0.09 else Sex.INTERSEX if s < 0.092 else Sex.UNKNOWN if s < 0.095 else Sex.MALE
        gender_identity = ""
        if stream.chance(0.004):
            gender_identity = stream.pick(("Non-binary", "Trans woman", "Trans man"))
        foreign = float(foreign_u[i]) < culture.foreign_share
        nationality = stream.pick(culture.foreign) if foreign else HOME_COUNTRY
        languages = list(culture.languages)
        if not foreign and HOME_LANGUAGE not in languages:
            languages.append(HOME_LANGUAGE)
        speaks_home = HOME_LANGUAGE in languages
        needs_interpreter = (not speaks_home) and stream.chance(0.7) if foreign else False
        dob = today - int(round(float(ages[i]) * 365.25)) - stream.int_between(0, 30)
        given = _given(stream, culture, sex)
        family = _family(stream, culture, sex == Sex.FEMALE)
        drafts.append(Draft(
            index=index, stream=stream, culture=culture, region=regions[int(region_idx[i])], given_name=given,
            family_name=family, dob=dob, sex=sex, gender_identity=gender_identity, nationality=nationality,
            languages=languages, needs_interpreter=bool(needs_interpreter), z=float(z[i]),
        ))
    return drafts


_LITERACY = (LiteracyLevel.NONE, LiteracyLevel.BASIC, LiteracyLevel.FUNCTIONAL, LiteracyLevel.FULL)


def draw_circumstances(draft: Draft, *, today: int) -> None:
    """Literacy (worse with school/work problems), dependent children, aliases. Needs domains."""
    s = draft.stream
    school_work = draft.domains[4]
    if s.chance(0.08):
        draft.literacy_level = LiteracyLevel.UNKNOWN
    else:
        draft.literacy_level = s.weighted(
            _LITERACY, (0.02 + 0.02 * school_work, 0.10 + 0.06 * school_work, 0.45, 0.43 - 0.08 * school_work),
        )
    age = draft.age_on(today)
    mean_children = (1.3 if draft.female else 0.8) * min(1.0, max(0.1, (age - 17) / 12))
    children = 0
    threshold, product = float(np.exp(-mean_children)), s.u()
    while product > threshold and children < 8:  # Knuth's Poisson draw from the stream
        children += 1
        product *= s.u()
    draft.dependent_children = children
    if s.chance(0.07):
        kind = s.weighted(
            (AliasKind.SPELLING, AliasKind.NICKNAME, AliasKind.ALIAS, AliasKind.BIRTH_NAME), (0.45, 0.25, 0.2, 0.1),
        )
        if kind == AliasKind.SPELLING:
            given, family = _strip_accents(draft.given_name), _strip_accents(draft.family_name)
            if (given, family) == (draft.given_name, draft.family_name):
                kind, given, family = AliasKind.ALIAS, _given(s, draft.culture, draft.sex), draft.family_name
        elif kind == AliasKind.NICKNAME:
            given, family = s.pick(names.NICKNAMES), ""
        elif kind == AliasKind.BIRTH_NAME and draft.female:
            given, family = draft.given_name, _family(s, draft.culture, True)
        else:
            kind = AliasKind.ALIAS
            given, family = _given(s, draft.culture, draft.sex), _family(s, draft.culture, draft.female)
        draft.aliases.append((kind, given, family))


_RELATIONSHIPS = (Relationship.PARTNER, Relationship.PARENT, Relationship.SIBLING, Relationship.CHILD,
                  Relationship.FRIEND, Relationship.OTHER_FAMILY)


_FAMILY = frozenset({Relationship.PARTNER, Relationship.PARENT, Relationship.SIBLING, Relationship.CHILD,
                     Relationship.OTHER_FAMILY})
_CENTRES: dict[str, tuple[float, float]] = {}


def _home(draft: Draft, n: int) -> dict[str, float]:
    """Where a family contact lives: near the centre of the person's home region (within about
    15 km), placed by the person's index so the draws of the stream are unchanged."""
    if not _CENTRES:
        from reintegra.synth.jurisdiction import REGIONS  # jurisdiction imports this module

        _CENTRES.update({name: (lat, lon) for _slug, name, _towns, lat, lon in REGIONS})
    lat, lon = _CENTRES.get(draft.region, next(iter(_CENTRES.values())))
    key = draft.index * 2 + n
    return {"latitude": round(lat + ((key * 7919) % 1000 / 1000 - 0.5) * 0.27, 5),
            "longitude": round(lon + ((key * 104729) % 1000 / 1000 - 0.5) * 0.27, 5)}


def draw_contacts(draft: Draft, *, index_section: str) -> None:
    """Significant others; a few carry a safety restriction (violent or sexual index offences).
    Family members have coordinates near the person's home region (allocation weighs the distance)."""
    s = draft.stream
    if s.chance(0.012):
        draft.contacts.append({
            "name": f"{_given(s, draft.culture, Sex.UNKNOWN)} {_family(s, draft.culture, False)}",
            "relationship": Relationship.VICTIM, "may_be_notified": False, "safety_restriction": True,
            "restriction_details": "No contact with the victim of the index offence (court order).",
        })
    if not s.chance(0.15):
        return
    count = 2 if s.chance(0.2) else 1
    for _n in range(count):
        relationship = s.weighted(_RELATIONSHIPS, (0.35, 0.3, 0.15, 0.05, 0.1, 0.05))
        family = draft.family_name.split(" ")[0] if relationship in (
            Relationship.PARENT, Relationship.SIBLING, Relationship.CHILD) else _family(s, draft.culture, False)
        restricted = relationship == Relationship.PARTNER and index_section in ("02", "03") and s.chance(0.35)
        contact = {
            "name": f"{_given(s, draft.culture, Sex.UNKNOWN)} {family}",
            "relationship": relationship,
            "phone": f"+1 555 01{s.int_between(0, 99):02d}",
            "may_be_notified": (not restricted) and s.chance(0.6),
            "safety_restriction": restricted,
            "restriction_details": "Protection order: no contact and no notification." if restricted else "",
        }
        if s.chance(0.25):
            contact["email"] = f"contact{draft.index}.{_n}@example.org"
        if relationship in _FAMILY:
            contact.update(_home(draft, _n))
        draft.contacts.append(contact)


def _permute(index: int, modulus: int, multiplier: int, offset: int) -> int:
    """A bijection of [0, modulus): distinct people always get distinct numbers, across runs."""
    return (index * multiplier + offset) % modulus


def _luhn_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def identifiers(draft: Draft, *, in_custody_ever: bool, supervised_ever: bool) -> list[tuple[str, str]]:
    """National ID (nationals and some residents), passport (foreign nationals), prison number and
    probation reference when the history has custody or supervision. Unique by construction."""
    pairs: list[tuple[str, str]] = []
    s = draft.stream
    if draft.nationality == HOME_COUNTRY or s.chance(0.3):
        number = f"{_permute(draft.index, 10**9, 48_271, 104_729):09d}"
        pairs.append((IdentifierKind.NATIONAL_ID, number + _luhn_digit(number)))
    if draft.nationality != HOME_COUNTRY and s.chance(0.8):
        pairs.append((IdentifierKind.PASSPORT, f"{draft.nationality}{_permute(draft.index, 10**8, 7_919, 31_337):08d}"))
    if in_custody_ever:
        number = _permute(draft.index, 10**7, 7_654_321, 1_234_567)
        pairs.append((IdentifierKind.PRISON_NUMBER, f"{chr(65 + number % 26)}{number:07d}"))
    if supervised_ever:
        pairs.append((IdentifierKind.PROBATION_REFERENCE, f"PR{_permute(draft.index, 10**7, 3_141_593, 2_718_281):07d}"))
    return pairs
