"""The justice record page and endpoints that return one person's record write one read entry each."""
from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, PersonAccess
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.choices import AuditAction, ReadPurpose
from reintegra.audit.models import AuditEvent
from reintegra.audit.tests.helpers import state_purpose
from reintegra.justice.tests.factories import CaseFactory
from reintegra.people import access_log, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return user_with_role(Role.PROBATION_OFFICER)


@pytest.fixture
def person(officer):
    return services.person_create(actor=officer, given_name="Tomasz", family_name="Kowal")


def _caseload(monkeypatch, own: bool) -> None:
    monkeypatch.setattr(access_log, "person_access",
                        lambda user, person: PersonAccess(Level.FULL, own_caseload=own, reasons=("test",)))


def _reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.READ).order_by("id"))


def test_status_and_case_endpoints_log_one_read_each(officer, person, monkeypatch) -> None:
    _caseload(monkeypatch, own=True)
    case = CaseFactory(person=person)
    api = APIClient()
    api.force_authenticate(officer)
    assert api.get(reverse("justice-api:person-status", args=[person.pk])).status_code == 200
    assert api.get(reverse("justice-api:case-detail", args=[case.pk])).status_code == 200
    assert api.get(reverse("justice-api:case-list"), {"person": person.pk}).status_code == 200
    assert api.get(reverse("justice-api:case-list")).status_code == 200  # many people: not a read of one
    entries = [(e.object_type, e.object_id, e.person_id) for e in _reads()]
    assert entries == [
        ("justice.status", str(person.pk), person.pk),
        ("justice.case", str(case.pk), person.pk),
        ("justice.case", str(person.pk), person.pk),
    ]
    assert _reads()[0].fields == ["key_dates", "status"] and "reference" in _reads()[1].fields


def test_outside_the_caseload_the_api_needs_a_purpose(officer, person, monkeypatch) -> None:
    _caseload(monkeypatch, own=False)
    api = APIClient()
    api.force_authenticate(officer)
    url = reverse("justice-api:person-status", args=[person.pk])
    refused = api.get(url)
    assert refused.status_code == 400 and "purpose" in refused.json() and _reads() == []
    assert api.get(url, {"purpose": ReadPurpose.SUPERVISION}).status_code == 200
    assert [e.purpose for e in _reads()] == ["supervision"]


def test_record_page_asks_the_purpose_then_logs_once(client, officer, person, monkeypatch) -> None:
    _caseload(monkeypatch, own=False)
    client.force_login(officer)
    url = reverse("justice:person-record", args=[person.pk])
    prompt = client.get(url)
    assert "Why are you opening this record?" in prompt.content.decode() and "Kowal" not in prompt.content.decode()
    assert _reads() == []
    state_purpose(client, person.pk, ReadPurpose.COURT_REPORT)
    page = client.get(url)
    assert page.status_code == 200 and "Kowal" in page.content.decode()
    [entry] = _reads()
    assert (entry.object_type, entry.purpose, entry.person_id) == ("justice.record", "court_report", person.pk)
    assert "justice-record" in entry.fields
