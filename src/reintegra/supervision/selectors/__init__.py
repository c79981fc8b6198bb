"""Reads of community supervision, one module per area, scoped by the access policy."""
from reintegra.supervision.selectors.volunteers import open_on, volunteer_assignment_get, volunteer_assignment_list

__all__ = ["open_on", "volunteer_assignment_get", "volunteer_assignment_list"]
