"""Recording estimates and, later, what actually happened (for monitoring)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.analytics.models import Prediction, TrainedModel
from reintegra.analytics.riskmodels.scoring import scorer_from_spec


@transaction.atomic
def prediction_record(
    *,
    model: TrainedModel,
    values: dict[str, Any],
    actor: Any = None,
    person: Any = None,
    index_date: dt.date | None = None,
    predicted_at: dt.datetime | None = None,
) -> Prediction:
    """Score ``values`` with ``model`` and keep the estimate, its interval and the inputs used."""
    if not model.scorable:
        raise ValidationError({"model": [_("This model cannot score people.")]})
    estimate = scorer_from_spec(model.spec).score(values)
    return Prediction.objects.create(
        model=model, person=person, predicted_at=predicted_at or timezone.now(), index_date=index_date,
        probability=estimate.probability, lower=estimate.lower, upper=estimate.upper,
        inputs={k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v)) for k, v in values.items()},
    )


@transaction.atomic
def prediction_observe(*, prediction: Prediction, outcome: bool, actor: Any = None) -> Prediction:
    """Record the observed outcome of a prediction once its follow-up is complete."""
    Prediction.objects.filter(pk=prediction.pk).update(observed_outcome=bool(outcome), observed_at=timezone.now())
    prediction.refresh_from_db()
    return prediction
