"""Many completed assessments at once (synthetic data, imports of earlier records).

Each row is checked and scored exactly as ``assessment_complete`` would (required answers, valid
values, the engine's result, the reassessment date); problems are reported as
``{"rows": ["row 3: instrument: ..."]}`` and nothing is written if any row is bad. The rows, their
history and their ``assessment.completed`` timeline events go in with multi-row inserts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, require
from reintegra.assessments import schedule
from reintegra.assessments.choices import AssessmentStatus, Occasion
from reintegra.assessments.instruments import Instrument, instrument_get, missing_required, score
from reintegra.assessments.models import Assessment, InstrumentVersion
from reintegra.assessments.services.events import SOURCE_APP
from reintegra.assessments.services.versions import instrument_version_ensure
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.people.models import Person, TimelineEvent
from reintegra.people.services.bulk import TIMELINE_FIELDS, insert_with_history, require_kinds
from reintegra.people.services.inserts import insert_tuples


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
    built: list[Assessment] = []
    for index, row in enumerate(rows, start=1):
        pair = versions.get((row.instrument_code, row.version))
        if row.person_id not in known_people:
            errors.setdefault(index, []).append(_("person: no such person, or the record is voided."))
        if row.occasion not in Occasion.values or row.occasion == Occasion.CORRECTION:
            errors.setdefault(index, []).append(_("occasion: choose an occasion from the list."))
        if row.completed_at > now:
            errors.setdefault(index, []).append(_("completed_at: the date cannot be in the future."))
        if pair is None:
            continue
        instrument, version = pair
        missing = missing_required(instrument, row.answers)
        if missing:
            errors.setdefault(index, []).append(_("answers: unanswered required questions: %(items)s.") % {
                "items": ", ".join(missing)})
            continue
        try:
            result = score(instrument, row.answers)
        except ValidationError as exc:
            for code, messages in exc.message_dict.items():
                errors.setdefault(index, []).extend(f"{code}: {message}" for message in messages)
            continue
        band = result.band or ""
        built.append(Assessment(
            person_id=row.person_id, instrument=version, status=AssessmentStatus.COMPLETED, occasion=row.occasion,
            organisation_id=row.organisation_id, assessor_id=row.assessor_id,
            started_at=row.started_at or row.completed_at, completed_at=row.completed_at,
            completed_by_id=row.assessor_id, answers=dict(row.answers), result=result.as_dict(),
            total=result.total, computed_band=band, final_band=band,
            next_due=schedule.next_due_on(definition=version.definition, band=band,
                                          completed_on=timezone.localdate(row.completed_at)),
            created_at=now, updated_at=now,
        ))
    if errors:
        raise ValidationError({"rows": [
            _("row %(row)s: %(problem)s") % {"row": index, "problem": problem}
            for index in sorted(errors) for problem in errors[index]
        ]})
    if not built:
        return 0
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    insert_with_history(Assessment, built, actor_id, now)
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, [
        (a.person_id, timezone.localdate(a.completed_at), now, "assessment.completed",
         {"instrument": a.instrument.title, "band": a.final_band}, SOURCE_APP, "assessments.assessment",
         str(a.pk), actor_id)
        for a in built
    ])
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="assessments.assessment",
                 fields=["answers", "result"], detail={"operation": "bulk_create", "rows": len(built)})
    return len(built)
