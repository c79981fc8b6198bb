"""Reads of a person's record are audited once each; outside one's caseload a purpose comes first."""
from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, PersonAccess
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.choices import AuditAction, ReadPurpose
from reintegra.audit.models import AuditEvent
from reintegra.audit.services import audit_chain_verify
from reintegra.people import access_log, services
from reintegra.people.models import Person
from reintegra.people.tests.factories import IdentifierFactory

pytestmark = pytest.mark.django_db


def _access(level: Level = Level.FULL, own: bool = False):
    return lambda user, person: PersonAccess(level, own_caseload=own, reasons=("test",))


@pytest.fixture
def manager():
    return user_with_role(Role.PRISON_CASE_MANAGER)


@pytest.fixture
def person(manager) -> Person:
    return services.person_create(actor=manager, given_name="Zofia", family_name="Wiśniewska",
                                  identifiers=[("prison_number", "PN-9")])


@pytest.fixture
def outside(monkeypatch):
    """The person is visible in full but not in the user's own caseload: a purpose is asked."""
    monkeypatch.setattr(access_log, "person_access", _access(Level.FULL, own=False))


@pytest.fixture
def own(monkeypatch):
    monkeypatch.setattr(access_log, "person_access", _access(Level.FULL, own=True))


def _reads(person_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.READ, person_id=person_id).order_by("id"))


class TestPersonPage:
    def test_one_read_is_one_entry_naming_the_sections_shown(self, client, manager, person, own) -> None:
        client.force_login(manager)
        url = reverse("people:detail", args=[person.pk])
        response = client.get(url, REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 200 and "Wiśniewska" in response.content.decode()
        [entry] = _reads(person.pk)
        assert (entry.actor_id, entry.object_type, entry.object_id, entry.purpose, entry.source_ip) == (
            manager.pk, "person", str(person.pk), "", "192.0.2.7")
        assert {"identity", "identifiers", "aliases", "contacts", "timeline", "flags"} <= set(entry.fields)
        assert "audit-reads" in entry.fields  # the panels shown are listed too
        client.get(url, {"page": 2})
        assert len(_reads(person.pk)) == 2
        assert audit_chain_verify().ok

    def test_purpose_asked_once_per_person_per_session_and_kept_in_each_entry(self, client, manager, person,
                                                                              outside) -> None:
        other = services.person_create(actor=manager, given_name="Piotr", family_name="Nowak")
        client.force_login(manager)
        url = reverse("people:detail", args=[person.pk])
        prompt = client.get(url)
        body = prompt.content.decode()
        assert prompt.status_code == 200 and "Why are you opening this record?" in body
        assert "Wiśniewska" not in body and "PN-9" not in body and "Zofia" not in body
        assert _reads(person.pk) == []
        answer = client.post(reverse("audit:purpose", args=[person.pk]),
                             {"purpose": ReadPurpose.COURT_REPORT, "next": url})
        assert answer.status_code == 302 and answer["Location"] == url
        for _ in range(2):
            page = client.get(url)
            assert "Wiśniewska" in page.content.decode() and "Why are you opening" not in page.content.decode()
        assert [e.purpose for e in _reads(person.pk)] == ["court_report", "court_report"]
        history = client.get(reverse("people:history", args=[person.pk]))
        assert history.status_code == 200 and _reads(person.pk)[-1].fields == ["history"]
        # another person: asked again; a new session: asked again
        assert "Why are you opening this record?" in client.get(reverse("people:detail", args=[other.pk])).content.decode()
        client.logout()
        client.force_login(manager)
        assert "Why are you opening this record?" in client.get(url).content.decode()

    def test_own_caseload_is_not_asked(self, client, manager, person, own) -> None:
        client.force_login(manager)
        assert "Why are you opening" not in client.get(reverse("people:detail", args=[person.pk])).content.decode()

    def test_search_is_logged_by_count_without_the_words(self, client, manager, person) -> None:
        client.force_login(manager)
        client.get(reverse("people:search"), {"q": "wisniewska"})
        [entry] = AuditEvent.objects.filter(action=AuditAction.SEARCH)
        assert entry.detail == {"results": 1} and entry.person_id is None
        assert "wisniewska" not in str(entry.__dict__).lower()


class TestWhoHasLooked:
    def _panel(self, client, person) -> str:
        body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
        return body if "Who has looked at this record" in body else ""

    def test_full_access_sees_earlier_reads_with_organisation_and_purpose(self, client, manager, person,
                                                                          monkeypatch) -> None:
        monkeypatch.setattr(access_log, "person_access", _access(Level.FULL, own=False))
        reader = user_with_role(Role.PROBATION_OFFICER)
        client.force_login(reader)
        from reintegra.audit.tests.helpers import state_purpose

        state_purpose(client, person.pk, ReadPurpose.QUALITY_ASSURANCE)
        first = self._panel(client, person)
        assert first and "Nobody has opened this record yet." in first
        second = self._panel(client, person)
        organisation = reader.memberships.get().organisation.name
        assert reader.username in second or reader.get_full_name() in second
        assert organisation in second and "Quality assurance" in second

    def test_hidden_below_full_access(self, client, manager, person, monkeypatch) -> None:
        monkeypatch.setattr(access_log, "person_access", _access(Level.SUMMARY, own=True))
        client.force_login(manager)
        response = client.get(reverse("people:detail", args=[person.pk]))
        assert response.status_code == 200 and "Who has looked at this record" not in response.content.decode()

    def test_auditors_see_it_whatever_their_access(self, manager, person, monkeypatch) -> None:
        from django.test import RequestFactory

        monkeypatch.setattr(access_log, "person_access", _access(Level.NONE, own=False))
        request = RequestFactory().get("/")
        request.user = user_with_role(Role.AUDITOR)
        assert access_log.who_looked_context(request, person) == {"reads": []}
        request.user = manager
        assert access_log.who_looked_context(request, person) is None


class TestApi:
    def _api(self, user) -> APIClient:
        api = APIClient()
        api.force_authenticate(user)
        return api

    def test_outside_the_caseload_purpose_is_required(self, manager, person, outside) -> None:
        api = self._api(manager)
        for path in ("", "identifiers/", "aliases/", "contacts/", "timeline/"):
            refused = api.get(f"/api/people/{person.pk}/{path}")
            assert refused.status_code == 400 and "purpose" in refused.json(), path
            assert "Wiśniewska" not in refused.content.decode()
        assert _reads(person.pk) == []
        ok = api.get(f"/api/people/{person.pk}/", {"purpose": "court_report"})
        assert ok.status_code == 200 and ok.json()["family_name"] == "Wiśniewska"
        [entry] = _reads(person.pk)
        assert entry.purpose == "court_report" and {"given_name", "family_name"} <= set(entry.fields)
        api.get(f"/api/people/{person.pk}/timeline/", {"purpose": "checking the dates"})
        assert [(e.fields, e.purpose) for e in _reads(person.pk)][-1] == (["timeline"], "checking the dates")

    def test_own_caseload_needs_no_purpose_and_each_call_is_one_entry(self, manager, person, own) -> None:
        api = self._api(manager)
        assert api.get(f"/api/people/{person.pk}/").status_code == 200
        assert api.get(f"/api/people/{person.pk}/identifiers/").status_code == 200
        assert [e.fields for e in _reads(person.pk)][-1] == ["identifiers"] and len(_reads(person.pk)) == 2

    def test_search_has_no_query_text(self, manager, person) -> None:
        IdentifierFactory(person=person, value="SECRET42")
        self._api(manager).get("/api/people/", {"q": "secret42"})
        [entry] = AuditEvent.objects.filter(action=AuditAction.SEARCH)
        assert entry.detail == {"results": 1} and "SECRET42" not in str(entry.__dict__).upper()


class TestDenied:
    def test_refused_page_and_endpoint_are_logged_and_change_nothing(self, client, person) -> None:
        volunteer = user_with_role(Role.ANALYST)
        client.force_login(volunteer)
        before = Person.objects.count()
        response = client.post(reverse("people:create"), {"given_name": "Ghost", "family_name": "Writer"},
                               REMOTE_ADDR="198.51.100.4")
        assert response.status_code == 403 and Person.objects.count() == before
        api = APIClient()
        api.force_authenticate(volunteer)
        assert api.post("/api/people/", {"given_name": "Ghost", "family_name": "Writer"}, format="json").status_code == 403
        assert Person.objects.count() == before and not Person.objects.filter(family_name="Writer").exists()
        denied = list(AuditEvent.objects.filter(action=AuditAction.DENIED).order_by("id"))
        assert [(e.actor_id, e.object_id, e.detail["path"], e.detail["method"]) for e in denied] == [
            (volunteer.pk, "people:create", reverse("people:create"), "POST"),
            (volunteer.pk, "people-api:person-list", "/api/people/", "POST"),
        ]
        assert denied[0].source_ip == "198.51.100.4"
