"""The release-preparation API: 403 before the body is read, 404 outside scope, 400 with field
errors, 409 for a stale version, the countdown list and the officer's acknowledgement."""
from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.reentry import services
from reintegra.reentry.tests.factories import book_first_appointment, sentenced_world, waive_checklist

pytestmark = pytest.mark.django_db
BASE = "/api/release/"


def _api(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_and_detail_with_purpose_and_query_count(django_assert_max_num_queries) -> None:  # noqa: ANN001
    w = sentenced_world()
    api = _api(w.manager)
    rows = api.get(BASE).json()["results"]
    assert [row["preparation"]["id"] for row in rows] == [w.preparation.pk] and rows[0]["point"] == 12
    assert api.get(f"{BASE}{w.preparation.pk}/").status_code == 400  # outside the own caseload: say why
    with django_assert_max_num_queries(25):
        response = api.get(f"{BASE}{w.preparation.pk}/", {"purpose": "case_management"})
    data = response.json()
    assert len(data["pathways"]) == 8 and len(data["checklist"]) == 5 and data["handover"] is None


def test_forbidden_before_the_body_and_404_outside_scope() -> None:
    w = sentenced_world()
    pathway = w.preparation.pathways.first()
    staff = _api(user_with_role(Role.PROGRAMME_STAFF, w.prison))
    assert staff.patch(f"{BASE}{w.preparation.pk}/pathways/{pathway.pk}/", "not json",
                       content_type="application/json").status_code == 403
    assert staff.get(BASE).status_code == 403
    outsider = _api(user_with_role(Role.PRISON_CASE_MANAGER))
    assert outsider.get(f"{BASE}{w.preparation.pk}/", {"purpose": "x"}).status_code == 404
    assert outsider.patch(f"{BASE}{w.preparation.pk}/pathways/{pathway.pk}/",
                          {"status": "no_need", "version": 1}, format="json").status_code == 404


def test_field_errors_and_stale_versions() -> None:
    w = sentenced_world()
    api = _api(w.manager)
    pathway = w.preparation.pathways.get(pathway="accommodation")
    url = f"{BASE}{w.preparation.pk}/pathways/{pathway.pk}/"
    response = api.patch(url, {"status": "need_identified", "needs": "", "version": 1}, format="json")
    assert response.status_code == 400 and "needs" in response.json()
    response = api.patch(url, {"status": "need_identified", "needs": "No fixed address", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert api.patch(url, {"status": "resolved", "needs": "x", "version": 1}, format="json").status_code == 409
    response = api.post(f"{url}actions/", {"description": "Housing referral", "owner_kind": "staff",
                                          "due_on": str(timezone.localdate())}, format="json")
    assert response.status_code == 400 and "owner_user" in response.json()
    item = w.preparation.checklist.get(item="family_decided")
    response = api.post(f"{BASE}{w.preparation.pk}/checklist/{item.pk}/",
                        {"decision": "waive", "reason": "", "version": 1}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post(f"{BASE}{w.preparation.pk}/checklist/{item.pk}/",
                        {"decision": "waive", "reason": "No contacts", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "waived"
    response = api.post(f"{url}evidence/", {"kind": "address_confirmed", "seen_on": str(timezone.localdate())},
                        format="json")
    assert response.status_code == 201


def test_acknowledge_only_by_the_receiving_officer() -> None:
    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    waive_checklist(w.preparation, w.manager)
    w.preparation.refresh_from_db()
    services.release_record(actor=w.manager, preparation=w.preparation, released_on=timezone.localdate(),
                            release_type="parole")
    url = f"{BASE}{w.preparation.pk}/handover/acknowledge/"
    assert _api(user_with_role(Role.PROBATION_OFFICER, w.office)).post(url).status_code in (403, 404)
    officer = _api(w.officer)
    assert [row["preparation"] for row in officer.get(BASE, {"view": "handovers"}).json()["results"]] == [
        w.preparation.pk]
    response = officer.post(url)
    assert response.status_code == 200 and response.json()["acknowledged_at"]
    assert officer.post(url).status_code == 400
