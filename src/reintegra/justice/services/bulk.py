"""Bulk loading of justice records (synthetic data, imports): the same rules, in set form.

``justice_bulk_create`` takes unsaved instances linked to each other by Python references,
validates every row with the rules the single-record services use (``justice.rules``), then
inserts parents before children (``services.inserts``) and writes the history and timeline rows
in bulk. One bad row refuses the whole batch: nothing is written, and the error names the list,
the row and the field (``"custody_episodes[12].released_on"``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from reintegra.accounts.models import Organisation
from reintegra.core.models import RecordVersion
from reintegra.justice.choices import ChargeOutcome, ReleaseType
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
from reintegra.justice.services.bulk_checks import Report, lookup, validate_batch
from reintegra.justice.services.events import SOURCE_APP, TIMELINE_KINDS, object_type, today
from reintegra.justice.services.inserts import insert_instances, insert_tuples
from reintegra.people import timeline
from reintegra.people.models import TimelineEvent


@dataclass
class JusticeBatch:
    """Unsaved justice records to create together, linked by Python references (a charge's
    ``case`` is a ``Case`` of ``cases`` or an already saved case). Persons must be saved."""

    cases: list[Case] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    dispositions: list[Disposition] = field(default_factory=list)
    custody_episodes: list[CustodyEpisode] = field(default_factory=list)
    supervision_periods: list[SupervisionPeriod] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(rows) for rows in (
            self.cases, self.charges, self.dispositions, self.custody_episodes, self.supervision_periods,
        ))


_NOTHING_BEFORE: dict[str, Any] = {}  # shared by every creation entry, so it is encoded once
_HISTORY_FIELDS = ("content_type", "object_id", "version", "action", "changed_at", "changed_by", "reason", "before", "after")
_TIMELINE_FIELDS = ("person", "occurred_on", "recorded_at", "kind", "params", "source_app", "object_type", "object_id", "actor")


def _insert(model: type[models.Model], rows: list[Any], actor_id: int | None) -> None:
    """Insert the rows, then their history (version 1, "created", the same snapshot as
    ``versioned_create`` writes)."""
    if not rows:
        return
    insert_instances(model, rows)
    content_type_id = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    now = timezone.now()
    snapshot = _snapshotter(model)
    insert_tuples(RecordVersion, _HISTORY_FIELDS, (
        (content_type_id, str(obj.pk), 1, RecordVersion.Action.CREATE, now, actor_id, "", _NOTHING_BEFORE, snapshot(obj))
        for obj in rows
    ))


def _snapshotter(model: type[models.Model]) -> Any:
    """``core.versioning.field_snapshot`` for many rows of one model: the same dict, with each
    field's conversion chosen once instead of per value."""
    skip = {"id", "created_at", "updated_at", "version"}
    plain: list[tuple[str, str]] = []
    dated: list[tuple[str, str]] = []
    texted: list[tuple[str, str]] = []
    for field in model._meta.concrete_fields:
        if field.name in skip:
            continue
        kind = field.get_internal_type()
        target = dated if kind in {"DateField", "DateTimeField"} else texted if kind == "DecimalField" else plain
        target.append((field.name, field.attname))

    def snapshot(obj: models.Model) -> dict[str, Any]:
        values = obj.__dict__
        result = {name: values[attname] for name, attname in plain}
        for name, attname in dated:
            value = values[attname]
            result[name] = None if value is None else value.isoformat()
        for name, attname in texted:
            value = values[attname]
            result[name] = None if value is None else str(value)
        return result

    return snapshot


def _timeline(batch: JusticeBatch, actor_id: int | None) -> Iterator[tuple[Any, ...]]:
    """The events of the batch as rows of ``people.TimelineEvent``, in the same words (kinds and
    params) the single-record services record. The lookups run here, before the rows are
    generated: on PostgreSQL the rows stream into a COPY, and the connection can run nothing
    else until it ends."""
    from reintegra.justice.services.cases import offence_label

    offences = {o.pk: o for o in OffenceCategory.objects.filter(pk__in={c.offence_id for c in batch.charges})}
    org_ids = {e.facility_id for e in batch.custody_episodes}
    org_ids.update(p.office_id for p in batch.supervision_periods)
    org_names = {pk: row[0] for pk, row in lookup(Organisation, org_ids, ("name",)).items()}
    return _timeline_rows(batch, actor_id, offences, org_names, offence_label)


def _timeline_rows(
    batch: JusticeBatch, actor_id: int | None, offences: dict[int, OffenceCategory], org_names: dict[int, str],
    offence_label: Any,
) -> Iterator[tuple[Any, ...]]:
    now = timezone.now()

    def row(person_id: int, kind: str, occurred_on: dt.date, params: dict[str, Any], obj: models.Model) -> tuple[Any, ...]:
        return (person_id, occurred_on, now, kind, params, SOURCE_APP, object_type(obj), str(obj.pk), actor_id)

    for case in batch.cases:
        yield row(case.person_id, "case.opened", case.opened_on, {"reference": case.reference}, case)
    for charge in batch.charges:
        case = charge.case
        yield row(case.person_id, "charge.added", charge.offence_date,
                  {"reference": case.reference, "offence": offence_label(offences[charge.offence_id])}, charge)
        if charge.outcome != ChargeOutcome.PENDING:
            yield row(case.person_id, "charge.outcome", charge.outcome_date,
                      {"reference": case.reference, "outcome": charge.outcome}, charge)
    for disposition in batch.dispositions:
        yield row(disposition.person_id, "disposition.recorded", disposition.decided_on,
                  {"reference": disposition.case.reference, "kind": disposition.kind}, disposition)
    by_start = {(e.person_id, e.admitted_on, e.kind): e for e in batch.custody_episodes}
    arrived_by_transfer: set[int] = set()
    for episode in batch.custody_episodes:
        if episode.release_type == ReleaseType.TRANSFER and episode.released_on is not None:
            following = by_start[(episode.person_id, episode.released_on, episode.kind)]
            arrived_by_transfer.add(id(following))
            yield row(episode.person_id, "custody.transferred", episode.released_on,
                      {"from_facility": org_names[episode.facility_id], "to_facility": org_names[following.facility_id]},
                      following)
    for episode in batch.custody_episodes:
        facility = org_names[episode.facility_id]
        if id(episode) not in arrived_by_transfer:
            yield row(episode.person_id, "custody.admitted", episode.admitted_on,
                      {"facility": facility, "kind": episode.kind}, episode)
        if episode.released_on is not None and episode.release_type != ReleaseType.TRANSFER:
            yield row(episode.person_id, "custody.released", episode.released_on,
                      {"facility": facility, "release_type": episode.release_type}, episode)
    for period in batch.supervision_periods:
        yield row(period.person_id, "supervision.started", period.starts_on,
                  {"kind": period.kind, "office": org_names[period.office_id]}, period)
        if period.ended_on is not None:
            yield row(period.person_id, "supervision.ended", period.ended_on,
                      {"kind": period.kind, "end_reason": period.end_reason}, period)


@transaction.atomic
def justice_bulk_create(*, actor: Any, records: JusticeBatch) -> None:
    """Validate and insert a batch of justice records with their history and timeline events.

    Validation covers each row on its own (choices, required fields, dates not in the future and
    in order, the fields each disposition kind needs, facility and office kinds, offences mapped
    to an ICCS section) and the batch as a whole with what is stored (no overlapping custody for a
    person, no overlapping supervision of one kind, case references unique per person, transfers
    followed by an admission). Any problem raises ``ValidationError`` and writes nothing.
    """
    report = Report()
    validate_batch(records, report, today())
    report.raise_if_any()
    for kind in TIMELINE_KINDS:
        if not timeline.is_registered(kind):
            raise ImproperlyConfigured(f"Timeline event kind {kind!r} is not registered (JusticeConfig.ready).")
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    _insert(Case, records.cases, actor_id)
    _insert(Charge, records.charges, actor_id)
    _insert(Disposition, records.dispositions, actor_id)
    _insert(CustodyEpisode, records.custody_episodes, actor_id)
    _insert(SupervisionPeriod, records.supervision_periods, actor_id)
    # Written here rather than through ``people.services.timeline_record_many`` (whose ORM
    # bulk_create is several times slower at this scale); the rows are the same.
    insert_tuples(TimelineEvent, _TIMELINE_FIELDS, _timeline(records, actor_id))


__all__ = ["JusticeBatch", "justice_bulk_create"]
