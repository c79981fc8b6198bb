"""Reads of volunteer assignments, scoped by the access policy."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from reintegra.accounts.policy import Action, require, scope_persons
from reintegra.people.models import Person
from reintegra.supervision.models import VolunteerAssignment


def open_on(on: Any = None) -> Q:
    on = on or timezone.localdate()
    return Q(starts_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def volunteer_assignment_list(*, user: Any, person: Person | None = None, open_only: bool = True) -> QuerySet[VolunteerAssignment]:
    """Assignments of people the user may see (a volunteer: their own), newest first."""
    require(user, Action.PERSON_VIEW)
    rows = VolunteerAssignment.objects.filter(person__in=scope_persons(user, Person.objects.all())).select_related(
        "volunteer", "person", "assigned_by"
    )
    if open_only:
        rows = rows.filter(open_on())
    return rows.filter(person=person) if person is not None else rows


def volunteer_assignment_get(*, user: Any, pk: int) -> VolunteerAssignment:
    return volunteer_assignment_list(user=user, open_only=False).get(pk=pk)
