"""A refusable service: refused writes are rolled back, recorded once and re-raised."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from reintegra.audit.choices import AuditAction
from reintegra.audit.models import AuditEvent
from reintegra.audit.refusals import RefusalLog
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError

pytestmark = pytest.mark.django_db

LOG = RefusalLog(object_type="tests.thing", event="thing.refused", subject=lambda kwargs: (None, kwargs.get("person_id")))


@LOG.refusable("thing_write")
def thing_write(*, actor: Any, person_id: int, fail: Exception | None = None) -> str:
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="tests.thing", person_id=person_id)
    if fail is not None:
        raise fail
    return "written"


def test_an_accepted_call_returns_and_records_nothing_extra() -> None:
    assert thing_write(actor=None, person_id=7) == "written"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [AuditAction.CREATE]


@pytest.mark.parametrize(("error", "why", "fields"), [
    (ValidationError({"name": ["Required."], "date": ["Bad."]}), "invalid", ["date", "name"]),
    (AccessDenied("thing.edit"), "access", []),
    (StaleEditError(current_version=3, expected_version=2), "stale", ["version"]),
])
def test_a_refusal_is_rolled_back_and_recorded_once(error: Exception, why: str, fields: list[str]) -> None:
    with pytest.raises(type(error)):
        thing_write(actor=None, person_id=7, fail=error)
    event = AuditEvent.objects.get()  # the CREATE inside the service was rolled back
    assert (event.action, event.person_id, event.fields) == (AuditAction.DENIED, 7, fields)
    assert event.detail == {"event": "thing.refused", "operation": "thing_write", "why": why}
