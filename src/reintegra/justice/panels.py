"""The justice panels of the person page (registered with ``people.panels`` in ``apps.py``)."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, allowed
from reintegra.justice import selectors
from reintegra.justice.choices import PersonStatus
from reintegra.people.models import Person


def status_context(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    """Status and key dates, for users who may see the justice record."""
    if not allowed(request.user, Action.JUSTICE_VIEW):
        return None
    status = selectors.person_status(person=person)
    return {
        "status": status,
        "status_label": PersonStatus(status).label,
        "key_dates": selectors.key_dates(person=person),
        "can_edit": allowed(request.user, Action.JUSTICE_EDIT),
    }


def record_context(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    """Cases, custody and supervision, for users who may see the justice record."""
    if not allowed(request.user, Action.JUSTICE_VIEW):
        return None
    return {
        "record": selectors.person_record(user=request.user, person=person),
        "can_edit": allowed(request.user, Action.JUSTICE_EDIT),
    }
