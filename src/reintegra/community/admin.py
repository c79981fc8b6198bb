"""Read-only admin views of community measures: they change only through their services (history,
audit). No notes, reasons, terms or party names and contacts in the admin: those are case data for
the case staff and, for the parties, the facilitator alone."""
from __future__ import annotations

from django.contrib import admin

from reintegra.community.models import CommunityServiceOrder, Diversion, RestorativeCase, RestorativeParty
from reintegra.core.admin import ReadOnlyAdmin


@admin.register(CommunityServiceOrder)
class CommunityServiceOrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "hours_ordered", "due_by", "officer", "status", "ended_on"]
    list_filter = ["status"]
    exclude = ["breach_reason"]


@admin.register(Diversion)
class DiversionAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "programme_kind", "provider", "referred_on", "status", "outcome_on"]
    list_filter = ["status", "programme_kind"]
    exclude = ["outcome_reason"]


@admin.register(RestorativeCase)
class RestorativeCaseAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "kind", "facilitator", "status", "outcome", "referred_on", "closed_on"]
    list_filter = ["kind", "status", "outcome"]


@admin.register(RestorativeParty)
class RestorativePartyAdmin(ReadOnlyAdmin):
    list_display = ["id", "rj_case_id", "role", "label", "consent"]
    list_filter = ["role", "consent"]
    exclude = ["name", "phone", "email", "address"]
