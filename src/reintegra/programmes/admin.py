"""Read-only admin views: programmes and enrolments change only through their services (history, audit)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin

from reintegra.programmes.models import Cohort, Enrolment, LabourDemand, Programme


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(_ReadOnly):
    list_display = ["id", "name", "type", "trade", "intensity", "capacity", "accreditation"]
    list_filter = ["type", "intensity", "accreditation"]
    search_fields = ["name", "trade"]


@admin.register(Cohort)
class CohortAdmin(_ReadOnly):
    list_display = ["id", "programme", "starts_on", "ends_on", "capacity"]


@admin.register(Enrolment)
class EnrolmentAdmin(_ReadOnly):
    list_display = ["id", "person_id", "cohort", "status", "priority", "requested_on"]
    list_filter = ["status"]


@admin.register(LabourDemand)
class LabourDemandAdmin(_ReadOnly):
    list_display = ["id", "trade", "region", "vacancies", "period_start", "period_end", "source_file"]
