"""Read-only admin views: models change only through the services (training, approval)."""
from __future__ import annotations

from django.contrib import admin

from reintegra.analytics.models import Prediction, TrainedModel
from reintegra.core.admin import ReadOnlyAdmin


@admin.register(TrainedModel)
class TrainedModelAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "version", "family", "source", "active", "approved_by", "created_at"]
    list_filter = ["family", "source", "active"]


@admin.register(Prediction)
class PredictionAdmin(ReadOnlyAdmin):
    list_display = ["model", "person_id", "index_date", "probability", "observed_outcome"]
    list_filter = ["model"]
    raw_id_fields = ["person"]
