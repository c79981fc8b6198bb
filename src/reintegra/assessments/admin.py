"""Read-only admin views: assessments change only through their services (history, audit)."""
from __future__ import annotations

from django.contrib import admin

from reintegra.assessments.models import Assessment, InstrumentVersion, ReassessmentTrigger
from reintegra.core.admin import ReadOnlyAdmin


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "kind", "sha256", "created_at"]
    list_filter = ["kind"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    # No answers or results in the lists: they are personal data, shown only on the person's pages.
    list_display = ["id", "person_id", "instrument", "status", "occasion", "final_band", "override_status",
                    "completed_at", "next_due"]
    list_filter = ["status", "occasion", "override_status"]
    exclude = ["answers", "result"]


@admin.register(ReassessmentTrigger)
class ReassessmentTriggerAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "event", "occurred_on", "source", "created_at"]
    list_filter = ["event"]
