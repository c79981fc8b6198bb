"""Reads of assessments, scoped by the access policy.

Two levels of visibility: with ``assessment.view`` and the person's full record a user sees every
assessment with its answers and the explained result; with ``assessment.view`` and only a summary
of the person (volunteers) the latest band, its date and the ranked need labels, never an answer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, Level, allowed, person_access, relationships, role_organisations
from reintegra.accounts.policy import scope_persons
from reintegra.assessments import schedule
from reintegra.assessments.choices import AssessmentStatus, Band, TriggerEvent
from reintegra.assessments.instruments import Instrument, instruments_all, tr
from reintegra.assessments.models import Assessment, InstrumentVersion
from reintegra.people.models import Person

FULL = "full"
SUMMARY = "summary"
# Kinds whose band is "the" band of a person (responsivity screens raise flags, not bands).
PRIMARY_KINDS = ("needs", "screener", "actuarial")
DEFAULT_NEEDS_INSTRUMENT = "reintegra-needs"


def assessment_visibility(user: Any, person: Person) -> str | None:
    """``"full"`` (answers and explanations), ``"summary"`` (latest band, date and needs) or
    ``None`` (nothing) for ``user`` and ``person``."""
    if person is None or not allowed(user, Action.ASSESSMENT_VIEW):
        return None
    access = person_access(user, person)  # cached for the request once the person page loaded it
    if access.full:
        return FULL
    return SUMMARY if access.visible else None


def _with_instrument(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return queryset.select_related("instrument", "assessor", "completed_by", "override_by", "countersigned_by")


def assessment_latest(*, person: Person) -> Assessment | None:
    """The person's latest completed assessment (not voided, not superseded) of an instrument that
    gives a band (needs, screener, actuarial). Not scoped: callers decide what to show."""
    return (
        Assessment.objects.select_related("instrument")
        .filter(person_id=person.pk, status=AssessmentStatus.COMPLETED, voided_at__isnull=True,
                instrument__kind__in=PRIMARY_KINDS)
        .order_by("-completed_at", "-id").first()
    )


def assessment_list_for_person(*, user: Any, person: Person) -> QuerySet[Assessment]:
    """Assessments of ``person`` the user may see, newest first: all of them (drafts, voided and
    superseded included) at full visibility; at summary visibility only the latest completed one."""
    visibility = assessment_visibility(user, person)
    base = _with_instrument(Assessment.objects.filter(person_id=person.pk)).order_by("-started_at", "-id")
    if visibility == FULL:
        return base
    if visibility == SUMMARY:
        latest = assessment_latest(person=person)
        return base.filter(pk=latest.pk) if latest is not None else base.none()
    return base.none()


def assessment_get(*, user: Any, pk: int) -> Assessment | None:
    """One assessment if the user may see it (``None`` otherwise, also when it does not exist), with
    ``.visibility`` set to ``"full"`` or ``"summary"``. At summary visibility only the person's
    latest completed assessment is visible."""
    assessment = _with_instrument(Assessment.objects.select_related("person")).filter(pk=pk).first()
    if assessment is None:
        return None
    visibility = assessment_visibility(user, assessment.person)
    if visibility == SUMMARY:
        latest = assessment_latest(person=assessment.person)
        if latest is None or latest.pk != assessment.pk:
            return None
    if visibility is None:
        return None
    assessment.visibility = visibility
    return assessment


def assessment_series(*, person: Person, instrument_code: str) -> list[dict[str, Any]]:
    """The person's completed assessments with one instrument, oldest first, for charts of change:
    ``{id, completed_at, band, total, domains: {code: score}}``. Not scoped: callers check
    ``assessment_visibility(...) == "full"``."""
    rows = (
        Assessment.objects.filter(person_id=person.pk, instrument__code=instrument_code,
                                  status=AssessmentStatus.COMPLETED, voided_at__isnull=True)
        .order_by("completed_at", "id").values("id", "completed_at", "final_band", "total", "result")
    )
    return [
        {"id": row["id"], "completed_at": row["completed_at"], "band": row["final_band"], "total": row["total"],
         "domains": {d["code"]: d.get("score") for d in (row["result"] or {}).get("domains", [])}}
        for row in rows
    ]


@dataclass(frozen=True)
class AssessmentSummary:
    """What a summary-level viewer may know: the latest band, when, and the ranked need labels."""

    assessment_id: int
    person_id: int
    instrument: str
    band: str
    band_label: str
    completed_on: dt.date | None
    needs: list[str] = field(default_factory=list)
    visibility: str = SUMMARY


def _definition_label(definition: dict[str, Any], group: str, code: str) -> str:
    for entry in definition.get(group) or []:
        if isinstance(entry, dict) and entry.get("code") == code:
            return tr(entry.get("label"))
    return code


def assessment_summary_of(assessment: Assessment) -> AssessmentSummary:
    """The summary of one completed assessment, labels in the active language."""
    definition = assessment.instrument.definition or {}
    band = assessment.final_band
    return AssessmentSummary(
        assessment_id=assessment.pk, person_id=assessment.person_id, instrument=tr(assessment.instrument.title),
        band=band, band_label=str(Band(band).label) if band in Band.values else band,
        completed_on=timezone.localdate(assessment.completed_at) if assessment.completed_at else None,
        needs=[_definition_label(definition, "domains", code) for code in (assessment.result or {}).get("needs", [])],
    )


def assessment_summary(*, user: Any, person: Person) -> AssessmentSummary | None:
    """The latest band, its date and the need labels (in the active language) for anyone who may
    see assessments of ``person`` at all; ``None`` when there is nothing they may see."""
    if assessment_visibility(user, person) is None:
        return None
    latest = assessment_latest(person=person)
    return assessment_summary_of(latest) if latest is not None else None


def instrument_list() -> list[Instrument]:
    """The current (highest) version of every instrument, by code."""
    current: dict[str, Instrument] = {}
    for instrument in instruments_all():  # sorted by code, then version
        current[instrument.code] = instrument
    return list(current.values())


# --- reassessment due --------------------------------------------------------------------------

@dataclass(frozen=True)
class DueRow:
    """A person due a reassessment, when, and why (in the active language)."""

    person: Person
    instrument_code: str
    due_on: dt.date
    reason: str
    overdue: bool
    last_completed_at: dt.datetime | None
    last_assessment_id: int | None = None
    kind: str = "scheduled"  # scheduled | event | initial


def _own_caseload(user: Any) -> Q | None:
    """People in the user's own caseload (relationships marked ``own_caseload``) at full level."""
    by_role = role_organisations(user)
    condition: Q | None = None
    for relationship in relationships():
        if not relationship.own_caseload:
            continue
        organisations: set[int] = set()
        served = False
        for role, level in relationship.levels.items():
            if role in by_role and level >= Level.FULL:
                served = True
                organisations |= by_role[role]
        if served:
            found = relationship.persons(user, frozenset(organisations))
            condition = found if condition is None else condition | found
    return condition


def _needs_instrument_code() -> str:
    codes = [i.code for i in instruments_all() if i.kind == "needs" and i.reassessment is not None]
    if DEFAULT_NEEDS_INSTRUMENT in codes or not codes:
        return DEFAULT_NEEDS_INSTRUMENT
    return codes[0]


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _earliest(*days: dt.date | None) -> dt.date | None:
    found = [day for day in days if day is not None]
    return min(found) if found else None


def _row(person: Any, today: dt.date, needs_code: str) -> DueRow:
    due_on = person.due_on
    shift = dt.timedelta(days=schedule.event_days())
    last_on = _date(timezone.localdate(person.last_completed_at) if person.last_completed_at else None)
    band = str(Band(person.last_band).label).lower() if person.last_band in Band.values else person.last_band
    event_on = _earliest(person.event_trigger_on, person.event_admitted_on, person.event_released_on)
    if person.last_next_due is not None and due_on == person.last_next_due:
        kind, code = "scheduled", person.last_instrument
        reason = _("Scheduled reassessment: last assessed on %(date)s (%(band)s band).") % {
            "date": last_on, "band": band}
    elif event_on is not None and due_on == event_on + shift:
        kind, code = "event", person.last_instrument
        if event_on == person.event_trigger_on and person.event_trigger in TriggerEvent.values:
            event = str(TriggerEvent(person.event_trigger).label)
        elif event_on == person.event_admitted_on:
            event = str(TriggerEvent.ADMISSION.label)
        else:
            event = str(TriggerEvent.RELEASE.label)
        reason = _("%(event)s on %(date)s, after the last assessment on %(last)s.") % {
            "event": event, "date": _date(event_on), "last": last_on}
    else:
        kind, code = "initial", needs_code
        if person.custody_since is not None and due_on == person.custody_since + shift:
            reason = _("In custody since %(date)s and never assessed.") % {"date": _date(person.custody_since)}
        else:
            reason = _("Under supervision since %(date)s and never assessed.") % {
                "date": _date(person.supervised_since)}
    return DueRow(
        person=person, instrument_code=code or needs_code, due_on=due_on, reason=reason, overdue=due_on < today,
        last_completed_at=person.last_completed_at, last_assessment_id=person.last_id, kind=kind,
    )


def _due_people(user: Any, *, caseload_only: bool) -> QuerySet[Person]:
    people = Person.objects.filter(voided_at__isnull=True, merged_into__isnull=True)
    if caseload_only:
        own = _own_caseload(user)
        if own is None:
            return people.none()
        people = people.filter(own)
    return scope_persons(user, people, level=Level.FULL)


def reassessment_due(*, user: Any, today: dt.date, window_days: int = 30, caseload_only: bool = True,
                     offset: int = 0, limit: int = 50, person: Person | None = None) -> list[DueRow]:
    """People the user sees in full (only their own caseload by default) who are due a
    reassessment by ``today + window_days``, soonest first (overdue first), ``limit`` rows from
    ``offset``. Due: the scheduled date of their latest completed assessment of a scheduled
    instrument; an admission, release or recorded trigger after it (the event date + the event
    days); or, for people in custody or under supervision never given a needs assessment, the
    start of that stay or period + the event days. One query for the rows, whatever the scope."""
    if not allowed(user, Action.ASSESSMENT_VIEW):
        return []
    people = _due_people(user, caseload_only=caseload_only and person is None)
    if person is not None:
        people = people.filter(pk=person.pk)
    versions = list(InstrumentVersion.objects.values_list("id", "kind", "definition__reassessment"))
    scheduled_ids = [pk for pk, _kind, block in versions if block]
    needs_ids = [pk for pk, kind, _block in versions if kind == "needs"]
    horizon = today + dt.timedelta(days=max(0, int(window_days)))
    facts = {"today": today, "scheduled_ids": scheduled_ids, "needs_ids": needs_ids}
    # First the page (ids and dates only: each person's facts evaluated once to filter and sort),
    # then the facts that explain each row, for the page's people only.
    page = list(
        schedule.due_annotate(people, details=False, **facts).filter(due_on__lte=horizon)
        .order_by("due_on", "pk").values_list("pk", flat=True)[max(0, offset):max(0, offset) + max(0, limit)]
    )
    if not page:
        return []
    found = {row.pk: row for row in schedule.due_annotate(Person.objects.filter(pk__in=page), **facts)}
    needs_code = _needs_instrument_code()
    return [_row(found[pk], today, needs_code) for pk in page]
