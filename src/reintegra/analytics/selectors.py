"""Reads of the analytics app, scoped by the access policy."""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from reintegra.accounts.policy import Action, require
from reintegra.analytics.models import Prediction, TrainedModel
from reintegra.analytics.riskmodels.monitoring import calibration_drift


def trained_model_list(*, user: Any, purpose: str | None = None) -> QuerySet[TrainedModel]:
    """Every trained model the user may see (all of them, for analytics viewers), newest first per purpose."""
    require(user, Action.ANALYTICS_VIEW)
    qs = TrainedModel.objects.select_related("created_by", "approved_by").defer(
        "spec", "calibration", "roc", "validation", "fairness")
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.order_by("purpose", "-version")


def trained_model_get(*, user: Any, pk: int) -> TrainedModel:
    """One trained model with everything its card shows (404 if it does not exist)."""
    require(user, Action.ANALYTICS_VIEW)
    return get_object_or_404(TrainedModel.objects.select_related("created_by", "approved_by"), pk=pk)


def trained_model_active(*, purpose: str | None = None) -> TrainedModel | None:
    """The model in use for ``purpose`` (or the most recently approved active model). Internal:
    callers check the policy for what they show."""
    qs = TrainedModel.objects.filter(active=True)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.order_by("-approved_at", "-pk").first()


def model_monitor(
    *, model: TrainedModel, since: dt.datetime | None = None, min_n: int = 30
) -> dict[str, Any]:
    """Calibration drift of ``model``: its predictions with observed outcomes (since ``since``)."""
    qs = Prediction.objects.filter(model=model, observed_outcome__isnull=False)
    if since is not None:
        qs = qs.filter(predicted_at__gte=since)
    rows = list(qs.values_list("probability", "observed_outcome"))
    p = np.array([r[0] for r in rows], dtype=float)
    y = np.array([1.0 if r[1] else 0.0 for r in rows])
    validated = (model.metrics.get("ece") or {}).get("value")
    report = calibration_drift(y, p, validated_ece=validated, min_n=min_n)
    report.update({
        "model": model.pk, "purpose": model.purpose, "version": model.version,
        "since": since.isoformat() if since else None,
        "pending": Prediction.objects.filter(model=model, observed_outcome__isnull=True).count(),
        "checked_at": timezone.now().isoformat(),
    })
    return report
