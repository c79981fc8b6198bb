"""API: model list and model card as JSON; refused without the analytics right."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.tests.factories import Role, user_with_role

pytestmark = pytest.mark.django_db


def test_model_list_and_card(make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model(family="logistic")
    api = APIClient()
    api.force_authenticate(user_with_role(Role.ANALYST))
    listing = api.get("/api/analytics/models/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == model.pk
    assert listing["results"][0]["auc"] == pytest.approx(model.metrics["auc"]["value"])
    card = api.get(f"/api/analytics/models/{model.pk}/card/").json()
    assert card["features"] == ["age", "priors", "sex"] and card["group_columns"] == ["group"]
    assert {m["key"] for m in card["metrics"]} >= {"auc", "brier", "ece", "calibration_slope", "ppv"}
    assert all("lower" in m and "upper" in m for m in card["metrics"])
    assert card["coefficients"] and card["calibration"] and card["roc"]
    assert card["charts"]["calibration"]["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert {t["column"] for t in card["fairness"]} == {"group", "sex", "age band"}
    assert card["limitations"] and card["intended_use"]
    assert api.get(f"/api/analytics/models/{model.pk}/").json()["purpose"] == "test-purpose"


def test_api_refused_without_analytics_view(make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model()
    api = APIClient()
    api.force_authenticate(user_with_role(Role.PROBATION_OFFICER))
    assert api.get("/api/analytics/models/").status_code == 403
    assert api.get(f"/api/analytics/models/{model.pk}/card/").status_code == 403
    assert APIClient().get("/api/analytics/models/").status_code in (401, 403)
