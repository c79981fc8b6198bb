"""The supervision panel of the person page (order 45: after the case plan) and the timeline kinds
of the supervision core (levels and conditions), registered when the app is ready
(``READY_MODULES``)."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.people.models import Person
from reintegra.supervision.choices import ConditionKind, SupervisionLevel

ORDER = 45

TIMELINE_KINDS = {
    "supervision.level_set": gettext_lazy("Supervision level set to %(level)s"),
    "supervision.condition_added": gettext_lazy("Supervision condition added (%(kind)s)"),
    "supervision.condition_ended": gettext_lazy("Supervision condition ended (%(kind)s)"),
}


def _label(choices: Any) -> Any:
    return lambda value: str(choices(value).label) if value in choices.values else str(value)


def supervision_context(request: HttpRequest, person: Person, access: PersonAccess) -> dict[str, Any] | None:
    """The person's supervision periods (open first) with level and contact due; ``None`` (hidden)
    for users without ``supervision.view`` or the person's full record, and for people never supervised."""
    from reintegra.supervision.selectors import periods

    if not access.full or not allowed(request.user, Action.SUPERVISION_VIEW):
        return None
    today = timezone.localdate()
    rows = [
        {"period": period, "open": period.ended_on is None or period.ended_on > today,
         "level": periods.level_label(periods.current_level(period)), "due": periods.due_of(period, today=today)}
        for period in periods.periods_of_person(user=request.user, person=person)[:5]
    ]
    return {"rows": rows} if rows else None


def register() -> None:
    """Declare the timeline kinds and add the panel to the person page."""
    from reintegra.people import panels, timeline

    formatters = {"level": _label(SupervisionLevel), "kind": _label(ConditionKind)}
    for kind, template in TIMELINE_KINDS.items():
        timeline.register_kind(kind, template, formatters=formatters)
    panels.register_panel(key="supervision", order=ORDER, template="supervision/periods/_panel.html",
                          context=supervision_context)
