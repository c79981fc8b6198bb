"""The plan page: goals in the person's words with their strengths and actions, the dosage against
the guidance for the person's band, programmes suggested for each goal, and what the user may do
with the plan now (agreement, submission, countersignature, review, handover, closing)."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.planning import inputs, selectors
from reintegra.planning.choices import GoalStatus, PlanStatus
from reintegra.planning.dosage import Dosage
from reintegra.planning.views.common import can_edit, logged, plan_or_404
from reintegra.programmes.choices import Band

SUGGESTIONS_PER_GOAL = 3


def dosage_bar(dosage: Dosage) -> dict[str, Any]:
    """The figures of the dosage bar (a ``<meter>``, so it needs no script or inline style): the
    scale runs to a little past the larger of the planned hours and the guidance's bounds."""
    guidance = dosage.guidance
    bounds = [b for b in ((guidance.min_hours, guidance.max_hours) if guidance else ()) if b is not None]
    top = max([dosage.planned_hours, *bounds, 1])
    scale = int(top * 1.2) + 1
    low = guidance.min_hours if guidance else None
    high = guidance.max_hours if guidance else None
    # The meter colours the region holding ``optimum`` as good: between the bounds, above a
    # minimum alone, below a maximum alone.
    optimum = (low + high) // 2 if low is not None and high is not None else scale if low is not None else 0
    return {
        "max": scale, "value": dosage.planned_hours, "low": low, "high": high, "optimum": optimum,
        "band_label": Band(dosage.band).label if dosage.band in Band.values else "",
    }


def permissions(request: HttpRequest, plan: Any) -> dict[str, bool]:
    """What the page offers this user now: each only when the service would accept it."""
    user = request.user
    edit = allowed(user, Action.PLAN_EDIT) and not plan.is_voided
    status = plan.status
    return {
        "can_edit": can_edit(request, plan),
        "can_submit": edit and status == PlanStatus.DRAFT,
        "can_countersign": allowed(user, Action.PLAN_COUNTERSIGN) and status == PlanStatus.SUBMITTED
        and plan.submitted_by_id != user.pk and not plan.is_voided,
        "can_review": edit and status == PlanStatus.ACTIVE,
        "can_handover": edit and status in (PlanStatus.DRAFT, PlanStatus.ACTIVE),
        "can_close": edit and status in (PlanStatus.DRAFT, PlanStatus.ACTIVE),
        "can_enrol": allowed(user, Action.ENROLMENT_EDIT),
    }


def _suggestions(plan: Any, goals: list[Any], actions: list[Any], *, ineligible: bool) -> dict[str, Any]:
    """need -> its ``NeedSuggestions`` (programmes already in the plan, or that the person is on,
    left out), for the plan's open goals."""
    planned = {action.programme_id for action in actions if action.programme_id}
    found = inputs.suggestions_for(person=plan.person, on=timezone.localdate(), limit=SUGGESTIONS_PER_GOAL,
                                   include_ineligible=ineligible, exclude_programme_ids=planned)
    wanted = {goal.need for goal in goals if goal.need and goal.status == GoalStatus.OPEN}
    return {block.need: block for block in found if block.need in wanted}


@require_http_methods(["GET"])
@action_required(Action.PLAN_VIEW)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    contents = selectors.plan_contents(plan=plan)
    rights = permissions(request, plan)
    ineligible = request.GET.get("ineligible") == "1"
    suggested = _suggestions(plan, contents.goals, contents.actions, ineligible=ineligible) \
        if rights["can_edit"] else {}
    rows = [{"goal": goal, "actions": goal.plan_actions, "suggestions": suggested.get(goal.need)}
            for goal in contents.goals]
    handover = selectors.plan_handovers(plan=plan).filter(acknowledged_at__isnull=True).first()
    context = {
        "plan": plan, "person": plan.person, "rows": rows, "dosage": contents.dosage,
        "bar": dosage_bar(contents.dosage), "handover": handover,
        "can_acknowledge": handover is not None and handover.to_officer_id == request.user.pk,
        "reviews": list(selectors.plan_reviews(plan=plan)[:5]), "versions": plan.current_version,
        "ineligible": ineligible, **rights,
    }
    return logged(request, plan.person, lambda: render(request, "planning/plan_detail.html", context),
                  fields=["case-plan"], object_id=plan.pk)
