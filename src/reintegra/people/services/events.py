"""Recording timeline events (the registry of kinds and their wording is ``people.timeline``)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction

from reintegra.people import timeline
from reintegra.people.models import Person, TimelineEvent


def _check_kind(kind: str) -> None:
    if not timeline.is_registered(kind):
        # A programming error, not bad user input: every app registers its kinds in ready().
        raise ValueError(f"Timeline event kind {kind!r} is not registered (people.timeline.register_kind).")


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


@transaction.atomic
def timeline_record(
    *,
    person: Person,
    kind: str,
    occurred_on: dt.date,
    source_app: str,
    params: dict[str, Any] | None = None,
    obj: models.Model | None = None,
    actor: Any = None,
) -> TimelineEvent:
    """Add one event to ``person``'s timeline. ``params`` fill the kind's registered wording and
    must be JSON-ready; ``obj`` links the event to the record it is about."""
    _check_kind(kind)
    object_type, object_id = _object_ref(obj)
    return TimelineEvent.objects.create(
        person=person, kind=kind, occurred_on=occurred_on, source_app=source_app, params=params or {},
        object_type=object_type, object_id=object_id, actor=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def timeline_record_many(events: list[TimelineEvent]) -> None:
    """Insert many unsaved events at once (synthetic data, imports). Each needs ``person`` (saved),
    ``kind`` (registered), ``occurred_on`` and ``source_app``."""
    for event in events:
        _check_kind(event.kind)
        if event.person_id is None:
            raise ValueError("Every timeline event needs a saved person.")
        if event.params is None:
            event.params = {}
    TimelineEvent.objects.bulk_create(events, batch_size=2000)
