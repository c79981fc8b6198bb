"""The case-plan panel of the person page: the open plan's status and goals with a link, a link to
build one for those who write plans, nothing for those who may not see plans."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.tests.helpers import state_purpose
from reintegra.people import panels as people_panels
from reintegra.planning import panels, services
from reintegra.planning.tests.factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _registered() -> None:
    panels.register()  # as PlanningConfig.ready does (registering again replaces it by key)


def _panel(client: Any, user: Any, person: Any) -> str:
    client.force_login(user)
    state_purpose(client, person.pk)
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    start = body.find('data-panel="case-plan"')
    return "" if start < 0 else body[start:body.index("</section>", start)]


def test_registered_at_order_30() -> None:
    found = {panel.key: panel for panel in people_panels.registered_panels()}
    assert found["case-plan"].order == 30 and found["case-plan"].takes_access


def test_offers_to_build_a_plan(client: Any) -> None:
    w = world()
    panel = _panel(client, w.manager, w.person)
    assert "No open case plan." in panel and reverse("planning:create", args=[w.person.pk]) in panel


def test_shows_the_open_plan(client: Any) -> None:
    w = world()
    plan = services.plan_create(actor=w.manager, person=w.person)
    panel = _panel(client, w.manager, w.person)
    assert 'data-plan-status="draft"' in panel and reverse("planning:detail", args=[plan.pk]) in panel
    assert plan.goals.first().title in panel
    assert reverse("planning:create", args=[w.person.pk]) not in panel


def test_hidden_from_those_who_may_not_see_plans(client: Any) -> None:
    w = world()
    services.plan_create(actor=w.manager, person=w.person)
    staff = user_with_role(Role.PROGRAMME_STAFF, w.prison)  # sees the person, not their plans
    response_panel = _panel(client, staff, w.person)
    assert response_panel == ""
