"""Read-only admin views: referrals and consent change only through their services (history, audit)."""
from __future__ import annotations

from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.partners.models import Consent, Referral


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "organisation", "purpose", "status", "referred_on"]
    list_filter = ["status", "purpose"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "organisation", "purpose", "valid_from", "valid_until", "withdrawn_at"]
