"""The record's forms: responsible staff, pathways (status and needs, actions, evidence), the
checklist (complete or waive), the handover with the first appointment, and family notification."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.decorators import action_required
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action
from reintegra.accounts.selectors import organisation_list
from reintegra.reentry import selectors, services
from reintegra.reentry.choices import OwnerKind, PreparationStatus
from reintegra.reentry.forms import (
    ActionForm, AssignForm, ChecklistForm, EvidenceForm, FamilyForm, HandoverForm, PathwayForm, VoidForm,
)
from reintegra.reentry.views.common import detail_url, form_page, preparation_or_404, submit

STAFF_ROLES = (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR)


def _staff(roles: tuple[str, ...] = STAFF_ROLES) -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, memberships__active=True, memberships__role__in=roles) \
        .distinct().order_by("last_name", "first_name", "username")


def _editable(request: HttpRequest, pk: int) -> Any:
    preparation = preparation_or_404(request, pk)
    if preparation.status != PreparationStatus.PREPARING and request.method == "GET":
        raise PermissionDenied  # a POST goes to the service, which says why (and audits the refusal)
    return preparation


def _get(queryset: QuerySet[Any], pk: int) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    form = AssignForm(request.POST or None, staff=_staff((Role.PRISON_CASE_MANAGER, Role.SUPERVISOR)),
                      initial={"version": preparation.version, "officer": preparation.responsible_officer_id})
    return submit(request, preparation, form, lambda data: services.preparation_assign(
        actor=request.user, preparation=preparation, officer=data["officer"], expected_version=data["version"]),
        done=_("Responsible staff member saved."), title=_("Who prepares the release"))


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def pathway_edit(request: HttpRequest, pk: int, pathway_pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    pathway = _get(preparation.pathways.all(), pathway_pk)
    form = PathwayForm(request.POST or None, initial={"version": pathway.version, "status": pathway.status,
                                                      "needs": pathway.needs})
    return submit(request, preparation, form, lambda data: services.pathway_update(
        actor=request.user, pathway=pathway, status=data["status"], needs=data["needs"],
        expected_version=data["version"]), done=_("Pathway saved."), title=pathway.get_pathway_display())


def _action_form(request: HttpRequest, initial: dict[str, Any], new: bool = False) -> ActionForm:
    return ActionForm(request.POST or None, initial=initial, new=new, staff=_staff(),
                      organisations=organisation_list())


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def action_add(request: HttpRequest, pk: int, pathway_pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    pathway = _get(preparation.pathways.all(), pathway_pk)
    form = _action_form(request, {"owner_kind": OwnerKind.STAFF, "owner_user": request.user}, new=True)
    return submit(request, preparation, form, lambda data: services.pathway_action_add(
        actor=request.user, pathway=pathway, description=data["description"], owner_kind=data["owner_kind"],
        owner_user=data["owner_user"], owner_organisation=data["owner_organisation"], due_on=data["due_on"]),
        done=_("Action added."), title=_("Add an action: %(pathway)s") % {"pathway": pathway.get_pathway_display()},
        intro=_("Every action has an owner (a member of staff, a partner organisation or the person) and a due date."))


def _action(preparation: Any, release_action_pk: int) -> Any:
    from reintegra.reentry.models import PathwayAction

    return _get(PathwayAction.objects.select_related("pathway", "pathway__preparation").filter(
        pathway__preparation=preparation, voided_at__isnull=True), release_action_pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def action_edit(request: HttpRequest, pk: int, release_action_pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    found = _action(preparation, release_action_pk)
    form = _action_form(request, {name: getattr(found, name) for name in (
        "version", "description", "owner_kind", "owner_user", "owner_organisation", "due_on", "status")})
    return submit(request, preparation, form, lambda data: services.pathway_action_update(
        actor=request.user, action=found, expected_version=data["version"], description=data["description"],
        owner_kind=data["owner_kind"], owner_user=data["owner_user"], owner_organisation=data["owner_organisation"],
        due_on=data["due_on"], status=data["status"]), done=_("Action saved."), title=found.description)


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def action_void(request: HttpRequest, pk: int, release_action_pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    found = _action(preparation, release_action_pk)
    form = VoidForm(request.POST or None, initial={"version": found.version})
    return submit(request, preparation, form, lambda data: services.pathway_action_void(
        actor=request.user, action=found, reason=data["reason"], expected_version=data["version"]),
        done=_("Action removed."), title=_("Remove the action %(action)s") % {"action": found.description},
        button=_("Remove the action"))


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def evidence_add(request: HttpRequest, pk: int, pathway_pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    pathway = _get(preparation.pathways.all(), pathway_pk)
    form = EvidenceForm(request.POST or None, initial={"seen_on": timezone.localdate()})
    return submit(request, preparation, form, lambda data: services.evidence_add(
        actor=request.user, pathway=pathway, kind=data["kind"], seen_on=data["seen_on"],
        description=data["description"]), done=_("Evidence recorded."),
        title=_("Record evidence: %(pathway)s") % {"pathway": pathway.get_pathway_display()})


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def evidence_void(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    from reintegra.reentry.models import PathwayEvidence

    preparation = _editable(request, pk)
    found = _get(PathwayEvidence.objects.select_related("pathway", "pathway__preparation").filter(
        pathway__preparation=preparation, voided_at__isnull=True), evidence_pk)
    form = VoidForm(request.POST or None, initial={"version": found.version})
    return submit(request, preparation, form, lambda data: services.evidence_void(
        actor=request.user, evidence=found, reason=data["reason"], expected_version=data["version"]),
        done=_("Evidence removed."), title=_("Remove this evidence"), button=_("Remove the evidence"))


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def checklist_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    item = _get(preparation.checklist.all(), item_pk)
    form = ChecklistForm(request.POST or None, initial={"version": item.version})

    def call(data: dict[str, Any]) -> Any:
        if data["decision"] == ChecklistForm.WAIVE:
            return services.checklist_waive(actor=request.user, item=item, reason=data["reason"],
                                            expected_version=data["version"])
        return services.checklist_complete(actor=request.user, item=item, expected_version=data["version"])

    return submit(request, preparation, form, call, done=_("Checklist saved."), title=item.get_item_display(),
                  intro=_("Mark the item complete when it is done, or waive it with the reason it is not needed."))


def _offices() -> QuerySet[Organisation]:
    return organisation_list(kinds=[OrganisationKind.PROBATION_OFFICE, OrganisationKind.PROBATION_SERVICE])


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def handover_edit(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _editable(request, pk)
    handover = selectors.preparation_contents(preparation=preparation).handover
    initial: dict[str, Any] = {}
    if handover is not None:
        initial = {"version": handover.version, "officer": handover.community_officer_id,
                   "office": handover.office_id}
        if handover.appointment is not None:
            initial.update({"scheduled_for": timezone.localtime(handover.appointment.scheduled_for),
                            "contact_type": handover.appointment.contact_type})
    form = HandoverForm(request.POST or None, initial=initial, officers=_staff((Role.PROBATION_OFFICER,)),
                        offices=_offices())
    return submit(request, preparation, form, lambda data: services.handover_prepare(
        actor=request.user, preparation=preparation, officer=data["officer"], office=data["office"],
        scheduled_for=data["scheduled_for"], contact_type=data["contact_type"],
        expected_version=data["version"] if handover is not None else None),
        done=_("Handover prepared and first appointment booked."), title=_("Handover and first appointment"),
        intro=_("The probation officer who takes the person over after release, and their first meeting."))


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def family(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's contacts, whether each may be told the release date (and why not), what was
    sent, and a form per contact to tell them by email or SMS."""
    preparation = preparation_or_404(request, pk)
    row = next(iter(selectors.countdown_rows_for(preparation=preparation)), None)
    release_on = preparation.released_on or (row.earliest if row else timezone.localdate())
    form = FamilyForm(request.POST or None, initial={"release_on": release_on})
    contacts = list(selectors.contacts_of(preparation=preparation))
    if request.method == "POST" and form.is_valid():
        contact = next((c for c in contacts if c.pk == form.cleaned_data["contact"]), None)
        if contact is None:
            raise Http404
        try:
            sent = services.family_notify(actor=request.user, preparation=preparation, contact=contact,
                                          channel=form.cleaned_data["channel"],
                                          release_on=form.cleaned_data["release_on"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            level = messages.success if sent.status == "sent" else messages.warning
            level(request, _("Notification %(status)s.") % {"status": sent.get_status_display().lower()}
                  + (f" {sent.get_reason_display()}" if sent.reason else ""))
            return redirect("reentry:family", pk=preparation.pk)
    notifications = selectors.preparation_contents(preparation=preparation).notifications
    return form_page(request, preparation, form, title=_("Family notification"), template="reentry/family.html",
                     status=400 if request.method == "POST" else 200,
                     extra={"contacts": contacts, "notifications": notifications, "release_on": release_on,
                            "back_url": detail_url(preparation)})
