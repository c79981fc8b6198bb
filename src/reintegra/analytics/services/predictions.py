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


def _jsonable_inputs(values: dict[str, Any]) -> dict[str, Any]:
    """Inputs as JSON: missing numbers (NaN) become null (PostgreSQL's jsonb refuses NaN)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, float) and value != value:
            out[key] = None
        elif value is None or isinstance(value, (int, float, str, bool)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


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
        inputs=_jsonable_inputs(values),
    )


@transaction.atomic
def prediction_observe(*, prediction: Prediction, outcome: bool, actor: Any = None) -> Prediction:
    """Record the observed outcome of a prediction once its follow-up is complete."""
    Prediction.objects.filter(pk=prediction.pk).update(observed_outcome=bool(outcome), observed_at=timezone.now())
    prediction.refresh_from_db()
    return prediction


@transaction.atomic
def predictions_record_recent(
    *, model: TrainedModel, since: dt.date, on: dt.date | None = None, actor: Any = None,
) -> list[Prediction]:
    """Score everyone whose follow-up started (release or community order) between ``since`` and
    ``on`` with a model trained on this system's history, one prediction per person and index date,
    with the inputs as they were on the index date. These are the predictions monitoring checks."""
    from reintegra.analytics.history import features_at, index_events, load_histories

    if not model.scorable or model.source != "history":
        raise ValidationError({"model": [_("Only an explainable model trained on this system's history can score its people.")]})
    on = on or timezone.localdate()
    scorer = scorer_from_spec(model.spec)
    done = set(Prediction.objects.filter(model=model).values_list("person_id", "index_date"))
    now = timezone.now()
    created = []
    for history in load_histories().values():
        for index_date, kind in index_events(history):
            if not since <= index_date <= on or (history.person_id, index_date) in done:
                continue
            values = features_at(history, index_date, kind)
            estimate = scorer.score(values)
            created.append(Prediction(
                model=model, person_id=history.person_id, predicted_at=now, index_date=index_date,
                probability=estimate.probability, lower=estimate.lower, upper=estimate.upper,
                inputs=_jsonable_inputs(values),
            ))
    Prediction.objects.bulk_create(created, batch_size=1000)
    return created


@transaction.atomic
def prediction_outcomes_update(*, model: TrainedModel, as_of: dt.date | None = None, actor: Any = None) -> int:
    """Record the observed outcome of each prediction whose follow-up and waiting period have ended,
    by the model's own outcome definition. Returns how many were updated."""
    from reintegra.analytics.history import load_histories, reoffended

    definition = model.outcome_definition or {}
    if definition.get("kind") != "proven_reoffending":
        return 0
    follow, wait = int(definition["follow_up_days"]), int(definition["waiting_days"])
    as_of = as_of or timezone.localdate()
    due = list(Prediction.objects.filter(
        model=model, observed_outcome__isnull=True, person__isnull=False,
        index_date__lte=as_of - dt.timedelta(days=follow + wait),
    ))
    if not due:
        return 0
    histories = load_histories({p.person_id for p in due})
    now = timezone.now()
    for prediction in due:
        history = histories.get(prediction.person_id)
        if history is None:
            continue
        prediction.observed_outcome = bool(reoffended(history, prediction.index_date, follow, wait))
        prediction.observed_at = now
    Prediction.objects.bulk_update(due, ["observed_outcome", "observed_at"], batch_size=1000)
    return len(due)
