"""Writes to assessments. Every service is keyword-only and atomic, records history
(``core.versioning``) and one audit entry; a refused write changes nothing and is itself audited
(``assessment.refused``). Errors: ``ValidationError`` keyed by field or item code,
``StaleEditError`` for a stale ``expected_version``, ``AccessDenied`` without the right or access."""
from __future__ import annotations

from reintegra.assessments.services.bulk import AssessmentInput, assessment_bulk_create
from reintegra.assessments.services.events import TIMELINE_KINDS
from reintegra.assessments.services.review import assessment_correct, assessment_countersign, assessment_override
from reintegra.assessments.services.triggers import reassessment_trigger_record
from reintegra.assessments.services.versions import instrument_for, instrument_version_ensure
from reintegra.assessments.services.workflow import (
    STARTABLE_OCCASIONS, assessment_answer, assessment_complete, assessment_start, assessment_void,
    default_organisation,
)

__all__ = [
    "AssessmentInput", "STARTABLE_OCCASIONS", "TIMELINE_KINDS", "assessment_answer", "assessment_bulk_create",
    "assessment_complete", "assessment_correct", "assessment_countersign", "assessment_override",
    "assessment_start", "assessment_void", "default_organisation", "instrument_for", "instrument_version_ensure",
    "reassessment_trigger_record",
]
