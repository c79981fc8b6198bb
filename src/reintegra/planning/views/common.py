"""What the case-plan pages share: loading a plan through the selectors, the audited read of the
person's record and the form page whose service's errors come back on the form."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reintegra.accounts.policy import Action, allowed
from reintegra.people import access_log
from reintegra.people.forms import service_form_posted
from reintegra.planning import selectors
from reintegra.planning.choices import PlanStatus
from reintegra.planning.forms import PlanForm

# The statuses in which goals and actions may change (a submitted plan waits for its countersignature).
EDITABLE = (PlanStatus.DRAFT, PlanStatus.ACTIVE)


def plan_or_404(request: HttpRequest, pk: int) -> Any:
    """The plan if the user may see it; 404 for a plan outside their scope (or none at all)."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    if plan is None:
        raise Http404
    return plan


def plan_url(plan: Any) -> str:
    return reverse("planning:detail", args=[plan.pk])


def can_edit(request: HttpRequest, plan: Any) -> bool:
    return allowed(request.user, Action.PLAN_EDIT) and plan.status in EDITABLE and not plan.is_voided


def logged(request: HttpRequest, person: Any, draw: Callable[[], HttpResponse], *, fields: list[str],
           object_type: str = "case_plan", object_id: Any = None) -> HttpResponse:
    """Draw a page showing ``person``'s plan and write its one audit entry (after the purpose
    prompt when the person is outside the user's caseload)."""
    return access_log.logged_page(request, person, draw, fields=fields, object_type=object_type, object_id=object_id)


def form_page(request: HttpRequest, plan: Any, form: Form, *, title: str, intro: str = "",
              button: str = "", status: int = 200, extra: dict[str, Any] | None = None) -> HttpResponse:
    """A plan's form on a page of its own (works without JavaScript), under the plan's heading."""
    context = {"plan": plan, "person": plan.person, "form": form, "title": title, "intro": intro,
               "button": button, "back_url": plan_url(plan), **(extra or {})}
    return logged(request, plan.person, lambda: render(request, "planning/form.html", context, status=status),
                  fields=["case-plan-form"], object_id=plan.pk)


def submit(request: HttpRequest, plan: Any, form: PlanForm, call: Callable[[dict[str, Any]], Any], *, done: str,
           title: str, intro: str = "", button: str = "", to: str | None = None,
           extra: dict[str, Any] | None = None) -> HttpResponse:
    """GET draws the form; a valid POST calls the service and goes back to the plan with ``done``;
    anything the service refuses comes back on the form with its message and nothing changed."""
    if service_form_posted(request, form, call, done=done):
        return redirect(to or plan_url(plan))
    status = 400 if request.method == "POST" else 200
    return form_page(request, plan, form, title=title, intro=intro, button=button, status=status, extra=extra)
