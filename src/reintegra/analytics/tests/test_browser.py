"""The model card in a real browser, under the strict Content-Security-Policy: both charts draw."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_model_card_charts_draw(page: Any, live_server: Any, make_model: Any) -> None:
    model = make_model(family="logistic")
    UserFactory(username="card.analyst", role=Role.ANALYST)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + reverse("login"))
    page.get_by_label(re.compile("username", re.I)).fill("card.analyst")
    page.get_by_label(re.compile("password", re.I)).fill("correct-horse-battery")
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(live_server.url + reverse("home"))
    page.goto(live_server.url + reverse("analytics:model-detail", args=[model.pk]))
    page.locator('[data-vega-spec="chart-roc"] canvas').wait_for()
    assert page.locator(".vega-chart canvas").count() == 2
    assert page.get_by_role("heading", name="Fairness by group").is_visible()
    assert problems == []
