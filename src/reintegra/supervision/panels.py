"""The supervision panel of the person page and the timeline kinds of the supervision core
(levels and conditions), registered when the app is ready (``READY_MODULES``)."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from reintegra.supervision.choices import SupervisionLevel

ORDER = 45

TIMELINE_KINDS = {
    "supervision.level_set": gettext_lazy("Supervision level set to %(level)s"),
    "supervision.condition_added": gettext_lazy("Supervision condition added (%(kind)s)"),
    "supervision.condition_ended": gettext_lazy("Supervision condition ended (%(kind)s)"),
}


def _label(choices: Any) -> Any:
    return lambda value: str(choices(value).label) if value in choices.values else str(value)


def register() -> None:
    """Declare the timeline kinds (and, once its page exists, the person-page panel)."""
    from reintegra.people import timeline
    from reintegra.supervision.choices import ConditionKind

    formatters = {"level": _label(SupervisionLevel), "kind": _label(ConditionKind)}
    for kind, template in TIMELINE_KINDS.items():
        timeline.register_kind(kind, template, formatters=formatters)
