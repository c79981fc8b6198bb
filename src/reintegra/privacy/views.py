"""Data-protection pages: sharing agreements, subject access, retention and the analyst extract.
Each parses a form, calls one service or selector, and renders."""
from __future__ import annotations

import io
import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.privacy import extract, forms, selectors, services

View = Callable[..., HttpResponse]


_guarded = action_required


def _source_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- data-sharing agreements ------------------------------------------------------------------

@_guarded(Action.SHARING_EDIT)
def agreement_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.agreement_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "privacy/agreement_list.html", {"page": page, "today": timezone.localdate()})


@_guarded(Action.SHARING_EDIT)
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.agreement_create(actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect("privacy:agreement-list")
    return render(request, "form_page.html", {
        "form": form, "title": _("New data-sharing agreement"), "back_url": reverse("privacy:agreement-list"),
    })


@_guarded(Action.SHARING_EDIT)
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    initial = {name: getattr(agreement, name) for name in (
        "provider", "partner", "purpose", "fields", "valid_from", "valid_until", "signed_by", "document_reference")}
    form = forms.AgreementForm(request.POST or None, initial={**initial, "version": agreement.version}, editing=True)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "provider", "partner")}
        try:
            services.agreement_update(actor=request.user, agreement=agreement,
                                      expected_version=form.cleaned_data["version"] or 0, **changes)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement changed."))
            return redirect("privacy:agreement-list")
    return render(request, "form_page.html", {
        "form": form, "title": _("Change data-sharing agreement"), "back_url": reverse("privacy:agreement-list"),
    })


# --- subject access -----------------------------------------------------------------------------

@_guarded(Action.SUBJECT_ACCESS_RUN)
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest) -> HttpResponse:
    """Ask for a person id; on POST produce the report (audited) on screen or as a download."""
    form = forms.SubjectAccessForm(request.POST or None, initial={"output": "screen"})
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            person = selectors.subject_person_get(user=request.user, pk=form.cleaned_data["person"])
        except ObjectDoesNotExist:
            form.add_error("person", _("There is no person with this id."))
        else:
            report = services.subject_access_produce(actor=request.user, person=person, source_ip=_source_ip(request))
            output = form.cleaned_data["output"]
            if output == "json":
                response = HttpResponse(json.dumps(report, ensure_ascii=False, indent=2),
                                        content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
                return response
            if output == "html":
                response = HttpResponse(services.subject_access_html(report), content_type="text/html; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.html"'
                return response
    return render(request, "privacy/subject_access.html", {"form": form, "report": report})


# --- retention ---------------------------------------------------------------------------------

@_guarded(Action.RETENTION_RUN)
@require_http_methods(["GET", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    """The dry run (what each active rule selects: counts and ids) and, after confirmation, the run."""
    rules = list(selectors.retention_rule_list(user=request.user, active_only=True))
    form = forms.RetentionConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = services.retention_apply(actor=request.user, rules=rules)
        total = sum(len(ids) for ids in done.values())
        messages.success(request, _("%(n)s records pseudonymised.") % {"n": total})
        return redirect("privacy:retention")
    previews = selectors.retention_preview(rules=rules)
    return render(request, "privacy/retention.html", {
        "previews": previews, "form": form, "total": sum(p.count for p in previews),
    })


# --- the analyst's extract -----------------------------------------------------------------------

@_guarded(Action.ANALYTICS_VIEW)
@require_http_methods(["GET", "POST"])
def extract_page(request: HttpRequest) -> HttpResponse:
    """What the extract contains; POST downloads it (audited)."""
    if request.method == "POST":
        buffer = io.StringIO()
        services.extract_export(actor=request.user, out=buffer, source_ip=_source_ip(request))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="extract-{timezone.localdate().isoformat()}.csv"'
        return response
    return render(request, "privacy/extract.html", {"columns": extract.COLUMNS})
