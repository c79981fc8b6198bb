"""Receivers for events of the apps below: a completed programme makes the person due a
reassessment (the assessments and programmes apps may not import each other)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from reintegra.assessments.choices import TriggerEvent
from reintegra.assessments.services import reassessment_trigger_record


def programme_completed(*, enrolment: Any, on: dt.date, actor: Any, **_kwargs: Any) -> None:
    """Record the completion as a reassessment trigger, in the completion's own transaction."""
    reassessment_trigger_record(person=enrolment.person, event=TriggerEvent.PROGRAMME_COMPLETION, occurred_on=on,
                                actor=actor, source=f"programmes.enrolment:{enrolment.pk}")
