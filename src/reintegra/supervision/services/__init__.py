"""Writes of community supervision, one module per area (see ``docs/supervision.md``)."""
from reintegra.supervision.services.volunteers import volunteer_assign, volunteer_assignment_end

__all__ = ["volunteer_assign", "volunteer_assignment_end"]
