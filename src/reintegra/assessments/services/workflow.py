"""Starting, answering, completing and voiding an assessment.

A draft is answered in any order (the screen saves as the assessor goes); completing it checks the
required answers, scores it with the engine and locks it. The version the assessor started from
is sent with every write, so two people editing the same draft cannot overwrite each other.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Membership, Organisation
from reintegra.assessments import schedule
from reintegra.assessments.choices import AssessmentStatus, Occasion
from reintegra.assessments.instruments import clean_answer, instrument_get, missing_required, score, tr
from reintegra.assessments.models import Assessment
from reintegra.assessments.services.events import assessment_event
from reintegra.assessments.services.guard import (
    audit_change, check_draft, check_person_full, check_version, refusable, reason_required,
)
from reintegra.assessments.services.versions import instrument_for, instrument_version_ensure
from reintegra.audit.choices import AuditAction
from reintegra.core.errors import StaleEditError
from reintegra.core.models import RecordVersion
from reintegra.core.versioning import record_history, versioned_create, versioned_update, versioned_void
from reintegra.people.models import Person

# Occasions an assessor may choose; a correction is started from the assessment it corrects.
STARTABLE_OCCASIONS = tuple(value for value in Occasion.values if value != Occasion.CORRECTION)


def default_organisation(actor: Any) -> Organisation | None:
    """The actor's organisation when there is exactly one among their active memberships."""
    if not getattr(actor, "pk", None):
        return None
    ids = set(Membership.objects.filter(user=actor, active=True).values_list("organisation_id", flat=True))
    return Organisation.objects.filter(pk=ids.pop()).first() if len(ids) == 1 else None


@refusable("start")
def assessment_start(*, person: Person, instrument_code: str, occasion: str, actor: Any,
                     organisation: Organisation | None = None) -> Assessment:
    """Start a draft assessment of ``person`` with the current version of ``instrument_code``.

    Needs ``assessment.edit`` and the person's full record. The definition is stored
    (``instrument_version_ensure``) so the assessment is always scored with this version.
    """
    check_person_full(actor, person)
    errors: dict[str, list[str]] = {}
    if person.voided_at is not None or getattr(person, "merged_into_id", None) is not None:
        errors["person"] = [_("This record is voided or merged; use the current record.")]
    if occasion not in STARTABLE_OCCASIONS:
        errors["occasion"] = [_("Choose an occasion from the list.")]
    try:
        instrument = instrument_get(instrument_code)
    except KeyError:
        errors["instrument"] = [_("There is no instrument %(code)s.") % {"code": instrument_code}]
        instrument = None
    if errors:
        raise ValidationError(errors)
    assert instrument is not None
    version = instrument_version_ensure(instrument)
    assessment = Assessment.objects.create(
        person=person, instrument=version, status=AssessmentStatus.DRAFT, occasion=occasion,
        organisation=organisation if organisation is not None else default_organisation(actor),
        assessor=actor if getattr(actor, "pk", None) else None, started_at=timezone.now(), answers={},
    )
    versioned_create(assessment, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="start", assessment=assessment,
                 fields=["instrument", "occasion"], instrument=version.code, version=version.version)
    return assessment


@refusable("answer")
def assessment_answer(*, assessment: Assessment, actor: Any, expected_version: int,
                      answers: dict[str, Any]) -> Assessment:
    """Save some answers of a draft (the others are kept); ``None`` or ``""`` clears one.

    Every value is checked first (errors keyed by item code) and nothing is saved if any is bad.
    Answers to questions hidden by routing are kept but do not count when scoring. This is the
    autosave path: one conditional UPDATE, one history row and one audit entry.
    """
    check_person_full(actor, assessment.person)
    check_version(assessment, expected_version)
    check_draft(assessment)
    if not isinstance(answers, dict) or not answers:
        raise ValidationError({"answers": [_("Send at least one answer.")]})
    instrument = instrument_for(assessment.instrument)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for code, value in answers.items():
        try:
            cleaned[str(code)] = clean_answer(instrument, str(code), value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    stored = dict(assessment.answers or {})
    merged = dict(stored)
    for code, value in cleaned.items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    changed = sorted(code for code in cleaned if stored.get(code) != merged.get(code))
    if not changed:
        return assessment
    now = timezone.now()
    updated = Assessment.objects.filter(
        pk=assessment.pk, version=expected_version, status=AssessmentStatus.DRAFT, voided_at__isnull=True,
    ).update(answers=merged, version=F("version") + 1, updated_at=now)
    if updated != 1:  # changed, completed or voided by someone else since it was loaded
        current = Assessment.objects.only("version").get(pk=assessment.pk).version
        raise StaleEditError(current_version=current, expected_version=expected_version)
    assessment.answers, assessment.version, assessment.updated_at = merged, expected_version + 1, now
    record_history(
        assessment, action=RecordVersion.Action.UPDATE, actor=actor, version=assessment.version,
        before={"answers": {code: stored.get(code) for code in changed}},
        after={"answers": {code: merged.get(code) for code in changed}},
    )
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="answer", assessment=assessment,
                 fields=[f"answers.{code}" for code in changed])
    return assessment


def _missing_error(instrument: Any, missing: list[str]) -> ValidationError:
    texts = [tr(instrument.item(code).text) for code in missing]
    errors: dict[str, list[str]] = {
        "answers": [_("Answer these questions before completing the assessment: %(items)s") % {
            "items": "; ".join(texts)}],
    }
    for code in missing:
        errors[code] = [_("This question needs an answer before the assessment can be completed.")]
    return ValidationError(errors)


@refusable("complete")
def assessment_complete(*, assessment: Assessment, actor: Any, expected_version: int) -> Assessment:
    """Score a draft and lock it: the stored result explains the score; the band gives the date of
    the next reassessment (scheduled instruments only). A correction, once completed, supersedes
    the assessment it corrects."""
    check_person_full(actor, assessment.person)
    check_version(assessment, expected_version)
    check_draft(assessment)
    instrument = instrument_for(assessment.instrument)
    answers = dict(assessment.answers or {})
    missing = missing_required(instrument, answers)
    if missing:
        raise _missing_error(instrument, missing)
    result = score(instrument, answers)
    now = timezone.now()
    band = result.band or ""
    next_due = schedule.next_due_on(
        definition=assessment.instrument.definition, band=band, completed_on=timezone.localdate(now),
    )
    assessment = versioned_update(
        assessment, actor=actor, expected_version=expected_version, changes={
            "status": AssessmentStatus.COMPLETED, "completed_at": now,
            "completed_by": actor if getattr(actor, "pk", None) else None,
            "result": result.as_dict(), "total": result.total, "computed_band": band, "final_band": band,
            "next_due": next_due,
        },
    )
    previous = assessment.supersedes
    if previous is not None and previous.status == AssessmentStatus.COMPLETED and not previous.is_voided:
        versioned_update(
            previous, actor=actor, expected_version=previous.version,
            changes={"status": AssessmentStatus.SUPERSEDED}, reason=assessment.correction_reason,
        )
        audit_change(actor=actor, action=AuditAction.UPDATE, operation="supersede", assessment=previous,
                     fields=["status"], by=assessment.pk)
    assessment_event(assessment=assessment, kind="assessment.completed", band=band, actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="complete", assessment=assessment,
                 fields=["status", "result", "final_band"], band=band)
    return assessment


@refusable("void")
def assessment_void(*, assessment: Assessment, actor: Any, expected_version: int, reason: str) -> Assessment:
    """Void an abandoned draft (it is kept, with who, when and why). Completed assessments are
    never voided: they are corrected."""
    check_person_full(actor, assessment.person)
    check_version(assessment, expected_version)
    reason = reason_required(reason, "reason", _("Give the reason for voiding this draft."))
    if assessment.is_voided:
        raise ValidationError({"status": [_("This assessment was already voided.")]})
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError({"status": [
            _("Only a draft can be voided; a completed assessment is corrected instead.")
        ]})
    assessment = versioned_void(assessment, actor=actor, expected_version=expected_version, reason=reason)
    audit_change(actor=actor, action=AuditAction.VOID, operation="void", assessment=assessment, fields=["voided_at"])
    return assessment
