"""What the release-preparation pages share: loading a record through the selectors, the audited
read of the person's record, and the form page whose service's errors come back on the form."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reintegra.people import access_log
from reintegra.people.forms import service_form_posted
from reintegra.reentry import selectors

OBJECT_TYPE = "release_preparation"


def preparation_or_404(request: HttpRequest, pk: int) -> Any:
    """The record if the user may see it; 404 for one outside their scope (or none at all)."""
    preparation = selectors.preparation_get(user=request.user, pk=pk)
    if preparation is None:
        raise Http404
    return preparation


def detail_url(preparation: Any) -> str:
    return reverse("reentry:detail", args=[preparation.pk])


def logged(request: HttpRequest, person: Any, draw: Callable[[], HttpResponse], *, fields: list[str],
           object_id: Any = None) -> HttpResponse:
    """Draw a page showing ``person``'s record and write its one audit entry (after the purpose
    prompt when the person is outside the user's caseload)."""
    return access_log.logged_page(request, person, draw, fields=fields, object_type=OBJECT_TYPE, object_id=object_id)


def form_page(request: HttpRequest, preparation: Any, form: Form, *, title: str, intro: str = "",
              button: str = "", status: int = 200, template: str = "reentry/form.html",
              extra: dict[str, Any] | None = None) -> HttpResponse:
    context = {"preparation": preparation, "person": preparation.person, "form": form, "title": title,
               "intro": intro, "button": button, "back_url": detail_url(preparation), **(extra or {})}
    return logged(request, preparation.person, lambda: render(request, template, context, status=status),
                  fields=["release-preparation-form"], object_id=preparation.pk)


def submit(request: HttpRequest, preparation: Any, form: Any, call: Callable[[dict[str, Any]], Any], *, done: str,
           title: str, intro: str = "", button: str = "", to: str | None = None,
           extra: dict[str, Any] | None = None) -> HttpResponse:
    """GET draws the form; a valid POST calls the service and goes back to the record with ``done``;
    anything the service refuses comes back on the form with its message and nothing changed."""
    if service_form_posted(request, form, call, done=done):
        return redirect(to or detail_url(preparation))
    status = 400 if request.method == "POST" else 200
    return form_page(request, preparation, form, title=title, intro=intro, button=button, status=status, extra=extra)
