"""Reads of one supervision period: its current level and level history, conditions, contacts and
appointments, scoped by the access policy (``supervision.view`` and the person's full record)."""
from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from reintegra.accounts.policy import Action, Level, allowed, scope_persons
from reintegra.justice.models import SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision.choices import AppointmentStatus, SupervisionLevel
from reintegra.supervision.models import Appointment, Condition, LevelDecision, SupervisionContact
from reintegra.supervision.standards import Due, contact_due, counting_rules, standard_for

_UNSET = object()


def current_level_subquery(period_ref: str = "pk") -> Subquery:
    """The current level of the period ``OuterRef(period_ref)``, for annotating a queryset."""
    rows = LevelDecision.objects.filter(period_id=OuterRef(period_ref), superseded_at__isnull=True)
    return Subquery(rows.values("level")[:1])


def current_level(period: SupervisionPeriod) -> str | None:
    """The level of ``period``'s current decision (``None`` while none is set). Free when the
    period was loaded annotated with ``current_level_value`` (``with_current_level``)."""
    annotated = getattr(period, "current_level_value", _UNSET)
    if annotated is not _UNSET:
        return annotated or None  # type: ignore[return-value]
    return (
        LevelDecision.objects.filter(period=period, superseded_at__isnull=True)
        .values_list("level", flat=True).first()
    )


def level_label(level: str | None) -> str:
    """The level's name in the active language ('' for none)."""
    return str(SupervisionLevel(level).label) if level in SupervisionLevel.values else (level or "")


def with_current_level(periods: QuerySet[SupervisionPeriod]) -> QuerySet[SupervisionPeriod]:
    return periods.annotate(current_level_value=current_level_subquery())


def counting_contact_annotations() -> dict[str, Subquery]:
    """One "last counting contact" column per distinct rule of the contact standards
    (``last_contact_0``, ...), each a subquery on the (period, date) index."""
    columns = {}
    for index, (types, attendance) in enumerate(counting_rules()):
        rows = SupervisionContact.objects.filter(
            period_id=OuterRef("pk"), voided_at__isnull=True, contact_type__in=sorted(types),
            attendance__in=sorted(attendance),
        ).order_by("-occurred_on")
        columns[f"last_contact_{index}"] = Subquery(rows.values("occurred_on")[:1])
    return columns


def due_of(period: SupervisionPeriod, *, today: Any = None) -> Due:
    """Where ``period`` stands against its level's contact standard (annotated periods cost nothing)."""
    today = today or timezone.localdate()
    level = current_level(period)
    rules = counting_rules()
    index = rules.index(standard_for(level).rule)
    last = getattr(period, f"last_contact_{index}", _UNSET)
    if last is _UNSET:
        types, attendance = rules[index]
        last = (
            SupervisionContact.objects.filter(period=period, voided_at__isnull=True, contact_type__in=types,
                                              attendance__in=attendance)
            .order_by("-occurred_on").values_list("occurred_on", flat=True).first()
        )
    return contact_due(level=level, period_starts_on=period.starts_on, last_contact_on=last, today=today)


def period_list(*, user: Any, periods: QuerySet[SupervisionPeriod] | None = None) -> QuerySet[SupervisionPeriod]:
    """Supervision periods (not voided; of ``periods`` when given) of people the user sees in full,
    with their current level and last counting contacts annotated; empty without ``supervision.view``.

    The access check runs on the people of ``periods`` only: narrowing first keeps SQLite from
    working out the user's whole scope (every person any relationship reaches) for a few periods."""
    if not allowed(user, Action.SUPERVISION_VIEW):
        return SupervisionPeriod.objects.none()
    periods = (SupervisionPeriod.objects.all() if periods is None else periods).filter(voided_at__isnull=True)
    people = scope_persons(user, Person.objects.filter(pk__in=periods.values("person_id")), Level.FULL)
    rows = periods.filter(person__in=people)
    return with_current_level(rows).annotate(**counting_contact_annotations()).select_related(
        "person", "office", "officer")


def period_get(*, user: Any, pk: Any) -> SupervisionPeriod | None:
    """The period ``pk`` if the user may see it (else ``None``: the page answers 404)."""
    return period_list(user=user, periods=SupervisionPeriod.objects.filter(pk=pk)).first()


def periods_of_person(*, user: Any, person: Person) -> list[SupervisionPeriod]:
    """The person's periods the user may see, open ones first, newest first."""
    rows = period_list(user=user, periods=SupervisionPeriod.objects.filter(person=person))
    return sorted(rows, key=lambda period: (period.ended_on is not None, -period.starts_on.toordinal(), -period.pk))


def level_history(*, period: SupervisionPeriod) -> QuerySet[LevelDecision]:
    """Every level decision of the period, the current one first."""
    return period.level_decisions.select_related("decided_by").order_by(
        F("superseded_at").desc(nulls_first=True), "-effective_on", "-id")


def condition_list(*, period: SupervisionPeriod) -> QuerySet[Condition]:
    """The period's conditions, voided ones included (shown struck through), standard before additional."""
    return period.conditions.select_related("created_by", "voided_by")


def contact_list(*, period: SupervisionPeriod) -> QuerySet[SupervisionContact]:
    """The period's contacts, newest first, voided ones included (the page shows them as voided)."""
    return period.contacts.select_related("held_by", "voided_by").order_by("-occurred_on", "-id")


def appointment_list(*, period: SupervisionPeriod, upcoming_only: bool = False) -> QuerySet[Appointment]:
    """The period's appointments (upcoming scheduled ones only on request), soonest first."""
    rows = period.appointments.select_related("officer", "office", "contact")
    if upcoming_only:
        rows = rows.filter(status=AppointmentStatus.SCHEDULED, scheduled_for__gte=timezone.now())
    return rows.order_by("scheduled_for", "id")


def appointments_to_record(*, period: SupervisionPeriod) -> QuerySet[Appointment]:
    """Scheduled appointments whose time has come, still waiting for their contact to be recorded."""
    return period.appointments.filter(status=AppointmentStatus.SCHEDULED, contact__isnull=True,
                                      scheduled_for__lte=timezone.now()).order_by("scheduled_for", "id")
