"""Read-only admin views: referrals and consent change only through their services (history, audit)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin

from reintegra.partners.models import Consent, Referral


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Referral)
class ReferralAdmin(_ReadOnly):
    list_display = ["id", "person_id", "organisation", "purpose", "status", "referred_on"]
    list_filter = ["status", "purpose"]


@admin.register(Consent)
class ConsentAdmin(_ReadOnly):
    list_display = ["id", "person_id", "organisation", "purpose", "valid_from", "valid_until", "withdrawn_at"]
