"""What the community-measure pages share: the form page whose service errors come back on the form
with nothing changed, read like every page of a person's record (``planning.views.common.logged``:
one audit entry, the purpose asked outside one's caseload)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reintegra.accounts.choices import Role
from reintegra.community.forms import MeasureForm
from reintegra.people.access_log import logged_page
from reintegra.people.forms import service_form_posted


def form_view(request: HttpRequest, *, person: Any, form: MeasureForm, call: Callable[[dict[str, Any]], Any],
              done: str, title: str, back_url: str, object_type: str, object_id: Any, intro: str = "",
              button: str = "", irreversible: bool = False, to: str | None = None) -> HttpResponse:
    """GET draws the form; a valid POST calls the service and goes back with ``done``; anything the
    service refuses comes back on the form with its message, and nothing is changed."""
    if service_form_posted(request, form, call, done=done):
        return redirect(to or back_url)
    status = 400 if request.method == "POST" else 200
    context = {"person": person, "form": form, "title": title, "intro": intro, "button": button,
               "back_url": back_url, "irreversible": irreversible}
    return logged_page(request, person, lambda: render(request, "community/form.html", context, status=status),
                       fields=["community-form"], object_type=object_type, object_id=object_id)


def users_with_role(*roles: str) -> QuerySet[Any]:
    return get_user_model().objects.filter(
        is_active=True, memberships__active=True, memberships__role__in=list(roles),
    ).distinct().order_by("last_name", "first_name", "username")


def officers() -> QuerySet[Any]:
    return users_with_role(Role.PROBATION_OFFICER, Role.SUPERVISOR)


def facilitators() -> QuerySet[Any]:
    return users_with_role(Role.RJ_FACILITATOR)

