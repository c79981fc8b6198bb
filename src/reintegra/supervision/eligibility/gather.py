"""The facts of a whole population in a fixed number of queries, whatever its size.

``supervised_facts`` reads the open supervision periods of a queryset in one query, each with its
current level, the person's latest band, the last moderate or serious non-compliance, arrests and
recent attendance as correlated subqueries (each one reads only that period's own rows through
the (period, date) indexes, so a caseload of 60 costs as little as it should and the whole
supervised population of a country stays one pass; attendance is one average over the six-month
window, not two counts, since with millions of contacts reading each contact row is what costs).
``custody_facts`` reads the open sentenced
stays in one query and the remand stays that count towards their sentences in a second, then
works out the key dates in Python with ``justice.keydates`` (the rules ``justice.selectors.key_dates``
uses for one person).

Not scoped: the selectors in ``supervision.selectors.eligibility`` pass querysets already
narrowed by the access policy.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg, Case, Count, Exists, FloatField, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When,
)
from django.db.models.functions import Coalesce

from reintegra.assessments.choices import AssessmentStatus, Band
from reintegra.assessments.models import Assessment
from reintegra.assessments.selectors import PRIMARY_KINDS
from reintegra.justice.choices import CustodyKind, DispositionKind
from reintegra.justice.keydates import RuleSet, active_ruleset, compute_key_dates, remand_days
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.supervision.choices import Attendance, EventKind, Severity, SupervisionLevel
from reintegra.supervision.models import ComplianceEvent, SupervisionContact
from reintegra.supervision.selectors.periods import current_level_subquery
from reintegra.supervision.standards import level_for_band

ATTENDANCE_WINDOW_DAYS = 182
SERIOUS = (Severity.MODERATE, Severity.SERIOUS)
# Least to most intensive: the steps between two levels.
LEVEL_RANK = {level: rank for rank, level in enumerate(reversed(SupervisionLevel.values))}


@dataclass
class Row:
    """One member of a population: the period (or custody stay) and whose it is, with its facts."""

    pk: int
    person_id: int
    facts: dict[str, Any]
    office_id: int | None = None
    officer_id: int | None = None
    facility_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def open_on(on: dt.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


def months_between(start: dt.date, on: dt.date) -> int:
    """Whole months from ``start`` to ``on`` (0 before a month has passed)."""
    months = (on.year - start.year) * 12 + on.month - start.month - (1 if on.day < start.day else 0)
    return max(0, months)


def latest_band() -> Subquery:
    """The final band of the person's latest completed assessment giving one (as ``planning.inputs.current_band``)."""
    return Subquery(
        Assessment.objects.filter(person_id=OuterRef("person_id"), status=AssessmentStatus.COMPLETED,
                                  voided_at__isnull=True, instrument__kind__in=PRIMARY_KINDS)
        .order_by("-completed_at", "-id").values("final_band")[:1]
    )


def _count(queryset: QuerySet[Any]) -> Coalesce:
    rows = queryset.order_by().values("period_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _levels_by_band() -> dict[str, str]:
    return {band: level_for_band(band) for band in Band.values}


def periods_with_facts(periods: QuerySet[SupervisionPeriod], on: dt.date) -> QuerySet[SupervisionPeriod]:
    """The open periods of ``periods`` on ``on``, annotated with what the facts are made of."""
    events = ComplianceEvent.objects.filter(period_id=OuterRef("pk"), voided_at__isnull=True, occurred_on__lte=on)
    serious = events.filter(positive=False, severity__in=SERIOUS)
    contacts = SupervisionContact.objects.filter(
        period_id=OuterRef("pk"), voided_at__isnull=True, occurred_on__lte=on,
        occurred_on__gt=on - dt.timedelta(days=ATTENDANCE_WINDOW_DAYS),
    )
    return (
        periods.filter(open_on(on, "starts_on", "ended_on"), voided_at__isnull=True)
        .annotate(
            f_band=latest_band(), f_level=current_level_subquery(),
            f_last_serious=Subquery(serious.order_by().values("period_id").annotate(d=Max("occurred_on"))
                                    .values("d")[:1]),
            f_serious_12=_count(serious.filter(occurred_on__gt=on - dt.timedelta(days=365))),
            f_arrest=Exists(events.filter(kind=EventKind.NEW_ARREST)),
            # attended / (attended + missed without reason), one pass over the window (excused left out).
            f_attendance=Subquery(contacts.order_by().values("period_id").annotate(rate=Avg(Case(
                When(attendance=Attendance.ATTENDED, then=Value(1.0)),
                When(attendance=Attendance.MISSED, then=Value(0.0)), output_field=FloatField()))).values("rate")[:1]),
        )
    )


def supervised_facts(periods: QuerySet[SupervisionPeriod], on: dt.date) -> list[Row]:
    """The facts of every period of ``periods`` open on ``on``, in one query."""
    by_band = _levels_by_band()
    rows = periods_with_facts(periods, on).values_list(
        "pk", "person_id", "office_id", "officer_id", "starts_on", "expected_end_on",
        "f_band", "f_level", "f_last_serious", "f_serious_12", "f_arrest", "f_attendance",
    ).order_by()
    found = []
    for (pk, person_id, office_id, officer_id, starts, expected_end, band, level, last_serious, serious_12,
         arrest, attendance) in rows.iterator(chunk_size=5000):
        band = band or None
        from_band = by_band.get(band or "") or None
        fraction = None
        if expected_end is not None and expected_end > starts:
            fraction = round(min(1.0, (on - starts).days / (expected_end - starts).days), 4)
        found.append(Row(pk=pk, person_id=person_id, office_id=office_id, officer_id=officer_id, facts={
            "months_on_supervision": months_between(starts, on),
            "fraction_of_period_served": fraction,
            # Never any: compliant since the period started.
            "months_since_noncompliance": months_between(last_serious or starts, on),
            "serious_events_12_months": serious_12,
            "new_arrest": bool(arrest),
            "attendance_rate": round(attendance, 4) if attendance is not None else None,
            "level": level or None,
            "level_from_band": from_band,
            "levels_above_band": (LEVEL_RANK[level] - LEVEL_RANK[from_band]) if level and from_band else None,
            "band": band,
        }))
    return found


def sentenced_stays(episodes: QuerySet[CustodyEpisode], on: dt.date) -> QuerySet[CustodyEpisode]:
    """Open sentenced stays of ``episodes`` on ``on`` that serve a custodial sentence with a term."""
    return episodes.filter(
        open_on(on, "admitted_on", "released_on"), kind=CustodyKind.SENTENCED, voided_at__isnull=True,
        disposition__isnull=False, disposition__kind=DispositionKind.CUSTODIAL, disposition__term_days__isnull=False,
        disposition__voided_at__isnull=True,
    )


def custody_facts(episodes: QuerySet[CustodyEpisode], on: dt.date, rules: RuleSet | None = None) -> list[Row]:
    """The facts of every open sentenced stay of ``episodes`` on ``on``, in two queries."""
    rules = rules or active_ruleset()
    stays = list(sentenced_stays(episodes, on).annotate(f_band=latest_band()).values_list(
        "pk", "person_id", "facility_id", "disposition__starts_on", "disposition__decided_on",
        "disposition__term_days", "disposition__case_id", "disposition__case__opened_on", "f_band",
    ).order_by())
    remand: dict[int, list[tuple[int | None, dt.date, dt.date | None]]] = defaultdict(list)
    ids = sentenced_stays(episodes, on).values("person_id")
    for person_id, case_id, admitted, released in CustodyEpisode.objects.filter(
        person_id__in=ids, kind=CustodyKind.REMAND, voided_at__isnull=True,
    ).values_list("person_id", "case_id", "admitted_on", "released_on").order_by():
        remand[person_id].append((case_id, admitted, released))
    found = []
    for pk, person_id, facility_id, starts_on, decided_on, term, case_id, opened_on, band in stays:
        start = starts_on or decided_on
        # As ``justice.selectors.remand_spans_for``: stays for this case, or for no case after it opened.
        spans = [(admitted, released) for stay_case, admitted, released in remand.get(person_id, ())
                 if admitted < start and (stay_case == case_id or (stay_case is None and admitted >= opened_on))]
        dates = compute_key_dates(rules=rules, sentence_start=start, term_days=term,
                                  remand_days=remand_days(spans, until=start), on=on)
        served = min(term, max(0, (on - start).days + 1 + dates.remand_days_credited))
        found.append(Row(pk=pk, person_id=person_id, facility_id=facility_id, facts={
            "band": band or None,
            "months_in_custody": months_between(start, on),
            "fraction_of_sentence_served": round(served / term, 4),
            "days_to_parole_eligibility": (dates.parole_eligibility - on).days if dates.parole_eligibility else None,
            "days_to_conditional_release": (dates.conditional_release - on).days,
        }, extra={"parole_eligibility": dates.parole_eligibility, "conditional_release": dates.conditional_release}))
    return found
