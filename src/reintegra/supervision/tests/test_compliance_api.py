"""The compliance API: 403 without the right (before the body is read), 404 outside the scope, 400
with field errors and nothing changed, 409 for a stale period, and the casework end to end."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.models import User
from reintegra.accounts.tests.factories import user_with_role
from reintegra.justice.choices import SupervisionKind
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.tests.factories import SupervisionPeriodFactory
from reintegra.supervision.models import ComplianceEvent, EventResponse, RecallDecision
from reintegra.supervision.tests.test_appointments import supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WHY = "Repeated serious breaches and a new arrest; the risk can no longer be managed in the community."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return supervised(starts_on=TODAY - dt.timedelta(days=200))


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=User.objects.get(pk=user.pk))
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"supervision-api:{name}", args=args)


def event_body(**changes: Any) -> dict[str, Any]:
    return {"kind": "condition_breach", "severity": "serious", "occurred_on": TODAY.isoformat(), **changes}


def test_events_are_recorded_listed_and_answered(world) -> None:
    officer = api(world.officer)
    created = officer.post(url("period-events", world.period.pk), event_body(note="Out after curfew"), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    proposal = officer.get(url("event-proposal", pk)).json()
    assert proposal["response"] == "curfew" and proposal["reasons"][0] == "serious event (condition breach)"
    answered = officer.post(url("event-response", pk), {"chosen": "curfew", "reason": "As proposed"}, format="json")
    assert answered.status_code == 201 and answered.json()["proposed"] == "curfew"
    listing = officer.get(url("period-events", world.period.pk)).json()
    assert listing["count"] == 1 and listing["results"][0]["response"]["chosen"] == "curfew"
    assert listing["results"][0]["response"]["proposal_reasons"][1] == "no supervision level recorded, medium assumed"


@pytest.mark.parametrize(("body", "field"), [
    ({"occurred_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "occurred_on"),
    ({"severity": ""}, "severity"),
    ({"kind": "job_found"}, "severity"),
    ({"kind": "flying"}, "kind"),
    ({"condition": 999999}, "condition"),
])
def test_bad_events_are_400_naming_the_field_and_nothing_changes(world, body, field) -> None:
    response = api(world.officer).post(url("period-events", world.period.pk), event_body(**body), format="json")
    assert response.status_code == 400 and field in response.json()
    assert not ComplianceEvent.objects.exists()


def test_rights_and_scope(world) -> None:
    event = api(world.officer).post(url("period-events", world.period.pk), event_body(), format="json").json()
    for user, code in ((user_with_role(Role.PRISON_CASE_MANAGER), 403), (user_with_role(Role.VOLUNTEER), 403),
                       (user_with_role(Role.PROBATION_OFFICER), 404)):
        client = api(user)
        assert client.get(url("period-events", world.period.pk)).status_code == code
        assert client.post(url("period-events", world.period.pk), event_body(), format="json").status_code == code
        assert client.post(url("event-response", event["id"]), {"chosen": "curfew", "reason": WHY},
                           format="json").status_code == code
        assert client.post(url("event-void", event["id"]), {"reason": "x"}, format="json").status_code == code
    officer = api(world.officer)
    assert officer.post(url("period-recall-decisions", world.period.pk), {}, format="json").status_code == 403
    assert officer.get(url("recalls")).status_code == 403
    assert ComplianceEvent.objects.count() == 1 and not EventResponse.objects.exists()


def test_void_and_a_departure_without_its_reason(world) -> None:
    officer = api(world.officer)
    pk = officer.post(url("period-events", world.period.pk), event_body(), format="json").json()["id"]
    refused = officer.post(url("event-response", pk), {"chosen": "verbal_warning", "reason": "Fine"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert officer.post(url("event-void", pk), {"reason": ""}, format="json").status_code == 400
    voided = officer.post(url("event-void", pk), {"reason": "Wrong person"}, format="json")
    assert voided.status_code == 200 and voided.json()["voided"] is True
    assert not EventResponse.objects.exists()


def test_a_supervisor_decides_a_recall_and_the_licence_ends(world) -> None:
    period = SupervisionPeriodFactory(office=world.office, officer=world.supervisor, kind=SupervisionKind.LICENCE,
                                      starts_on=TODAY - dt.timedelta(days=100))
    supervisor = api(world.supervisor)
    pk = supervisor.post(url("period-events", period.pk), event_body(), format="json").json()["id"]
    supervisor.post(url("event-response", pk), {"chosen": "recall_review", "reason": WHY}, format="json")
    pending = supervisor.get(url("recalls")).json()
    assert [row["period"] for row in pending["results"]] == [period.pk]
    body = {"outcome": "recalled", "justification": "", "events": [pk], "version": 1}
    refused = supervisor.post(url("period-recall-decisions", period.pk), body, format="json")
    assert refused.status_code == 400 and "justification" in refused.json()
    stale = supervisor.post(url("period-recall-decisions", period.pk), {**body, "justification": WHY, "version": 5},
                            format="json")
    assert stale.status_code == 409
    assert not RecallDecision.objects.exists() and SupervisionPeriod.objects.get(pk=period.pk).ended_on is None
    decided = supervisor.post(url("period-recall-decisions", period.pk), {**body, "justification": WHY},
                              format="json")
    assert decided.status_code == 201, decided.json()
    assert decided.json()["kind"] == "recall" and decided.json()["events"] == [pk]
    ended = SupervisionPeriod.objects.get(pk=period.pk)
    assert (ended.ended_on, ended.end_reason) == (TODAY, "revoked")
