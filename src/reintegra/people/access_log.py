"""Reads of a person's record go into the audit log, and outside one's own caseload a purpose is
asked first (once per person per session on pages, ``?purpose=`` on the API).

The person page, the person API and the justice pages and endpoints that show one person's record
call these, so every read writes exactly one audit entry naming the sections it showed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Membership
from reintegra.accounts.policy import Action, Level, PersonAccess, allowed, person_access
from reintegra.audit.choices import ReadPurpose
from reintegra.audit.selectors import person_reads
from reintegra.audit.services import audit_read
from reintegra.audit.web import PURPOSE_MAX_LENGTH, client_ip, purpose_label, purpose_prompt, stated_purpose
from reintegra.people.models import Identifier
from reintegra.people.services.validation import normalise_identifier

WHO_LOOKED_LIMIT = 10


def _access(request: Any, person: Any) -> PersonAccess:
    return person_access(request.user, person)  # cached by the policy for the request's user


@dataclass(frozen=True)
class RecordRead:
    """A read that may go ahead; ``log`` writes its one audit entry once the sections are known."""

    request: Any
    person_id: int
    purpose: str

    def log(self, *, fields: Iterable[str], object_type: str = "person", object_id: Any = None) -> None:
        audit_read(
            actor=self.request.user, person_id=self.person_id, object_type=object_type,
            object_id=self.person_id if object_id is None else object_id, fields=fields,
            purpose=self.purpose, source_ip=client_ip(self.request),
        )


def page_read(request: HttpRequest, person: Any) -> RecordRead | HttpResponse:
    """For a page showing ``person``'s record: the purpose prompt (a response to return as it is)
    when the person is outside the user's caseload and no purpose was given in this session;
    otherwise the read, to ``log`` after the page is rendered."""
    if _access(request, person).own_caseload:
        return RecordRead(request, person.pk, "")
    purpose = stated_purpose(request, person.pk)
    if not purpose:
        return purpose_prompt(request, person.pk)
    return RecordRead(request, person.pk, purpose)



def logged_page(request: HttpRequest, person: Any, draw: Callable[[], HttpResponse], *, fields: Iterable[str],
                object_type: str, object_id: Any = None) -> HttpResponse:
    """Draw a page showing ``person``'s record and write its one audit entry; outside the user's
    caseload, the purpose prompt first (returned as it is, nothing drawn or logged)."""
    read = page_read(request, person)
    if isinstance(read, HttpResponse):
        return read
    response = draw()
    read.log(fields=fields, object_type=object_type, object_id=object_id)
    return response

def api_read(request: Any, person: Any, *, fields: Iterable[str], object_type: str = "person",
             object_id: Any = None) -> None:
    """For an API response with ``person``'s data: log it, with the ``?purpose=`` given. Outside the
    user's caseload a missing purpose is refused (HTTP 400 through ``core.api``) and nothing is read."""
    purpose = ""
    if not _access(request, person).own_caseload:
        purpose = " ".join((request.query_params.get("purpose") or "").split())[:PURPOSE_MAX_LENGTH]
        if not purpose:
            raise ValidationError({"purpose": [
                _("This person is not in your own caseload: say why you are reading the record with "
                  "?purpose= (%(choices)s, or a few words of your own).") % {"choices": ", ".join(ReadPurpose.values)}
            ]})
    RecordRead(request, person.pk, purpose).log(fields=fields, object_type=object_type, object_id=object_id)


def person_ids_by_identifier(text: str) -> list[int]:
    """For the auditor's search: the people holding ``text`` as an identifier (voided ones too, as
    the log outlives them). Not scoped: only users allowed to search the audit log reach it."""
    value = normalise_identifier(text)
    if not value:
        return []
    return list(Identifier.objects.filter(value=value).values_list("person_id", flat=True).distinct()[:100])


def who_looked_context(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The person page panel "Who has looked at this record": the latest reads, for auditors and
    for staff with full access to the person (their own case staff); hidden from everyone else."""
    user = getattr(request, "user", None)
    if user is None or not (allowed(user, Action.AUDIT_VIEW) or _access(request, person).level >= Level.FULL):
        return None
    reads = person_reads(person_id=person.pk, limit=WHO_LOOKED_LIMIT)
    organisations: dict[int, list[str]] = {}
    actor_ids = {event.actor_id for event in reads if event.actor_id}
    if actor_ids:
        for user_id, name in (Membership.objects.filter(user_id__in=actor_ids, active=True)
                              .order_by("organisation__name").values_list("user_id", "organisation__name")):
            if name not in organisations.setdefault(user_id, []):
                organisations[user_id].append(name)
    return {"reads": [
        {"event": event, "organisations": organisations.get(event.actor_id or 0, []),
         "purpose": purpose_label(event.purpose)}
        for event in reads
    ]}
