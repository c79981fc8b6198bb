"""Writes of the analytics app: training and storing risk models, activating one, recording predictions."""
from __future__ import annotations

from reintegra.analytics.services.models import (
    csv_read, data_error_as_validation, trained_model_activate, trained_model_train, trained_model_train_csv,
)
from reintegra.analytics.services.predictions import (
    prediction_observe, prediction_outcomes_update, prediction_record, predictions_record_recent,
)

__all__ = [
    "csv_read", "data_error_as_validation", "prediction_observe", "prediction_outcomes_update", "prediction_record",
    "predictions_record_recent", "trained_model_activate",
    "trained_model_train", "trained_model_train_csv",
]
