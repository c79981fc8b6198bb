"""Timeline events of community measures: what the person's timeline says (the measure and its
status, never notes, terms or who the other parties are). A restorative case that ends without an
agreement is told as a neutral outcome."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from reintegra.people.services import timeline_record

SOURCE_APP = "community"

TIMELINE_KINDS = {
    "community.order_made": gettext_lazy("Community service order recorded (%(hours)s hours)"),
    "community.order_completed": gettext_lazy("Community service order completed"),
    "community.order_breached": gettext_lazy("Breach of a community service order recorded"),
    "community.diversion_referred": gettext_lazy("Referred to diversion or treatment instead of prosecution"),
    "community.diversion_ended": gettext_lazy("Diversion or treatment ended"),
    "community.rj_referred": gettext_lazy("Referred to restorative justice"),
    "community.rj_closed": gettext_lazy("Restorative justice process closed"),
}


def record_event(*, person: Any, kind: str, obj: models.Model, actor: Any, occurred_on: dt.date | None = None,
                 **params: Any) -> None:
    timeline_record(person=person, kind=kind, occurred_on=occurred_on or timezone.localdate(),
                    source_app=SOURCE_APP, params=params, obj=obj, actor=actor)
