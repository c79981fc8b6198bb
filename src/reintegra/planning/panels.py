"""The case-plan panel of the person page (registered in ``apps.py``): the open plan's status,
band, next review and goals, with a link to it, or a link to build one."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.people.models import Person
from reintegra.planning import selectors

ORDER = 30


def plan_context(request: HttpRequest, person: Person, access: PersonAccess) -> dict[str, Any] | None:
    """Panel context; ``None`` (hidden) for users who may not see case plans or this person in full."""
    user = request.user
    if not access.full or not allowed(user, Action.PLAN_VIEW):
        return None
    plan = selectors.plan_for_person(user=user, person=person)
    goals = list(plan.goals.filter(voided_at__isnull=True).values_list("title", flat=True)) if plan else []
    return {
        "plan": plan, "goals": goals,
        "can_create": plan is None and allowed(user, Action.PLAN_EDIT) and not person.is_voided,
    }


def register() -> None:
    """Add the panel to the person page (called from ``PlanningConfig.ready``)."""
    from reintegra.people import panels

    panels.register_panel(key="case-plan", order=ORDER, template="planning/panels/plan.html", context=plan_context)
