"""Reads of the catalogue (reference data: anyone signed in) and of enrolments (people: scoped by
the access policy), and the facts eligibility needs about a person."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed, person_access, require, scope_persons
from reintegra.core.errors import AccessDenied
from reintegra.justice import selectors as justice
from reintegra.justice.choices import ChargeOutcome
from reintegra.justice.models import Charge
from reintegra.people.models import Person
from reintegra.programmes.choices import OPEN_ENROLMENT_STATUSES, EnrolmentStatus, ProgrammeType
from reintegra.programmes.eligibility import Facts, age_on
from reintegra.programmes.models import Attendance, Certificate, Cohort, Enrolment, LabourDemand, Programme

# Types whose trade has a labour market (demand is shown next to them).
TRADE_TYPES = (ProgrammeType.VOCATIONAL, ProgrammeType.WORK)


# --- the catalogue (reference data) -------------------------------------------------------------

def programme_list(*, search: str = "", type: str = "", need: str = "", band: str = "", delivery: str = "",
                   venue: int | None = None, trauma_informed: bool | None = None,
                   gender_responsive: bool | None = None) -> QuerySet[Programme]:
    """Live programmes matching the filters: ``search`` in the name, trade or description; ``type``;
    a targeted ``need``; a ``band`` the programme takes (programmes taking every band included); the
    ``delivery`` setting; the ``venue`` (organisation id) where it is delivered; trauma-informed or
    gender-responsive ones (``None``: either). List membership is matched on the quoted code in the
    JSON text (works on SQLite and PostgreSQL)."""
    programmes = Programme.objects.filter(voided_at__isnull=True).select_related("provider", "venue")
    if search.strip():
        term = search.strip()
        programmes = programmes.filter(Q(name__icontains=term) | Q(trade__icontains=term) | Q(description__icontains=term))
    if type:
        programmes = programmes.filter(type=type)
    if need:
        programmes = programmes.filter(targeted_needs__icontains=f'"{need}"')
    if band:
        programmes = programmes.filter(Q(risk_bands=[]) | Q(risk_bands__icontains=f'"{band}"'))
    if delivery:
        programmes = programmes.filter(delivery=delivery)
    if venue is not None:
        programmes = programmes.filter(venue_id=venue)
    if trauma_informed is not None:
        programmes = programmes.filter(trauma_informed=trauma_informed)
    if gender_responsive is not None:
        programmes = programmes.filter(gender_responsive=gender_responsive)
    return programmes


def programme_get(*, pk: int) -> Programme:
    """One live programme (``Programme.DoesNotExist`` otherwise)."""
    return Programme.objects.select_related("provider", "venue").get(pk=pk, voided_at__isnull=True)


def cohort_list(*, programme: Programme | None = None, on: dt.date | None = None,
                starts_from: dt.date | None = None, starts_until: dt.date | None = None,
                with_places: bool = False) -> QuerySet[Cohort]:
    """Live cohorts of live programmes (of ``programme`` if given; not yet ended on ``on`` if given;
    starting between ``starts_from`` and ``starts_until``; with a place free if ``with_places``),
    with the number of people enrolled and waiting."""
    cohorts = Cohort.objects.filter(voided_at__isnull=True, programme__voided_at__isnull=True).select_related(
        "programme").annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    ).order_by("starts_on", "id")  # aggregation drops Meta.ordering
    if programme is not None:
        cohorts = cohorts.filter(programme=programme)
    if on is not None:
        cohorts = cohorts.filter(ends_on__gte=on)
    if starts_from is not None:
        cohorts = cohorts.filter(starts_on__gte=starts_from)
    if starts_until is not None:
        cohorts = cohorts.filter(starts_on__lte=starts_until)
    if with_places:
        cohorts = cohorts.filter(enrolled__lt=F("capacity"))
    return cohorts


def cohort_get(*, pk: int) -> Cohort:
    """One live cohort of a live programme (``Cohort.DoesNotExist`` otherwise)."""
    return Cohort.objects.select_related("programme").get(
        pk=pk, voided_at__isnull=True, programme__voided_at__isnull=True)


def enrolled_count(*, cohort: Cohort) -> int:
    return Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED).count()


@dataclass(frozen=True)
class Demand:
    region: str
    trade: str
    vacancies: int
    period_start: dt.date
    period_end: dt.date


def labour_demand_for(*, trades: list[str], on: dt.date | None = None) -> dict[str, list[Demand]]:
    """trade (case-folded) -> per region, the demand of the period covering ``on`` (default today),
    else the latest period. One query for all trades, matched case-insensitively."""
    on = on or timezone.localdate()
    keys = {trade.strip().lower() for trade in trades if trade.strip()}
    if not keys:
        return {}
    rows = LabourDemand.objects.annotate(key=Lower("trade")).filter(key__in=keys).order_by(
        "region", "-period_start", "-imported_at")
    found: dict[str, dict[str, Demand]] = {}
    for row in rows:
        per_region = found.setdefault(row.key, {})
        current = per_region.get(row.region)
        covers = row.period_start <= on <= row.period_end
        if current is None or (covers and not current.period_start <= on <= current.period_end):
            per_region[row.region] = Demand(row.region, row.trade, row.vacancies, row.period_start, row.period_end)
    return {key: sorted(regions.values(), key=lambda d: d.region) for key, regions in found.items()}


def labour_demand_list() -> QuerySet[LabourDemand]:
    return LabourDemand.objects.order_by("-imported_at", "trade", "region")


def venue_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(active=True).order_by("name")


# --- people ------------------------------------------------------------------------------------

class NotInScope(AccessDenied):
    """The user holds the right but the person (or their enrolment) is outside their scope, or does
    not exist: pages and the API answer 404 so that existence is not revealed."""


def person_visible(*, user: Any, pk: int | None) -> Person | None:
    """The live person ``pk`` if they are in the user's scope, else ``None``."""
    if pk is None:
        return None
    return scope_persons(user, Person.objects.filter(pk=pk, voided_at__isnull=True)).first()


def person_for_enrolment(*, user: Any, pk: int) -> Person:
    """A live person the user may enrol: ``AccessDenied`` without ``enrolment.edit``, ``NotInScope``
    for a person outside the user's scope (or none)."""
    require(user, Action.ENROLMENT_EDIT)
    person = person_visible(user=user, pk=pk)
    if person is None:
        raise NotInScope(Action.ENROLMENT_EDIT.value)
    return person


def _visible_enrolments(user: Any) -> QuerySet[Enrolment]:
    if not (allowed(user, Action.ENROLMENT_EDIT) or allowed(user, Action.PROGRAMME_MANAGE)):
        return Enrolment.objects.none()
    return Enrolment.objects.select_related("person", "cohort", "cohort__programme").filter(
        Exists(scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")))))


def enrolment_list(*, user: Any, cohort: Cohort | None = None, person: Person | None = None,
                   status: str | None = None, programme: Programme | int | None = None) -> QuerySet[Enrolment]:
    """Enrolments of people in the user's scope (the waiting list first by priority)."""
    enrolments = _visible_enrolments(user)
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if person is not None:
        enrolments = enrolments.filter(person=person)
    if status:
        enrolments = enrolments.filter(status=status)
    if programme is not None:
        enrolments = enrolments.filter(cohort__programme=programme)
    return enrolments


def waiting_list(*, user: Any, cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's waiting list as the user may see it: highest priority first, then earliest request."""
    return enrolment_list(user=user, cohort=cohort, status=EnrolmentStatus.WAITING).order_by(
        "-priority", "requested_on", "id")


def enrolment_get(*, user: Any, pk: int) -> Enrolment:
    """One enrolment of a person in the user's scope: ``AccessDenied`` for users who neither enrol
    nor manage programmes, ``NotInScope`` for an enrolment outside the scope (or none)."""
    if not (allowed(user, Action.ENROLMENT_EDIT) or allowed(user, Action.PROGRAMME_MANAGE)):
        raise AccessDenied(Action.ENROLMENT_EDIT.value)
    enrolment = _visible_enrolments(user).filter(pk=pk).first()
    if enrolment is None:
        raise NotInScope(Action.ENROLMENT_EDIT.value)
    return enrolment


def attendance_list(*, enrolment: Enrolment) -> QuerySet[Attendance]:
    return Attendance.objects.filter(enrolment=enrolment).order_by("session_on", "id")


@dataclass(frozen=True)
class AttendanceRate:
    """Sessions recorded for an enrolment (the latest record of each session counts) and attended."""

    recorded: int
    attended: int

    @property
    def percent(self) -> int | None:
        """Attended sessions as a whole percentage of those recorded; ``None`` when none is recorded."""
        return round(100 * self.attended / self.recorded) if self.recorded else None


def attendance_rates(*, enrolment_ids: list[int]) -> dict[int, AttendanceRate]:
    """enrolment id -> its attendance, in one query for all of them. A correction (a later record
    for the same session) replaces the earlier one."""
    latest: dict[tuple[int, dt.date], bool] = {}
    rows = Attendance.objects.filter(enrolment_id__in=enrolment_ids).order_by("enrolment_id", "session_on", "id")
    for enrolment_id, session_on, attended in rows.values_list("enrolment_id", "session_on", "attended"):
        latest[(enrolment_id, session_on)] = attended
    counts: dict[int, list[int]] = {pk: [0, 0] for pk in enrolment_ids}
    for (enrolment_id, _day), attended in latest.items():
        counts[enrolment_id][0] += 1
        counts[enrolment_id][1] += int(attended)
    return {pk: AttendanceRate(recorded, attended) for pk, (recorded, attended) in counts.items()}


def person_programmes(*, user: Any, person: Person) -> tuple[list[Enrolment], dict[int, AttendanceRate]]:
    """The person's enrolments the user may see (newest request first) with their attendance, for
    the person page; empty for users who neither enrol nor manage programmes."""
    enrolments = list(enrolment_list(user=user, person=person).order_by("-requested_on", "-id"))
    return enrolments, attendance_rates(enrolment_ids=[enrolment.pk for enrolment in enrolments])


def certificate_list(*, user: Any, person: Person) -> QuerySet[Certificate]:
    if not person_access(user, person).visible:
        raise AccessDenied(Action.PERSON_VIEW.value)
    return Certificate.objects.filter(person=person).select_related("programme")


def has_open_enrolment(*, person: Person, cohort: Cohort) -> bool:
    return Enrolment.objects.filter(person=person, cohort=cohort, status__in=OPEN_ENROLMENT_STATUSES).exists()


# --- facts for eligibility and priority ---------------------------------------------------------

def index_offence_section(*, person: Person) -> str:
    """The ICCS section (two digits) of the person's most recent conviction or caution, or ''."""
    charge = (
        Charge.objects.filter(case__person=person, voided_at__isnull=True, case__voided_at__isnull=True,
                              outcome__in=(ChargeOutcome.CONVICTED, ChargeOutcome.CAUTIONED))
        .select_related("offence", "offence__iccs_section").order_by("-offence_date", "-id").first()
    )
    if charge is None:
        return ""
    section = charge.offence.iccs_section or charge.offence
    return section.code[:2]


def person_facts(*, person: Person, band: str, on: dt.date | None = None) -> Facts:
    """The person's eligibility facts on ``on`` (default today). ``band`` comes from the caller
    (the planning layer reads it from the latest assessment)."""
    on = on or timezone.localdate()
    literacy = person.literacy_level if person.literacy_level != "unknown" else ""
    return Facts(
        band=band or "", sex=person.sex, age=age_on(person.date_of_birth, on),
        languages=tuple(person.languages or ()), literacy=literacy,
        offence_section=index_offence_section(person=person),
    )


def expected_release(*, person: Person, on: dt.date | None = None) -> dt.date | None:
    """The conditional release date of the person's current custodial sentence, if any."""
    dates = justice.key_dates(person=person, on=on)
    return dates.conditional_release if dates is not None else None
