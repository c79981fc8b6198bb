"""An officer's caseload: each open period with its level, last counting contact, next due date,
whether it is overdue and for how many days the person has gone unseen.

One query for the rows whatever the caseload's size: the periods are read with their person, the
current level and one "last counting contact" column per distinct rule of the contact standards
(correlated subqueries on the contacts' (period, date) index), so 60 people or 600 cost the same
number of queries. Due dates, filters and the sort are then worked out in Python
(``standards.contact_due``): a caseload is at most a few hundred rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Membership, User
from reintegra.accounts.policy import Action, require, role_organisations, user_roles
from reintegra.core.errors import AccessDenied
from reintegra.justice.models import SupervisionPeriod
from reintegra.supervision.selectors.periods import due_of, level_label, period_list
from reintegra.supervision.standards import Due

ALL, DUE_THIS_WEEK, OVERDUE = "all", "week", "overdue"
FILTERS = (ALL, DUE_THIS_WEEK, OVERDUE)
DUE_SOON_DAYS = 7
UNSEEN, NEXT_DUE, NAME = "unseen", "due", "name"
SORTS = (UNSEEN, NEXT_DUE, NAME)


@dataclass(frozen=True)
class CaseloadRow:
    """One person on the caseload, with where their period stands against the contact standard."""

    period: SupervisionPeriod
    level: str | None
    due: Due
    due_this_week: bool

    @property
    def person(self) -> Any:
        return self.period.person

    @property
    def level_label(self) -> str:
        return level_label(self.level)


@dataclass(frozen=True)
class Caseload:
    """The rows shown (filtered and sorted) and how many of the whole caseload fall under each filter."""

    officer: Any
    rows: list[CaseloadRow]
    counts: dict[str, int]
    show: str
    sort: str


def _open_on(today: dt.date) -> Q:
    return Q(starts_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gt=today))


def supervisable_officers(*, user: Any) -> list[User]:
    """Officers whose caseload ``user`` may open: themselves, and for a supervisor every active
    probation officer (or supervisor) of the offices they supervise, by name."""
    offices = role_organisations(user).get(Role.SUPERVISOR, frozenset())
    if not offices:
        return [user]
    members = Membership.objects.filter(
        user=OuterRef("pk"), active=True, organisation_id__in=offices,
        role__in=(Role.PROBATION_OFFICER, Role.SUPERVISOR),
    )
    officers = list(User.objects.filter(Exists(members), is_active=True).order_by("last_name", "first_name", "pk"))
    return officers if any(officer.pk == user.pk for officer in officers) else [user, *officers]


def caseload_officer(*, user: Any, officer_id: Any = None, officers: list[User] | None = None) -> User:
    """The officer whose caseload to show: ``officer_id`` when ``user`` may open it (a supervisor,
    for an officer of their offices), else ``AccessDenied``; the user themselves by default."""
    require(user, Action.SUPERVISION_VIEW)
    if officer_id in (None, "", user.pk, str(user.pk)):
        return user
    if Role.SUPERVISOR not in user_roles(user):
        raise AccessDenied(Action.SUPERVISION_VIEW.value)
    for officer in officers if officers is not None else supervisable_officers(user=user):
        if str(officer.pk) == str(officer_id):
            return officer
    raise AccessDenied(Action.SUPERVISION_VIEW.value)


def caseload(*, user: Any, officer: Any, show: str = ALL, sort: str = UNSEEN,
             today: dt.date | None = None) -> Caseload:
    """The open periods of ``officer`` that ``user`` sees in full, with their due dates: all of
    them, those due within the week (overdue included) or only the overdue ones; sorted by days
    unseen (longest first), by next due date (soonest first) or by name."""
    require(user, Action.SUPERVISION_VIEW)
    today = today or timezone.localdate()
    show = show if show in FILTERS else ALL
    sort = sort if sort in SORTS else UNSEEN
    periods = period_list(user=user, periods=SupervisionPeriod.objects.filter(_open_on(today), officer=officer))
    periods = periods.select_related(None).select_related("person")  # the officer is known; no office shown
    every = []
    for period in periods:
        due = due_of(period, today=today)
        soon = due.overdue or (due.next_due_on - today).days < DUE_SOON_DAYS
        every.append(CaseloadRow(period=period, level=period.current_level_value or None, due=due, due_this_week=soon))
    counts = {ALL: len(every), OVERDUE: sum(row.due.overdue for row in every),
              DUE_THIS_WEEK: sum(row.due_this_week for row in every)}
    rows = [row for row in every if show == ALL or (row.due.overdue if show == OVERDUE else row.due_this_week)]
    if sort == NEXT_DUE:
        rows.sort(key=lambda row: (row.due.next_due_on, row.person.pk))
    elif sort == NAME:
        rows.sort(key=lambda row: (row.person.sort_name, row.person.pk))
    else:
        rows.sort(key=lambda row: (-row.due.unseen_days, row.due.next_due_on, row.person.pk))
    return Caseload(officer=officer, rows=rows, counts=counts, show=show, sort=sort)
