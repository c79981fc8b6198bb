"""Timeline events of case plans: what the person's timeline says (the plan's status, never its text)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from reintegra.people.services import timeline_record
from reintegra.planning.models import CasePlan

SOURCE_APP = "planning"

TIMELINE_KINDS = {
    "plan.created": gettext_lazy("Case plan started"),
    "plan.submitted": gettext_lazy("Case plan submitted for countersignature"),
    "plan.countersigned": gettext_lazy("Case plan countersigned"),
    "plan.returned": gettext_lazy("Case plan returned for changes"),
    "plan.agreement": gettext_lazy("The person's agreement with the case plan recorded"),
    "plan.reviewed": gettext_lazy("Case plan reviewed"),
    "plan.handed_over": gettext_lazy("Case plan handed over"),
    "plan.handover_acknowledged": gettext_lazy("Case plan handover acknowledged"),
    "plan.closed": gettext_lazy("Case plan closed"),
}


def plan_event(*, plan: CasePlan, kind: str, actor: Any, occurred_on: dt.date | None = None) -> None:
    """Record ``kind`` on the person's timeline, linked to the plan."""
    timeline_record(person=plan.person, kind=kind, occurred_on=occurred_on or timezone.localdate(),
                    source_app=SOURCE_APP, params={"version": plan.current_version}, obj=plan, actor=actor)
