"""The plan's workflow pages: the person's agreement, submission, countersignature (or return),
review, handover and its acknowledgement, and closing. Each keeps a numbered version (the services do)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.accounts.selectors import organisation_list
from reintegra.planning import selectors, services
from reintegra.planning.choices import Agreement
from reintegra.planning.forms import AgreementForm, CloseForm, CountersignForm, HandoverForm, ReviewForm, VersionForm
from reintegra.planning.views.common import plan_or_404, plan_url, submit

# Who can take over a plan: the staff who write plans.
PLAN_HOLDERS = (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR)
HOLDING_ORGANISATIONS = (OrganisationKind.PRISON, OrganisationKind.PROBATION_OFFICE,
                         OrganisationKind.PROBATION_SERVICE, OrganisationKind.PRISON_SERVICE)


def officer_choices() -> QuerySet[Any]:
    return get_user_model().objects.filter(
        is_active=True, memberships__active=True, memberships__role__in=PLAN_HOLDERS,
    ).distinct().order_by("last_name", "first_name", "username")


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    initial = {"version": plan.version, "words": plan.agreement_words}
    if plan.agreement != Agreement.PENDING:
        initial["agreement"] = plan.agreement
    form = AgreementForm(request.POST or None, initial=initial)
    return submit(request, plan, form, lambda data: services.agreement_record(
        actor=request.user, plan=plan, expected_version=data["version"], agreement=data["agreement"],
        words=data["words"]), done=_("The person's view of the plan is recorded."),
        title=_("The person's agreement"),
        intro=_("Go through the plan with the person and record whether they agree, in their own words."))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    form = VersionForm(request.POST or None, initial={"version": plan.version})
    return submit(request, plan, form, lambda data: services.plan_submit(
        actor=request.user, plan=plan, expected_version=data["version"]),
        done=_("Plan submitted: a supervisor will countersign it."), title=_("Submit the plan for countersignature"),
        intro=_("A supervisor other than you reads the plan and countersigns it or returns it with a note. "
                "Until then the plan cannot be changed."), button=_("Submit for countersignature"))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_COUNTERSIGN)
def countersign(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    form = CountersignForm(request.POST or None, initial={"version": plan.version})
    approve = request.POST.get("decision") == CountersignForm.APPROVE
    return submit(request, plan, form, lambda data: services.plan_countersign(
        actor=request.user, plan=plan, expected_version=data["version"], approve=form.approve, note=data["note"]),
        done=_("Plan countersigned: it is now active.") if approve else _("Plan returned for changes with your note."),
        title=_("Countersign the plan"), button=_("Record the decision"))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    form = ReviewForm(request.POST or None, initial={"version": plan.version})
    return submit(request, plan, form, lambda data: services.plan_review(
        actor=request.user, plan=plan, expected_version=data["version"], reason=data["reason"],
        summary=data["summary"], event_note=data["event_note"], next_review_on=data["next_review_on"]),
        done=_("Review recorded. Needs from the latest assessment that the plan did not cover are proposed as goals."),
        title=_("Review the plan"),
        intro=_("The latest assessment is read again: new needs become proposed goals and the band is updated."))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    form = HandoverForm(request.POST or None, initial={"version": plan.version}, officers=officer_choices(),
                        organisations=organisation_list(kinds=list(HOLDING_ORGANISATIONS)))
    return submit(request, plan, form, lambda data: services.plan_handover(
        actor=request.user, plan=plan, expected_version=data["version"], to_officer=data["to_officer"],
        to_organisation=data["to_organisation"], reason=data["reason"]),
        done=_("Plan handed over: it stays the same plan, and the receiving officer acknowledges it."),
        title=_("Hand the plan over"),
        intro=_("For example on release, from the prison case manager to the probation officer."))


@require_http_methods(["POST"])
@action_required(Action.PLAN_VIEW)
def handover_acknowledge(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    handover = selectors.handover_get(user=request.user, pk=handover_pk)
    if handover is None or handover.plan_id != plan.pk:
        raise Http404
    if handover.to_officer_id != request.user.pk:
        raise PermissionDenied
    try:
        services.handover_acknowledge(actor=request.user, handover=handover)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Handover acknowledged: the plan is now yours."))
    return redirect(plan_url(plan))


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_EDIT)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    form = CloseForm(request.POST or None, initial={"version": plan.version})
    return submit(request, plan, form, lambda data: services.plan_close(
        actor=request.user, plan=plan, expected_version=data["version"], reason=data["reason"]),
        done=_("Plan closed. It stays on record with every version."), title=_("Close the plan"),
        button=_("Close the plan"))

