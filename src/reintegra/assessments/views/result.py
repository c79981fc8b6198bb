"""The result of a completed assessment, and what can be done with it: propose an override of the
band, countersign or refuse it (a supervisor who did not propose it), start a correction."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentStatus, OverrideStatus
from reintegra.assessments.forms import CorrectionForm, CountersignForm, OverrideForm, kind_label
from reintegra.assessments.views import present
from reintegra.assessments.views.common import (
    FULL, apply_errors, assessment_or_404, band_choices, band_label, instrument_for, person_url, require_full,
    title_of,
)
from reintegra.people import access_log


def _permissions(request: HttpRequest, assessment: Any) -> dict[str, bool]:
    """Which forms the page offers: each only when the service would accept it from this user."""
    user = request.user
    full = assessment.visibility == FULL
    live = assessment.status == AssessmentStatus.COMPLETED and not assessment.is_voided
    edit = full and live and allowed(user, Action.ASSESSMENT_EDIT)
    return {
        "can_override": edit and assessment.override_status in (OverrideStatus.NONE, OverrideStatus.REFUSED),
        "can_countersign": full and live and assessment.override_status == OverrideStatus.PENDING
        and allowed(user, Action.ASSESSMENT_COUNTERSIGN) and assessment.override_by_id != user.pk,
        "can_correct": edit and not assessment.corrections.filter(voided_at__isnull=True).exists(),
    }


def result_page(request: HttpRequest, assessment: Any, *, forms: dict[str, Form] | None = None,
                status: int = 200) -> HttpResponse:
    """The result (full, or the summary for volunteers), with the forms the user may use."""
    read = access_log.page_read(request, assessment.person)
    if isinstance(read, HttpResponse):
        return read
    instrument = instrument_for(assessment)
    full = assessment.visibility == FULL
    result = assessment.result or {}
    context: dict[str, Any] = {
        "assessment": assessment, "person": assessment.person, "full": full, "title": title_of(assessment),
        "kind": kind_label(assessment.instrument.kind), "back_url": person_url(assessment.person_id),
        "computed_band": band_label(instrument, assessment.computed_band),
        "final_band": band_label(instrument, assessment.final_band),
        "override_band": band_label(instrument, assessment.override_band),
        "needs": present.needs_labels(instrument, result),
    }
    if full:
        context.update(present.result_sections(instrument, result))
        context.update(_permissions(request, assessment))
        forms = forms or {}
        context["override_form"] = forms.get("override") or OverrideForm(
            initial={"version": assessment.version},
            bands=band_choices(instrument, excluding=assessment.computed_band))
        context["countersign_form"] = forms.get("countersign") or CountersignForm(initial={"version": assessment.version})
        context["correction_form"] = forms.get("correct") or CorrectionForm()
        context["corrections"] = list(assessment.corrections.select_related("instrument").order_by("started_at"))
    response = render(request, "assessments/result.html", context, status=status)
    read.log(fields=["assessment-result" if full else "assessment-summary"], object_type="assessment",
             object_id=assessment.pk)
    return response


def _act(request: HttpRequest, pk: int, *, key: str, allowed_when: str, build: Callable[[Any], Form],
         call: Callable[[Any, Form], Any], done: str) -> HttpResponse:
    """Validate one of the result page's forms and call its service, which decides whether the
    operation is allowed now (its refusals are audited). On an error the result page comes back
    with the messages (next to the form when the page offers it) and nothing is changed."""
    assessment = assessment_or_404(request, pk)
    require_full(assessment)
    form = build(assessment)
    if form.is_valid():
        try:
            changed = call(assessment, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("assessments:detail", pk=getattr(changed, "pk", assessment.pk))
    if not _permissions(request, assessment)[allowed_when]:  # the form is not on the page: say why here
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return result_page(request, assessment, forms={key: form}, status=400)


@require_http_methods(["POST"])
@action_required(Action.ASSESSMENT_EDIT)
def override(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="override", allowed_when="can_override",
        build=lambda a: OverrideForm(request.POST, bands=band_choices(instrument_for(a), excluding=a.computed_band)),
        call=lambda a, form: services.assessment_override(
            assessment=a, actor=request.user, expected_version=form.cleaned_data["version"],
            band=form.cleaned_data["band"], reason=form.cleaned_data["reason"]),
        done=_("Override proposed. It becomes the final band when a supervisor countersigns it."),
    )


@require_http_methods(["POST"])
@action_required(Action.ASSESSMENT_COUNTERSIGN)
def countersign(request: HttpRequest, pk: int) -> HttpResponse:
    def call(a: Any, form: Form) -> Any:
        return services.assessment_countersign(
            assessment=a, actor=request.user, expected_version=form.cleaned_data["version"],
            approve=form.approve, note=form.cleaned_data["note"])  # type: ignore[attr-defined]

    approve = request.POST.get("countersign-decision") == CountersignForm.APPROVE
    return _act(request, pk, key="countersign", allowed_when="can_countersign",
                build=lambda a: CountersignForm(request.POST), call=call,
                done=_("Override countersigned: it is now the final band.") if approve
                else _("Override refused: the computed band stays final."))


@require_http_methods(["POST"])
@action_required(Action.ASSESSMENT_EDIT)
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="correct", allowed_when="can_correct", build=lambda a: CorrectionForm(request.POST),
        call=lambda a, form: services.assessment_correct(assessment=a, actor=request.user,
                                                         reason=form.cleaned_data["reason"]),
        done=_("Correction started: answer it and complete it; it then replaces the assessment it corrects."),
    )
