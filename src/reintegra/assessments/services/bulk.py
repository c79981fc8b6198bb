"""Many completed assessments at once (synthetic data, imports of earlier records).

Each row is checked and scored exactly as ``assessment_complete`` would (required answers, valid
values, the engine's result, the reassessment date); problems are reported as
``{"rows": ["row 3: instrument: ..."]}`` and nothing is written if any row is bad. The rows, their
history and their ``assessment.completed`` timeline events go in with multi-row inserts.

Each row is turned into database values (its answers and result encoded as JSON text) as soon as
it is scored, so a batch holds strings rather than thousands of dicts per row: at synthetic-data
scale (a needs result has some 400 JSON containers) keeping them alive until the insert made the
garbage collector scan them again and again. The creation history entry of a bulk-created
assessment records every field except ``answers`` and ``result``, which it names as stored on the
row at version 1: the assessment is created completed and locked, and a completed assessment never
changes them (a correction is a new assessment), so copying them would only double the bytes written.
"""
from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, require
from reintegra.assessments import schedule
from reintegra.assessments.choices import AssessmentStatus, Occasion
from reintegra.assessments.instruments import Instrument, instrument_get, missing_required, score_completed
from reintegra.assessments.models import Assessment, InstrumentVersion
from reintegra.assessments.services.events import SOURCE_APP
from reintegra.assessments.services.versions import instrument_version_ensure
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.bulkinsert import fast_path, insert_tuples, json_text, reserve_ids
from reintegra.core.models import RecordVersion
from reintegra.people.models import Person, TimelineEvent
from reintegra.people.services.bulk import HISTORY_FIELDS, TIMELINE_FIELDS, require_kinds

# What the creation history entry holds instead of a copy of these fields (see the module docstring).
STORED_ON_ROW = "stored on the row at version 1"
_NOT_COPIED = ("answers", "result")
_SNAPSHOT_SKIP = {"id", "created_at", "updated_at", "version"}  # as core.versioning.field_snapshot


@dataclass
class AssessmentInput:
    """One completed assessment for ``assessment_bulk_create``."""

    person_id: int
    instrument_code: str
    answers: dict[str, Any]
    completed_at: dt.datetime
    occasion: str = Occasion.SCHEDULED
    version: str | None = None  # the instrument version; the current one when None
    assessor_id: int | None = None
    organisation_id: int | None = None
    started_at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # ignored; room for the caller's own notes


@lru_cache(maxsize=1)
def _occasions() -> frozenset[str]:
    # ``Occasion.values`` builds a new list on every access.
    return frozenset(Occasion.values) - {Occasion.CORRECTION.value}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


class _Layout:
    """The assessment table's columns, each row's database values and its history snapshot."""

    def __init__(self) -> None:
        fields = Assessment._meta.concrete_fields
        self.names = [f.name for f in fields]
        self.position = {f.attname: i for i, f in enumerate(fields)}
        self.answers_json = json_text(Assessment, "answers")
        self.result_json = json_text(Assessment, "result")
        # ``Result.as_json`` gives json.dumps' text, which is what the field stores without an encoder of its own.
        self.result_as_json = Assessment._meta.get_field("result").encoder is None
        self.after_json = json_text(RecordVersion, "after")
        self.params_json = json_text(TimelineEvent, "params")
        self.datetime = connection.ops.adapt_datetimefield_value
        self.date = connection.ops.adapt_datefield_value
        self.json_columns = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        # Converted to database values just before the insert (JSON is encoded while scoring).
        self.convert = [(i, self.datetime if f.get_internal_type() == "DateTimeField" else self.date)
                        for i, f in enumerate(fields) if f.get_internal_type() in {"DateTimeField", "DateField"}]
        template: list[Any] = []
        after: dict[str, Any] = {}
        for f in fields:
            default = _plain(f.get_default())
            is_json = f.get_internal_type() == "JSONField"
            template.append(self.result_json(default) if is_json and default is not None else default)
            if f.name not in _SNAPSHOT_SKIP:
                after[f.name] = STORED_ON_ROW if f.name in _NOT_COPIED else default
        self.template = template
        self.after = after  # the snapshot's key order (``field_snapshot``'s) and its defaults


def _versions(rows: list[AssessmentInput], errors: dict[int, list[str]]) -> dict[tuple[str, str | None],
                                                                               tuple[Instrument, InstrumentVersion]]:
    found: dict[tuple[str, str | None], tuple[Instrument, InstrumentVersion]] = {}
    for index, row in enumerate(rows, start=1):
        key = (row.instrument_code, row.version)
        if key in found:
            continue
        try:
            instrument = instrument_get(row.instrument_code, row.version)
        except KeyError:
            errors.setdefault(index, []).append(
                _("instrument: there is no instrument %(code)s.") % {"code": row.instrument_code})
            continue
        found[key] = (instrument, instrument_version_ensure(instrument))
    return found


@transaction.atomic
def assessment_bulk_create(*, actor: Any, rows: list[AssessmentInput]) -> int:
    """Create completed assessments from ``rows`` (each scored by the engine); returns how many.

    With a user as ``actor`` it needs ``assessment.edit``; synthetic data passes ``None``.
    """
    if getattr(actor, "pk", None):
        require(actor, Action.ASSESSMENT_EDIT)
    require_kinds("assessment.completed")
    errors: dict[int, list[str]] = {}
    versions = _versions(rows, errors)
    now = timezone.now()
    known_people = set(Person.objects.filter(
        pk__in={row.person_id for row in rows}, voided_at__isnull=True).values_list("pk", flat=True))
    layout = _Layout()
    at = layout.position
    i_person, i_instrument, i_status, i_occasion = at["person_id"], at["instrument_id"], at["status"], at["occasion"]
    i_organisation, i_assessor, i_started, i_completed = (at["organisation_id"], at["assessor_id"], at["started_at"],
                                                           at["completed_at"])
    i_completed_by, i_answers, i_result, i_total = at["completed_by_id"], at["answers"], at["result"], at["total"]
    i_computed, i_final, i_due, i_created, i_updated = (at["computed_band"], at["final_band"], at["next_due"],
                                                        at["created_at"], at["updated_at"])
    now_db = layout.datetime(now)
    completed = AssessmentStatus.COMPLETED.value
    occasions = _occasions()
    tz = timezone.get_current_timezone()
    due_on: dict[tuple[int, str, dt.date], dt.date | None] = {}
    built: list[list[Any]] = []     # each row's values in ``layout.names`` order (JSON already as text)
    afters: list[str] = []          # each row's history snapshot, as JSON text
    events: list[tuple[int, dt.date, int, str]] = []   # person, completed on, version id, band
    for index, row in enumerate(rows, start=1):
        pair = versions.get((row.instrument_code, row.version))
        if row.person_id not in known_people:
            errors.setdefault(index, []).append(_("person: no such person, or the record is voided."))
        if row.occasion not in occasions:
            errors.setdefault(index, []).append(_("occasion: choose an occasion from the list."))
        if row.completed_at > now:
            errors.setdefault(index, []).append(_("completed_at: the date cannot be in the future."))
        if pair is None:
            continue
        instrument, version = pair
        version_id = version.pk
        try:
            missing, result = score_completed(instrument, row.answers)
        except ValidationError as exc:
            missing = missing_required(instrument, row.answers)  # reported first, as assessment_complete does
            if not missing:
                for code, messages in exc.message_dict.items():
                    errors.setdefault(index, []).extend(f"{code}: {message}" for message in messages)
                continue
        if missing:
            errors.setdefault(index, []).append(_("answers: unanswered required questions: %(items)s.") % {
                "items": ", ".join(missing)})
            continue
        if errors or result is None:
            continue  # nothing will be written: only look for more problems
        band = result.band or ""
        completed_on = timezone.localtime(row.completed_at, tz).date()
        key = (version_id, band, completed_on)
        if key not in due_on:
            due_on[key] = schedule.next_due_on(definition=version.definition, band=band, completed_on=completed_on)
        next_due = due_on[key]
        started_at = row.started_at or row.completed_at
        values = layout.template.copy()
        values[i_person], values[i_instrument], values[i_status] = row.person_id, version_id, completed
        values[i_occasion], values[i_organisation], values[i_assessor] = (_plain(row.occasion), row.organisation_id,
                                                                          row.assessor_id)
        values[i_started], values[i_completed] = started_at, row.completed_at
        values[i_completed_by] = row.assessor_id
        values[i_answers] = layout.answers_json(dict(row.answers))
        values[i_result] = result.as_json() if layout.result_as_json else layout.result_json(result.as_dict())
        values[i_total], values[i_computed], values[i_final] = result.total, band, band
        values[i_due] = next_due
        values[i_created] = values[i_updated] = now
        built.append(values)
        after = layout.after.copy()
        after.update(person=row.person_id, instrument=version_id, status=completed, occasion=values[i_occasion],
                     organisation=row.organisation_id, assessor=row.assessor_id, started_at=started_at.isoformat(),
                     completed_at=row.completed_at.isoformat(), completed_by=row.assessor_id, total=result.total,
                     computed_band=band, final_band=band,
                     next_due=None if next_due is None else next_due.isoformat())
        afters.append(layout.after_json(after))
        events.append((row.person_id, completed_on, version_id, band))
    if errors:
        raise ValidationError({"rows": [
            _("row %(row)s: %(problem)s") % {"row": index, "problem": problem}
            for index in sorted(errors) for problem in errors[index]
        ]})
    if not built:
        return 0
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    ids = _insert(layout, built, now, now_db)
    _history(layout, ids, afters, actor_id, now_db)
    _timeline(layout, ids, events, {v.pk: v for _instrument, v in versions.values()}, actor_id, now_db)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="assessments.assessment",
                 fields=["answers", "result"], detail={"operation": "bulk_create", "rows": len(built)})
    return len(built)


def _insert(layout: _Layout, built: list[list[Any]], now: dt.datetime, now_db: Any) -> list[int]:
    """Insert the rows and return their ids."""
    if not fast_path():
        # Other back-ends: through the ORM, which gives the ids.
        objs = Assessment.objects.bulk_create([_instance(layout, values) for values in built], batch_size=1000)
        return [obj.pk for obj in objs]
    ids = reserve_ids(Assessment, len(built))
    pk = layout.position["id"]
    for values, new_id in zip(built, ids):
        values[pk] = new_id
        for i, convert in layout.convert:
            value = values[i]
            if value is not None:
                values[i] = now_db if value is now else convert(value)
    insert_tuples(Assessment, layout.names, built, converted=True)
    return ids


def _instance(layout: _Layout, values: list[Any]) -> Assessment:
    values = values.copy()
    for i in layout.json_columns:
        values[i] = json.loads(values[i])
    return Assessment(**{f.attname: values[i] for i, f in enumerate(Assessment._meta.concrete_fields)
                         if not f.primary_key})


def _history(layout: _Layout, ids: list[int], afters: list[str], actor_id: int | None, now_db: Any) -> None:
    content_type_id = ContentType.objects.get_for_model(Assessment, for_concrete_model=True).pk
    before = layout.after_json({})
    create = RecordVersion.Action.CREATE.value
    insert_tuples(RecordVersion, HISTORY_FIELDS, [
        (content_type_id, str(pk), 1, create, now_db, actor_id, "", before, after) for pk, after in zip(ids, afters)
    ], converted=True)


def _timeline(layout: _Layout, ids: list[int], events: list[tuple[int, dt.date, int, str]],
              versions: dict[int, InstrumentVersion], actor_id: int | None, now_db: Any) -> None:
    params: dict[tuple[int, str], str] = {}  # one encoding per instrument version and band
    rows = []
    for pk, (person_id, completed_on, version_id, band) in zip(ids, events):
        text = params.get((version_id, band))
        if text is None:
            text = params[(version_id, band)] = layout.params_json(
                {"instrument": versions[version_id].title, "band": band})
        rows.append((person_id, layout.date(completed_on), now_db, "assessment.completed", text, SOURCE_APP,
                     "assessments.assessment", str(pk), actor_id))
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, rows, converted=True)
