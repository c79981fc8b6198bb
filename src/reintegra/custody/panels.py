"""The person page's allocation panel (registered in ``apps.py``): where the person is held, in
which unit, the latest allocation decision and the link to rank facilities. Only for users who
may decide allocations and see the person's full record."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.custody.models import AllocationDecision
from reintegra.custody.selectors import unit_stay_open
from reintegra.justice.selectors import person_placement
from reintegra.people.models import Person


def allocation_context(request: HttpRequest, person: Person, access: PersonAccess | None = None) -> dict[str, Any] | None:
    if access is None or not access.full or not allowed(request.user, Action.ALLOCATION_DECIDE):
        return None
    episode = person_placement(person=person).custody
    return {
        "episode": episode,
        "unit_stay": unit_stay_open(episode_id=episode.pk) if episode else None,
        "decision": AllocationDecision.objects.filter(person=person).select_related("facility")
        .order_by("-decided_at", "-id").first(),
        "can_decide": not person.is_voided,
    }
