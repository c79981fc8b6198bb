"""The model pages: list, card and activation; refused for users without the analytics rights."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reintegra.accounts.tests.factories import Role, user_with_role
from reintegra.analytics.models import TrainedModel

pytestmark = pytest.mark.django_db


def test_model_list_shows_models_and_an_empty_state(client, make_model, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get(reverse("analytics:model-list"))
    assert response.status_code == 200 and "No model has been trained yet." in response.content.decode()
    for _ in range(3):
        make_model()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("analytics:model-list"))
    html = response.content.decode()
    assert len(re.findall(r'href="/analytics/models/\d+/"', html)) == 3


def test_model_card_page_renders_tables_and_charts(client, make_model, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    model = make_model(family="scorecard")
    client.force_login(user_with_role(Role.ANALYST))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("analytics:model-detail", args=[model.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Points table", "Metrics with 95% intervals", "Calibration by decile of the estimate",
                 "Fairness by group", "Calibration within each group group", "Chouldechova", "Limitations", "Intended use", 'data-vega-spec="chart-roc"',
                 "vega-embed.min.js", "Put this model into use"):
        assert text in html, text
    assert "<script>" not in html  # no inline script: chart specs are JSON data blocks
    assert 'style="' not in html


@pytest.mark.parametrize("role", [Role.PROBATION_OFFICER, Role.VOLUNTEER])
def test_pages_are_refused_without_analytics_view(client, make_model, role) -> None:  # type: ignore[no-untyped-def]
    model = make_model()
    client.force_login(user_with_role(role))
    assert client.get(reverse("analytics:model-list")).status_code == 403
    assert client.get(reverse("analytics:model-detail", args=[model.pk])).status_code == 403


def test_activation_from_the_card(client, make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model()
    analyst = user_with_role(Role.ANALYST)
    client.force_login(analyst)
    url = reverse("analytics:model-activate", args=[model.pk])
    response = client.post(url, {"fairness_priority": "calibration", "note": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    model.refresh_from_db()
    assert not model.active
    response = client.post(url, {"fairness_priority": "equal_fpr", "note": "Agreed by the board."})
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.active and model.approved_by == analyst and model.fairness_priority == "equal_fpr"


def test_activation_refused_without_model_manage_and_nothing_changes(client, make_model) -> None:  # type: ignore[no-untyped-def]
    model = make_model()
    client.force_login(user_with_role(Role.SUPERVISOR))
    response = client.post(reverse("analytics:model-activate", args=[model.pk]),
                           {"fairness_priority": "calibration", "note": "x"})
    assert response.status_code == 403
    assert not TrainedModel.objects.filter(active=True).exists()
