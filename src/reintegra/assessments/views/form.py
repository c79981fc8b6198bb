"""The draft's form page, the whole-page save (works without JavaScript) and the autosave endpoint."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.forms import AutosaveForm, DiscardForm, SaveForm, answers_from, item_field
from reintegra.assessments.instruments import missing_required, tr
from reintegra.assessments.views import present
from reintegra.assessments.views.common import (
    assessment_or_404, error_messages, instrument_for, person_url, require_full, title_of,
)
from reintegra.assessments.views.result import result_page
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.people import access_log


@require_http_methods(["GET"])
@action_required(Action.ASSESSMENT_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft opens as its form (for those who may edit it), anything else as its result."""
    assessment = assessment_or_404(request, pk)
    if assessment.status == AssessmentStatus.DRAFT and not assessment.is_voided:
        require_full(assessment)
        if not allowed(request.user, Action.ASSESSMENT_EDIT):
            raise PermissionDenied
        read = access_log.page_read(request, assessment.person)
        if isinstance(read, HttpResponse):
            return read
        response = form_page(request, assessment)
        read.log(fields=["assessment-answers"], object_type="assessment", object_id=assessment.pk)
        return response
    return result_page(request, assessment)


def form_page(
    request: HttpRequest, assessment: Any, *, posted: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None, missing: list[str] | None = None, status: int = 200,
    version: int | None = None, discard_form: DiscardForm | None = None,
) -> HttpResponse:
    instrument = instrument_for(assessment)
    sections, overall = present.form_sections(instrument, assessment.answers or {}, posted=posted, errors=errors)
    return render(request, "assessments/form.html", {
        "assessment": assessment, "person": assessment.person, "instrument": instrument,
        "title": title_of(assessment), "description": tr(instrument.description),
        "sections": sections, "overall": overall, "routing": present.routing(instrument),
        "version": assessment.version if version is None else version,
        "general_errors": (errors or {}).get("__all__", []),
        "missing": present.missing_links(instrument, missing or []),
        "back_url": person_url(assessment.person_id),
        "required_mark": format_html(' <span aria-hidden="true">*</span><span class="visually-hidden">{}</span>',
                                     _("(required)")),
        "routing_note": _("Further questions may depend on this answer: they appear after you save."),
        "discard_form": discard_form or DiscardForm(),
    }, status=status)


def _editable(request: HttpRequest, pk: int) -> Any:
    assessment = assessment_or_404(request, pk)
    require_full(assessment)
    return assessment


@require_http_methods(["POST"])
@action_required(Action.ASSESSMENT_EDIT)
def save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save every answer on the page; with "Complete", then complete the assessment. On an error
    nothing is saved and the page comes back with the answers as typed and the problems listed."""
    assessment = _editable(request, pk)
    if assessment.is_locked:
        messages.error(request, _("This assessment is no longer a draft: its answers cannot change."))
        return redirect("assessments:detail", pk=assessment.pk)
    instrument = instrument_for(assessment)
    form = SaveForm(request.POST)
    answers = answers_from(instrument, request.POST)
    if not form.is_valid():
        return form_page(request, assessment, posted=answers, status=400, errors={
            "__all__": [_("The page was missing its version: reload it and answer again.")]})
    try:
        if answers:  # a page with only unanswered choices posts nothing to save
            assessment = services.assessment_answer(
                assessment=assessment, actor=request.user, expected_version=form.cleaned_data["version"],
                answers=answers,
            )
        elif assessment.version != form.cleaned_data["version"]:
            raise StaleEditError(current_version=assessment.version, expected_version=form.cleaned_data["version"])
    except StaleEditError as exc:
        return form_page(request, assessment, posted=answers, errors={"__all__": list(exc.messages)}, status=409)
    except ValidationError as exc:
        return form_page(request, assessment, posted=answers, errors=error_messages(exc), status=400,
                         version=form.cleaned_data["version"])
    if "complete" not in request.POST:
        messages.success(request, _("Answers saved."))
        return redirect("assessments:detail", pk=assessment.pk)
    try:
        assessment = services.assessment_complete(assessment=assessment, actor=request.user,
                                                  expected_version=assessment.version)
    except ValidationError as exc:
        missing = missing_required(instrument, assessment.answers or {})
        other = {key: value for key, value in error_messages(exc).items() if key not in missing}
        if missing:
            other.setdefault("__all__", []).insert(0, _("Answer the required questions listed before completing."))
        return form_page(request, assessment, missing=missing, errors=other, status=400)
    messages.success(request, _("Assessment completed."))
    return redirect("assessments:detail", pk=assessment.pk)


@require_http_methods(["POST"])
@action_required(Action.ASSESSMENT_EDIT)
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a draft with a reason, after an explicit confirmation. On an error the form page comes
    back with the problem named and nothing changed."""
    assessment = _editable(request, pk)
    if assessment.status != AssessmentStatus.DRAFT or assessment.is_voided:
        messages.error(request, _("Only a draft can be discarded; a completed assessment is corrected instead."))
        return redirect("assessments:detail", pk=assessment.pk)
    form = DiscardForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_void(assessment=assessment, actor=request.user,
                                     expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"])
        except StaleEditError as exc:
            form.add_error(None, " ".join(exc.messages))
            return form_page(request, assessment, discard_form=form, status=409)
        except ValidationError as exc:
            for field, errors in error_messages(exc).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Draft discarded. It stays on record with your reason."))
            return redirect(person_url(assessment.person_id))
    return form_page(request, assessment, discard_form=form, status=400)


def _json_error(code: str, message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **extra}, status=status)


@require_http_methods(["POST"])
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """One answer, sent by the page's script as it is given: the new version and progress back.
    Errors come back as JSON (stale version 409, invalid answer 400, refused 403)."""
    try:
        if not allowed(request.user, Action.ASSESSMENT_EDIT):
            raise AccessDenied(Action.ASSESSMENT_EDIT.value)
        assessment = _editable(request, pk)
    except (AccessDenied, PermissionDenied):
        return _json_error("refused", _("You may not change this assessment."), 403)
    form = AutosaveForm(request.POST)
    if not form.is_valid():
        return _json_error("invalid", _("The answer could not be read: reload the page."), 400)
    code, version = form.cleaned_data["item"], form.cleaned_data["version"]
    instrument = instrument_for(assessment)
    if code not in instrument.item_by_code:
        return _json_error("invalid", _("This question is not part of the instrument."), 400, item=code)
    if assessment.is_locked:
        return _json_error("locked", _("This assessment is no longer a draft: its answers cannot change."), 409)
    try:
        assessment = services.assessment_answer(
            assessment=assessment, actor=request.user, expected_version=version,
            answers={code: form.cleaned_data["value"] or None},
        )
    except StaleEditError:
        return _json_error("stale", _(
            "Someone else saved this assessment after you opened it, so your last answer was not saved. "
            "Reload the page to see their answers, then answer again."), 409, version=assessment.version)
    except ValidationError as exc:
        found = error_messages(exc)
        text = " ".join(found.get(code) or [m for messages_ in found.values() for m in messages_])
        return _json_error("invalid", text, 400, item=code, field=item_field(code))
    except AccessDenied:
        return _json_error("refused", _("You may not change this assessment."), 403)
    return JsonResponse({"ok": True, "version": assessment.version, "item": code,
                         "progress": present.progress_json(instrument, assessment.answers or {})})
