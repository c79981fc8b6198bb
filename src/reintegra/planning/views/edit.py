"""Goals and actions of a plan: add, change, remove (voided with a reason), and a suggested
programme added to the plan with the person put on its cohort's waiting list."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.choices import Role
from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, require
from reintegra.accounts.selectors import membership_list, organisation_list
from reintegra.planning import services
from reintegra.planning.choices import OwnerKind
from reintegra.planning.forms import ActionForm, EnrolForm, GoalAddForm, GoalForm, SuggestionForm, VoidForm
from reintegra.planning.views.common import can_edit, plan_or_404, plan_url, submit
from reintegra.programmes import selectors as programmes_selectors

UNSCHEDULED_DUE = dt.timedelta(days=90)
# Roles whose members can own a plan's action as staff.
STAFF_ROLES = (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.PROGRAMME_STAFF)


def staff_choices(request: HttpRequest, plan: Any) -> QuerySet[Any]:
    """Staff of the user's organisations and of the plan's responsible organisation."""
    organisations = {m.organisation_id for m in membership_list(user=request.user)}
    if plan.responsible_organisation_id:
        organisations.add(plan.responsible_organisation_id)
    return get_user_model().objects.filter(
        is_active=True, memberships__active=True, memberships__role__in=STAFF_ROLES,
        memberships__organisation_id__in=organisations,
    ).distinct().order_by("last_name", "first_name", "username")


def _editable(request: HttpRequest, pk: int) -> Any:
    plan = plan_or_404(request, pk)
    if not can_edit(request, plan) and request.method == "GET":
        raise PermissionDenied  # a POST goes to the service, which says why (and audits the refusal)
    return plan


def _goal(plan: Any, goal_pk: int) -> Any:
    return plan.goals.get(pk=goal_pk, voided_at__isnull=True)


def _action(plan: Any, action_pk: int) -> Any:
    return plan.actions.select_related("goal", "programme").get(pk=action_pk, voided_at__isnull=True)


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    form = GoalAddForm(request.POST or None, initial={"version": plan.version})
    return submit(request, plan, form, lambda data: services.goal_add(
        actor=request.user, plan=plan, title=data["title"], own_words=data["own_words"],
        strengths=data["strengths"]), done=_("Goal added."), title=_("Add a goal"),
        intro=_("A goal of the person's own, written with them."))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    goal = _goal(plan, goal_pk)
    form = GoalForm(request.POST or None, initial={
        "version": goal.version, "title": goal.title, "own_words": goal.own_words, "strengths": goal.strengths,
        "status": goal.status})
    return submit(request, plan, form, lambda data: services.goal_update(
        actor=request.user, goal=goal, expected_version=data["version"], title=data["title"],
        own_words=data["own_words"], strengths=data["strengths"], status=data["status"]),
        done=_("Goal saved."), title=_("Goal: %(title)s") % {"title": goal.title})


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def goal_void(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    goal = _goal(plan, goal_pk)
    form = VoidForm(request.POST or None, initial={"version": goal.version})
    return submit(request, plan, form, lambda data: services.goal_void(
        actor=request.user, goal=goal, expected_version=data["version"], reason=data["reason"]),
        done=_("Goal removed from the plan."), title=_("Remove the goal %(title)s") % {"title": goal.title},
        intro=_("Its actions are removed with it."), button=_("Remove the goal"))


def _action_form(request: HttpRequest, plan: Any, initial: dict[str, Any], new: bool = False) -> ActionForm:
    return ActionForm(request.POST or None, initial=initial, new=new, staff=staff_choices(request, plan),
                      organisations=organisation_list())


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def action_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    goal = _goal(plan, goal_pk)
    form = _action_form(request, plan, {"version": plan.version, "owner_kind": OwnerKind.STAFF,
                                        "owner_user": request.user}, new=True)
    return submit(request, plan, form, lambda data: services.action_add(
        actor=request.user, goal=goal, description=data["description"], owner_kind=data["owner_kind"],
        owner_user=data["owner_user"], owner_organisation=data["owner_organisation"], due_on=data["due_on"],
        planned_hours=data["planned_hours"]),
        done=_("Action added."), title=_("Add an action to %(goal)s") % {"goal": goal.title},
        intro=_("Every action needs an owner (a member of staff, a partner organisation or the person) "
                "and a due date."))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    action = _action(plan, action_pk)
    form = _action_form(request, plan, {
        "version": action.version, "description": action.description, "owner_kind": action.owner_kind,
        "owner_user": action.owner_user_id, "owner_organisation": action.owner_organisation_id,
        "due_on": action.due_on, "planned_hours": action.planned_hours, "status": action.status})

    def call(data: dict[str, Any]) -> Any:
        changes = {name: data[name] for name in ("description", "owner_kind", "owner_user", "owner_organisation",
                                                 "due_on", "status", "planned_hours")}
        if changes["planned_hours"] is None:  # left empty: the hours stay as they are
            del changes["planned_hours"]
        return services.action_update(actor=request.user, action=action, expected_version=data["version"],
                                      **changes)

    return submit(request, plan, form, call, done=_("Action saved."),
                  title=_("Action: %(action)s") % {"action": action.description})


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def action_void(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    action = _action(plan, action_pk)
    form = VoidForm(request.POST or None, initial={"version": action.version})
    return submit(request, plan, form, lambda data: services.action_void(
        actor=request.user, action=action, expected_version=data["version"], reason=data["reason"]),
        done=_("Action removed from the plan."), button=_("Remove the action"),
        title=_("Remove the action %(action)s") % {"action": action.description})


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def action_enrol(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Put the person on the waiting list of a cohort of the action's programme (``enrolment.edit`` too)."""
    require(request.user, Action.ENROLMENT_EDIT)
    plan = _editable(request, pk)
    action = _action(plan, action_pk)
    if action.programme_id is None or action.enrolment_id is not None:
        raise PermissionDenied
    cohorts = programmes_selectors.cohort_list(programme=action.programme, on=timezone.localdate())
    form = EnrolForm(request.POST or None, cohorts=cohorts)
    return submit(request, plan, form, lambda data: services.action_enrol(
        actor=request.user, action=action, cohort=data["cohort"]),
        done=_("Put on the waiting list."), button=_("Put on the waiting list"),
        title=_("Enrol for %(programme)s") % {"programme": action.programme.name})


@require_http_methods(["POST"])
@action_required(Action.PLAN_EDIT)
def suggestion_add(request: HttpRequest, pk: int) -> HttpResponse:
    """"Add to plan and enrol": the suggested programme becomes an action of the goal, owned by the
    user, due when its cohort ends, and the person goes on that cohort's waiting list. Both or
    neither: a refused enrolment leaves the plan as it was. Without a cohort ("Add to plan") the
    action is due by the plan's next review (or in 90 days)."""
    plan = plan_or_404(request, pk)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That suggestion could not be read; reload the page and try again."))
        return redirect(plan_url(plan))
    data = form.cleaned_data
    try:
        goal = _goal(plan, data["goal"])
        programme = programmes_selectors.programme_get(pk=data["programme"])
        cohort = programmes_selectors.cohort_get(pk=data["cohort"]) if data["cohort"] else None
        if cohort is not None and cohort.programme_id != programme.pk:
            raise ValidationError(_("That cohort is not of the suggested programme."))
        services.action_add(
            actor=request.user, goal=goal, description=_("Take part in %(programme)s") % {"programme": programme.name},
            owner_kind=OwnerKind.STAFF, owner_user=request.user,
            due_on=cohort.ends_on if cohort else plan.next_review_on or timezone.localdate() + UNSCHEDULED_DUE,
            programme=programme, cohort=cohort)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(programme)s added to the plan and the person put on the waiting list.")
                         % {"programme": programme.name} if cohort else
                         _("%(programme)s added to the plan.") % {"programme": programme.name})
    return redirect(plan_url(plan))
