"""The community-measures API: 403 before the body is read, 404 outside scope, 400 field errors,
409 for a stale version; hours, completion and breach; sessions refused without consent; party
contacts in the facilitator's responses only; reads audited."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.community import services
from reintegra.community.choices import InformedHow, OrderStatus, RestorativeOutcome, SessionKind
from reintegra.community.models import CommunityServiceOrder, RestorativeSession
from reintegra.community.tests.factories import (
    VICTIM_ADDRESS, VICTIM_EMAIL, VICTIM_NAME, VICTIM_PHONE, World, fresh,
)

pytestmark = pytest.mark.django_db
BASE = "/api/community"
TODAY = timezone.localdate
SECRETS = (VICTIM_NAME, VICTIM_PHONE, VICTIM_EMAIL, VICTIM_ADDRESS)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(fresh(user))
    return client


def test_order_life_through_the_api(w: World) -> None:
    api = _api(w.officer)
    created = api.post(f"{BASE}/orders/", {"person": w.person.pk, "disposition": w.disposition.pk,
                                           "due_by": (TODAY() + dt.timedelta(days=90)).isoformat()}, format="json")
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["hours_ordered"] == 40 and order["percent"] == 0
    pk = order["id"]
    placed = api.post(f"{BASE}/orders/{pk}/placements/", {"organisation": w.partner.pk, "supervisor_name": "Ms Garden",
                                                          "starts_on": (TODAY() - dt.timedelta(days=5)).isoformat()},
                      format="json")
    placement = placed.json()["placements"][0]["id"]
    future = api.post(f"{BASE}/orders/{pk}/hours/", {"placement": placement, "hours": "8", "task": "Paint",
                                                     "worked_on": (TODAY() + dt.timedelta(days=1)).isoformat()},
                      format="json")
    assert future.status_code == 400 and "worked_on" in future.json()
    worked = api.post(f"{BASE}/orders/{pk}/hours/", {"placement": placement, "hours": "40", "task": "Paint",
                                                     "worked_on": TODAY().isoformat()}, format="json")
    assert worked.status_code == 400 and "hours" in worked.json()
    entry = api.post(f"{BASE}/orders/{pk}/hours/", {"placement": placement, "hours": "8", "task": "Paint",
                                                    "worked_on": TODAY().isoformat()}, format="json").json()["hours"][0]
    stale = api.post(f"{BASE}/orders/{pk}/hours/{entry['id']}/verify/", {"version": entry["version"] + 1}, format="json")
    assert stale.status_code == 409
    verified = api.post(f"{BASE}/orders/{pk}/hours/{entry['id']}/verify/", {"version": entry["version"]}, format="json")
    assert verified.json()["percent"] == 20
    early = api.post(f"{BASE}/orders/{pk}/complete/", {"version": order["version"]}, format="json")
    assert early.status_code == 400 and "status" in early.json()
    breach = api.post(f"{BASE}/orders/{pk}/breach/", {"version": order["version"], "reason": "Stopped coming"},
                      format="json")
    assert breach.status_code == 200 and breach.json()["status"] == OrderStatus.BREACHED
    listed = api.get(f"{BASE}/orders/", {"status": OrderStatus.BREACHED}).json()
    assert [row["id"] for row in listed["results"]] == [pk]


def test_403_before_the_body_and_404_outside_scope(w: World) -> None:
    order = w.order()
    volunteer = _api(user_with_role(Role.VOLUNTEER))
    assert volunteer.post(f"{BASE}/orders/", "not json", content_type="application/json").status_code == 403
    assert volunteer.get(f"{BASE}/orders/").status_code == 403
    facilitator = _api(w.facilitator)
    assert facilitator.post(f"{BASE}/orders/{order.pk}/breach/", "{", content_type="application/json").status_code == 403
    assert facilitator.get(f"{BASE}/orders/{order.pk}/").status_code == 404
    colleague = _api(w.colleague)
    assert colleague.get(f"{BASE}/orders/{order.pk}/", {"purpose": "supervision"}).status_code == 404
    refused = colleague.post(f"{BASE}/orders/", {"person": w.person.pk, "hours_ordered": 5, "due_by": "2030-01-01"},
                             format="json")
    assert refused.status_code == 400 and "person" in refused.json()
    assert CommunityServiceOrder.objects.count() == 1


def test_order_read_is_audited(w: World) -> None:
    order = w.order()
    assert _api(w.officer).get(f"{BASE}/orders/{order.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="read", object_type="community.communityserviceorder",
                                     object_id=str(order.pk)).exists()
    assert _api(w.supervisor).get(f"{BASE}/orders/{order.pk}/").status_code == 400  # purpose needed
    assert _api(w.supervisor).get(f"{BASE}/orders/{order.pk}/", {"purpose": "supervision"}).status_code == 200


def test_diversion_through_the_api(w: World) -> None:
    api = _api(w.officer)
    created = api.post(f"{BASE}/diversions/", {"person": w.person.pk, "case": w.case.pk, "provider": w.partner.pk,
                                               "programme_kind": "drug_treatment"}, format="json")
    assert created.status_code == 201, created.content
    pk, version = created.json()["id"], created.json()["version"]
    added = api.post(f"{BASE}/diversions/{pk}/conditions/", {"text": "Weekly group", "starts_on": TODAY().isoformat()},
                     format="json")
    assert added.json()["conditions"][0]["text"] == "Weekly group"
    missing = api.post(f"{BASE}/diversions/{pk}/outcome/", {"version": version, "outcome": "withdrawn"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    done = api.post(f"{BASE}/diversions/{pk}/outcome/", {"version": version, "outcome": "withdrawn",
                                                         "reason": "Prosecutor withdrew"}, format="json")
    assert done.json()["status"] == "withdrawn"


def test_restorative_contacts_only_in_the_facilitators_responses(w: World) -> None:
    rj_case = w.rj_case()
    w.victim(rj_case)
    for user in (w.officer, w.supervisor):
        response = _api(user).get(f"{BASE}/restorative/{rj_case.pk}/", {"purpose": "supervision"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Victim 1" in body and not any(secret in body for secret in SECRETS)
        assert "phone" not in response.json()["parties"][1]
    body = _api(w.facilitator).get(f"{BASE}/restorative/{rj_case.pk}/").content.decode()
    assert all(secret in body for secret in SECRETS)
    assert _api(w.other_facilitator).get(f"{BASE}/restorative/{rj_case.pk}/").status_code == 404
    listed = _api(w.other_facilitator).get(f"{BASE}/restorative/").json()
    assert listed["count"] == 0


def test_session_without_consent_refused_then_recorded_and_closed_without_agreement(w: World) -> None:
    rj_case = w.rj_case()
    person, victim = w.responsible(rj_case), w.victim(rj_case)
    api = _api(w.facilitator)
    body = {"held_on": TODAY().isoformat(), "kind": SessionKind.MEETING, "attendees": [person.pk, victim.pk]}
    refused = api.post(f"{BASE}/restorative/{rj_case.pk}/sessions/", body, format="json")
    assert refused.status_code == 400 and "No consent on record" in refused.json()["attendees"][0]
    assert not RestorativeSession.objects.exists()
    consent = api.post(f"{BASE}/restorative/{rj_case.pk}/parties/{person.pk}/consent/",
                       {"informed_how": InformedHow.VIDEO}, format="json")
    assert consent.status_code == 200
    assert api.post(f"{BASE}/restorative/{rj_case.pk}/sessions/", body, format="json").status_code == 201
    officer = _api(w.officer)
    assert officer.post(f"{BASE}/restorative/{rj_case.pk}/sessions/", "{", content_type="application/json"
                        ).status_code == 403
    closed = api.post(f"{BASE}/restorative/{rj_case.pk}/close/", {"version": rj_case.version,
                                                                  "outcome": RestorativeOutcome.NO_AGREEMENT},
                      format="json")
    assert closed.status_code == 200 and closed.json()["outcome"] == "no_agreement"
    assert "breach" not in closed.content.decode().lower()


def test_officer_records_the_persons_withdrawal_through_the_api(w: World) -> None:
    rj_case = w.rj_case()
    person = w.responsible(rj_case)
    services.consent_give(actor=w.facilitator, party=person, informed_how=InformedHow.IN_PERSON)
    response = _api(w.officer).post(f"{BASE}/restorative/{rj_case.pk}/parties/{person.pk}/withdraw/", {},
                                    format="json")
    assert response.status_code == 200
    assert response.json()["parties"][0]["consent"] == "withdrawn"
