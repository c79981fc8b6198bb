"""The compliance pages of a supervision period: its events with their responses and the recall
decisions, recording an event (or voiding one), responding to an event with the matrix's proposal
and why, deciding on a recall or revocation (confirmed before a recall is recorded), and the
supervisors' list of referrals awaiting a decision. A refused write changes nothing."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.supervision import responses
from reintegra.supervision.choices import RecallKind, RecallOutcome
from reintegra.supervision.models import Condition
from reintegra.supervision.selectors import compliance as selectors
from reintegra.supervision.services import compliance as services
from reintegra.supervision.services.recall import recall_decide
from reintegra.supervision.views import compliance_forms as forms
from reintegra.supervision.views.period_forms import ReasonForm
from reintegra.supervision.views.periods import _data, period_or_404
from reintegra.supervision.views.periods import _form_page as period_form_page
from reintegra.supervision.views.periods import _logged as logged

PAGE_SIZE = 25


def compliance_url(period: Any) -> str:
    return reverse("supervision:period-compliance", args=[period.pk])


def _event_or_404(request: HttpRequest, pk: int) -> Any:
    event = selectors.event_get(user=request.user, pk=pk)
    if event is None:
        raise Http404
    return event


def _is_open(period: Any) -> bool:
    return period.ended_on is None or period.ended_on > timezone.localdate()


def _event_form(period: Any, data: Any = None) -> forms.EventForm:
    conditions = Condition.objects.filter(period=period, voided_at__isnull=True)
    return forms.EventForm(data, initial={"occurred_on": timezone.localdate()}, conditions=conditions)


@require_http_methods(["GET"])
@action_required(Action.SUPERVISION_VIEW)
def period_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    """The period's events (newest first, 25 a page) with their responses, the counts the matrix
    weighs, the recall decisions, and the forms for staff who may record."""
    period = period_or_404(request, pk)
    can_edit = allowed(request.user, Action.SUPERVISION_EDIT) and _is_open(period)

    def draw() -> HttpResponse:
        events = Paginator(selectors.events_of_period(period=period), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "period": period, "person": period.person, "events": events, "window_days": responses.window_days(),
            "counts": selectors.compliance_counts(period=period), "level": selectors.current_level(period),
            "decisions": list(selectors.recall_decisions_of_period(period=period)),
            "pending": selectors.recall_pending(period), "can_edit": can_edit,
            "can_decide": allowed(request.user, Action.RECALL_DECIDE) and _is_open(period),
        }
        if can_edit:
            context["event_form"] = _event_form(period)
        return render(request, "supervision/compliance/period.html", context)

    return logged(request, period, draw, ["compliance-events", "event-responses", "recall-decisions"])


def _form_page(request: HttpRequest, period: Any, form: Any, **options: Any) -> HttpResponse:
    """The period's form page (``views.periods._form_page``), returning to the compliance page."""
    return period_form_page(request, period, form, back_url=compliance_url(period), fields="compliance-form",
                            **options)


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def event_record(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request, pk)
    return _form_page(
        request, period, _event_form(period, _data(request)), title=_("Record an event"),
        intro=_("Non-compliance (with its severity) or a positive event. A response is proposed next."),
        done=_("Event recorded. Record the response to it."),
        call=lambda data: services.compliance_event_record(
            actor=request.user, period=period, kind=data["kind"], severity=data["severity"],
            occurred_on=data["occurred_on"], condition=data["condition"], note=data["note"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def event_void(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    return _form_page(
        request, event.period, ReasonForm(_data(request)), title=_("Void an event recorded in error"),
        intro=f"{event.occurred_on:%Y-%m-%d} · {event.get_kind_display()}", done=_("Event voided."),
        button=_("Void the event"),
        call=lambda data: services.compliance_event_void(actor=request.user, event=event, reason=data["reason"]),
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def event_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The response to an event, with the matrix's proposal and its reasons shown (and chosen)."""
    event = _event_or_404(request, pk)
    proposal = selectors.proposal_for(event)
    form = forms.ResponseForm(_data(request), initial={"chosen": proposal.response})
    return _form_page(
        request, event.period, form, title=_("Respond to the event"), template="supervision/compliance/respond.html",
        done=_("Response recorded."), button=_("Record the response"),
        extra={"event": event, "proposal": proposal, "reasons": [reason.text for reason in proposal.reasons],
               "departure_min": services.DEPARTURE_REASON_MIN},
        call=lambda data: services.event_response_record(actor=request.user, event=event, chosen=data["chosen"],
                                                         reason=data["reason"], decided_on=data["decided_on"]),
    )


def _recall_page(request: HttpRequest, period: Any, form: forms.RecallForm, template: str, status: int) -> HttpResponse:
    context = {"period": period, "person": period.person, "form": form, "back_url": compliance_url(period),
               "kind": RecallKind(selectors.recall_kind_for(period)), "title": _("Recall or revocation decision")}
    if form.is_bound and form.is_valid():
        context["chosen_events"] = form.cleaned_data["events"]
        context["outcome"] = RecallOutcome(form.cleaned_data["outcome"])
    return logged(request, period, lambda: render(request, template, context, status=status), ["recall-form"])


@require_http_methods(["GET", "POST"])
@action_required(Action.RECALL_DECIDE)
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision form; a recall is shown back for confirmation (it ends the period) before it is
    recorded; "continue supervision" is recorded at once."""
    period = period_or_404(request, pk)
    events = selectors.events_of_period(period=period, include_voided=False).filter(positive=False)
    referred = list(events.filter(response__chosen="recall_review").values_list("pk", flat=True))
    form = forms.RecallForm(_data(request), events=events,
                            initial={"version": period.version, "events": referred})
    if request.method != "POST" or not form.is_valid():
        return _recall_page(request, period, form, "supervision/compliance/recall_form.html",
                            400 if request.method == "POST" else 200)
    data = form.cleaned_data
    if data["outcome"] == RecallOutcome.RECALLED and not data["confirm"]:
        return _recall_page(request, period, form, "supervision/compliance/recall_confirm.html", 200)
    try:
        recall_decide(actor=request.user, period=period, outcome=data["outcome"], justification=data["justification"],
                      events=list(data["events"]), expected_version=data["version"])
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _recall_page(request, period, form, "supervision/compliance/recall_form.html", 400)
    messages.success(request, _("Decision recorded: the period has ended as revoked.")
                     if data["outcome"] == RecallOutcome.RECALLED else _("Decision recorded: supervision continues."))
    return redirect(compliance_url(period))


@require_http_methods(["GET"])
@action_required(Action.RECALL_DECIDE)
def recall_list(request: HttpRequest) -> HttpResponse:
    """Periods in the supervisor's scope with a referral for a recall decision, oldest first."""
    page = Paginator(selectors.recall_pending_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/compliance/recall_list.html", {"periods": page})
