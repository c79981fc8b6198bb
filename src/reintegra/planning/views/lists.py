"""The caseload's plans, and building a new plan from a person's latest assessment."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.core.text import fold
from reintegra.people import selectors as people_selectors
from reintegra.planning import inputs, selectors, services
from reintegra.planning.choices import ReviewReason
from reintegra.planning.views.common import logged

PAGE_SIZE = 25
REVIEW_WINDOW_DAYS = 30
# The list's views: the selector's view name and the tab's label.
SHOW = {
    "": ("caseload", gettext_lazy("My caseload")),
    "review": ("review_due", gettext_lazy("Due for review")),
    "countersign": ("countersign", gettext_lazy("Awaiting countersignature")),
    "all": ("all", gettext_lazy("All open plans I can see")),
}


def _review_rows(request: HttpRequest, search: str, today: Any) -> list[dict[str, Any]]:
    """Plans due a review (on schedule or after an event), as rows with the reason."""
    words = fold(search).split()
    reasons = dict(ReviewReason.choices)
    return [
        {"plan": row.plan, "due_on": row.due_on, "overdue": row.overdue,
         "reason": reasons.get(row.reason, row.reason)}
        for row in selectors.reviews_due(user=request.user, on=today, window_days=REVIEW_WINDOW_DAYS)
        if all(word in (row.plan.person.search_name or "") for word in words)
    ]


@require_http_methods(["GET"])
@action_required(Action.PLAN_VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    """The open plans of the user's caseload, those due for review (scheduled or after an event),
    those awaiting the user's countersignature, or every open plan in their scope; searched by the
    person's name. Handovers waiting for the user's acknowledgement are listed first."""
    show = request.GET.get("show", "")
    show = show if show in SHOW else ""
    search = request.GET.get("q", "").strip()[:100]
    today = timezone.localdate()
    if show == "review":
        rows: Any = _review_rows(request, search, today)
    else:
        rows = [{"plan": plan} for plan in selectors.plan_list(user=request.user, view=SHOW[show][0],
                                                               search=search, on=today)]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "planning/plan_list.html", {
        "page": page, "q": search, "show": show, "today": today, "title": SHOW[show][1],
        "views": [(key, label) for key, (_view, label) in SHOW.items()
                  if key != "countersign" or allowed(request.user, Action.PLAN_COUNTERSIGN)],
        "handovers": list(selectors.handovers_awaiting(user=request.user)[:10]),
        "window_days": REVIEW_WINDOW_DAYS,
    })


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def plan_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Show what the plan will start from (band, ranked needs, strengths) and, once confirmed,
    build the draft: one proposed goal per need."""
    person = people_selectors.person_get(user=request.user, pk=person_pk)
    if not person.access.full or person.is_voided:
        raise PermissionDenied
    existing = selectors.plan_for_person(user=request.user, person=person)
    error = ""
    if request.method == "POST" and existing is None:
        try:
            plan = services.plan_create(actor=request.user, person=person)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Draft plan built from the latest assessment: go through each goal "
                                        "with the person, in their own words."))
            return redirect("planning:detail", pk=plan.pk)
    basis = inputs.plan_inputs(person=person, on=timezone.localdate()) if existing is None else None
    needs = [basis.need_labels.get(code, code) for code in basis.needs] if basis else []

    def draw() -> HttpResponse:
        return render(request, "planning/plan_create.html", {
            "person": person, "existing": existing, "basis": basis, "needs": needs, "error": error,
            "can_view_assessments": allowed(request.user, Action.ASSESSMENT_VIEW),
        }, status=400 if error else 200)

    return logged(request, person, draw, fields=["case-plan-basis"], object_type="person", object_id=person.pk)
