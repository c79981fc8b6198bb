"""The justice panels of the person page (registered with ``people.panels`` in ``apps.py``).

Both take the viewer's ``access``: status, key dates and the staff responsible are part of every
view of the person (the summary too); the record of cases, charges and sentences is for viewers
of the full record, and summary-level viewers with ``justice.view`` get custody and supervision
spans and the number of cases only.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.justice import selectors
from reintegra.justice.choices import PersonStatus
from reintegra.people.models import Person


def status_context(request: HttpRequest, person: Person, access: PersonAccess | None = None) -> dict[str, Any] | None:
    """Status, key dates and who is responsible, for everyone who may see the person."""
    if access is None or not access.visible:
        return None
    status = selectors.person_status(person=person)
    return {
        "status": status,
        "status_label": PersonStatus(status).label,
        "key_dates": selectors.key_dates(person=person),
        "placement": selectors.person_placement(person=person),
        "can_edit": access.full and allowed(request.user, Action.JUSTICE_EDIT),
    }


def record_context(request: HttpRequest, person: Person, access: PersonAccess | None = None) -> dict[str, Any] | None:
    """Cases, custody and supervision for viewers of the full record; custody and supervision
    spans and the number of cases for summary-level viewers who may see the justice record."""
    if access is None or not access.visible or not allowed(request.user, Action.JUSTICE_VIEW):
        return None
    if not access.full:
        return {
            "summary": True,
            "custody_episodes": selectors.custody_episode_list(user=request.user, person=person),
            "supervision_periods": selectors.supervision_period_list(user=request.user, person=person),
            "case_count": selectors.case_count(person=person),
        }
    return {
        "record": selectors.person_record(user=request.user, person=person),
        "can_edit": allowed(request.user, Action.JUSTICE_EDIT),
    }
