"""Read-only admin views: models change only through the services (training, approval)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reintegra.analytics.models import Prediction, TrainedModel


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrainedModel)
class TrainedModelAdmin(_ReadOnly):
    list_display = ["purpose", "version", "family", "source", "active", "approved_by", "created_at"]
    list_filter = ["family", "source", "active"]


@admin.register(Prediction)
class PredictionAdmin(_ReadOnly):
    list_display = ["model", "person_id", "index_date", "probability", "observed_outcome"]
    list_filter = ["model"]
    raw_id_fields = ["person"]
