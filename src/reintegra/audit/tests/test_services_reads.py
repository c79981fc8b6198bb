from __future__ import annotations

import pytest
from django.test import override_settings

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.choices import AuditAction
from reintegra.audit.models import AuditEvent
from reintegra.audit.services import audit_chain_verify, audit_denied, audit_export, audit_read, audit_search

pytestmark = pytest.mark.django_db


def test_read_records_person_sections_purpose_and_address() -> None:
    officer = user_with_role(Role.PROBATION_OFFICER)
    event = audit_read(actor=officer, person_id=7, object_type="person", object_id=7,
                       fields=["timeline", "identity", "identity"], purpose="court_report", source_ip="10.0.0.5")
    stored = AuditEvent.objects.get()
    assert stored.pk == event.pk
    assert (stored.action, stored.person_id, stored.object_id, stored.purpose, stored.source_ip) == (
        AuditAction.READ, 7, "7", "court_report", "10.0.0.5")
    assert stored.fields == ["identity", "timeline"] and stored.actor_id == officer.pk
    assert audit_chain_verify().ok


def test_switching_read_logging_off_writes_nothing_but_refusals_still_count() -> None:
    officer = user_with_role(Role.PROBATION_OFFICER)
    with override_settings(REINTEGRA_AUDIT_READS=False):
        assert audit_read(actor=officer, person_id=1, object_type="person", object_id=1, fields=["identity"]) is None
        assert audit_search(actor=officer, object_type="person", result_count=3) is None
        audit_denied(actor=officer, path="/people/1/", method="GET", view_name="people:detail")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [AuditAction.DENIED]


def test_search_keeps_the_count_only() -> None:
    event = audit_search(actor=user_with_role(Role.PROBATION_OFFICER), object_type="person", result_count=4)
    assert event is not None and event.detail == {"results": 4}
    assert (event.person_id, event.object_id, event.fields, event.purpose) == (None, "", [], "")


def test_denied_and_export_entries() -> None:
    auditor = user_with_role(Role.AUDITOR)
    denied = audit_denied(actor=None, path="/people/3/", method="GET", view_name="people:detail", source_ip="::1")
    assert (denied.action, denied.actor_id, denied.object_id, denied.detail["path"]) == (
        AuditAction.DENIED, None, "people:detail", "/people/3/")
    export = audit_export(actor=auditor, what="audit_event", row_count=12, filters={"action": "read"})
    assert export.action == AuditAction.EXPORT and export.detail == {"rows": 12, "filters": {"action": "read"}}
    assert audit_chain_verify().checked == 2
