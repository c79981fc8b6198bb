"""Read-only admin views of release preparation: rows change only through their services (history,
audit, timeline). No needs, waiver reasons or contact details in the lists."""
from __future__ import annotations

from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.reentry.models import ChecklistItem, FamilyNotification, ReleaseHandover, ReleasePreparation


@admin.register(ReleasePreparation)
class ReleasePreparationAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "episode_id", "status", "responsible_officer", "released_on", "release_type"]
    list_filter = ["status"]
    exclude = ["close_reason"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyAdmin):
    list_display = ["id", "preparation_id", "item", "state", "decided_at", "decided_by"]
    list_filter = ["item", "state"]
    exclude = ["waiver_reason"]


@admin.register(ReleaseHandover)
class ReleaseHandoverAdmin(ReadOnlyAdmin):
    list_display = ["id", "preparation_id", "community_officer", "office", "sent_at", "acknowledged_at"]


@admin.register(FamilyNotification)
class FamilyNotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "preparation_id", "contact_id", "channel", "status", "reason", "sent_at"]
    list_filter = ["channel", "status", "reason"]
