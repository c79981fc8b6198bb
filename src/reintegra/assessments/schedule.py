"""When a person is due a reassessment.

An instrument with a ``reassessment`` block is *scheduled*: after a completed assessment the next
one is due a number of months later that depends on the final band (higher risk, sooner). A
deployment may override the months with ``settings.REINTEGRA_REASSESSMENT_MONTHS``, either one table
for every instrument (``{"low": 12, "high": 6}``) or per instrument code
(``{"reintegra-needs": {"low": 12}}``). Events (an admission, a release, a breach, a programme
completion) make a reassessment due ``settings.REINTEGRA_REASSESSMENT_EVENT_DAYS`` days after them.

These functions work on the stored definition (``InstrumentVersion.definition``, a dict) so a due
date can be computed from the version used, whatever the definition files say today.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.expressions import Func

DEFAULT_EVENT_DAYS = 28


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, on the last day of the month when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def event_days() -> int:
    """Days after a trigger event (or an admission without any assessment) within which a
    reassessment is due."""
    return int(getattr(settings, "REINTEGRA_REASSESSMENT_EVENT_DAYS", DEFAULT_EVENT_DAYS) or DEFAULT_EVENT_DAYS)


def _configured_months(code: str) -> Mapping[str, Any]:
    configured = getattr(settings, "REINTEGRA_REASSESSMENT_MONTHS", None) or {}
    if not isinstance(configured, Mapping):
        return {}
    per_instrument = configured.get(code)
    if isinstance(per_instrument, Mapping):
        return per_instrument
    return {band: months for band, months in configured.items() if not isinstance(months, Mapping)}


def is_scheduled(definition: Mapping[str, Any]) -> bool:
    """Whether the instrument has a reassessment block (only those are scheduled)."""
    return isinstance(definition.get("reassessment"), Mapping)


def reassessment_months(definition: Mapping[str, Any]) -> dict[str, int] | None:
    """Months until the next assessment by band for this instrument definition (the settings
    override the definition's own table), or ``None`` when the instrument is not scheduled."""
    if not is_scheduled(definition):
        return None
    months = {str(band): int(value) for band, value in (definition["reassessment"].get("months") or {}).items()}
    for band, value in _configured_months(str(definition.get("code", ""))).items():
        months[str(band)] = int(value)
    return months


def next_due_on(*, definition: Mapping[str, Any], band: str, completed_on: dt.date) -> dt.date | None:
    """The date the next assessment is due after one completed on ``completed_on`` with final
    ``band``; ``None`` for instruments without a reassessment block or bands without a period."""
    months = reassessment_months(definition)
    if not months or band not in months or months[band] <= 0:
        return None
    return add_months(completed_on, months[band])


def event_due_on(occurred_on: dt.date) -> dt.date:
    """The date a reassessment is due after an event on ``occurred_on``."""
    return occurred_on + dt.timedelta(days=event_days())


class AddDays(Func):
    """``date + N days`` in SQL on SQLite and PostgreSQL (``date + interval`` elsewhere), keeping the
    date type so the result compares and sorts like a ``DateField``."""

    output_field = models.DateField()

    def __init__(self, expression: Any, days: int) -> None:
        self.days = int(days)
        super().__init__(expression)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=f"date(%(expressions)s, '{self.days:+d} days')", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # The cast keeps the type when the expression compiles to a bare NULL (a subquery over an
        # empty id list): NULL + 28 would be an integer, which COALESCE with a date refuses.
        return self.as_sql(compiler, connection, template=f"(CAST(%(expressions)s AS date) + {self.days:d})", **extra)

    def as_sql(self, compiler: Any, connection: Any, template: str | None = None, **extra: Any) -> Any:
        template = template or f"((%(expressions)s) + INTERVAL '{self.days:d}' DAY)"
        return super().as_sql(compiler, connection, template=template, **extra)


# --- the due list in SQL ----------------------------------------------------------------------------
# One query over the people of a scope, each person's facts read by correlated subqueries on
# indexed rows (their latest scheduled assessment, the first event after it, their open custody
# stay or supervision period), so the list is filtered, sorted and paginated by the database.

FAR_FUTURE = dt.date(9999, 12, 31)


def _first(queryset: Any, field: str) -> Any:
    from django.db.models import Subquery

    return Subquery(queryset.order_by(field).values(field)[:1])


def due_annotate(persons: Any, *, today: dt.date, scheduled_ids: list[int], needs_ids: list[int],
                 details: bool = True) -> Any:
    """``persons`` annotated with ``due_on``: the earliest of
    - ``last_next_due``: the next date of their latest completed assessment of a scheduled instrument;
    - the first trigger event, admission to custody or release after that assessment, + event days;
    - for people in custody or under supervision today who have no completed needs assessment at all,
      the start of that stay or period + event days.
    People with none of these have ``due_on`` = ``FAR_FUTURE``. With ``details`` every fact is also
    selected (for the few rows of a page: ``last_*``, ``event_*``, ``custody_since``...); without, the
    facts are only aliases, so the database evaluates each once per person to filter and sort."""
    from django.db.models import Case, DateField, Exists, OuterRef, Q, Subquery, Value, When
    from django.db.models.functions import Coalesce, Least

    from reintegra.assessments.choices import AssessmentStatus
    from reintegra.assessments.models import Assessment, ReassessmentTrigger
    from reintegra.justice.choices import ReleaseType
    from reintegra.justice.models import CustodyEpisode, SupervisionPeriod

    days = event_days()
    far = Value(FAR_FUTURE, output_field=DateField())
    add = persons.annotate if details else persons.alias
    last = Assessment.objects.filter(
        person_id=OuterRef("pk"), status=AssessmentStatus.COMPLETED, voided_at__isnull=True,
        instrument_id__in=scheduled_ids,
    ).order_by("-completed_at", "-id")
    facts: dict[str, Any] = {
        "last_completed_at": Subquery(last.values("completed_at")[:1]),
        "last_next_due": Subquery(last.values("next_due")[:1]),
    }
    if details:
        facts.update(last_id=Subquery(last.values("id")[:1]), last_band=Subquery(last.values("final_band")[:1]),
                     last_instrument=Subquery(last.values("instrument__code")[:1]))
    persons = add(**facts)
    add = persons.annotate if details else persons.alias
    # An event counts when it falls on a later day than the completion (a date compares with a
    # timestamp as its midnight on both back-ends).
    after = {"person_id": OuterRef("pk")}
    transfer_in = CustodyEpisode.objects.filter(
        person_id=OuterRef("person_id"), released_on=OuterRef("admitted_on"), release_type=ReleaseType.TRANSFER,
        voided_at__isnull=True,
    )
    triggers = ReassessmentTrigger.objects.filter(
        **after, occurred_on__gt=OuterRef("last_completed_at"), occurred_on__lte=today,
    )
    admissions = CustodyEpisode.objects.filter(
        ~Exists(transfer_in), **after, voided_at__isnull=True, admitted_on__gt=OuterRef("last_completed_at"),
        admitted_on__lte=today,
    )
    releases = CustodyEpisode.objects.filter(
        ~Q(release_type=ReleaseType.TRANSFER), **after, voided_at__isnull=True,
        released_on__gt=OuterRef("last_completed_at"), released_on__lte=today,
    )
    # A superseded assessment always has a completed correction, so "completed" is enough (and an
    # equality on status keeps the database on the (person, status) index).
    needs_done = Assessment.objects.filter(
        **after, status=AssessmentStatus.COMPLETED, voided_at__isnull=True, instrument_id__in=needs_ids,
    )
    open_custody = CustodyEpisode.objects.filter(
        **after, voided_at__isnull=True, admitted_on__lte=today,
    ).filter(Q(released_on__isnull=True) | Q(released_on__gt=today))
    open_supervision = SupervisionPeriod.objects.filter(
        **after, voided_at__isnull=True, starts_on__lte=today,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    facts = {
        "event_trigger_on": _first(triggers, "occurred_on"),
        "event_admitted_on": _first(admissions, "admitted_on"),
        "event_released_on": _first(releases, "released_on"),
        "custody_since": _first(open_custody, "admitted_on"),
        "supervised_since": _first(open_supervision, "starts_on"),
        "has_needs": Exists(needs_done),
    }
    if details:
        facts["event_trigger"] = Subquery(triggers.order_by("occurred_on", "id").values("event")[:1])
    persons = add(**facts)

    def shifted(name: str) -> Any:  # NULL + days is NULL: "none" becomes FAR_FUTURE
        return Coalesce(AddDays(name, days), far)

    initial = Case(When(has_needs=True, then=far),
                   default=Least(shifted("custody_since"), shifted("supervised_since")), output_field=DateField())
    return persons.annotate(due_on=Least(
        Coalesce("last_next_due", far), shifted("event_trigger_on"), shifted("event_admitted_on"),
        shifted("event_released_on"), initial,
    ))
