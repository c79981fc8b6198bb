"""Pages of the audit app: the purpose prompt's answer, and the auditor's search and export."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from reintegra.audit.forms import AuditSearchForm, PurposeForm
from reintegra.audit.selectors import AuditFilters, audit_event_export, audit_event_list
from reintegra.audit.services import audit_export
from reintegra.audit.web import client_ip, purpose_label, purpose_prompt, remember_purpose
from reintegra.core.access import action_allowed

PAGE_SIZE = 50
EXPORT_COLUMNS = (
    "id", "occurred_at", "actor_id", "actor_username", "action", "object_type", "object_id", "person_id",
    "fields", "purpose", "source_ip", "detail", "prev_hash", "hash",
)


@require_POST
def purpose(request: HttpRequest, person_id: int) -> HttpResponse:
    """Keep the stated purpose for this person in the session, then go back to the record."""
    form = PurposeForm(request.POST)
    if not form.is_valid():
        return purpose_prompt(request, person_id, form=form)
    remember_purpose(request, person_id, form.stated())
    target = form.cleaned_data.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)


def _filters(form: AuditSearchForm) -> AuditFilters | None:
    return form.filters() if form.is_valid() else None


@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    """Search the log by person, user, dates and action; newest first, 50 to a page."""
    form = AuditSearchForm(request.GET or None)
    filters = _filters(form) if request.GET else AuditFilters()
    events = audit_event_list(user=request.user, filters=filters or AuditFilters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")) if filters is not None else None
    rows = [(event, purpose_label(event.purpose)) for event in page] if page is not None else []
    return render(request, "audit/search.html", {
        "form": form, "page": page, "rows": rows, "query": request.GET.urlencode(),
        "can_export": action_allowed(request.user, "audit.export"),
    })


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for row in events.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        yield writer.writerow(row)


@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse:
    """The entries of the current search as CSV (with their hashes, so a copy can be checked);
    the export itself is written to the log first."""
    form = AuditSearchForm(request.GET or None)
    filters = _filters(form) if request.GET else AuditFilters()
    if filters is None:
        return search(request)
    events = audit_event_export(user=request.user, filters=filters)
    # Fix the set before logging, so the export's own entry is not part of it.
    events = events.filter(id__lte=events.values_list("id", flat=True).first() or 0)
    audit_export(actor=request.user, what="audit_event", row_count=events.count(),
                 filters=form.export_description() if request.GET else {}, source_ip=client_ip(request))
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
