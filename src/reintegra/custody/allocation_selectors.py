"""Reads for allocation: the facts ``custody.allocation.rank`` needs about one person and every
facility, gathered in a fixed handful of queries (whatever the number of facilities, programmes or
people held), and the person's earlier decisions.

Who may: ``allocation.decide`` (checked first), and the person must be in the user's scope at the
full level (family contacts and assessed needs are part of the full record): callers load them with
``allocation_person``, which gives 404 outside the scope.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, Level, person_load, require
from reintegra.assessments.selectors import assessment_latest, assessment_summary_of
from reintegra.custody.allocation import FacilityFacts, FacilityProgramme, FamilyPlace, PersonFacts, Ranked, Weights
from reintegra.custody.allocation import rank
from reintegra.custody.models import AllocationDecision, FacilityProfile
from reintegra.custody.selectors import held_counts
from reintegra.justice.models import CustodyEpisode
from reintegra.justice.selectors import person_placement
from reintegra.people.choices import Relationship
from reintegra.people.models import Contact, Person
from reintegra.programmes.eligibility import age_on
from reintegra.programmes.models import Programme

FAMILY = (Relationship.PARTNER, Relationship.PARENT, Relationship.CHILD, Relationship.SIBLING,
          Relationship.OTHER_FAMILY)


def weights_from_settings() -> Weights:
    """``REINTEGRA_ALLOCATION_WEIGHTS``: a dict with any of ``security``, ``programmes``, ``capacity``,
    ``family`` (points, >= 0) and ``family_km`` (> 0); the rest keep their defaults."""
    raw = getattr(settings, "REINTEGRA_ALLOCATION_WEIGHTS", None) or {}
    if not isinstance(raw, dict):
        raise ImproperlyConfigured("REINTEGRA_ALLOCATION_WEIGHTS must be a dict such as {'security': 30, "
                                   "'programmes': 30, 'capacity': 20, 'family': 20, 'family_km': 500}.")
    known = set(Weights.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ImproperlyConfigured(f"REINTEGRA_ALLOCATION_WEIGHTS: unknown keys {sorted(unknown)}; "
                                   f"use {sorted(known)}.")
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (
                key == "family_km" and value == 0):
            raise ImproperlyConfigured(f"REINTEGRA_ALLOCATION_WEIGHTS[{key!r}] must be a number >= 0 "
                                       f"(family_km > 0), not {value!r}.")
    weights = Weights(**raw)
    if weights.total <= 0:
        raise ImproperlyConfigured("REINTEGRA_ALLOCATION_WEIGHTS: at least one weight must be above 0.")
    return weights


def allocation_person(*, user: Any, pk: Any) -> Person:
    """A live person the user may allocate: ``allocation.decide`` (``AccessDenied`` -> 403) and the
    person in scope at the full level (``Http404`` otherwise, so existence is not revealed)."""
    require(user, Action.ALLOCATION_DECIDE)
    if not str(pk).isdigit():
        raise Http404
    # The person and the user's access in one query (no identifiers, aliases or flags: not shown).
    person = person_load(user, Person.objects.filter(voided_at__isnull=True), int(pk), level=Level.FULL)
    if person is None:
        raise Http404
    return person


@dataclass
class AllocationRanking:
    person: Person
    on: dt.date
    required_security: str
    facts: PersonFacts
    results: list[Ranked]
    current_episode: CustodyEpisode | None
    assessment_id: int | None
    weights: Weights

    @property
    def current_facility_id(self) -> int | None:
        return self.current_episode.facility_id if self.current_episode else None

    @property
    def ranked(self) -> list[Ranked]:
        return [r for r in self.results if r.suitable]

    @property
    def unsuitable(self) -> list[Ranked]:
        return [r for r in self.results if not r.suitable]

    def result_for(self, facility_id: int) -> Ranked | None:
        return next((r for r in self.results if r.facility_id == facility_id), None)


def person_facts(*, person: Person, required_security: str, on: dt.date) -> tuple[PersonFacts, int | None]:
    """The person's side of the ranking: sex, age, ranked needs from the latest completed
    assessment (with labels) and family contacts with coordinates and no safety restriction."""
    assessment = assessment_latest(person=person)
    needs: tuple[str, ...] = ()
    labels: dict[str, str] = {}
    if assessment is not None:
        needs = tuple((assessment.result or {}).get("needs") or ())
        labels = dict(zip(needs, assessment_summary_of(assessment).needs, strict=False))
    family = tuple(
        FamilyPlace(name=name, latitude=lat, longitude=lon)
        for name, lat, lon in Contact.objects.filter(
            person=person, voided_at__isnull=True, safety_restriction=False, relationship__in=FAMILY,
            latitude__isnull=False, longitude__isnull=False,
        ).order_by("id").values_list("name", "latitude", "longitude")
    )
    facts = PersonFacts(required_security=required_security, sex=person.sex, age=age_on(person.date_of_birth, on),
                        needs=needs, need_labels=labels, family=family)
    return facts, assessment.pk if assessment is not None else None


def facility_facts(*, on: dt.date) -> list[FacilityFacts]:
    """Every active prison with its profile, population on ``on`` and programmes (non-voided
    programmes whose venue is the facility). Four queries."""
    rows = list(Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).order_by("name", "pk").values(
        "pk", "name", "region", "official_capacity", "latitude", "longitude", "facility_profile__security_level",
        "facility_profile__sex_category", "facility_profile__age_category"))
    population = held_counts(on=on, facility_ids=[row["pk"] for row in rows])
    programmes: dict[int, list[FacilityProgramme]] = {}
    for pk, name, needs, venue_id in (Programme.objects.filter(
            voided_at__isnull=True, venue__kind=OrganisationKind.PRISON, venue__active=True)
            .order_by("name", "id").values_list("pk", "name", "targeted_needs", "venue_id")):
        programmes.setdefault(venue_id, []).append(FacilityProgramme(pk, name, tuple(needs or ())))
    return [
        FacilityFacts(
            facility_id=row["pk"], name=row["name"], region=row["region"],
            security_level=row["facility_profile__security_level"], sex_category=row["facility_profile__sex_category"],
            age_category=row["facility_profile__age_category"], capacity=row["official_capacity"],
            population=population.get(row["pk"], 0), latitude=row["latitude"], longitude=row["longitude"],
            programmes=tuple(programmes.get(row["pk"], ())),
        )
        for row in rows
    ]


def allocation_rank(*, user: Any, person: Person, required_security: str, on: dt.date | None = None) -> AllocationRanking:
    """Every active facility for ``person`` at ``required_security``: the suitable ones ranked with
    the points and explanation of each criterion, then the unsuitable ones with the rule they
    break (see ``custody.allocation``). The person must come from ``allocation_person``."""
    require(user, Action.ALLOCATION_DECIDE)
    on = on or timezone.localdate()
    facts, assessment_id = person_facts(person=person, required_security=required_security, on=on)
    weights = weights_from_settings()
    results = rank(person=facts, facilities=facility_facts(on=on), weights=weights)
    return AllocationRanking(
        person=person, on=on, required_security=required_security, facts=facts, results=results,
        current_episode=person_placement(person=person, on=on).custody, assessment_id=assessment_id, weights=weights,
    )


def ranking_snapshot(ranking: AllocationRanking) -> list[dict[str, Any]]:
    """The ranking as JSON, kept with a decision (labels in the language of the decider)."""
    return [
        {"facility": r.facility_id, "name": r.name, "rank": r.rank, "score": r.score, "max_score": r.max_score,
         "suitable": r.suitable, "distance_km": None if r.distance_km is None else round(r.distance_km, 1),
         "places_left": r.places_left,
         "occupancy_pct": None if r.occupancy_pct is None else round(r.occupancy_pct, 2),
         "criteria": [{"code": c.code, "points": round(c.points, 2), "max_points": c.max_points, "fits": c.fits,
                       "explanation": c.explanation} for c in r.criteria]}
        for r in ranking.results
    ]


def allocation_decision_list(*, user: Any, person: Person) -> QuerySet[AllocationDecision]:
    """The person's decisions, newest first (the person must come from ``allocation_person``)."""
    require(user, Action.ALLOCATION_DECIDE)
    return AllocationDecision.objects.filter(person=person).select_related("facility", "decided_by", "episode")


def default_required_security(*, person: Person, on: dt.date | None = None) -> tuple[str, str]:
    """(level, where it comes from) when none is given: the level of the person's latest decision
    (``"decision"``), else the security level of the facility holding them (``"current"``), else
    ``("", "")``: then it must be chosen."""
    decision = AllocationDecision.objects.filter(person=person).order_by("-decided_at", "-id").first()
    if decision is not None:
        return decision.required_security, "decision"
    episode = person_placement(person=person, on=on or timezone.localdate()).custody
    level = (FacilityProfile.objects.filter(facility_id=episode.facility_id).values_list("security_level", flat=True)
             .first() if episode is not None else None)
    return (level, "current") if level else ("", "")
