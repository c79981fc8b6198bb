"""Test helpers for pages that ask a purpose before opening a record outside one's caseload."""
from __future__ import annotations

from typing import Any

from reintegra.audit.choices import ReadPurpose
from reintegra.audit.web import SESSION_KEY


def state_purpose(client: Any, person_id: int, purpose: str = ReadPurpose.CASE_MANAGEMENT) -> None:
    """As if the logged-in user of ``client`` had answered the purpose prompt for ``person_id``."""
    session = client.session
    purposes = dict(session.get(SESSION_KEY) or {})
    purposes[str(person_id)] = str(purpose)
    session[SESSION_KEY] = purposes
    session.save()
