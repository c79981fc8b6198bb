"""The facility pages in a real browser, under the strict Content-Security-Policy: the charts draw."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, UserFactory
from reintegra.justice.tests.factories import CustodyEpisodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_occupancy_charts_draw(page: Any, live_server: Any) -> None:
    crowded, roomy = FacilityFactory(official_capacity=2), FacilityFactory(official_capacity=10)
    for facility, count in ((crowded, 3), (roomy, 2)):
        for _i in range(count):
            CustodyEpisodeFactory(facility=facility, admitted_on=dt.date(2024, 1, 10))
    UserFactory(username="occupancy.analyst", role=Role.ANALYST)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + reverse("login"))
    page.get_by_label(re.compile("username", re.I)).fill("occupancy.analyst")
    page.get_by_label(re.compile("password", re.I)).fill("correct-horse-battery")
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(live_server.url + reverse("home"))
    page.get_by_role("link", name="Facility occupancy").click()
    page.locator('[data-vega-spec="occupancy-chart-spec"] canvas').wait_for()
    assert page.locator("tr[data-overcrowded]").count() == 1
    page.goto(live_server.url + reverse("custody:facility-detail", args=[crowded.pk]))
    page.locator('[data-vega-spec="series-chart-spec"] canvas').wait_for()
    assert problems == []
