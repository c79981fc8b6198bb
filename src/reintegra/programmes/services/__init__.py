"""Writes to the programme catalogue, cohorts, enrolments and labour demand. Each is keyword-only
and atomic, validates everything first, records history (``core.versioning``), one audit entry and,
when it concerns a person, a timeline event; a refused write changes nothing."""
from reintegra.programmes.services.catalogue import cohort_create, programme_create
from reintegra.programmes.services.enrolment import (
    TIMELINE_KINDS, attendance_record, enrolment_admit, enrolment_complete, enrolment_drop, enrolment_request,
    priority_score, waiting_list_weights,
)
from reintegra.programmes.services.labour import LabourRow, labour_demand_import, labour_demand_parse

__all__ = [
    "TIMELINE_KINDS", "LabourRow", "attendance_record", "cohort_create", "enrolment_admit", "enrolment_complete",
    "enrolment_drop", "enrolment_request", "labour_demand_import", "labour_demand_parse", "priority_score",
    "programme_create", "waiting_list_weights",
]
