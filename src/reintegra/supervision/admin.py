from django.contrib import admin

from reintegra.supervision.models import VolunteerAssignment


@admin.register(VolunteerAssignment)
class VolunteerAssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments change through the services (which audit them)."""

    list_display = ("id", "volunteer", "person_id", "starts_on", "ended_on", "end_reason")
    list_filter = ("end_reason",)
    raw_id_fields = ("volunteer", "person", "assigned_by", "ended_by")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
