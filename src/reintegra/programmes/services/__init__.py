"""Writes to the programme catalogue, cohorts, enrolments and labour demand. Each is keyword-only
and atomic, validates everything first, records history (``core.versioning``), one audit entry and,
when it concerns a person, a timeline event; a refused write changes nothing."""
from reintegra.programmes.services.catalogue import (
    PROGRAMME_FIELDS, cohort_create, cohort_update, cohort_void, programme_create, programme_update, programme_void,
)
from reintegra.programmes.services.enrolment import (
    TIMELINE_KINDS, attendance_record, enrolment_admit, enrolment_complete, enrolment_drop, enrolment_request,
    priority_score, waiting_list_weights,
)
from reintegra.programmes.services.labour import LabourRow, labour_demand_import, labour_demand_parse

__all__ = [
    "PROGRAMME_FIELDS", "TIMELINE_KINDS", "LabourRow", "attendance_record", "cohort_create", "cohort_update",
    "cohort_void", "enrolment_admit", "enrolment_complete", "enrolment_drop", "enrolment_request",
    "labour_demand_import", "labour_demand_parse", "priority_score", "programme_create", "programme_update",
    "programme_void", "waiting_list_weights",
]
