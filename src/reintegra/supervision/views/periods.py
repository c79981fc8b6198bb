"""The supervision period page (contacts and conditions): where the person stands against the
contact standard, the level and its history, conditions, contacts and appointments, with forms
to record each. Every write has a page of its own too (works without JavaScript, and shows the
service's errors next to the fields); a refused write changes nothing."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.people import access_log
from reintegra.people.forms import service_form_posted
from reintegra.supervision.models import Appointment, Condition, SupervisionContact
from reintegra.supervision.selectors import periods as selectors
from reintegra.supervision.services import appointments, conditions, contacts, levels
from reintegra.supervision.views import period_forms as forms

PAGE_SIZE = 25


def period_or_404(request: HttpRequest, pk: Any) -> Any:
    """The period if the user sees its person in full (with ``supervision.view``); else 404."""
    period = selectors.period_get(user=request.user, pk=pk)
    if period is None:
        raise Http404
    return period


def _child_or_404(request: HttpRequest, model: type, pk: Any) -> Any:
    """A condition, contact or appointment, reached through its period (so through the scope)."""
    period_id = model.objects.filter(pk=pk).values_list("period_id", flat=True).first()
    if period_id is None:
        raise Http404
    period = period_or_404(request, period_id)
    row = model.objects.get(pk=pk)
    row.period = period
    return row


def period_url(period: Any) -> str:
    return reverse("supervision:period-detail", args=[period.pk])


def _logged(request: HttpRequest, period: Any, draw: Callable[[], HttpResponse], fields: list[str]) -> HttpResponse:
    """Draw a page of the person's record and write its one audit entry (after the purpose prompt
    outside the user's own caseload)."""
    return access_log.logged_page(request, period.person, draw, fields=fields, object_type="supervision_period",
                                  object_id=period.pk)


def _new_forms(period: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "level_form": forms.LevelForm(),
        "condition_form": forms.ConditionForm(),
        "contact_form": forms.ContactForm(initial={"occurred_on": today, "attendance": "attended"},
                                          appointments=selectors.appointments_to_record(period=period)),
        "appointment_form": forms.AppointmentForm(),
    }


@require_http_methods(["GET"])
@action_required(Action.SUPERVISION_VIEW)
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The period: due status, level and history, conditions, contacts (paginated) and appointments."""
    period = period_or_404(request, pk)
    today = timezone.localdate()
    can_edit = allowed(request.user, Action.SUPERVISION_EDIT) and not period.is_voided
    is_open = period.ended_on is None or period.ended_on > today

    def draw() -> HttpResponse:
        contacts_page = Paginator(selectors.contact_list(period=period), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "period": period, "person": period.person, "today": today, "due": selectors.due_of(period, today=today),
            "level": selectors.current_level(period),
            "level_label": selectors.level_label(selectors.current_level(period)), "levels": list(selectors.level_history(period=period)),
            "conditions": list(selectors.condition_list(period=period)),
            "contacts": contacts_page, "no_contacts": not contacts_page.object_list,
            "appointments": list(selectors.appointment_list(period=period)),
            "can_edit": can_edit, "is_open": is_open, "now": timezone.now(),
        }
        if can_edit:
            context.update(_new_forms(period))
        return render(request, "supervision/periods/detail.html", context)

    return _logged(request, period, draw, ["supervision-period", "levels", "conditions", "contacts", "appointments"])


def _form_page(request: HttpRequest, period: Any, form: Any, *, call: Callable[[dict[str, Any]], Any], done: str,
               title: str, intro: str = "", button: str = "", back_url: str | None = None,
               template: str = "supervision/periods/form.html", fields: str = "supervision-period-form",
               extra: dict[str, Any] | None = None) -> HttpResponse:
    """GET draws the form on its own page; a valid POST calls the service and goes back (to the
    period, or ``back_url``) with ``done``; what the service refuses comes back on the form,
    nothing changed. The period's other pages (compliance) use it with their own return page."""
    back_url = back_url or period_url(period)
    if service_form_posted(request, form, call, done=done):
        return redirect(back_url)
    status = 400 if request.method == "POST" else 200
    context = {"period": period, "person": period.person, "form": form, "title": title, "intro": intro,
               "button": button or _("Save"), "back_url": back_url, **(extra or {})}
    return _logged(request, period, lambda: render(request, template, context, status=status), [fields])


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def level_set(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request, pk)
    return _form_page(
        request, period, forms.LevelForm(_data(request)), title=_("Set the supervision level"),
        intro=_("The level follows the band of the latest completed assessment; a different level needs a reason."),
        done=_("Supervision level recorded."),
        call=lambda data: levels.level_set(actor=request.user, period=period, level=data["level"] or None,
                                           override_reason=data["override_reason"], effective_on=data["effective_on"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def condition_add(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request, pk)
    return _form_page(
        request, period, forms.ConditionForm(_data(request)), title=_("Add a condition"),
        done=_("Condition added."),
        call=lambda data: conditions.condition_add(actor=request.user, period=period, kind=data["kind"],
                                                   text=data["text"], starts_on=data["starts_on"],
                                                   ends_on=data["ends_on"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def condition_end(request: HttpRequest, pk: int) -> HttpResponse:
    condition = _child_or_404(request, Condition, pk)
    return _form_page(
        request, condition.period, forms.ConditionEndForm(_data(request)), title=_("End a condition"),
        intro=condition.text, done=_("Condition ended."),
        call=lambda data: conditions.condition_end(actor=request.user, condition=condition, ends_on=data["ends_on"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def condition_void(request: HttpRequest, pk: int) -> HttpResponse:
    condition = _child_or_404(request, Condition, pk)
    return _form_page(
        request, condition.period, forms.ReasonForm(_data(request)), title=_("Void a condition entered in error"),
        intro=condition.text, done=_("Condition voided."), button=_("Void the condition"),
        call=lambda data: conditions.condition_void(actor=request.user, condition=condition, reason=data["reason"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def contact_record(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request, pk)
    form = forms.ContactForm(_data(request), initial={"occurred_on": timezone.localdate(), "attendance": "attended"},
                             appointments=selectors.appointments_to_record(period=period))
    return _form_page(
        request, period, form, title=_("Record a contact"), done=_("Contact recorded."),
        call=lambda data: contacts.contact_record(
            actor=request.user, period=period, contact_type=data["contact_type"], occurred_on=data["occurred_on"],
            attendance=data["attendance"], note=data["note"], appointment=data.get("appointment")),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def contact_void(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _child_or_404(request, SupervisionContact, pk)
    return _form_page(
        request, contact.period, forms.ReasonForm(_data(request)), title=_("Void a contact recorded in error"),
        done=_("Contact voided."), button=_("Void the contact"),
        call=lambda data: contacts.contact_void(actor=request.user, contact=contact, reason=data["reason"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def appointment_book(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request, pk)
    return _form_page(
        request, period, forms.AppointmentForm(_data(request)), title=_("Book an appointment"),
        intro=_("With the responsible officer of this period (or you, when it has none)."),
        done=_("Appointment booked."),
        call=lambda data: appointments.appointment_book(
            actor=request.user, person=period.person, officer=period.officer or request.user, period=period,
            scheduled_for=data["scheduled_for"], contact_type=data["contact_type"], note=data["note"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _child_or_404(request, Appointment, pk)
    return _form_page(
        request, appointment.period, forms.ReasonForm(_data(request)), title=_("Cancel an appointment"),
        done=_("Appointment cancelled."), button=_("Cancel the appointment"),
        call=lambda data: appointments.appointment_cancel(actor=request.user, appointment=appointment,
                                                          reason=data["reason"]),
    )
