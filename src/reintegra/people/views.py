"""Pages for finding, creating, viewing, editing and merging person records.

Each view checks the access policy, parses its form, calls one service or selector and renders.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.accounts.policy import Action, Level, allowed, require
from reintegra.audit.services import audit_search
from reintegra.audit.web import client_ip
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.people import access_log, selectors, services
from reintegra.people.forms import (
    AliasForm, ContactForm, FlagForm, IdentifierForm, MergeForm, PersonCreateForm, PersonEditForm, SearchForm,
    VoidForm,
)
from reintegra.people.models import Person
from reintegra.people.panels import render_panels

logger = logging.getLogger(__name__)
SEARCH_PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 25
# The sections of the person page every reader sees (health flags and other apps' panels are added
# when shown); each read's audit entry lists them.
PAGE_SECTIONS = ("identity", "identifiers", "aliases", "contacts", "timeline")
SUMMARY_SECTIONS = ("identity", "identifiers", "aliases", "timeline")  # below the full record: no contacts


def _require(request: HttpRequest, action: Action) -> None:
    try:
        require(request.user, action)
    except AccessDenied:
        raise PermissionDenied from None


@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    """One box: a name (any order, accents and case ignored) or an identifier."""
    _require(request, Action.PERSON_VIEW)
    form = SearchForm(request.GET or None)
    page = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            results = selectors.person_search(user=request.user, query=query, limit=None)
            page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
            audit_search(actor=request.user, object_type="person", result_count=page.paginator.count,
                         source_ip=client_ip(request))
    return render(request, "people/search.html", {
        "form": form, "query": query, "page": page, "can_create": allowed(request.user, Action.PERSON_EDIT),
    })


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Create a person, after showing the records that may already be them."""
    _require(request, Action.PERSON_EDIT)
    form = PersonCreateForm(request.POST or None)
    duplicates: list[selectors.DuplicateCandidate] = []
    if request.method == "POST" and form.is_valid():
        values = form.person_values()
        if not form.cleaned_data["confirm_new"]:
            duplicates = selectors.person_duplicates(
                user=request.user, given_name=values["given_name"], family_name=values["family_name"],
                date_of_birth=values["date_of_birth"], identifiers=form.identifiers(),
            )
        if not duplicates:
            try:
                person = services.person_create(actor=request.user, identifiers=form.identifiers(), **values)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                logger.info("person %s created by user %s", person.pk, request.user.pk)
                messages.success(request, _("The record was created."))
                return redirect("people:detail", pk=person.pk)
    return render(request, "people/create.html", {"form": form, "duplicates": duplicates})


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person page: identity, identifiers, aliases, contacts, flags, panels of other apps, timeline."""
    _require(request, Action.PERSON_VIEW)
    person = selectors.person_get(user=request.user, pk=pk)
    read = access_log.page_read(request, person)  # outside one's caseload, the purpose comes first
    if isinstance(read, HttpResponse):
        return read
    timeline = selectors.person_timeline(
        user=request.user, person=person, page=request.GET.get("page") or 1, per_page=TIMELINE_PAGE_SIZE
    )
    panels = render_panels(request, person)
    can_see_flags = selectors.can_see_flags(request.user)
    response = render(request, "people/detail.html", {
        "person": person,
        "timeline": timeline,
        "panels": panels,
        "can_edit": allowed(request.user, Action.PERSON_EDIT) and not person.is_voided,
        "can_merge": allowed(request.user, Action.PERSON_MERGE) and not person.is_voided,
        "can_see_flags": can_see_flags,
    })
    sections = PAGE_SECTIONS if person.access.full else SUMMARY_SECTIONS  # what this viewer was shown
    read.log(fields=[*sections, *(["flags"] if can_see_flags and person.access.full else []),
                     *(panel.key for panel in panels)])
    return response


@require_http_methods(["GET"])
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the person record: who, when, why, before and after."""
    _require(request, Action.PERSON_VIEW)
    person = selectors.person_get(user=request.user, pk=pk)
    read = access_log.page_read(request, person)
    if isinstance(read, HttpResponse):
        return read
    entries = selectors.person_history(user=request.user, person=person)
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    response = render(request, "people/history.html", {"person": person, "page": page})
    read.log(fields=["history"])
    return response


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit identity details. The form carries the version it started from; a stale edit is refused
    and the user's input is kept so they can compare and apply it again."""
    _require(request, Action.PERSON_EDIT)
    person = selectors.person_get(user=request.user, pk=pk, level=Level.FULL)
    if person.is_voided:
        raise PermissionDenied
    if request.method == "POST":
        form = PersonEditForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    person=person, actor=request.user, expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"], **form.person_values(),
                )
            except StaleEditError as exc:
                form.add_service_errors(exc)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("people:detail", pk=person.pk)
    else:
        initial = {name: getattr(person, name) for name in PersonEditForm.PERSON_FIELDS}
        initial["languages"] = ", ".join(person.languages or [])
        initial["version"] = person.version
        form = PersonEditForm(initial=initial)
    return render(request, "people/edit.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a record created in error (it is kept, with the reason, and leaves search)."""
    _require(request, Action.PERSON_EDIT)
    person = selectors.person_get(user=request.user, pk=pk, level=Level.FULL)
    if person.is_voided:
        raise PermissionDenied
    form = VoidForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_void(person=person, actor=request.user, expected_version=form.cleaned_data["version"],
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The record was voided."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/void.html", {"person": person, "form": form})


def _add_view(form_class: type, service: Callable[..., Any], title: Any, success: Any) -> Callable[..., HttpResponse]:
    """A page with one form that adds a detail (identifier, alias, contact, flag) to a person."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        _require(request, Action.PERSON_EDIT)
        person = selectors.person_get(user=request.user, pk=pk, level=Level.FULL)
        if person.is_voided:
            raise PermissionDenied
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(person=person, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, str(success))
                return redirect("people:detail", pk=person.pk)
        return render(request, "people/add_detail.html", {"person": person, "form": form, "title": title})

    return view


identifier_add = _add_view(IdentifierForm, services.identifier_add, gettext_lazy("Add an identifier"),
                           gettext_lazy("The identifier was added."))
alias_add = _add_view(AliasForm, services.alias_add, gettext_lazy("Add another name"), gettext_lazy("The name was added."))
contact_add = _add_view(ContactForm, services.contact_add, gettext_lazy("Add a contact"), gettext_lazy("The contact was added."))
flag_add = _add_view(FlagForm, services.flag_add, gettext_lazy("Add a health or disability flag"),
                     gettext_lazy("The flag was added."))


@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this (duplicate) record into another: choose the record to keep, give a reason, then
    confirm on a second page, because a merge cannot be undone from the screen."""
    _require(request, Action.PERSON_MERGE)
    source = selectors.person_get(user=request.user, pk=pk, level=Level.FULL)
    if source.is_voided:
        raise PermissionDenied
    target: Person | None = None
    confirming = False
    form = MergeForm(request.POST or None, initial={"target": request.GET.get("target")})
    if request.method == "POST" and form.is_valid():
        try:
            target = selectors.person_get(user=request.user, pk=form.cleaned_data["target"], level=Level.FULL)
        except Http404:
            form.add_error("target", _("There is no record with that number."))
        if target is not None and form.cleaned_data["confirm"]:
            try:
                services.person_merge(source=source, target=target, actor=request.user,
                                      reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The records were merged."))
                return redirect("people:detail", pk=target.pk)
        elif target is not None:
            if target.pk == source.pk:
                form.add_error("target", _("A record cannot be merged into itself."))
            elif target.is_voided:
                form.add_error("target", _("The record to keep is merged or voided; choose an active record."))
            else:
                confirming = True
                form = MergeForm(initial={**form.cleaned_data, "confirm": True})
    candidates = [] if confirming else selectors.person_duplicates(
        user=request.user, given_name=source.given_name, family_name=source.family_name,
        date_of_birth=source.date_of_birth,
        identifiers=[(i.kind, i.value) for i in source.active_identifiers], exclude_pk=source.pk,
    )
    return render(request, "people/merge.html", {
        "person": source, "target": target, "form": form, "confirming": confirming, "candidates": candidates,
    })
