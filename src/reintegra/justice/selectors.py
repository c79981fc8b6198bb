"""Reads of the justice record, scoped by the access policy.

Status and key dates are derived from the spans each time they are read, never stored, so they
cannot drift from the record.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, Level, person_access, person_load, require, scope_persons
from reintegra.core.errors import AccessDenied
from reintegra.justice.choices import CustodyKind, DispositionKind, PersonStatus
from reintegra.justice.keydates import KeyDates, RuleSet, active_ruleset, compute_key_dates, remand_days
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
from reintegra.justice.rules import FACILITY_KINDS, SUPERVISION_OFFICE_KINDS
from reintegra.people.models import Person


def _active_on(on: dt.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


def person_statuses(*, person_ids: Iterable[int], on: dt.date | None = None) -> dict[int, PersonStatus]:
    """The status of many people in two queries (for lists such as search results)."""
    on = on or timezone.localdate()
    ids = list(person_ids)
    statuses = {pk: PersonStatus.NO_ACTIVE_EPISODE for pk in ids}
    supervised = SupervisionPeriod.objects.filter(
        _active_on(on, "starts_on", "ended_on"), person_id__in=ids, voided_at__isnull=True,
    ).values_list("person_id", flat=True)
    for pk in supervised:
        statuses[pk] = PersonStatus.UNDER_SUPERVISION
    custody = CustodyEpisode.objects.filter(
        _active_on(on, "admitted_on", "released_on"), person_id__in=ids, voided_at__isnull=True,
    ).values_list("person_id", "kind")
    for pk, kind in custody:
        # Custody outranks supervision; a person has at most one stay at a time.
        statuses[pk] = PersonStatus.PRETRIAL_DETENTION if kind == CustodyKind.REMAND else PersonStatus.IN_CUSTODY
    return statuses


def person_status(*, person: Person, on: dt.date | None = None) -> PersonStatus:
    """Pretrial detention if a remand stay is open on ``on`` (default today); serving a custodial
    sentence if a sentenced stay is; under community supervision if a supervision period is;
    otherwise no active episode."""
    return person_statuses(person_ids=[person.pk], on=on)[person.pk]


def _current_sentenced_episode(person: Person, on: dt.date) -> CustodyEpisode | None:
    return (
        CustodyEpisode.objects.filter(
            _active_on(on, "admitted_on", "released_on"), person=person, kind=CustodyKind.SENTENCED,
            voided_at__isnull=True, disposition__isnull=False, disposition__kind=DispositionKind.CUSTODIAL,
            disposition__term_days__isnull=False, disposition__voided_at__isnull=True,
        )
        .select_related("disposition", "disposition__case")
        .order_by("-admitted_on", "-id")
        .first()
    )


def remand_spans_for(disposition: Disposition) -> list[tuple[dt.date, dt.date | None]]:
    """Remand stays that count towards ``disposition``: those linked to its case, and those
    linked to no case that fall between the case's opening and the sentence."""
    case = disposition.case
    sentence_start = disposition.starts_on or disposition.decided_on
    rows = CustodyEpisode.objects.filter(
        Q(case=case) | Q(case__isnull=True, admitted_on__gte=case.opened_on),
        person_id=disposition.person_id, kind=CustodyKind.REMAND, voided_at__isnull=True,
        admitted_on__lt=sentence_start,
    ).values_list("admitted_on", "released_on")
    return list(rows)


def key_dates(*, person: Person, on: dt.date | None = None, rules: RuleSet | None = None) -> KeyDates | None:
    """Key dates of the person's current custodial sentence (the open sentenced stay linked to a
    custodial sentence with a term), by the configured rule set; ``None`` when there is none."""
    on = on or timezone.localdate()
    episode = _current_sentenced_episode(person, on)
    if episode is None:
        return None
    disposition = episode.disposition
    assert disposition is not None and disposition.term_days
    start = disposition.starts_on or disposition.decided_on
    remand = remand_days(remand_spans_for(disposition), until=start)
    return compute_key_dates(
        rules=rules or active_ruleset(), sentence_start=start, term_days=disposition.term_days,
        remand_days=remand, on=on,
    )


@dataclass(frozen=True)
class Placement:
    """Where the person is today and who is responsible: part of every view of the person,
    summary included (no offence details)."""

    custody: CustodyEpisode | None
    supervision: SupervisionPeriod | None


def person_placement(*, person: Person, on: dt.date | None = None) -> Placement:
    """The open custody stay (with its facility) and open supervision period (with office and
    officer) on ``on`` (default today), in two queries."""
    on = on or timezone.localdate()
    custody = (
        CustodyEpisode.objects.filter(_active_on(on, "admitted_on", "released_on"), person=person, voided_at__isnull=True)
        .select_related("facility").order_by("-admitted_on", "-id").first()
    )
    supervision = (
        SupervisionPeriod.objects.filter(_active_on(on, "starts_on", "ended_on"), person=person, voided_at__isnull=True)
        .select_related("office", "officer").order_by("-starts_on", "-id").first()
    )
    return Placement(custody=custody, supervision=supervision)


def case_count(*, person: Person) -> int:
    """How many cases the person has on record (the summary line shown below the full record)."""
    return Case.objects.filter(person=person, voided_at__isnull=True).count()


# --- the record -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonRecord:
    person: Person
    cases: list[Case]
    custody_episodes: list[CustodyEpisode]
    supervision_periods: list[SupervisionPeriod]


def _check_person(user: Any, person: Person) -> None:
    require(user, Action.JUSTICE_VIEW)
    if not person_access(user, person).full:  # cached when the page loaded the person
        raise AccessDenied(Action.JUSTICE_VIEW.value)


def person_record(*, user: Any, person: Person) -> PersonRecord:
    """The person's cases (with charges and dispositions), custody stays and supervision periods,
    newest first, voided records left out. A fixed number of queries whatever the size."""
    _check_person(user, person)
    charges = Charge.objects.filter(voided_at__isnull=True).select_related("offence", "offence__iccs_section")
    dispositions = Disposition.objects.filter(voided_at__isnull=True)
    cases = list(
        Case.objects.filter(person=person, voided_at__isnull=True).select_related("court").prefetch_related(
            Prefetch("charges", queryset=charges), Prefetch("dispositions", queryset=dispositions),
        )
    )
    custody = list(
        CustodyEpisode.objects.filter(person=person, voided_at__isnull=True)
        .select_related("facility", "disposition", "case")
    )
    supervision = list(
        SupervisionPeriod.objects.filter(person=person, voided_at__isnull=True)
        .select_related("office", "officer", "disposition")
    )
    return PersonRecord(person=person, cases=cases, custody_episodes=custody, supervision_periods=supervision)


# --- single records and choices, for forms, views and the API --------------------------------

def person_get(*, user: Any, pk: int) -> Person:
    """A live person the user may see the justice record of (``Person.DoesNotExist`` otherwise)."""
    require(user, Action.JUSTICE_VIEW)  # the full record only: summary-level viewers see the person page panels
    person = person_load(user, Person.objects.filter(voided_at__isnull=True), pk, level=Level.FULL)
    if person is None:
        raise Person.DoesNotExist
    return person


def case_list(*, user: Any, person: Person | None = None) -> QuerySet[Case]:
    require(user, Action.JUSTICE_VIEW)
    rows = Case.objects.filter(
        voided_at__isnull=True, person__in=scope_persons(user, Person.objects.all(), level=Level.FULL),
    ).select_related("person", "court").prefetch_related(
        Prefetch("charges", queryset=Charge.objects.filter(voided_at__isnull=True).select_related(
            "offence", "offence__iccs_section")),
        Prefetch("dispositions", queryset=Disposition.objects.filter(voided_at__isnull=True)),
    )
    return rows.filter(person=person) if person is not None else rows


def case_get(*, user: Any, pk: int) -> Case:
    return case_list(user=user).get(pk=pk)


def charge_get(*, user: Any, pk: int) -> Charge:
    require(user, Action.JUSTICE_VIEW)
    return Charge.objects.select_related("case", "case__person", "offence", "offence__iccs_section").get(
        pk=pk, voided_at__isnull=True, case__person__in=scope_persons(user, Person.objects.all(), level=Level.FULL),
    )


def disposition_list(*, user: Any, person: Person) -> QuerySet[Disposition]:
    require(user, Action.JUSTICE_VIEW)
    return Disposition.objects.filter(
        person=person, voided_at__isnull=True, person__in=scope_persons(user, Person.objects.all(), level=Level.FULL),
    ).select_related("case")


def custody_episode_list(*, user: Any, person: Person | None = None) -> QuerySet[CustodyEpisode]:
    require(user, Action.JUSTICE_VIEW)
    rows = CustodyEpisode.objects.filter(
        voided_at__isnull=True, person__in=scope_persons(user, Person.objects.all()),
    ).select_related("person", "facility", "disposition", "case")
    return rows.filter(person=person) if person is not None else rows


def custody_episode_get(*, user: Any, pk: int) -> CustodyEpisode:
    return custody_episode_list(user=user).get(pk=pk)


def supervision_period_list(*, user: Any, person: Person | None = None) -> QuerySet[SupervisionPeriod]:
    require(user, Action.JUSTICE_VIEW)
    rows = SupervisionPeriod.objects.filter(
        voided_at__isnull=True, person__in=scope_persons(user, Person.objects.all()),
    ).select_related("person", "office", "officer", "disposition")
    return rows.filter(person=person) if person is not None else rows


def supervision_period_get(*, user: Any, pk: int) -> SupervisionPeriod:
    return supervision_period_list(user=user).get(pk=pk)


def offence_list(*, active_only: bool = True) -> QuerySet[OffenceCategory]:
    """ICCS sections and national codes (reference data: readable by every signed-in user)."""
    rows = OffenceCategory.objects.select_related("iccs_section").order_by("is_national", "code")
    return rows.filter(active=True) if active_only else rows


def iccs_section_list() -> QuerySet[OffenceCategory]:
    return OffenceCategory.objects.filter(is_national=False, level=1).order_by("code")


def facility_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=FACILITY_KINDS, active=True).order_by("name")


def supervision_office_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=SUPERVISION_OFFICE_KINDS, active=True).order_by("name")


def court_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.COURT, active=True).order_by("name")


def officer_choices() -> QuerySet[Any]:
    """Staff who can hold a supervision caseload."""
    from django.contrib.auth import get_user_model

    from reintegra.accounts.choices import Role

    return get_user_model().objects.filter(
        is_active=True, memberships__active=True,
        memberships__role__in=[Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.VOLUNTEER],
    ).distinct().order_by("last_name", "first_name", "username")


def organisation_get(*, pk: int) -> Organisation:
    """Any organisation by id (services check that its kind fits: prison, probation office, court)."""
    return Organisation.objects.get(pk=pk)


def offence_get(*, pk: int) -> OffenceCategory:
    return OffenceCategory.objects.select_related("iccs_section").get(pk=pk)


def disposition_get(*, user: Any, pk: int) -> Disposition:
    require(user, Action.JUSTICE_VIEW)
    return Disposition.objects.select_related("case").get(
        pk=pk, voided_at__isnull=True, person__in=scope_persons(user, Person.objects.all(), level=Level.FULL),
    )
