"""Training, storing, activating and monitoring models through the services."""
from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from reintegra.accounts.tests.factories import Role, user_with_role
from reintegra.analytics.models import Prediction, TrainedModel
from reintegra.analytics.selectors import model_monitor, trained_model_active
from reintegra.analytics.services import (
    prediction_observe, prediction_record, trained_model_activate, trained_model_train_csv,
)
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied

pytestmark = pytest.mark.django_db


def test_training_stores_a_versioned_model_with_everything_the_card_needs(make_model) -> None:  # type: ignore[no-untyped-def]
    analyst = user_with_role(Role.ANALYST)
    first = make_model(actor=analyst)
    second = make_model(family="logistic")
    assert (first.version, second.version) == (1, 2)
    assert first.created_by == analyst and not first.active
    assert first.features == ["age", "priors", "sex"] and first.group_columns == ["group"]
    assert "group" not in first.spec["features"]
    for key in ("auc", "brier", "ece", "calibration_slope", "sensitivity", "ppv"):
        assert first.metrics[key]["lower"] <= first.metrics[key]["value"] <= first.metrics[key]["upper"]
    assert len(first.calibration) == 10 and first.roc
    assert set(first.fairness) == {"group", "sex", "age band"}
    assert first.validation["time_split"]["available"]
    assert AuditEvent.objects.filter(action="create", object_type="analytics.trainedmodel", object_id=str(first.pk),
                                     detail__event="train").exists()


def test_training_needs_the_model_right_when_an_actor_is_given(make_model) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        make_model(actor=user_with_role(Role.PROBATION_OFFICER))
    assert not TrainedModel.objects.exists()


def test_activation_records_the_approver_and_keeps_one_active_per_purpose(make_model) -> None:  # type: ignore[no-untyped-def]
    analyst = user_with_role(Role.ANALYST)
    first, second = make_model(), make_model(family="logistic")
    trained_model_activate(model=first, actor=analyst, fairness_priority="calibration", note="Best calibrated.")
    first.refresh_from_db()
    assert first.active and first.approved_by == analyst and first.approved_at is not None
    assert first.fairness_priority == "calibration" and first.approval_note == "Best calibrated."
    trained_model_activate(model=second, actor=analyst, fairness_priority="equal_fpr")
    first.refresh_from_db()
    assert not first.active
    assert list(TrainedModel.objects.filter(active=True)) == [second]
    assert trained_model_active(purpose="test-purpose") == second
    assert AuditEvent.objects.filter(object_type="analytics.trainedmodel", detail__event="activate").count() == 2


def test_activation_is_refused_without_the_right_and_nothing_changes(make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model()
    with pytest.raises(AccessDenied):
        trained_model_activate(model=model, actor=user_with_role(Role.SUPERVISOR))
    model.refresh_from_db()
    assert not model.active and model.approved_by is None


def test_a_reference_model_cannot_be_activated(make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model(family="boosting")
    with pytest.raises(ValidationError) as err:
        trained_model_activate(model=model, actor=user_with_role(Role.ANALYST))
    assert "cannot explain" in str(err.value)
    model.refresh_from_db()
    assert not model.active


def test_csv_training(csv_file) -> None:  # type: ignore[no-untyped-def]
    model = trained_model_train_csv(path=csv_file, target="y", features=["age", "priors", "sex"], groups=["group"],
                                    time="when", family="logistic", bootstrap=50)
    assert model.purpose == "csv-y" and model.data_description["file"] == "people.csv"
    assert 0.5 < model.metrics["auc"]["value"] < 1


@pytest.mark.parametrize("kwargs, field, text", [
    ({"path": "/nonexistent/file.csv"}, "csv", "File not found: /nonexistent/file.csv"),
    ({"features": ["age", "income"]}, "columns", "These columns are not in the file: income."),
    ({"target": "sex"}, "target", "found 2 distinct values: F, M"),
    ({"features": ["age", "group"]}, "groups", "group is listed both as a group and as a feature"),
])
def test_csv_errors_are_validation_errors_naming_the_field(csv_file, kwargs, field, text) -> None:  # type: ignore[no-untyped-def]
    args = dict(path=csv_file, target="y", features=["age", "priors"], groups=["group"], bootstrap=10)
    args.update(kwargs)
    with pytest.raises(ValidationError) as err:
        trained_model_train_csv(**args)
    assert text in " ".join(err.value.message_dict[field])
    assert not TrainedModel.objects.exists()


def test_predictions_and_monitoring_flag_drift(make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model(family="logistic")
    rng = np.random.default_rng(0)
    for i in range(200):
        values = {"age": int(rng.integers(18, 60)), "priors": int(rng.poisson(2)), "sex": "M"}
        prediction = prediction_record(model=model, values=values)
        assert prediction.lower < prediction.probability < prediction.upper
        if i < 150:
            # observed far above the estimates: every outcome is a reoffence
            prediction_observe(prediction=prediction, outcome=True)
    report = model_monitor(model=model)
    assert report["n"] == 150 and report["pending"] == 50
    assert report["drift"] and report["observed_rate"] == 1.0


def test_monitoring_passes_when_outcomes_follow_the_estimates(make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model(family="logistic")
    rng = np.random.default_rng(1)
    for _ in range(400):
        values = {"age": int(rng.integers(18, 60)), "priors": int(rng.poisson(2)), "sex": "M"}
        prediction = prediction_record(model=model, values=values)
        prediction_observe(prediction=prediction, outcome=bool(rng.uniform() < prediction.probability))
    report = model_monitor(model=model)
    assert report["status"] == "ok", report
    assert Prediction.objects.filter(model=model).count() == 400
