"""Read-only admin views: programmes and enrolments change only through their services (history, audit)."""
from __future__ import annotations

from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.programmes.models import Cohort, Enrolment, LabourDemand, Programme


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["id", "name", "type", "trade", "intensity", "capacity", "accreditation"]
    list_filter = ["type", "intensity", "accreditation"]
    search_fields = ["name", "trade"]


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = ["id", "programme", "starts_on", "ends_on", "capacity"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "cohort", "status", "priority", "requested_on"]
    list_filter = ["status"]


@admin.register(LabourDemand)
class LabourDemandAdmin(ReadOnlyAdmin):
    list_display = ["id", "trade", "region", "vacancies", "period_start", "period_end", "source_file"]
