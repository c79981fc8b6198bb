"""Read-only admin views of case plans: plans change only through their services (history, audit,
versions). No goal, action or agreement text in the lists: it is the person's own words."""
from __future__ import annotations

from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.planning.models import CasePlan, PlanHandover, PlanReview, PlanVersion


@admin.register(CasePlan)
class CasePlanAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "status", "band", "responsible_officer", "responsible_organisation",
                    "agreement", "next_review_on", "current_version"]
    list_filter = ["status", "band", "agreement"]
    exclude = ["agreement_words", "countersign_note", "close_reason"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["id", "plan_id", "number", "event", "created_at", "created_by"]
    list_filter = ["event"]
    exclude = ["snapshot", "note"]


@admin.register(PlanReview)
class PlanReviewAdmin(ReadOnlyAdmin):
    list_display = ["id", "plan_id", "reason", "reviewed_on", "reviewed_by", "next_review_on", "version_number"]
    list_filter = ["reason"]
    exclude = ["summary", "event_note"]


@admin.register(PlanHandover)
class PlanHandoverAdmin(ReadOnlyAdmin):
    list_display = ["id", "plan_id", "from_officer", "to_officer", "to_organisation", "handed_over_at",
                    "acknowledged_at"]
    exclude = ["reason"]
