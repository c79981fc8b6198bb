"""What a plan is built from, read from the database in a few queries: the person's band, ranked
needs, strengths and responsivity flags from their latest assessments, their eligibility facts,
where they are (the facility holding them or the office supervising them), and the programme
catalogue with each programme's next cohort with places.

These reads are not scoped by the access policy: callers (the plan services, pages and API) have
already loaded the person through a scoped selector.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.instruments import tr
from reintegra.assessments.models import Assessment
from reintegra.assessments.selectors import assessment_latest
from reintegra.assessments.services import instrument_for
from reintegra.justice.selectors import person_placement
from reintegra.people.models import Person
from reintegra.planning.matching import Candidate, NeedSuggestions, suggest
from reintegra.programmes.choices import EnrolmentStatus
from reintegra.programmes.eligibility import Facts
from reintegra.programmes.models import Cohort, Enrolment, Programme
from reintegra.programmes.selectors import person_facts

NEEDS_KIND = "needs"
RESPONSIVITY_KIND = "responsivity"
TAKEN = (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


@dataclass
class PlanInputs:
    """Everything a plan and its suggestions start from. ``assessment`` is the latest completed
    assessment giving a band (``None``: not assessed); ``needs_assessment`` the latest completed
    needs assessment (the same one when that is the latest). Labels are in the active language."""

    person: Person
    assessment: Assessment | None
    band: str
    needs: list[str]
    need_labels: dict[str, str]
    strengths: list[str]
    flags: frozenset[str]
    facts: Facts
    origin: tuple[float, float] | None
    needs_assessment: Assessment | None = None
    responsivity: Assessment | None = None
    origin_name: str = ""


def _latest_of_kind(person: Person, kind: str) -> Assessment | None:
    return (
        Assessment.objects.select_related("instrument")
        .filter(person_id=person.pk, status=AssessmentStatus.COMPLETED, voided_at__isnull=True, instrument__kind=kind)
        .order_by("-completed_at", "-id").first()
    )


def _labels_and_strengths(assessment: Assessment) -> tuple[dict[str, str], list[str]]:
    """Need labels and strengths of a needs assessment, in the active language, from the
    definition it was scored with (the stored English label when the definition lacks one)."""
    instrument = instrument_for(assessment.instrument)
    result = assessment.result or {}
    labels = {}
    for code in result.get("needs") or []:
        domain = instrument.domain_by_code.get(code)
        labels[code] = tr(domain.label) if domain is not None else code
    strengths = []
    for stored in result.get("strengths") or []:
        category = instrument.strength_by_code.get(stored.get("category") or "")
        item = instrument.item_by_code.get(stored.get("item") or "")
        head = tr(category.label) if category is not None else ""
        text = tr(item.text) if item is not None else stored.get("label", "")
        strengths.append(f"{head}: {text}" if head and text else head or text)
    return labels, [text for text in strengths if text]


def current_band(person: Any) -> str:
    """The person's current risk band: the final band of their latest completed assessment that
    gives one ('' when there is none). Registered with ``programmes.bands`` by planning's app."""
    latest = assessment_latest(person=person)
    return (latest.final_band or "") if latest is not None else ""


def plan_inputs(*, person: Person, on: dt.date | None = None) -> PlanInputs:
    """What a plan for ``person`` starts from on ``on`` (default today): band, ranked needs and
    their labels, strengths, responsivity flags, eligibility facts and where the person is."""
    on = on or timezone.localdate()
    latest = assessment_latest(person=person)
    band = (latest.final_band or "") if latest is not None else ""
    if latest is not None and latest.instrument.kind == NEEDS_KIND:
        needs_assessment: Assessment | None = latest
    else:
        needs_assessment = _latest_of_kind(person, NEEDS_KIND)
    needs: list[str] = []
    labels: dict[str, str] = {}
    strengths: list[str] = []
    if needs_assessment is not None:
        needs = [code for code in (needs_assessment.result or {}).get("needs") or [] if code]
        labels, strengths = _labels_and_strengths(needs_assessment)
    responsivity = _latest_of_kind(person, RESPONSIVITY_KIND)
    flags = frozenset(
        flag["code"] for flag in ((responsivity.result or {}).get("flags") or [] if responsivity else [])
        if isinstance(flag, dict) and flag.get("code")
    )
    placement = person_placement(person=person, on=on)
    place = (placement.custody.facility if placement.custody is not None
             else placement.supervision.office if placement.supervision is not None else None)
    origin = None
    if place is not None and place.latitude is not None and place.longitude is not None:
        origin = (place.latitude, place.longitude)
    return PlanInputs(
        person=person, assessment=latest, band=band, needs=needs, need_labels=labels, strengths=strengths,
        flags=flags, facts=person_facts(person=person, band=band, on=on), origin=origin,
        needs_assessment=needs_assessment, responsivity=responsivity,
        origin_name=place.name if place is not None else "",
    )


_PROGRAMME_FIELDS = (
    "id", "name", "type", "hours", "intensity", "sex_eligibility", "gender_responsive", "trauma_informed",
    "min_age", "max_age", "min_literacy", "accreditation", "delivery", "venue_id", "venue__name",
    "venue__latitude", "venue__longitude",
)
# Read as JSON text and decoded through a cache: a catalogue repeats the same few lists.
_LIST_FIELDS = ("targeted_needs", "risk_bands", "languages", "excluded_sections")


@lru_cache(maxsize=4096)
def _codes(text: str | None) -> tuple[str, ...]:
    value = json.loads(text) if text else []
    return tuple(str(code) for code in value) if isinstance(value, list) else ()


def _programme_filter(*, ids: list[int] | None, needs: list[str] | None, prefix: str = "") -> Q:
    """Live programmes (in ``ids``; targeting one of ``needs``), for the programme table or, with
    ``prefix="programme__"``, for a table that points at it."""
    condition = Q(**{f"{prefix}voided_at__isnull": True})
    if ids is not None:
        condition &= Q(**{f"{prefix}pk__in": ids})
    if needs:  # JSON list membership as text: works on SQLite and PostgreSQL
        condition &= reduce(or_, (Q(**{f"{prefix}targeted_needs__icontains": f'"{code}"'}) for code in needs))
    return condition


def _people(status: str) -> Coalesce:
    """How many people on the cohort have ``status``: a subquery per cohort on the (cohort, status)
    index (grouping the cohorts themselves would sort every column of every cohort)."""
    count = Enrolment.objects.filter(cohort_id=OuterRef("pk"), status=status).order_by().values(
        "cohort_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(count), 0)


def _next_cohorts(condition: Q, on: dt.date) -> dict[int, dict[str, Any]]:
    """programme id -> its next cohort with places on ``on``: the soonest one not yet started,
    else the running one that started last (places = capacity - enrolled). One query."""
    rows = Cohort.objects.filter(condition, voided_at__isnull=True, ends_on__gte=on).annotate(
        enrolled=_people(EnrolmentStatus.ENROLLED), waiting=_people(EnrolmentStatus.WAITING),
    ).order_by().values_list("programme_id", "id", "starts_on", "capacity", "enrolled", "waiting")
    best: dict[int, dict[str, Any]] = {}
    for programme_id, cohort_id, starts_on, capacity, enrolled, waiting in rows:
        free = capacity - enrolled
        if free <= 0:
            continue
        # Upcoming cohorts first, soonest first; then running ones, latest start first.
        key = (0, starts_on.toordinal(), cohort_id) if starts_on >= on else (1, -starts_on.toordinal(), cohort_id)
        current = best.get(programme_id)
        if current is None or key < current["key"]:
            best[programme_id] = {"key": key, "id": cohort_id, "starts_on": starts_on, "free": free, "waiting": waiting}
    return best


def candidates(*, on: dt.date | None = None, programme_ids: Iterable[int] | None = None,
               needs: Iterable[str] | None = None) -> list[Candidate]:
    """Live programmes (those in ``programme_ids`` if given; targeting one of ``needs`` if given)
    as matching candidates, each with its next cohort with places on ``on`` (default today).
    Two queries, whatever the number of programmes."""
    on = on or timezone.localdate()
    ids = None if programme_ids is None else list(programme_ids)
    wanted = None if needs is None else [code for code in needs if code]
    if wanted == [] or ids == []:
        return []
    texts = {f"{name}_text": Cast(name, TextField()) for name in _LIST_FIELDS}
    rows = Programme.objects.filter(_programme_filter(ids=ids, needs=wanted)).annotate(**texts).order_by(
        "name", "id").values(*_PROGRAMME_FIELDS, *texts)
    cohorts = _next_cohorts(_programme_filter(ids=ids, needs=wanted, prefix="programme__"), on)
    found = []
    for row in rows:
        cohort = cohorts.get(row["id"])
        found.append(Candidate(
            programme_id=row["id"], name=row["name"], type=row["type"],
            targeted_needs=_codes(row["targeted_needs_text"]), hours=row["hours"], intensity=row["intensity"],
            risk_bands=_codes(row["risk_bands_text"]), sex_eligibility=row["sex_eligibility"],
            gender_responsive=row["gender_responsive"], trauma_informed=row["trauma_informed"],
            min_age=row["min_age"], max_age=row["max_age"], languages=_codes(row["languages_text"]),
            min_literacy=row["min_literacy"], excluded_sections=_codes(row["excluded_sections_text"]),
            accreditation=row["accreditation"], delivery=row["delivery"], venue_id=row["venue_id"],
            venue_name=row["venue__name"], latitude=row["venue__latitude"], longitude=row["venue__longitude"],
            places_free=cohort["free"] if cohort else 0, waiting=cohort["waiting"] if cohort else 0,
            next_start=cohort["starts_on"] if cohort else None, cohort_id=cohort["id"] if cohort else None,
        ))
    return found


def programmes_taken(*, person: Person) -> set[int]:
    """Programmes the person is waiting for, enrolled in or has completed (not suggested again)."""
    return set(Enrolment.objects.filter(person_id=person.pk, status__in=TAKEN).values_list(
        "cohort__programme_id", flat=True))


def suggestions_for(*, person: Person, on: dt.date | None = None, limit: int = 5, include_ineligible: bool = False,
                    exclude_programme_ids: Iterable[int] = ()) -> list[NeedSuggestions]:
    """Programme suggestions for each of the person's ranked needs (empty without a needs
    assessment), ranked as ``planning.matching.suggest`` explains, leaving out the programmes the
    person is waiting for, enrolled in or has completed and those in ``exclude_programme_ids``
    (e.g. already in the plan)."""
    on = on or timezone.localdate()
    inputs = plan_inputs(person=person, on=on)
    if not inputs.needs:
        return []
    return suggest(
        needs=inputs.needs, facts=inputs.facts, flags=inputs.flags,
        candidates=candidates(on=on, needs=inputs.needs), origin=inputs.origin, on=on, limit=limit,
        include_ineligible=include_ineligible, need_labels=inputs.need_labels,
        exclude_programme_ids=programmes_taken(person=person) | set(exclude_programme_ids),
    )
