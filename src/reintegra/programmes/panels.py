"""The programmes panel of the person page (registered in ``apps.py``): the person's enrolments
with their status and attendance rate, and the certificates they earned. Shown to staff who enrol
people or manage programmes and see the person (programme staff see their prisoners at summary
level: the panel is part of their work); hidden from everyone else."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.people.models import Person
from reintegra.programmes import selectors

SHOWN = 20


def programmes_context(request: HttpRequest, person: Person, access: PersonAccess) -> dict[str, Any] | None:
    """Panel context; ``None`` (hidden) for users who neither enrol nor manage programmes, or who
    do not see the person."""
    user = request.user
    can_enrol = allowed(user, Action.ENROLMENT_EDIT)
    if not access.visible or not (can_enrol or allowed(user, Action.PROGRAMME_MANAGE)):
        return None
    enrolments, rates = selectors.person_programmes(user=user, person=person)
    certificates = list(selectors.certificate_list(user=user, person=person)[:SHOWN])
    return {
        "enrolments": [(enrolment, rates[enrolment.pk]) for enrolment in enrolments[:SHOWN]],
        "more_enrolments": max(0, len(enrolments) - SHOWN),
        "certificates": certificates,
        "can_enrol": can_enrol and not person.is_voided,
    }
