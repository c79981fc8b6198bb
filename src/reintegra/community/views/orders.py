"""Community service order pages: the order with its placements, hours and progress, and its
forms (new order, placement, end of placement, hours, verification, rejection, completion, breach)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.accounts.selectors import organisation_list
from reintegra.community import selectors, services
from reintegra.community.choices import OrderStatus
from reintegra.community.forms import (
    BreachForm, CompleteForm, HoursForm, OrderForm, PlacementEndForm, PlacementForm, RejectForm, VersionForm,
)
from reintegra.community.views.common import form_view, officers
from reintegra.people.access_log import logged_page
from reintegra.justice.choices import DispositionKind
from reintegra.justice.models import Disposition
from reintegra.people import selectors as people_selectors

OBJECT_TYPE = "community.communityserviceorder"
PARTNER_KINDS = [OrganisationKind.NGO, OrganisationKind.EMPLOYER, OrganisationKind.MUNICIPALITY,
                 OrganisationKind.HOUSING, OrganisationKind.HEALTH, OrganisationKind.EDUCATION]


def order_or_404(request: HttpRequest, pk: int) -> Any:
    order = selectors.order_get(user=request.user, pk=pk)
    if order is None:
        raise Http404
    return order


def order_url(order: Any) -> str:
    return reverse("community:order-detail", args=[order.pk])


@require_http_methods(["GET"])
@action_required(Action.MEASURE_VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    contents = selectors.order_contents(order=order)
    active = order.status == OrderStatus.ACTIVE
    context = {
        "order": order, "person": order.person, "contents": contents,
        "percent": selectors.progress(contents.verified, order.hours_ordered),
        "can_edit": active and allowed(request.user, Action.MEASURE_EDIT),
        "can_complete": active and contents.verified >= order.hours_ordered, "today": timezone.localdate(),
    }
    return logged_page(request, order.person, lambda: render(request, "community/orders/detail.html", context),
                  fields=["community-service-order", "placements", "hours"], object_type=OBJECT_TYPE,
                  object_id=order.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def order_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = people_selectors.person_get(user=request.user, pk=person_pk)
    if not person.access.full or person.is_voided:
        raise PermissionDenied
    dispositions = Disposition.objects.filter(person=person, voided_at__isnull=True,
                                              kind=DispositionKind.COMMUNITY_SERVICE).order_by("-decided_on")
    form = OrderForm(request.POST or None, dispositions=dispositions, officers=officers(),
                     initial={"officer": request.user.pk})
    made: dict[str, Any] = {}

    def call(data: dict[str, Any]) -> None:
        made["order"] = services.order_create(
            actor=request.user, person=person, disposition=data["disposition"], hours_ordered=data["hours_ordered"],
            due_by=data["due_by"], officer=data["officer"] or request.user)

    response = form_view(request, person=person, form=form, call=call, done=_("Community service order recorded."),
                         title=_("Record a community service order"), object_type="person", object_id=person.pk,
                         back_url=reverse("people:detail", args=[person.pk]))
    if "order" in made:
        return redirect(order_url(made["order"]))
    return response


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def placement_add(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    form = PlacementForm(request.POST or None, organisations=organisation_list(kinds=PARTNER_KINDS))
    return form_view(request, person=order.person, form=form, call=lambda data: services.placement_add(
        actor=request.user, order=order, organisation=data["organisation"], supervisor_name=data["supervisor_name"],
        starts_on=data["starts_on"], ends_on=data["ends_on"]), done=_("Placement added."),
        title=_("Add a placement"), back_url=order_url(order), object_type=OBJECT_TYPE, object_id=order.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def placement_end(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    placement = order.placements.filter(pk=placement_pk, voided_at__isnull=True).first()
    if placement is None:
        raise Http404
    placement.order = order
    form = PlacementEndForm(request.POST or None, initial={"version": placement.version,
                                                           "ends_on": timezone.localdate()})
    return form_view(request, person=order.person, form=form, call=lambda data: services.placement_end(
        actor=request.user, placement=placement, ends_on=data["ends_on"], expected_version=data["version"]),
        done=_("Placement ended."), title=_("End the placement"), back_url=order_url(order),
        object_type=OBJECT_TYPE, object_id=order.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def hours_record(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    placements = order.placements.filter(voided_at__isnull=True).select_related("organisation")
    form = HoursForm(request.POST or None, placements=placements, initial={"worked_on": timezone.localdate()})
    return form_view(request, person=order.person, form=form, call=lambda data: services.hours_record(
        actor=request.user, order=order, placement=data["placement"], worked_on=data["worked_on"],
        hours=data["hours"], task=data["task"]), done=_("Hours recorded: verify them to count them."),
        title=_("Record hours worked"), back_url=order_url(order), object_type=OBJECT_TYPE, object_id=order.pk)


def _entry(order: Any, entry_pk: int) -> Any:
    entry = order.hours_entries.filter(pk=entry_pk, voided_at__isnull=True).first()
    if entry is None:
        raise Http404
    entry.order = order
    return entry


@require_http_methods(["POST"])
@action_required(Action.MEASURE_EDIT)
def hours_verify(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    entry = _entry(order, entry_pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"version": [_("Reload the page and try again.")]})
        services.hours_verify(actor=request.user, entry=entry, expected_version=form.cleaned_data["version"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Hours verified."))
    return redirect(order_url(order))


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def hours_reject(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    entry = _entry(order, entry_pk)
    form = RejectForm(request.POST or None, initial={"version": entry.version})
    return form_view(request, person=order.person, form=form, call=lambda data: services.hours_reject(
        actor=request.user, entry=entry, reason=data["reason"], expected_version=data["version"]),
        done=_("Hours rejected: they do not count towards the order."), title=_("Reject hours"),
        back_url=order_url(order), object_type=OBJECT_TYPE, object_id=order.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def order_complete(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    form = CompleteForm(request.POST or None, initial={"version": order.version, "completed_on": timezone.localdate()})
    return form_view(request, person=order.person, form=form, call=lambda data: services.order_complete(
        actor=request.user, order=order, completed_on=data["completed_on"], expected_version=data["version"]),
        done=_("Order completed."), title=_("Record the order as completed"), back_url=order_url(order),
        intro=_("The verified hours have reached the hours ordered."), button=_("Record completion"),
        irreversible=True, object_type=OBJECT_TYPE, object_id=order.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def order_breach(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_or_404(request, pk)
    form = BreachForm(request.POST or None, initial={"version": order.version, "breached_on": timezone.localdate()})
    return form_view(request, person=order.person, form=form, call=lambda data: services.order_breach(
        actor=request.user, order=order, reason=data["reason"], breached_on=data["breached_on"],
        expected_version=data["version"]), done=_("Breach recorded."), title=_("Record a breach of the order"),
        back_url=order_url(order), button=_("Record the breach"), irreversible=True,
        intro=_("The order ends as breached; no more hours can be recorded against it."),
        object_type=OBJECT_TYPE, object_id=order.pk)
