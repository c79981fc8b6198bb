"""Every kept version of a plan, and what changed between any two of them."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.planning import selectors, snapshot
from reintegra.planning.choices import ActionStatus, Agreement, GoalStatus, OwnerKind, PlanStatus
from reintegra.planning.forms import CompareForm
from reintegra.planning.views.common import logged, plan_or_404
from reintegra.programmes.choices import Band, Intensity, Need

# Field names of the snapshot, as the comparison page shows them.
FIELD_LABELS = {
    "status": gettext_lazy("Status"), "band": gettext_lazy("Risk band"),
    "assessment": gettext_lazy("Assessment"), "responsible_officer": gettext_lazy("Responsible officer"),
    "responsible_organisation": gettext_lazy("Responsible organisation"),
    "agreement": gettext_lazy("The person's agreement"), "agreement_words": gettext_lazy("In the person's words"),
    "agreement_recorded_on": gettext_lazy("Agreement recorded on"), "next_review_on": gettext_lazy("Next review"),
    "submitted_by": gettext_lazy("Submitted by"), "countersigned_by": gettext_lazy("Countersigned by"),
    "countersign_note": gettext_lazy("Countersignature note"), "close_reason": gettext_lazy("Reason for closing"),
    "need": gettext_lazy("Need"), "need_rank": gettext_lazy("Need rank"), "title": gettext_lazy("Goal"),
    "own_words": gettext_lazy("In the person's own words"), "strengths": gettext_lazy("Strengths"),
    "goal": gettext_lazy("Goal"), "description": gettext_lazy("Action"), "owner_kind": gettext_lazy("Owner"),
    "owner": gettext_lazy("Owned by"), "due_on": gettext_lazy("Due on"), "programme": gettext_lazy("Programme"),
    "enrolment": gettext_lazy("Enrolment"), "planned_hours": gettext_lazy("Planned hours"),
    "min_hours": gettext_lazy("Advised minimum hours"), "max_hours": gettext_lazy("Advised maximum hours"),
    "max_intensity": gettext_lazy("Highest intensity advised"), "warnings": gettext_lazy("Dosage warnings"),
}


# Dosage warning codes, as the comparison page shows them.
WARNING_LABELS = {
    "no_band": gettext_lazy("no risk band to compare with"),
    "intensive_for_low_risk": gettext_lazy("more intensive than advised"),
    "over_guidance": gettext_lazy("more hours than advised"),
    "under_guidance": gettext_lazy("fewer hours than advised"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def _choice_text(name: str, value: Any, kind: str) -> str:
    """A coded value in the reader's language (statuses, bands, owners)."""
    if name == "warnings" and isinstance(value, list):
        return "; ".join(str(WARNING_LABELS.get(code, code)) for code in value)
    choices: dict[str, Any] = {
        "band": Band, "agreement": Agreement, "owner_kind": OwnerKind, "need": Need, "max_intensity": Intensity,
        "status": {"plan": PlanStatus, "goal": GoalStatus, "action": ActionStatus}.get(kind),
    }
    enum = choices.get(name)
    if enum is not None and isinstance(value, str) and value in enum.values:
        return str(enum(value).label)
    return snapshot.describe(value)


def _rows(changes: Any, kind: str) -> list[dict[str, str]]:
    return [{"field": field_label(change.field), "before": _choice_text(change.field, change.before, kind),
             "after": _choice_text(change.field, change.after, kind)} for change in changes]


@require_http_methods(["GET"])
@action_required(Action.PLAN_VIEW)
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    versions = list(selectors.plan_versions(plan=plan))
    return logged(request, plan.person, lambda: render(request, "planning/version_list.html", {
        "plan": plan, "person": plan.person, "versions": versions,
    }), fields=["case-plan-versions"], object_id=plan.pk)


@require_http_methods(["GET"])
@action_required(Action.PLAN_VIEW)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """``?a=N&b=M``: the changes from version N to version M (either order; the older is "before")."""
    plan = plan_or_404(request, pk)
    numbers = list(selectors.plan_versions(plan=plan).values_list("number", flat=True))
    initial = {"a": numbers[-2] if len(numbers) > 1 else (numbers[0] if numbers else 1),
               "b": numbers[-1] if numbers else 1}
    form = CompareForm(request.GET or None, numbers=numbers, initial=initial)
    context: dict[str, Any] = {"plan": plan, "person": plan.person, "form": form, "versions": numbers}
    status = 200
    if request.GET:
        found = selectors.plan_compare(plan=plan, a=form.cleaned_data["a"], b=form.cleaned_data["b"]) \
            if form.is_valid() else None
        if found is not None:
            older, newer, result = found
            context.update({
                "older": older, "newer": newer, "result": result,
                "plan_rows": _rows(result.plan, "plan"), "dosage_rows": _rows(result.dosage, "dosage"),
                "goals_changed": [{"label": c.label, "rows": _rows(c.changes, "goal")} for c in result.goals_changed],
                "actions_changed": [{"label": c.label, "rows": _rows(c.changes, "action")}
                                    for c in result.actions_changed],
            })
        else:
            context["error"] = _("Choose two versions of this plan to compare.")
            status = 400
    return logged(request, plan.person, lambda: render(request, "planning/compare.html", context, status=status),
                  fields=["case-plan-versions"], object_id=plan.pk)
