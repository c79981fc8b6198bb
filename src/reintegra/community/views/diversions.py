"""Diversion pages: the referral with its conditions and outcome, and their forms."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
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
from reintegra.community.choices import DiversionStatus
from reintegra.community.forms import ConditionForm, DiversionForm, DiversionOutcomeForm
from reintegra.community.views.common import form_view
from reintegra.people.access_log import logged_page
from reintegra.justice.models import Case
from reintegra.people import selectors as people_selectors

OBJECT_TYPE = "community.diversion"
PROVIDER_KINDS = [OrganisationKind.HEALTH, OrganisationKind.NGO, OrganisationKind.MUNICIPALITY,
                  OrganisationKind.EDUCATION, OrganisationKind.HOUSING]


def diversion_or_404(request: HttpRequest, pk: int) -> Any:
    diversion = selectors.diversion_get(user=request.user, pk=pk)
    if diversion is None:
        raise Http404
    return diversion


def diversion_url(diversion: Any) -> str:
    return reverse("community:diversion-detail", args=[diversion.pk])


def person_cases(person: Any) -> Any:
    return Case.objects.filter(person=person, voided_at__isnull=True).order_by("-opened_on", "-id")


@require_http_methods(["GET"])
@action_required(Action.MEASURE_VIEW)
def diversion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    diversion = diversion_or_404(request, pk)
    context = {"diversion": diversion, "person": diversion.person,
               "conditions": selectors.diversion_conditions(diversion=diversion),
               "can_edit": diversion.status == DiversionStatus.ACTIVE and allowed(request.user, Action.MEASURE_EDIT)}
    return logged_page(request, diversion.person, lambda: render(request, "community/diversions/detail.html", context),
                  fields=["diversion", "conditions"], object_type=OBJECT_TYPE, object_id=diversion.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def diversion_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = people_selectors.person_get(user=request.user, pk=person_pk)
    if not person.access.full or person.is_voided:
        raise PermissionDenied
    form = DiversionForm(request.POST or None, cases=person_cases(person),
                         organisations=organisation_list(kinds=PROVIDER_KINDS),
                         initial={"referred_on": timezone.localdate()})
    made: dict[str, Any] = {}

    def call(data: dict[str, Any]) -> None:
        made["diversion"] = services.diversion_refer(
            actor=request.user, person=person, case=data["case"], provider=data["provider"],
            programme_kind=data["programme_kind"], referred_on=data["referred_on"])

    response = form_view(request, person=person, form=form, call=call, done=_("Referral to diversion recorded."),
                         title=_("Refer to diversion or treatment"), object_type="person", object_id=person.pk,
                         intro=_("An alternative to prosecution or conviction, for example treatment for a drug "
                                 "use disorder."), back_url=reverse("people:detail", args=[person.pk]))
    return redirect(diversion_url(made["diversion"])) if "diversion" in made else response


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def condition_add(request: HttpRequest, pk: int) -> HttpResponse:
    diversion = diversion_or_404(request, pk)
    form = ConditionForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    return form_view(request, person=diversion.person, form=form, call=lambda data: services.diversion_condition_add(
        actor=request.user, diversion=diversion, text=data["text"], starts_on=data["starts_on"],
        ends_on=data["ends_on"]), done=_("Condition added."), title=_("Add a condition"),
        back_url=diversion_url(diversion), object_type=OBJECT_TYPE, object_id=diversion.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def diversion_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    diversion = diversion_or_404(request, pk)
    form = DiversionOutcomeForm(request.POST or None, initial={"version": diversion.version,
                                                               "on": timezone.localdate()})
    return form_view(request, person=diversion.person, form=form, call=lambda data: services.diversion_outcome(
        actor=request.user, diversion=diversion, outcome=data["outcome"], on=data["on"], reason=data["reason"],
        expected_version=data["version"]), done=_("Outcome recorded."), title=_("Record the outcome"),
        back_url=diversion_url(diversion), button=_("Record the outcome"), irreversible=True,
        object_type=OBJECT_TYPE, object_id=diversion.pk)
