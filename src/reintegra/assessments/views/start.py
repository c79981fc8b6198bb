"""A person's assessments, and starting a new one."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.assessments import selectors, services
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.forms import StartForm, kind_label
from reintegra.assessments.instruments import Instrument, instruments_all, tr
from reintegra.assessments.views.common import FULL, apply_errors, band_label, person_url, title_of
from reintegra.people import access_log
from reintegra.people import selectors as people_selectors
from reintegra.people.models import Person


def latest_versions() -> list[Instrument]:
    """The newest version of each instrument (``instruments_all`` lists them oldest first)."""
    newest: dict[str, Instrument] = {}
    for instrument in instruments_all():
        newest[instrument.code] = instrument
    return sorted(newest.values(), key=lambda i: (tr(i.title).casefold(), i.code))


def _person(request: HttpRequest, person_pk: int) -> Person:
    return people_selectors.person_get(user=request.user, pk=person_pk)


@require_http_methods(["GET"])
@action_required(Action.ASSESSMENT_VIEW)
def person_list(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Every assessment of the person the user may see; summary viewers see bands and dates only."""
    person = _person(request, person_pk)
    visibility = selectors.assessment_visibility(request.user, person)
    if visibility is None:
        raise PermissionDenied
    read = access_log.page_read(request, person)
    if isinstance(read, HttpResponse):
        return read
    rows = []
    for assessment in selectors.assessment_list_for_person(user=request.user, person=person):
        if visibility != FULL and assessment.status != AssessmentStatus.COMPLETED:
            continue  # summary viewers see results, not work in progress
        rows.append({"assessment": assessment, "title": title_of(assessment),
                     "band": band_label(None, assessment.final_band)})
    response = render(request, "assessments/person_list.html", {
        "person": person, "rows": rows, "full": visibility == FULL, "back_url": person_url(person.pk),
        "can_start": visibility == FULL and allowed(request.user, Action.ASSESSMENT_EDIT) and not person.is_voided,
    })
    read.log(fields=["assessments" if visibility == FULL else "assessments-summary"], object_type="assessment.list")
    return response


@require_http_methods(["GET", "POST"])
@action_required(Action.ASSESSMENT_EDIT)
def start(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Choose the instrument and the occasion; a draft is created and its form opens."""
    person = _person(request, person_pk)
    if selectors.assessment_visibility(request.user, person) != FULL or person.is_voided:
        raise PermissionDenied
    instruments = latest_versions()
    form = StartForm(request.POST or None, instruments=instruments,
                     initial={"instrument": request.GET.get("instrument", "")})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                person=person, instrument_code=form.cleaned_data["instrument"],
                occasion=form.cleaned_data["occasion"], actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Assessment started. Answers are saved as you go."))
            return redirect("assessments:detail", pk=assessment.pk)
    chosen = form["instrument"].value()
    choices = [{
        "code": i.code, "title": tr(i.title), "kind": kind_label(i.kind), "description": tr(i.description),
        "version": i.version, "checked": chosen == i.code,
    } for i in instruments]
    return render(request, "assessments/start.html", {
        "form": form, "person": person, "choices": choices, "back_url": person_url(person.pk),
        "title": _("Start an assessment"),
    })
