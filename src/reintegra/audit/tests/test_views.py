from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.choices import AuditAction, ReadPurpose
from reintegra.audit.models import AuditEvent
from reintegra.audit.services import AuditEntry, audit_bulk_append, audit_chain_verify
from reintegra.audit.web import SESSION_KEY
from reintegra.people.tests.factories import IdentifierFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("audit:search")
EXPORT = reverse("audit:export")


def _at(day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 3, day, 12, 0))


@pytest.fixture
def log() -> dict[str, object]:
    """Five entries over five days by two users about two people, oldest first."""
    alice, bob = user_with_role(Role.PROBATION_OFFICER), user_with_role(Role.PRISON_CASE_MANAGER)
    entries = [
        AuditEntry(action=AuditAction.READ, actor_id=alice.pk, actor_username=alice.username, object_type="person",
                   object_id="101", person_id=101, fields=("identity",), purpose="court_report", occurred_at=_at(1)),
        AuditEntry(action=AuditAction.READ, actor_id=bob.pk, actor_username=bob.username, object_type="person",
                   object_id="102", person_id=102, fields=("identity",), occurred_at=_at(2)),
        AuditEntry(action=AuditAction.UPDATE, actor_id=alice.pk, actor_username=alice.username,
                   object_type="person", object_id="101", person_id=101, occurred_at=_at(3)),
        AuditEntry(action=AuditAction.SEARCH, actor_id=bob.pk, actor_username=bob.username,
                   object_type="person", occurred_at=_at(4)),
        AuditEntry(action=AuditAction.READ, actor_id=bob.pk, actor_username=bob.username, object_type="person",
                   object_id="101", person_id=101, fields=("timeline",), purpose="other: parole board",
                   occurred_at=_at(5)),
    ]
    audit_bulk_append(entries=entries)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    return {"alice": alice, "bob": bob, "ids": ids}


@pytest.fixture
def auditor(client):
    client.force_login(user_with_role(Role.AUDITOR))
    return client


def _ids(response) -> list[int]:
    return [row[0].pk for row in response.context["rows"]]


class TestAuditorSearch:
    def test_newest_first_with_purposes_in_words(self, auditor, log) -> None:
        response = auditor.get(SEARCH)
        assert response.status_code == 200
        assert _ids(response) == list(reversed(log["ids"]))
        body = response.content.decode()
        assert "Court or parole report" in body and "Other (say what): parole board" in body

    @pytest.mark.parametrize(("params", "expected"), [
        ({"person": "101"}, [4, 2, 0]),
        ({"action": "read"}, [4, 1, 0]),
        ({"date_from": "2026-03-02", "date_to": "2026-03-04"}, [3, 2, 1]),
        ({"person": "101", "action": "read", "date_to": "2026-03-01"}, [0]),
    ])
    def test_filters(self, auditor, log, params, expected) -> None:
        assert _ids(auditor.get(SEARCH, params)) == [log["ids"][i] for i in expected]

    def test_filter_by_user_and_by_identifier(self, auditor, log) -> None:
        assert _ids(auditor.get(SEARCH, {"user": log["alice"].username.upper()})) == [log["ids"][2], log["ids"][0]]
        identifier = IdentifierFactory(value="PN777")
        audit_bulk_append(entries=[AuditEntry(action=AuditAction.READ, object_type="person",
                                              object_id=str(identifier.person_id), person_id=identifier.person_id)])
        newest = AuditEvent.objects.order_by("-id").first()
        assert _ids(auditor.get(SEARCH, {"person": "pn 777"})) == [newest.pk]
        assert "No entries match" in auditor.get(SEARCH, {"person": "NOBODY-1"}).content.decode()

    def test_bad_dates_are_reported_next_to_the_field(self, auditor, log) -> None:
        response = auditor.get(SEARCH, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
        assert response.status_code == 200 and response.context["page"] is None
        assert "The end date is before the start date." in response.content.decode()

    def test_paginates(self, auditor) -> None:
        audit_bulk_append(entries=[AuditEntry(action=AuditAction.SEARCH, object_type="person") for _ in range(51)])
        first, second = auditor.get(SEARCH), auditor.get(SEARCH, {"page": 2})
        assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 1
        assert "Page 1 of 2" in first.content.decode()

    @pytest.mark.parametrize("role", [Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.SYSTEM_ADMIN, Role.ANALYST])
    def test_non_auditors_are_refused_and_the_refusal_is_logged(self, client, log, role) -> None:
        client.force_login(user_with_role(role))
        before = AuditEvent.objects.count()
        assert client.get(SEARCH).status_code == 403
        assert client.get(EXPORT).status_code == 403
        new = list(AuditEvent.objects.filter(pk__gt=log["ids"][-1]).values_list("action", "object_id"))
        assert new == [(AuditAction.DENIED, "audit:search"), (AuditAction.DENIED, "audit:export")]
        assert AuditEvent.objects.count() == before + 2 and audit_chain_verify().ok


class TestExport:
    def test_csv_of_the_search_and_the_export_is_logged(self, auditor, log) -> None:
        response = auditor.get(EXPORT, {"person": "101"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0][:5] == ["id", "occurred_at", "actor_id", "actor_username", "action"]
        assert [int(row[0]) for row in rows[1:]] == [log["ids"][4], log["ids"][2], log["ids"][0]]
        export = AuditEvent.objects.order_by("-id").first()
        assert export.action == AuditAction.EXPORT and export.object_type == "audit_event"
        assert export.detail["rows"] == 3 and export.detail["filters"]["person_ids"] == [101]
        assert audit_chain_verify().ok

    def test_export_without_filters_does_not_contain_itself_and_names_no_typed_text(self, auditor, log) -> None:
        response = auditor.get(EXPORT, {"user": log["bob"].username})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(rows) - 1 == 3
        export = AuditEvent.objects.order_by("-id").first()
        assert export.detail["filters"]["user_filtered"] is True
        assert log["bob"].username not in str(export.detail)
        everything = auditor.get(EXPORT)
        assert len(list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode())))) - 1 == 6

    def test_auditor_without_export_permission_is_refused(self, client, log) -> None:
        from django.contrib.auth.models import Group, Permission

        Group.objects.get(name=Role.AUDITOR).permissions.remove(Permission.objects.get(codename="audit_export"))
        client.force_login(user_with_role(Role.AUDITOR))
        assert client.get(SEARCH).status_code == 200
        assert "Export as CSV" not in client.get(SEARCH).content.decode()
        assert client.get(EXPORT).status_code == 403
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


class TestPurposeAnswer:
    def test_keeps_the_purpose_for_the_person_and_returns_to_the_record(self, client) -> None:
        client.force_login(user_with_role(Role.PROBATION_OFFICER))
        url = reverse("audit:purpose", args=[42])
        response = client.post(url, {"purpose": ReadPurpose.OTHER, "other": "  victim  liaison ", "next": "/people/42/"})
        assert response.status_code == 302 and response["Location"] == "/people/42/"
        assert client.session[SESSION_KEY] == {"42": "other: victim liaison"}

    def test_other_needs_words_and_foreign_targets_are_ignored(self, client) -> None:
        client.force_login(user_with_role(Role.PROBATION_OFFICER))
        url = reverse("audit:purpose", args=[42])
        response = client.post(url, {"purpose": ReadPurpose.OTHER, "other": "", "next": "/people/42/"})
        assert response.status_code == 200 and "Say why you are opening the record." in response.content.decode()
        assert SESSION_KEY not in client.session
        response = client.post(url, {"purpose": ReadPurpose.SUPERVISION, "next": "https://elsewhere.example/"})
        assert response["Location"] == "/"
        assert client.get(url).status_code == 405
