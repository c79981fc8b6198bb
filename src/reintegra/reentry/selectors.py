"""Reads of release preparation, scoped by the access policy: a record is seen by users with
``release.view`` who see the person's full record (prison case managers at the prison, the
receiving probation officer, supervisors). Not audited here: pages and the API log each read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from reintegra.accounts.policy import Action, Level, allowed, person_access, scope_persons
from reintegra.core.text import fold
from reintegra.justice.choices import CustodyKind, DispositionKind
from reintegra.justice.keydates import KeyDates, active_ruleset, compute_key_dates, remand_days
from reintegra.justice.models import CustodyEpisode
from reintegra.people.models import Contact, Person
from reintegra.reentry.choices import SETTLED_PATHWAY_STATUSES, ChecklistItemKind, ChecklistState, PreparationStatus
from reintegra.reentry.countdown import countdown_weeks, point_passed
from reintegra.reentry.models import (
    ChecklistItem, FamilyNotification, PathwayAction, PathwayEvidence, PathwayRecord, ReleaseHandover,
    ReleasePreparation,
)


def may_see(user: Any, person: Person) -> bool:
    """Whether ``user`` may see ``person``'s release preparation (``release.view`` and the full record)."""
    return allowed(user, Action.RELEASE_VIEW) and person_access(user, person).full


def _records() -> QuerySet[ReleasePreparation]:
    return ReleasePreparation.objects.filter(voided_at__isnull=True).select_related(
        "person", "episode", "episode__facility", "responsible_officer", "supervision_period")


def _visible(user: Any) -> QuerySet[ReleasePreparation]:
    if not allowed(user, Action.RELEASE_VIEW):
        return ReleasePreparation.objects.none()
    people = scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")), level=Level.FULL)
    return _records().filter(Exists(people))


def preparation_get(*, user: Any, pk: int) -> ReleasePreparation | None:
    """One record the user may see (``None`` otherwise, also when it does not exist)."""
    preparation = _records().filter(pk=pk).first()
    if preparation is None or not may_see(user, preparation.person):
        return None
    return preparation


def preparation_for_person(*, user: Any, person: Person) -> ReleasePreparation | None:
    """The person's open record, else their latest one, if the user may see it."""
    if not may_see(user, person):
        return None
    return _records().filter(person=person).order_by("-created_at", "-id").first()


@dataclass
class Contents:
    """A record's pathways (each with ``.live_actions`` and ``.live_evidence``), checklist,
    handover (or ``None``) and family notifications, newest first."""

    pathways: list[PathwayRecord]
    checklist: list[ChecklistItem]
    handover: ReleaseHandover | None
    notifications: list[FamilyNotification]

    @property
    def checklist_done(self) -> bool:
        return all(item.state != ChecklistState.OPEN for item in self.checklist)


def preparation_contents(*, preparation: ReleasePreparation) -> Contents:
    """Five queries: pathways with their live actions and evidence, the checklist, the handover
    (officer, office, appointment, plan handover, assessment), the notifications (with contacts)."""
    pathways = list(preparation.pathways.prefetch_related(
        Prefetch("actions", PathwayAction.objects.filter(voided_at__isnull=True).select_related(
            "owner_user", "owner_organisation"), to_attr="live_actions"),
        Prefetch("evidence", PathwayEvidence.objects.filter(voided_at__isnull=True).select_related("recorded_by"),
                 to_attr="live_evidence"),
    ))
    checklist = list(preparation.checklist.select_related("decided_by"))
    handover = ReleaseHandover.objects.filter(preparation=preparation).select_related(
        "community_officer", "office", "appointment", "plan_handover", "assessment", "assessment__instrument",
        "acknowledged_by", "sent_by").first()
    notifications = list(FamilyNotification.objects.filter(preparation=preparation).select_related("contact"))
    return Contents(pathways=pathways, checklist=checklist, handover=handover, notifications=notifications)


def contacts_of(*, preparation: ReleasePreparation) -> QuerySet[Contact]:
    """The person's contacts (not voided) that a release date could be told to."""
    return Contact.objects.filter(person_id=preparation.person_id, voided_at__isnull=True).order_by("name", "id")


def handovers_pending(*, user: Any) -> QuerySet[ReleaseHandover]:
    """Release handovers sent to the user (as community officer) they have not acknowledged yet."""
    if not allowed(user, Action.RELEASE_VIEW):
        return ReleaseHandover.objects.none()
    people = scope_persons(user, Person.objects.filter(pk=OuterRef("preparation__person_id")), level=Level.FULL)
    return (ReleaseHandover.objects.filter(community_officer_id=getattr(user, "pk", None), sent_at__isnull=False,
                                           acknowledged_at__isnull=True, preparation__voided_at__isnull=True)
            .filter(Exists(people)).select_related("preparation", "preparation__person", "office", "appointment")
            .order_by("sent_at", "id"))


# --- the countdown ---------------------------------------------------------------------------------

@dataclass
class CountdownRow:
    """A person whose earliest release date falls within the largest countdown point: the date and
    which one it is, days left (negative once passed), the point passed, and what is still open."""

    preparation: ReleasePreparation
    earliest: dt.date
    earliest_kind: str  # "parole_eligibility", "conditional_release" or "sentence_end"
    days_left: int
    point: int | None
    open_items: list[str] = field(default_factory=list)
    open_pathways: list[str] = field(default_factory=list)


def earliest_release(dates: KeyDates) -> tuple[dt.date, str]:
    """The earliest of the parole eligibility, conditional release and sentence end dates."""
    found = [(dates.conditional_release, "conditional_release"), (dates.sentence_end, "sentence_end")]
    if dates.parole_eligibility is not None:
        found.append((dates.parole_eligibility, "parole_eligibility"))
    return min(found, key=lambda pair: (pair[0], pair[1] != "parole_eligibility"))


def _key_dates_by_person(person_ids: list[int], on: dt.date) -> dict[int, KeyDates]:
    """Key dates of each person's current custodial sentence, as ``justice.selectors.key_dates``
    works them out, in two queries for all of them (the open sentenced stays, the remand stays)."""
    stays = (CustodyEpisode.objects.filter(
        Q(released_on__isnull=True) | Q(released_on__gt=on), admitted_on__lte=on, person_id__in=person_ids,
        kind=CustodyKind.SENTENCED, voided_at__isnull=True, disposition__kind=DispositionKind.CUSTODIAL,
        disposition__term_days__isnull=False, disposition__voided_at__isnull=True)
        .select_related("disposition", "disposition__case").order_by("person_id", "-admitted_on", "-id"))
    current: dict[int, CustodyEpisode] = {}
    for stay in stays:
        current.setdefault(stay.person_id, stay)
    remand: dict[int, list[tuple[int | None, dt.date, dt.date | None]]] = {}
    for person_id, case_id, admitted, released in CustodyEpisode.objects.filter(
            person_id__in=list(current), kind=CustodyKind.REMAND, voided_at__isnull=True).values_list(
            "person_id", "case_id", "admitted_on", "released_on"):
        remand.setdefault(person_id, []).append((case_id, admitted, released))
    rules, found = active_ruleset(), {}
    for person_id, stay in current.items():
        disposition = stay.disposition
        start = disposition.starts_on or disposition.decided_on
        case = disposition.case
        spans = [(admitted, released) for case_id, admitted, released in remand.get(person_id, [])
                 if admitted < start and (case_id == case.pk or (case_id is None and admitted >= case.opened_on))]
        found[person_id] = compute_key_dates(rules=rules, sentence_start=start, term_days=disposition.term_days,
                                             remand_days=remand_days(spans, until=start), on=on)
    return found


def _rows(records: list[ReleasePreparation], on: dt.date, horizon_days: int | None) -> list[CountdownRow]:
    weeks = countdown_weeks()
    dates = _key_dates_by_person([r.person_id for r in records], on)
    rows = []
    for record in records:
        found = dates.get(record.person_id)
        if found is None:
            continue
        earliest, kind = earliest_release(found)
        days_left = (earliest - on).days
        if horizon_days is None or days_left <= horizon_days:
            rows.append(CountdownRow(preparation=record, earliest=earliest, earliest_kind=kind, days_left=days_left,
                                     point=point_passed(days_left, weeks)))
    by_id = {row.preparation.pk: row for row in rows}
    labels = dict(ChecklistItemKind.choices)
    for preparation_id, item in ChecklistItem.objects.filter(
            preparation_id__in=list(by_id), state=ChecklistState.OPEN).order_by("id").values_list(
            "preparation_id", "item"):
        by_id[preparation_id].open_items.append(str(labels[item]))
    for pathway in PathwayRecord.objects.filter(preparation_id__in=list(by_id)).exclude(
            status__in=SETTLED_PATHWAY_STATUSES).order_by("id"):
        by_id[pathway.preparation_id].open_pathways.append(str(pathway.get_pathway_display()))
    return sorted(rows, key=lambda row: (row.earliest, row.preparation.pk))


def countdown_rows(*, user: Any, search: str = "", on: dt.date | None = None) -> list[CountdownRow]:
    """Open records in the user's scope whose earliest release date is within the largest countdown
    point (``REINTEGRA_RELEASE_COUNTDOWN_WEEKS``) or already passed, soonest first, with what is
    still open. ``search`` matches the person's name. Five queries whatever the number of people."""
    on = on or timezone.localdate()
    records = _visible(user).filter(status=PreparationStatus.PREPARING)
    for word in fold(search or "").split():
        records = records.filter(person__search_name__contains=word)
    return _rows(list(records), on, max(countdown_weeks()) * 7)


def countdown_rows_for(*, preparation: ReleasePreparation, on: dt.date | None = None) -> list[CountdownRow]:
    """The countdown row of one record the caller may see (empty without a current sentence)."""
    return _rows([preparation], on or timezone.localdate(), None)
