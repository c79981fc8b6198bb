"""The "Community measures" panel of the person page (registered in ``apps.py``): community
service orders with their progress, diversions and restorative justice cases, for case staff who
see the person in full; a facilitator sees only the restorative cases they facilitate."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.community import selectors
from reintegra.people.models import Person

ORDER = 50


def measures_context(request: HttpRequest, person: Person, access: PersonAccess) -> dict[str, Any] | None:
    """Panel context; ``None`` (hidden) for users with nothing to see here."""
    user = request.user
    staff = access.full and allowed(user, Action.MEASURE_VIEW)
    if not staff and not allowed(user, Action.RESTORATIVE_FACILITATE):
        return None
    found = selectors.person_measures(user=user, person=person, full=access.full)
    if not staff and not found.rj_cases:
        return None
    orders = [(order, selectors.progress(order.verified, order.hours_ordered)) for order in found.orders]
    return {
        "orders": orders, "diversions": found.diversions, "rj_cases": found.rj_cases, "staff": staff,
        "can_edit": staff and allowed(user, Action.MEASURE_EDIT) and not person.is_voided,
    }


def register() -> None:
    from reintegra.people import panels

    panels.register_panel(key="community-measures", order=ORDER, template="community/panels/measures.html",
                          context=measures_context)
