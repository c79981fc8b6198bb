"""Pages for referrals and consent: each parses a form, calls one service or selector, renders."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, allowed, require
from reintegra.core.errors import AccessDenied
from reintegra.partners import forms, selectors, services
from reintegra.partners.choices import ReferralStatus, SharedField
from reintegra.partners.shared import partner_view

View = Callable[..., HttpResponse]


def _refused(view: View) -> View:
    """Turn the policy's refusal into 403 (whatever the record: existence is not revealed)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AccessDenied:
            raise PermissionDenied from None

    return wrapper


def _person_url(person_id: int) -> str:
    try:
        return reverse("people:detail", args=[person_id])
    except NoReverseMatch:  # pragma: no cover - people always installs its URLs
        return reverse("partners:referral-list")


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _submit(request: HttpRequest, form: Form, call: Callable[[dict[str, Any]], Any], done: str, to: str) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(to)
    return None


@_refused
def referral_list(request: HttpRequest) -> HttpResponse:
    """Referrals the user may see: to their organisation (partners) or of people in their scope."""
    if not (allowed(request.user, Action.REFERRAL_EDIT) or allowed(request.user, Action.REFERRAL_RESPOND)):
        raise AccessDenied(Action.REFERRAL_EDIT.value)
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    page = Paginator(selectors.referral_list(user=request.user, status=status or None), 25).get_page(request.GET.get("page"))
    return render(request, "partners/referral_list.html", {
        "page": page, "status": status, "statuses": ReferralStatus.choices,
    })


@_refused
def referral_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    require(request.user, Action.REFERRAL_EDIT)
    person = selectors.person_for_referral(user=request.user, pk=person_pk)
    form = forms.ReferralForm(request.POST or None)
    done = _submit(request, form, lambda data: services.referral_create(
        actor=request.user, person=person, organisation=data["organisation"], purpose=data["purpose"],
        referred_on=data["referred_on"],
    ), _("Referral made."), _person_url(person.pk))
    return done or render(request, "form_page.html", {
        "form": form, "person": person, "title": _("Refer to a partner"), "back_url": _person_url(person.pk),
    })


def _display(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_display(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


@_refused
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One referral. The partner sees only the shared fields its live consent and agreements allow
    (``selectors.partner_visible_fields``); each view is audited (a disclosure for the partner)."""
    referral = selectors.referral_get(user=request.user, pk=pk)
    responding = selectors.can_respond(user=request.user, referral=referral)
    staff = allowed(request.user, Action.REFERRAL_EDIT) and not responding
    form = forms.ReferralStatusForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST":
        if not (responding or (staff and request.POST.get("status") == ReferralStatus.CLOSED)):
            raise AccessDenied(Action.REFERRAL_RESPOND.value)
        done = _submit(request, form, lambda data: services.referral_set_status(
            actor=request.user, referral=referral, status=data["status"], expected_version=data["version"],
            on=data["on"], outcome_note=data["outcome_note"],
        ), _("Referral updated."), reverse("partners:referral-detail", args=[referral.pk]))
        if done:
            return done
    fields = {SharedField.NAME.value} if staff else selectors.partner_visible_fields(
        person=referral.person, organisation=referral.organisation)
    shared = partner_view(person=referral.person, fields=fields)
    services.referral_view_record(actor=request.user, referral=referral, fields=shared, partner=not staff,
                                  source_ip=request.META.get("REMOTE_ADDR") or None)
    return render(request, "partners/referral_detail.html", {
        "referral": referral, "form": form, "staff": staff, "name": shared.get(SharedField.NAME),
        "shared": [(SharedField(key).label, _display(value)) for key, value in shared.items()
                   if key != SharedField.NAME],
        "can_change": (responding or staff) and referral.status not in (ReferralStatus.CLOSED, ReferralStatus.DECLINED),
        "back_url": _person_url(referral.person_id) if staff else reverse("partners:referral-list"),
    })


@_refused
def consent_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    require(request.user, Action.CONSENT_EDIT)
    person = selectors.person_for_referral(user=request.user, pk=person_pk)
    form = forms.ConsentForm(request.POST or None)
    done = _submit(request, form, lambda data: services.consent_record(
        actor=request.user, person=person, organisation=data["organisation"], purpose=data["purpose"],
        fields=data["fields"], valid_from=data["valid_from"], valid_until=data["valid_until"],
        evidence=data["evidence"],
    ), _("Consent recorded."), _person_url(person.pk))
    return done or render(request, "form_page.html", {
        "form": form, "person": person, "title": _("Record consent"), "back_url": _person_url(person.pk),
    })


@_refused
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = selectors.consent_get(user=request.user, pk=pk)
    form = forms.ConsentWithdrawForm(request.POST or None, initial={"version": consent.version})
    done = _submit(request, form, lambda data: services.consent_withdraw(
        actor=request.user, consent=consent, expected_version=data["version"], reason=data["reason"],
    ), _("Consent withdrawn. It no longer allows any sharing."), _person_url(consent.person_id))
    return done or render(request, "form_page.html", {
        "form": form, "person": consent.person, "title": _("Withdraw consent"),
        "back_url": _person_url(consent.person_id),
    })
