"""Writes of the custody app, by sub-domain: ``facilities`` (profiles and units, reference data),
``stays`` (which unit a custody episode is spent in) and ``allocation`` (decisions and the
transfers or admissions they lead to)."""
from reintegra.custody.services.allocation import (
    TIMELINE_FORMATTERS, TIMELINE_KINDS, allocation_admit, allocation_check, allocation_decide,
)
from reintegra.custody.services.facilities import (
    PROFILE_FIELDS, UNIT_FIELDS, facility_profile_create, facility_profile_update, unit_create, unit_update,
)
from reintegra.custody.services.stays import (
    UnitStayInput, close_open_stay, unit_move, unit_stay_bulk_start, unit_stay_end, unit_stay_start,
)

__all__ = [
    "PROFILE_FIELDS", "TIMELINE_FORMATTERS", "TIMELINE_KINDS", "UNIT_FIELDS", "UnitStayInput", "allocation_admit", "allocation_check", "allocation_decide",
    "close_open_stay", "facility_profile_create", "facility_profile_update", "unit_create", "unit_move",
    "unit_stay_bulk_start", "unit_stay_end", "unit_stay_start", "unit_update",
]
