"""The record's page, the handover page the community officer reads and acknowledges, opening a
record for someone already serving a sentence, and recording the release (with a confirmation page)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.assessments.selectors import assessment_summary_of
from reintegra.justice.choices import ReleaseType
from reintegra.people import selectors as people_selectors
from reintegra.reentry import selectors, services
from reintegra.reentry.choices import PreparationStatus
from reintegra.reentry.forms import ReleaseRecordForm
from reintegra.reentry.views.common import detail_url, form_page, logged, preparation_or_404


@require_http_methods(["GET"])
@action_required(Action.RELEASE_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = preparation_or_404(request, pk)
    contents = selectors.preparation_contents(preparation=preparation)
    row = next(iter(selectors.countdown_rows_for(preparation=preparation)), None)
    editable = allowed(request.user, Action.RELEASE_EDIT) and preparation.status == PreparationStatus.PREPARING
    context = {
        "preparation": preparation, "person": preparation.person, "contents": contents, "row": row,
        "can_edit": editable, "handover": contents.handover,
        "can_acknowledge": contents.handover is not None and contents.handover.sent_at is not None
        and contents.handover.acknowledged_at is None and contents.handover.community_officer_id == request.user.pk,
    }
    return logged(request, preparation.person, lambda: render(request, "reentry/detail.html", context),
                  fields=["release-preparation"], object_id=preparation.pk)


@require_http_methods(["GET"])
@action_required(Action.RELEASE_VIEW)
def handover_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What the community officer receives: the release record, the first appointment, the case plan
    and the latest assessment's summary; and the button to acknowledge it."""
    preparation = preparation_or_404(request, pk)
    handover = selectors.preparation_contents(preparation=preparation).handover
    if handover is None:
        raise Http404
    summary = assessment_summary_of(handover.assessment) if handover.assessment_id else None
    context = {
        "preparation": preparation, "person": preparation.person, "handover": handover, "summary": summary,
        "can_acknowledge": handover.sent_at is not None and handover.acknowledged_at is None
        and handover.community_officer_id == request.user.pk,
        "release_type": dict(ReleaseType.choices).get(preparation.release_type, ""),
    }
    return logged(request, preparation.person, lambda: render(request, "reentry/handover.html", context),
                  fields=["release-handover"], object_id=preparation.pk)


@require_http_methods(["POST"])
@action_required(Action.RELEASE_EDIT)
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = preparation_or_404(request, pk)
    handover = selectors.preparation_contents(preparation=preparation).handover
    if handover is None or handover.community_officer_id != request.user.pk:
        raise PermissionDenied
    try:
        services.release_handover_acknowledge(actor=request.user, preparation=preparation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reentry:handover", pk=preparation.pk)
    messages.success(request, _("Handover acknowledged: the person is now in your caseload."))
    # After an end-of-sentence release there is no supervision period: once acknowledged, the
    # record may leave the officer's scope, so go back to their list of handovers.
    return redirect("reentry:handovers")


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def open_preparation(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Start release preparation for someone already serving a sentence (confirmed with a button)."""
    person = people_selectors.person_get(user=request.user, pk=person_pk)
    if not person.access.full or person.is_voided:
        raise PermissionDenied
    episode = services.current_episode(person.pk)
    error = ""
    if request.method == "POST":
        if episode is None:
            error = _("Release preparation is for people serving a sentence in custody now.")
        else:
            try:
                preparation = services.preparation_open(actor=request.user, episode=episode)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Release preparation started."))
                return redirect(detail_url(preparation))
    return logged(request, person, lambda: render(request, "reentry/open.html", {
        "person": person, "episode": episode, "error": error}, status=400 if error else 200),
        fields=["release-preparation-open"], object_id=person.pk)


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    """The release: the form, then a confirmation page saying what will happen, then the record."""
    preparation = preparation_or_404(request, pk)
    if preparation.status != PreparationStatus.PREPARING and request.method == "GET":
        raise PermissionDenied
    form = ReleaseRecordForm(request.POST or None, initial={
        "version": preparation.version, "released_on": timezone.localdate()})
    contents = selectors.preparation_contents(preparation=preparation)
    extra: dict[str, Any] = {"contents": contents, "handover": contents.handover}
    title = _("Record the release")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "yes":
            try:
                services.release_record(actor=request.user, preparation=preparation, released_on=data["released_on"],
                                        release_type=data["release_type"], expected_version=data["version"])
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Release recorded and handed over to the community officer."))
                # Once released, the person is no longer in custody at the prison: the record may
                # now be out of the user's scope, so go back to the worklist.
                return redirect("reentry:worklist")
            return form_page(request, preparation, form, title=title, status=400,
                             template="reentry/release.html", extra=extra)
        extra.update({"confirming": True, "release_label": dict(form.fields["release_type"].choices)[
            data["release_type"]]})
        return form_page(request, preparation, form, title=_("Confirm the release"), template="reentry/release.html",
                         extra=extra)
    return form_page(request, preparation, form, title=title, template="reentry/release.html", extra=extra,
                     status=400 if request.method == "POST" else 200)
