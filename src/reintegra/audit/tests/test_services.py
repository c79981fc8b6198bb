from __future__ import annotations

from importlib import import_module

import pytest
from django.db import DatabaseError, connection, transaction

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.choices import AuditAction
from reintegra.audit.models import GENESIS_HASH, AuditEvent
from reintegra.audit.services import audit_chain_verify, audit_record

pytestmark = pytest.mark.django_db


def _log(n: int) -> list[AuditEvent]:
    actor = user_with_role(Role.PROBATION_OFFICER)
    return [
        audit_record(actor=actor, action=AuditAction.READ, object_type="person", object_id=i, person_id=i,
                     fields=["identity"], purpose="supervision", source_ip="127.0.0.1")
        for i in range(1, n + 1)
    ]


GUARD = import_module("reintegra.audit.migrations.0002_append_only_triggers")


@pytest.fixture(autouse=True)
def append_only_guard() -> None:
    """Install the migration's guard (test settings leave it out so databases can be flushed);
    the test transaction rolls it back afterwards."""
    with connection.cursor() as cursor:
        for statement in {"sqlite": GUARD.SQLITE_UP, "postgresql": GUARD.POSTGRES_UP}[connection.vendor]:
            cursor.execute(statement)


def _tamper(sql: str, params: list[object]) -> None:
    """What someone with direct database access could do: drop the guard, edit, put it back."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in {"sqlite": GUARD.SQLITE_DOWN, "postgresql": GUARD.POSTGRES_DOWN}[vendor]:
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in {"sqlite": GUARD.SQLITE_UP, "postgresql": GUARD.POSTGRES_UP}[vendor]:
            cursor.execute(statement)


def test_entries_chain_to_each_other() -> None:
    events = _log(3)
    assert events[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    result = audit_chain_verify()
    assert result.ok and result.checked == 3


def test_database_refuses_update_and_delete() -> None:
    event = _log(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(purpose="nothing to see")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose == "supervision"


def test_verify_finds_an_edited_entry() -> None:
    events = _log(5)
    _tamper("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["curiosity", events[2].pk])
    result = audit_chain_verify(batch_size=2)
    assert (result.ok, result.first_broken_id, result.checked) == (False, events[2].pk, 2)
    assert "changed" in result.problem


def test_verify_finds_a_removed_entry() -> None:
    events = _log(4)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    assert audit_chain_verify().first_broken_id == events[2].pk


def test_verify_finds_a_cut_tail() -> None:
    events = _log(3)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    result = audit_chain_verify()
    assert not result.ok and result.first_broken_id == events[2].pk


def test_verify_command_reports_the_broken_entry() -> None:
    from django.core.management import CommandError, call_command

    events = _log(2)
    call_command("audit", "verify", "--quiet")
    _tamper("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["99", events[0].pk])
    with pytest.raises(CommandError, match=f"#{events[0].pk}"):
        call_command("audit", "verify", "--quiet")


def test_bulk_append_chains_like_single_appends() -> None:
    from reintegra.audit.services import AuditEntry, audit_bulk_append

    first = _log(1)[0]
    added = audit_bulk_append(
        entries=(AuditEntry(action=AuditAction.READ, object_type="person", object_id=str(i), person_id=i) for i in range(7)),
        batch_size=3,
    )
    audit_record(actor=None, action=AuditAction.EXPORT, object_type="report")
    assert added == 7
    result = audit_chain_verify(batch_size=4)
    assert result.ok and result.checked == 9
    assert AuditEvent.objects.order_by("id")[1].prev_hash == first.hash
