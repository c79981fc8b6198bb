"""Pages of the justice record: each parses a form, calls one service or selector, renders."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.justice import forms, selectors, services
from reintegra.justice.choices import PersonStatus
from reintegra.people import access_log
from reintegra.people.models import Person

View = Callable[..., HttpResponse]


_guarded = action_required


def _person_url(person_id: int) -> str:
    try:
        return reverse("people:detail", args=[person_id])
    except NoReverseMatch:
        return reverse("justice:person-record", args=[person_id])


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _handle(
    request: HttpRequest, form: Form, *, person: Person, title: str, call: Callable[[dict[str, Any]], Any],
    done: str, extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate ``form`` on POST and call the service; field errors from the service show next to
    the fields, a stale edit as a form error. On success go back to the person."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_person_url(person.pk))
    context = {"form": form, "person": person, "title": title, "back_url": _person_url(person.pk), **(extra or {})}
    return render(request, "justice/form.html", context)


@_guarded(Action.JUSTICE_VIEW)
def person_record(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The person's whole justice record on one page (also shown as panels on the person page)."""
    person = selectors.person_get(user=request.user, pk=person_pk)
    read = access_log.page_read(request, person)  # outside one's caseload, the purpose comes first
    if isinstance(read, HttpResponse):
        return read
    status = selectors.person_status(person=person)
    response = render(request, "justice/person_record.html", {
        "person": person, "record": selectors.person_record(user=request.user, person=person),
        "status": status, "status_label": PersonStatus(status).label,
        "key_dates": selectors.key_dates(person=person), "can_edit": allowed(request.user, Action.JUSTICE_EDIT),
        "back_url": _person_url(person.pk),
    })
    read.log(fields=["justice-status", "justice-key-dates", "justice-record"], object_type="justice.record")
    return response


@_guarded(Action.JUSTICE_EDIT)
def case_open(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_pk)
    form = forms.CaseOpenForm(request.POST or None)
    return _handle(request, form, person=person, title=_("Open a case"), done=_("Case opened."),
                   call=lambda data: services.case_open(actor=request.user, person=person, **data))


@_guarded(Action.JUSTICE_EDIT)
def charge_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=case_pk)
    form = forms.ChargeAddForm(request.POST or None)
    return _handle(request, form, person=case.person, title=_("Add a charge to case %(reference)s") % {"reference": case.reference},
                   done=_("Charge added."), call=lambda data: services.charge_add(actor=request.user, case=case, **data))


@_guarded(Action.JUSTICE_EDIT)
def charge_outcome(request: HttpRequest, charge_pk: int) -> HttpResponse:
    charge = selectors.charge_get(user=request.user, pk=charge_pk)
    initial = {"outcome": charge.outcome, "outcome_date": charge.outcome_date, "version": charge.version}
    form = forms.ChargeOutcomeForm(request.POST or None, initial=initial)
    return _handle(
        request, form, person=charge.case.person, title=_("Record the outcome of a charge"), done=_("Outcome recorded."),
        call=lambda data: services.charge_set_outcome(
            actor=request.user, charge=charge, outcome=data["outcome"], outcome_date=data["outcome_date"],
            expected_version=data["version"],
        ),
    )


@_guarded(Action.JUSTICE_EDIT)
def disposition_record(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=case_pk)
    form = forms.DispositionForm(request.POST or None)
    return _handle(request, form, person=case.person, title=_("Record a disposition in case %(reference)s") % {"reference": case.reference},
                   done=_("Disposition recorded."),
                   call=lambda data: services.disposition_record(actor=request.user, case=case, **data))


@_guarded(Action.JUSTICE_EDIT)
def custody_admit(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_pk)
    form = forms.CustodyAdmitForm(request.POST or None, person=person, user=request.user)
    return _handle(request, form, person=person, title=_("Admit to custody"), done=_("Admission recorded."),
                   call=lambda data: services.custody_admit(actor=request.user, person=person, **data))


@_guarded(Action.JUSTICE_EDIT)
def custody_release(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = selectors.custody_episode_get(user=request.user, pk=episode_pk)
    form = forms.CustodyReleaseForm(request.POST or None, initial={"version": episode.version})
    return _handle(
        request, form, person=episode.person, title=_("Release from %(facility)s") % {"facility": episode.facility.name},
        done=_("Release recorded."),
        call=lambda data: services.custody_release(
            actor=request.user, episode=episode, released_on=data["released_on"],
            release_type=data["release_type"], expected_version=data["version"],
        ),
    )


@_guarded(Action.JUSTICE_EDIT)
def custody_transfer(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = selectors.custody_episode_get(user=request.user, pk=episode_pk)
    form = forms.CustodyTransferForm(request.POST or None, initial={"version": episode.version})
    return _handle(
        request, form, person=episode.person, title=_("Transfer from %(facility)s") % {"facility": episode.facility.name},
        done=_("Transfer recorded."),
        call=lambda data: services.custody_transfer(
            actor=request.user, episode=episode, to_facility=data["to_facility"],
            transferred_on=data["transferred_on"], expected_version=data["version"],
        ),
    )


@_guarded(Action.JUSTICE_EDIT)
def supervision_start(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_pk)
    form = forms.SupervisionStartForm(request.POST or None, person=person, user=request.user)
    return _handle(request, form, person=person, title=_("Start supervision"), done=_("Supervision started."),
                   call=lambda data: services.supervision_start(actor=request.user, person=person, **data))


@_guarded(Action.JUSTICE_EDIT)
def supervision_end(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.supervision_period_get(user=request.user, pk=period_pk)
    form = forms.SupervisionEndForm(request.POST or None, initial={"version": period.version})
    return _handle(
        request, form, person=period.person, title=_("End supervision"), done=_("Supervision ended."),
        call=lambda data: services.supervision_end(
            actor=request.user, period=period, ended_on=data["ended_on"], end_reason=data["end_reason"],
            expected_version=data["version"],
        ),
    )


def offence_list(request: HttpRequest) -> HttpResponse:
    """The offence classification: ICCS sections and national codes. Case staff read it;
    reference administrators also add national codes here."""
    can_add = allowed(request.user, Action.REFERENCE_EDIT)
    if not (can_add or allowed(request.user, Action.JUSTICE_VIEW)) or (request.method == "POST" and not can_add):
        raise PermissionDenied
    form = forms.NationalOffenceForm(request.POST or None) if can_add else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.offence_category_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Offence code added."))
            return redirect("justice:offence-list")
    page = Paginator(selectors.offence_list(active_only=False), 50).get_page(request.GET.get("page"))
    return render(request, "justice/offences.html", {"form": form, "page": page})
