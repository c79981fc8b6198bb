"""Admin: retention rules are configuration (editable); agreements and the pseudonymisation register
are read-only here (agreements change through their pages so history and audit are kept)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.privacy.models import DataSharingAgreement, Pseudonymisation, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "years_after_last_episode", "active"]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # deactivate instead, so what was applied stays explainable


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(ReadOnlyAdmin):
    list_display = ["document_reference", "provider", "partner", "purpose", "valid_from", "valid_until"]


@admin.register(Pseudonymisation)
class PseudonymisationAdmin(ReadOnlyAdmin):
    list_display = ["person_id", "rule", "applied_at"]
