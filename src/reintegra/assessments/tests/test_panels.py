"""The assessments panel of the person page: the full view for case staff (latest result, due date,
drafts, the chart of domain scores with its table), the reduced view for summary viewers, and a
bounded number of queries."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship, unregister
from reintegra.accounts.tests.factories import user_with_role
from reintegra.assessments.models import Assessment
from reintegra.assessments.tests.factories import (
    LOW, completed, draft, officer, person_for, svc_instruments,  # noqa: F401 (fixture)
)
from reintegra.people.panels import registered_panels

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("svc_instruments")]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def volunteers_see_summaries() -> Iterator[None]:
    from django.db.models import Q

    register_relationship(key="tests.volunteer-summary", label="tests", persons=lambda user, orgs: Q(pk__isnull=False),
                          levels={Role.VOLUNTEER: Level.SUMMARY}, own_caseload=True)
    yield
    unregister("tests.volunteer-summary")


def _panel(body: str) -> str:
    match = re.search(r'data-panel="assessments">(.*?)</section>', body, re.S)
    assert match, "the assessments panel is not on the page"
    return match.group(1)


def test_registered_with_access_at_order_25() -> None:
    panel = next(p for p in registered_panels() if p.key == "assessments")
    assert panel.order == 25 and panel.takes_access


def test_full_view_latest_result_due_date_drafts_and_chart(client: Any) -> None:
    worker = officer()
    person = person_for(worker)
    first = completed(person, worker, answers=LOW)
    Assessment.objects.filter(pk=first.pk).update(completed_at=first.completed_at - dt.timedelta(days=200))
    latest = completed(person, worker)  # high: work and drugs are needs
    draft(person, worker)
    client.force_login(worker)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    panel = _panel(body)
    assert "Service test needs" in panel and 'data-band="high"' in panel
    assert "Main needs:" in panel and "Drugs" in panel and "Work" in panel
    assert "Reassessment due on" in panel and latest.next_due is not None
    assert "Continue the draft" in panel and reverse("assessments:start", args=[person.pk]) in panel
    assert reverse("assessments:person-list", args=[person.pk]) in panel
    # The chart, drawn from a static script (no inline script), and its table for screen readers.
    spec = json.loads(re.search(r'<script id="assessment-chart-spec" type="application/json">(.*?)</script>', body, re.S).group(1))
    assert spec["mark"]["type"] == "line" and len(spec["data"]["values"]) == 4
    assert {row["domain"] for row in spec["data"]["values"]} == {"Work", "Drugs"}
    assert "js/charts.js" in panel and "Scores by date" in panel and "<table" in panel


def test_chart_labels_follow_the_readers_language(client: Any) -> None:
    worker = officer()
    person = person_for(worker)
    completed(person, worker, answers=LOW)
    completed(person, worker)
    client.force_login(worker)
    body = client.get(reverse("people:detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Drogas" in _panel(body) and "Necesidades de prueba" in _panel(body)


def test_summary_view_shows_band_date_and_needs_only(client: Any, volunteers_see_summaries: None) -> None:
    worker = officer()
    person = person_for(worker)
    completed(person, worker, answers={"work_now": "no", "work_months": 10, "drugs_use": "yes", "work_note": "Private"})
    draft(person, worker)
    client.force_login(user_with_role(Role.VOLUNTEER))
    response = client.get(reverse("people:detail", args=[person.pk]))
    panel = _panel(response.content.decode())
    assert 'data-band="very_high"' in panel and "Drugs" in panel
    for hidden in ("Private", "Continue the draft", "Start an assessment", "vega-chart", "Scores by date",
                   "Reassessment due on", "All assessments"):
        assert hidden not in panel


def test_hidden_from_users_who_may_not_see_assessments(client: Any) -> None:
    from reintegra.assessments.panels import assessments_context
    from reintegra.accounts.policy import NO_ACCESS, PersonAccess
    from django.test import RequestFactory

    worker = officer()
    person = person_for(worker)
    request = RequestFactory().get("/")
    request.user = user_with_role(Role.ANALYST)
    assert assessments_context(request, person, access=PersonAccess(Level.FULL, own_caseload=True)) is None
    request.user = worker
    assert assessments_context(request, person, access=NO_ACCESS) is None


def test_person_page_queries_do_not_grow_with_assessments(client: Any) -> None:
    worker = officer()
    few, many = person_for(worker), person_for(worker)
    completed(few, worker)
    for _ in range(4):
        completed(many, worker)
        draft(many, worker)
    client.force_login(worker)
    counts = []
    for person in (few, many, few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[2] == counts[3]
