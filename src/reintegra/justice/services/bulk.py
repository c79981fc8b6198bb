"""Bulk loading of justice records (synthetic data, imports): the same rules, in set form.

``justice_bulk_create`` takes unsaved instances linked to each other by Python references,
validates every row with the rules the single-record services use (``justice.rules``), then
inserts parents before children (``core.bulkinsert``) and writes the history and timeline rows
in bulk. One bad row refuses the whole batch: nothing is written, and the error names the list,
the row and the field (``"custody_episodes[12].released_on"``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
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
from reintegra.justice.services.events import SOURCE_APP, TIMELINE_KINDS, today
from reintegra.core.bulkinsert import date_converter, db_value, insert_instances, insert_tuples, json_text
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


_HISTORY_FIELDS = ("content_type", "object_id", "version", "action", "changed_at", "changed_by", "reason", "before", "after")
_TIMELINE_FIELDS = ("person", "occurred_on", "recorded_at", "kind", "params", "source_app", "object_type", "object_id", "actor")


def _insert(model: type[models.Model], rows: list[Any], actor_id: int | None, now_db: Any) -> None:
    """Insert the rows, then their history (version 1, "created", the same snapshot as
    ``versioned_create`` writes). The history rows are built as database values: the shared
    parts (content type, time, empty "before") converted once, each snapshot encoded once."""
    if not rows:
        return
    insert_instances(model, rows)
    content_type_id = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    snapshot = _snapshotter(model)
    encode = json_text(RecordVersion, "after")
    before = json_text(RecordVersion, "before")({})
    create = str(RecordVersion.Action.CREATE)
    insert_tuples(RecordVersion, _HISTORY_FIELDS, [
        (content_type_id, str(obj.__dict__["id"]), 1, create, now_db, actor_id, "", before, encode(snapshot(obj)))
        for obj in rows
    ], converted=True)


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


def _timeline(batch: JusticeBatch, actor_id: int | None, now: dt.datetime) -> list[tuple[Any, ...]]:
    """The events of the batch as rows of ``people.TimelineEvent`` (database values), in the same
    words (kinds and params) the single-record services record. The lookups run here, before the
    rows are built; on PostgreSQL the rows then go to a COPY, and the connection can run nothing
    else until it ends."""
    from reintegra.justice.services.cases import offence_label

    offences = {o.pk: o for o in OffenceCategory.objects.filter(pk__in={c.offence_id for c in batch.charges})}
    org_ids = {e.facility_id for e in batch.custody_episodes}
    org_ids.update(p.office_id for p in batch.supervision_periods)
    org_names = {pk: row[0] for pk, row in lookup(Organisation, org_ids, ("name",)).items()}
    return list(_timeline_rows(batch, actor_id, offences, org_names, offence_label, now))


def _timeline_rows(  # noqa: C901 - one loop per list, as the single-record services word them
    batch: JusticeBatch, actor_id: int | None, offences: dict[int, OffenceCategory], org_names: dict[int, str],
    offence_label: Any, now: dt.datetime,
) -> Iterator[tuple[Any, ...]]:
    now_db = db_value(TimelineEvent, "recorded_at", now)
    day = date_converter()  # the same conversion insert_tuples makes
    encode = json_text(TimelineEvent, "params")

    def q(value: Any) -> str:
        # One JSON value as ``encode`` writes it inside an object: strings (every value here, in
        # practice) through the encoder's own C escaping, anything else through the encoder.
        return encode_basestring_ascii(value) if isinstance(value, str) else encode(value)

    # The params are small objects of known keys: written as text ('{"reference": "..."}', the
    # separators and escaping of ``json.dumps``) rather than built as dicts and encoded, which
    # was a tenth of the loader's Python time. Labels and names are escaped once per batch.
    labels = {offence_id: q(offence_label(offence)) for offence_id, offence in offences.items()}
    names = {org_id: q(name) for org_id, name in org_names.items()}

    def rows_of(model: type[models.Model]) -> Any:
        object_type = model._meta.label_lower  # what ``events.object_type`` gives for its instances

        def row(person_id: int, kind: str, occurred_on: dt.date, params: str, obj: models.Model) -> tuple[Any, ...]:
            return (person_id, day(occurred_on), now_db, kind, params, SOURCE_APP, object_type,
                    str(obj.__dict__["id"]), actor_id)

        return row

    row = rows_of(Case)
    for case in batch.cases:
        values = case.__dict__
        yield row(values["person_id"], "case.opened", values["opened_on"], f'{{"reference": {q(values["reference"])}}}',
                  case)
    row = rows_of(Charge)
    pending = ChargeOutcome.PENDING
    for charge in batch.charges:
        values = charge.__dict__
        case = charge.case
        person_id, reference = case.__dict__["person_id"], q(case.__dict__["reference"])
        yield row(person_id, "charge.added", values["offence_date"],
                  f'{{"reference": {reference}, "offence": {labels[values["offence_id"]]}}}', charge)
        if values["outcome"] != pending:
            yield row(person_id, "charge.outcome", values["outcome_date"],
                      f'{{"reference": {reference}, "outcome": {q(values["outcome"])}}}', charge)
    row = rows_of(Disposition)
    for disposition in batch.dispositions:
        values = disposition.__dict__
        yield row(values["person_id"], "disposition.recorded", values["decided_on"],
                  f'{{"reference": {q(disposition.case.reference)}, "kind": {q(values["kind"])}}}', disposition)
    row = rows_of(CustodyEpisode)
    transfer = ReleaseType.TRANSFER
    by_start = {(e.person_id, e.admitted_on, e.kind): e for e in batch.custody_episodes}
    arrived_by_transfer: set[int] = set()
    for episode in batch.custody_episodes:
        values = episode.__dict__
        if values["release_type"] == transfer and values["released_on"] is not None:
            following = by_start[(values["person_id"], values["released_on"], values["kind"])]
            arrived_by_transfer.add(id(following))
            yield row(values["person_id"], "custody.transferred", values["released_on"],
                      f'{{"from_facility": {names[values["facility_id"]]}, '
                      f'"to_facility": {names[following.__dict__["facility_id"]]}}}',
                      following)
    for episode in batch.custody_episodes:
        values = episode.__dict__
        facility = names[values["facility_id"]]
        if id(episode) not in arrived_by_transfer:
            yield row(values["person_id"], "custody.admitted", values["admitted_on"],
                      f'{{"facility": {facility}, "kind": {q(values["kind"])}}}', episode)
        if values["released_on"] is not None and values["release_type"] != transfer:
            yield row(values["person_id"], "custody.released", values["released_on"],
                      f'{{"facility": {facility}, "release_type": {q(values["release_type"])}}}', episode)
    row = rows_of(SupervisionPeriod)
    for period in batch.supervision_periods:
        values = period.__dict__
        yield row(values["person_id"], "supervision.started", values["starts_on"],
                  f'{{"kind": {q(values["kind"])}, "office": {names[values["office_id"]]}}}', period)
        if values["ended_on"] is not None:
            yield row(values["person_id"], "supervision.ended", values["ended_on"],
                      f'{{"kind": {q(values["kind"])}, "end_reason": {q(values["end_reason"])}}}', period)

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
    history_at = db_value(RecordVersion, "changed_at", timezone.now())
    _insert(Case, records.cases, actor_id, history_at)
    _insert(Charge, records.charges, actor_id, history_at)
    _insert(Disposition, records.dispositions, actor_id, history_at)
    _insert(CustodyEpisode, records.custody_episodes, actor_id, history_at)
    _insert(SupervisionPeriod, records.supervision_periods, actor_id, history_at)
    # Written here rather than through ``people.services.timeline_record_many`` (whose ORM
    # bulk_create is several times slower at this scale); the rows are the same.
    insert_tuples(TimelineEvent, _TIMELINE_FIELDS, _timeline(records, actor_id, timezone.now()), converted=True)


__all__ = ["JusticeBatch", "justice_bulk_create"]
