"""The allocation page of a person: facilities ranked with the points and the reason of every
criterion, the decision with its reason, a confirmation step, and the person's earlier decisions.

``allocation.decide`` is checked before anything is read (403); a person outside the user's scope
is 404. Reading the page is a read of the person's record (needs, family contacts): it is audited,
with a purpose asked first outside the user's own caseload.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reintegra.accounts.decorators import action_required
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action
from reintegra.core.errors import StaleEditError
from reintegra.custody import allocation_selectors as selectors
from reintegra.custody import services
from reintegra.custody.forms import DecideForm, RequiredSecurityForm
from reintegra.custody.selectors import unit_stay_open
from reintegra.people import access_log

READ_FIELDS = ["allocation", "needs", "family-contacts", "custody"]


def _context(request: HttpRequest, person: Any, required: str, decide_form: DecideForm | None = None) -> dict[str, Any]:
    ranking = (selectors.allocation_rank(user=request.user, person=person, required_security=required)
               if required else None)
    episode = ranking.current_episode if ranking else None
    if decide_form is None and ranking is not None:
        top = ranking.ranked[0].facility_id if ranking.ranked else None
        decide_form = DecideForm(initial={
            "required_security": required, "facility": top, "expected_episode": episode.pk if episode else None,
            "expected_episode_version": episode.version if episode else None})
    return {
        "person": person, "ranking": ranking, "decide_form": decide_form, "episode": episode,
        "unit_stay": unit_stay_open(episode_id=episode.pk) if episode else None,
        "security_form": RequiredSecurityForm(initial={"required_security": required}) if required else
        RequiredSecurityForm(request.GET or None),
        "decisions": list(selectors.allocation_decision_list(user=request.user, person=person)[:20]),
        "chosen": int(decide_form["facility"].value() or 0) if decide_form is not None and
        str(decide_form["facility"].value() or "").isdigit() else None,
    }


@action_required(Action.ALLOCATION_DECIDE)
@require_http_methods(["GET"])
def allocation(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The ranking for the security level asked (default: the one of the latest decision, else the
    level of the facility holding the person, else the form asks for one)."""
    person = selectors.allocation_person(user=request.user, pk=person_pk)
    read = access_log.page_read(request, person)
    if isinstance(read, HttpResponse):
        return read
    form = RequiredSecurityForm(request.GET or None)
    required = form.cleaned_data["required_security"] if request.GET and form.is_valid() else (
        "" if request.GET else selectors.default_required_security(person=person)[0])
    context = _context(request, person, required)
    if not required:
        context["security_form"] = form
    response = render(request, "custody/allocation.html", context)
    read.log(fields=READ_FIELDS, object_type="custody.allocation")
    return response


@action_required(Action.ALLOCATION_DECIDE)
@require_POST
def decide(request: HttpRequest, person_pk: int) -> HttpResponse:
    """First post: the confirmation (what will happen, the rank, the reason). Second post, with
    ``confirm``: the decision is recorded (and the transfer made). Errors show on the page."""
    person = selectors.allocation_person(user=request.user, pk=person_pk)
    read = access_log.page_read(request, person)
    if isinstance(read, HttpResponse):
        return read
    form = DecideForm(request.POST)
    if not form.is_valid():
        required = request.POST.get("required_security", "")
        response = render(request, "custody/allocation.html",
                          _context(request, person, required if required in dict(form.fields["required_security"]
                                                                                  .choices) else "", form))
        read.log(fields=READ_FIELDS, object_type="custody.allocation")
        return response
    data = form.cleaned_data
    facility = Organisation.objects.filter(pk=data["facility"]).first()
    if not data["confirm"]:
        try:  # the same checks as the decision, nothing written: errors show before the confirmation
            services.allocation_check(actor=request.user, person=person, facility=facility,
                                      required_security=data["required_security"], reason=data["reason"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    else:
        try:
            decision = services.allocation_decide(
                actor=request.user, person=person, facility=facility, required_security=data["required_security"],
                reason=data["reason"], expected_episode=data["expected_episode"],
                expected_episode_version=data["expected_episode_version"])
        except StaleEditError:
            messages.error(request, _("The person's custody changed since the ranking was shown (an admission, "
                                      "release or transfer). Look at the new ranking and decide again."))
            url = reverse("custody:allocation", args=[person.pk])
            return redirect(f"{url}?required_security={data['required_security']}")
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields and field not in ("confirm",) else None, errors)
        else:
            messages.success(request, {
                "transfer": _("Decision recorded: the person is transferred to %(facility)s."),
                "stay": _("Decision recorded: the person stays in %(facility)s."),
                "admission": _("Decision recorded: the person is to be admitted to %(facility)s."),
            }[decision.outcome] % {"facility": facility.name})
            return redirect("custody:allocation", person_pk=person.pk)
    context = _context(request, person, data["required_security"], form)
    ranking = context["ranking"]
    context["choice"] = ranking.result_for(facility.pk) if ranking and facility else None
    context["top"] = ranking.ranked[0] if ranking and ranking.ranked else None
    template = "custody/allocation.html" if form.errors else "custody/allocation_confirm.html"
    response = render(request, template, context)
    read.log(fields=READ_FIELDS, object_type="custody.allocation")
    return response
