"""Professional review of a completed assessment: a band override that a second person (a
supervisor) countersigns or refuses, and corrections.

The computed band is never changed. An override proposes another band with a reason; until it is
countersigned the final band stays the computed one. A correction is a new draft copying the
answers, linked to the assessment it corrects; the old one is superseded only when the correction
is completed, so an abandoned correction leaves the record as it was.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action
from reintegra.assessments import schedule
from reintegra.assessments.choices import AssessmentStatus, Band, Occasion, OverrideStatus
from reintegra.assessments.models import Assessment
from reintegra.assessments.services.events import assessment_event
from reintegra.assessments.services.guard import (
    audit_change, check_completed, check_person_full, check_version, refusable, reason_required,
)
from reintegra.assessments.services.versions import instrument_for
from reintegra.assessments.services.workflow import default_organisation
from reintegra.audit.choices import AuditAction
from reintegra.core.versioning import versioned_create, versioned_update


def _band_label(code: str) -> str:
    return str(Band(code).label) if code in Band.values else code


@refusable("override")
def assessment_override(*, assessment: Assessment, actor: Any, expected_version: int, band: str,
                        reason: str) -> Assessment:
    """Propose ``band`` instead of the computed band, with the professional reason. The proposal
    waits for a supervisor's countersignature (``assessment_countersign``); the final band does
    not change until then."""
    check_person_full(actor, assessment.person)
    check_version(assessment, expected_version)
    check_completed(assessment)
    if assessment.override_status == OverrideStatus.PENDING:
        raise ValidationError({"band": [_("An override of this assessment is already awaiting countersignature.")]})
    if assessment.override_status == OverrideStatus.COUNTERSIGNED:
        raise ValidationError({"band": [
            _("The band of this assessment was already overridden; start a correction to change it again.")
        ]})
    errors: dict[str, list[str]] = {}
    bands = [b.code for b in instrument_for(assessment.instrument).primary_scale.bands]
    if band not in bands:
        errors["band"] = [_("Choose one of the instrument's bands: %(bands)s.") % {
            "bands": ", ".join(_band_label(code) for code in bands)}]
    elif band == assessment.computed_band:
        errors["band"] = [_("This is the computed band already; an override must choose another band.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the professional reason for overriding the computed band.")]
    if errors:
        raise ValidationError(errors)
    assessment = versioned_update(
        assessment, actor=actor, expected_version=expected_version, reason=reason.strip(), changes={
            "override_band": band, "override_reason": reason.strip(), "override_by": actor,
            "override_at": timezone.now(), "override_status": OverrideStatus.PENDING,
            "countersigned_by": None, "countersigned_at": None, "countersign_note": "",
        },
    )
    assessment_event(assessment=assessment, kind="assessment.override_proposed", band=band, actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="override", assessment=assessment,
                 fields=["override_band", "override_reason"], band=band)
    return assessment


@refusable("countersign")
def assessment_countersign(*, assessment: Assessment, actor: Any, expected_version: int, approve: bool,
                           note: str = "") -> Assessment:
    """Countersign (``approve``) or refuse a proposed override. Needs ``assessment.countersign``
    and someone other than the proposer. Approving makes the override band final and moves the
    next reassessment date to that band's; refusing (with a note) keeps the computed band."""
    check_person_full(actor, assessment.person, Action.ASSESSMENT_COUNTERSIGN)
    check_version(assessment, expected_version)
    check_completed(assessment)
    if assessment.override_status != OverrideStatus.PENDING:
        raise ValidationError({"approve": [_("There is no override awaiting countersignature.")]})
    if assessment.override_by_id is not None and assessment.override_by_id == getattr(actor, "pk", None):
        raise ValidationError({"approve": [_("You cannot countersign your own override.")]})
    note = (note or "").strip()
    if not approve:
        reason_required(note, "note", _("Say why the override is refused."))
    changes: dict[str, Any] = {
        "countersigned_by": actor, "countersigned_at": timezone.now(), "countersign_note": note,
        "override_status": OverrideStatus.COUNTERSIGNED if approve else OverrideStatus.REFUSED,
    }
    if approve:
        changes["final_band"] = assessment.override_band
        completed_on = timezone.localdate(assessment.completed_at)
        changes["next_due"] = schedule.next_due_on(
            definition=assessment.instrument.definition, band=assessment.override_band, completed_on=completed_on,
        )
    assessment = versioned_update(
        assessment, actor=actor, expected_version=expected_version, changes=changes, reason=note,
    )
    kind = "assessment.override_countersigned" if approve else "assessment.override_refused"
    assessment_event(assessment=assessment, kind=kind, band=assessment.override_band, actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="countersign", assessment=assessment,
                 fields=sorted(changes), approved=bool(approve))
    return assessment


@refusable("correct")
def assessment_correct(*, assessment: Assessment, actor: Any, reason: str) -> Assessment:
    """Start a correction of a completed assessment: a new draft with the same instrument version
    and a copy of the answers, linked by ``supersedes``. Only one open correction at a time."""
    check_person_full(actor, assessment.person)
    check_completed(assessment)
    reason = reason_required(reason, "reason", _("Give the reason for the correction."))
    open_correction = Assessment.objects.filter(
        supersedes=assessment, status=AssessmentStatus.DRAFT, voided_at__isnull=True,
    ).exists()
    if open_correction:
        raise ValidationError({"reason": [
            _("A correction of this assessment is already open; finish or void it first.")
        ]})
    correction = Assessment.objects.create(
        person_id=assessment.person_id, instrument=assessment.instrument, status=AssessmentStatus.DRAFT,
        occasion=Occasion.CORRECTION, organisation=default_organisation(actor) or assessment.organisation,
        assessor=actor if getattr(actor, "pk", None) else None, started_at=timezone.now(),
        answers=dict(assessment.answers or {}), supersedes=assessment, correction_reason=reason,
    )
    versioned_create(correction, actor=actor, reason=reason)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="correct", assessment=correction,
                 fields=["answers", "supersedes", "correction_reason"], corrects=assessment.pk)
    return correction
