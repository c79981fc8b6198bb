"""The "Release preparation" panel of the person page (registered in ``apps.py``): the record's
status, the earliest release date with the countdown point passed, what is still open, and a link;
or, for someone serving a sentence without a record, a link to open one."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.people.models import Person
from reintegra.reentry import selectors
from reintegra.reentry.choices import ChecklistState, PreparationStatus
from reintegra.reentry.services import current_episode

ORDER = 40


def preparation_context(request: HttpRequest, person: Person, access: PersonAccess) -> dict[str, Any] | None:
    """Panel context; ``None`` (hidden) for users who may not see release preparation or this person in full."""
    user = request.user
    if not access.full or not allowed(user, Action.RELEASE_VIEW):
        return None
    preparation = selectors.preparation_for_person(user=user, person=person)
    context: dict[str, Any] = {"preparation": preparation, "can_open": False}
    if preparation is None or preparation.status != PreparationStatus.PREPARING:
        context["can_open"] = (allowed(user, Action.RELEASE_EDIT) and not person.is_voided
                               and current_episode(person.pk) is not None)
        return context
    today = timezone.localdate()
    row = next(iter(selectors.countdown_rows_for(preparation=preparation, on=today)), None)
    context.update({
        "row": row,
        "open_items": preparation.checklist.filter(state=ChecklistState.OPEN).count(),
    })
    return context


def register() -> None:
    """Add the panel to the person page (called from ``ReentryConfig.ready``)."""
    from reintegra.people import panels

    panels.register_panel(key="release-preparation", order=ORDER, template="reentry/panels/preparation.html",
                          context=preparation_context)
