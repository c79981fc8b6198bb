"""Restorative justice pages: the case (parties with their consent history, sessions, agreement),
the referral and the facilitator's forms. The parties' names and contacts appear only for the
case's facilitator; the page never calls a failure to agree a breach."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.community import selectors, services
from reintegra.community.choices import ConsentState, RestorativeStatus
from reintegra.community.forms import (
    AgreementForm, CloseForm, ConsentForm, FacilitatorForm, ItemForm, PartyForm, RestorativeForm, SessionForm,
    WithdrawForm,
)
from reintegra.community.views.common import facilitators, form_view
from reintegra.community.views.diversions import person_cases
from reintegra.people.access_log import logged_page
from reintegra.people import selectors as people_selectors

OBJECT_TYPE = "community.restorativecase"


def rj_or_404(request: HttpRequest, pk: int) -> Any:
    rj_case = selectors.rj_get(user=request.user, pk=pk)
    if rj_case is None:
        raise Http404
    return rj_case


def facilitated_or_403(request: HttpRequest, pk: int) -> Any:
    """The case, for its facilitator only (others: 403; out of scope: 404)."""
    rj_case = rj_or_404(request, pk)
    if not selectors.facilitates(request.user, rj_case):
        raise PermissionDenied
    return rj_case


def rj_url(rj_case: Any) -> str:
    return reverse("community:rj-detail", args=[rj_case.pk])


def _form(request: HttpRequest, rj_case: Any, form: Any, call: Any, **kwargs: Any) -> HttpResponse:
    return form_view(request, person=rj_case.person, form=form, call=call, back_url=rj_url(rj_case),
                     object_type=OBJECT_TYPE, object_id=rj_case.pk, **kwargs)


@require_http_methods(["GET"])
@action_required(Action.MEASURE_VIEW)
def rj_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rj_case = rj_or_404(request, pk)
    contents = selectors.rj_contents(user=request.user, rj_case=rj_case)
    facilitator = selectors.facilitates(request.user, rj_case)
    live = rj_case.status != RestorativeStatus.CLOSED
    context = {
        "rj_case": rj_case, "person": rj_case.person, "contents": contents, "facilitator": facilitator,
        "can_facilitate": facilitator and live, "given": ConsentState.GIVEN,
        "can_assign": live and allowed(request.user, Action.MEASURE_EDIT)
        and selectors.may_see_measures(request.user, rj_case.person),
    }
    fields = ["restorative-case", "parties", "sessions", "agreement"] + (["party-contacts"] if facilitator else [])
    return logged_page(request, rj_case.person, lambda: render(request, "community/restorative/detail.html", context),
                  fields=fields, object_type=OBJECT_TYPE, object_id=rj_case.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def rj_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = people_selectors.person_get(user=request.user, pk=person_pk)
    if not person.access.full or person.is_voided:
        raise PermissionDenied
    form = RestorativeForm(request.POST or None, cases=person_cases(person), facilitators=facilitators(),
                           initial={"referred_on": timezone.localdate()})
    made: dict[str, Any] = {}

    def call(data: dict[str, Any]) -> None:
        made["rj_case"] = services.rj_refer(actor=request.user, person=person, case=data["case"], kind=data["kind"],
                                            facilitator=data["facilitator"], referred_on=data["referred_on"])

    response = form_view(request, person=person, form=form, call=call, done=_("Referral to restorative justice recorded."),
                         title=_("Refer to restorative justice"), object_type="person", object_id=person.pk,
                         intro=_("Taking part is voluntary for everyone: the facilitator asks each party for their "
                                 "informed consent, which they may withdraw at any time."),
                         back_url=reverse("people:detail", args=[person.pk]))
    return redirect(rj_url(made["rj_case"])) if "rj_case" in made else response


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_EDIT)
def facilitator_assign(request: HttpRequest, pk: int) -> HttpResponse:
    rj_case = rj_or_404(request, pk)
    if not selectors.may_see_measures(request.user, rj_case.person):
        raise PermissionDenied
    form = FacilitatorForm(request.POST or None, facilitators=facilitators(), initial={"version": rj_case.version})
    return _form(request, rj_case, form, lambda data: services.rj_facilitator_assign(
        actor=request.user, rj_case=rj_case, facilitator=data["facilitator"], expected_version=data["version"]),
        done=_("Facilitator assigned."), title=_("Assign the facilitator"))


@require_http_methods(["GET", "POST"])
@action_required(Action.RESTORATIVE_FACILITATE)
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    rj_case = facilitated_or_403(request, pk)
    form = PartyForm(request.POST or None)
    return _form(request, rj_case, form, lambda data: services.party_add(actor=request.user, rj_case=rj_case, **data),
                 done=_("Party added. Ask for their informed consent before any session."), title=_("Add a party"),
                 intro=_("Only you, as the facilitator, see the name and contact details."))


def _party(rj_case: Any, party_pk: int) -> Any:
    party = selectors.rj_party(rj_case=rj_case, pk=party_pk)
    if party is None:
        raise Http404
    return party


@require_http_methods(["GET", "POST"])
@action_required(Action.RESTORATIVE_FACILITATE)
def consent_give(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    rj_case = facilitated_or_403(request, pk)
    party = _party(rj_case, party_pk)
    form = ConsentForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form(request, rj_case, form, lambda data: services.consent_give(
        actor=request.user, party=party, informed_how=data["informed_how"], on=data["on"], note=data["note"]),
        done=_("Consent recorded."), title=_("Record consent: %(label)s") % {"label": party.label})


@require_http_methods(["GET", "POST"])
@action_required(Action.MEASURE_VIEW)
def consent_withdraw(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    rj_case = rj_or_404(request, pk)
    party = _party(rj_case, party_pk)
    form = WithdrawForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form(request, rj_case, form, lambda data: services.consent_withdraw(
        actor=request.user, party=party, on=data["on"], note=data["note"]),
        done=_("Consent withdrawn: the party takes no further part."), irreversible=True,
        title=_("Withdraw consent: %(label)s") % {"label": party.label}, button=_("Record the withdrawal"),
        intro=_("A party may withdraw at any time, without giving a reason. The history is kept."))


@require_http_methods(["GET", "POST"])
@action_required(Action.RESTORATIVE_FACILITATE)
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    rj_case = facilitated_or_403(request, pk)
    parties = rj_case.parties.filter(voided_at__isnull=True).defer(*selectors.PARTY_CONTACT_FIELDS).order_by("id")
    form = SessionForm(request.POST or None, parties=parties, initial={"held_on": timezone.localdate()})
    return _form(request, rj_case, form, lambda data: services.session_record(
        actor=request.user, rj_case=rj_case, held_on=data["held_on"], kind=data["kind"],
        attendees=list(data["attendees"]), note=data["note"]), done=_("Session recorded."),
        title=_("Record a session"),
        intro=_("Everyone attending must have given consent, and not withdrawn it, before the session is recorded."))


@require_http_methods(["GET", "POST"])
@action_required(Action.RESTORATIVE_FACILITATE)
def agreement_record(request: HttpRequest, pk: int) -> HttpResponse:
    rj_case = facilitated_or_403(request, pk)
    form = AgreementForm(request.POST or None, initial={"version": rj_case.version, "agreed_on": timezone.localdate()})
    return _form(request, rj_case, form, lambda data: services.agreement_record(
        actor=request.user, rj_case=rj_case, terms=data["terms"].splitlines(), agreed_on=data["agreed_on"],
        expected_version=data["version"]), done=_("Agreement recorded."), title=_("Record the agreement"))


@require_http_methods(["GET", "POST"])
@action_required(Action.RESTORATIVE_FACILITATE)
def item_mark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    rj_case = facilitated_or_403(request, pk)
    item = selectors.rj_item(rj_case=rj_case, pk=item_pk)
    if item is None:
        raise Http404
    form = ItemForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form(request, rj_case, form, lambda data: services.item_mark(
        actor=request.user, item=item, status=data["status"], on=data["on"]), done=_("Term updated."),
        title=_("Fulfilment of: %(terms)s") % {"terms": item.terms})


@require_http_methods(["GET", "POST"])
@action_required(Action.RESTORATIVE_FACILITATE)
def rj_close(request: HttpRequest, pk: int) -> HttpResponse:
    rj_case = facilitated_or_403(request, pk)
    form = CloseForm(request.POST or None, initial={"version": rj_case.version, "closed_on": timezone.localdate()})
    return _form(request, rj_case, form, lambda data: services.rj_close(
        actor=request.user, rj_case=rj_case, outcome=data["outcome"], closed_on=data["closed_on"],
        expected_version=data["version"]), done=_("Case closed."), title=_("Close the case"),
        button=_("Close the case"), irreversible=True,
        intro=_("When no agreement is reached, the outcome is neutral: it is never recorded or shown as a breach."))
