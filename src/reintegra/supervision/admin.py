from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.supervision.models import VolunteerAssignment


@admin.register(VolunteerAssignment)
class VolunteerAssignmentAdmin(ReadOnlyAdmin):
    """Read-only: assignments change through the services (which audit them)."""

    list_display = ("id", "volunteer", "person_id", "starts_on", "ended_on", "end_reason")
    list_filter = ("end_reason",)
    raw_id_fields = ("volunteer", "person", "assigned_by", "ended_by")
