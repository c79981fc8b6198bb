"""What the audit log takes from an HTTP request: the client address and the purposes stated in
this session. Pages and endpoints of higher apps call these; the audit app never sees a record."""
from __future__ import annotations

import ipaddress
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reintegra.audit.choices import ReadPurpose

SESSION_KEY = "reintegra.audit.purposes"
PURPOSE_MAX_LENGTH = 200


def client_ip(request: Any) -> str | None:
    """The address the request came from (``REMOTE_ADDR``: set by the server, not by the client;
    behind a proxy, the proxy must be configured to set it)."""
    value = (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def purpose_text(choice: str, other: str = "") -> str:
    """The stored form of a purpose: the choice's code, or ``other: <text>``."""
    other = " ".join(other.split())
    if choice == ReadPurpose.OTHER:
        return f"{ReadPurpose.OTHER}: {other}"[:PURPOSE_MAX_LENGTH]
    return choice


def purpose_label(value: str) -> str:
    """A stored purpose in the reader's language: the choice's label, or the free text given."""
    if value in ReadPurpose.values:
        return str(ReadPurpose(value).label)
    prefix = f"{ReadPurpose.OTHER}: "
    if value.startswith(prefix):
        return f"{ReadPurpose.OTHER.label}: {value[len(prefix):]}"
    return value


def stated_purpose(request: HttpRequest, person_id: int) -> str | None:
    """The purpose given in this session for opening ``person_id``'s record, or ``None``."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    return (session.get(SESSION_KEY) or {}).get(str(person_id))


def remember_purpose(request: HttpRequest, person_id: int, purpose: str) -> None:
    """Keep the purpose for the rest of the session (it ends at log-out or expiry)."""
    purposes = dict(request.session.get(SESSION_KEY) or {})
    purposes[str(person_id)] = purpose[:PURPOSE_MAX_LENGTH]
    request.session[SESSION_KEY] = purposes


def purpose_prompt(request: HttpRequest, person_id: int, form: Any = None) -> HttpResponse:
    """The short form asking why a record outside one's caseload is being opened. It shows the
    record number only: nothing of the record is shown until a purpose is given."""
    from reintegra.audit.forms import PurposeForm

    if form is None:
        form = PurposeForm(initial={"next": request.get_full_path()})
    return render(request, "audit/purpose.html", {"form": form, "person_id": person_id})


def log_denied_request(request: HttpRequest, response: HttpResponse) -> None:
    """Listener for ``core.middleware.DENIED_LISTENERS``: one DENIED entry per refused request."""
    from reintegra.audit.services import audit_denied

    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    audit_denied(
        actor=user if getattr(user, "is_authenticated", False) else None, path=request.path,
        method=request.method or "", view_name=match.view_name if match else "", source_ip=client_ip(request),
    )
