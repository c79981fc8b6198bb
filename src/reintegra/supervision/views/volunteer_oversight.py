"""The professional officer's oversight of volunteers: the review queue of meeting notes (concerns
first), reviewing a note, and a supervision period's volunteer page (the assignment, matching,
assigning, ending, the meetings). ``volunteer.manage`` and the person's full record for all."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.people import access_log
from reintegra.supervision.selectors import volunteers as selectors
from reintegra.supervision.services import volunteer_assign, volunteer_assignment_end
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_review
from reintegra.supervision.views.volunteer_forms import AssignForm, EndForm, MatchForm, ReviewForm
from reintegra.supervision.views.volunteers import PAGE_SIZE, submit

OBJECT_TYPE = "supervision.volunteer"


def period_url(period: Any) -> str:
    return reverse("supervision:period-volunteer", args=[period.pk])


def _logged(request: HttpRequest, person: Any, template: str, context: dict[str, Any], fields: list[str],
            object_id: Any) -> HttpResponse:
    """Draw a page with the person's volunteer data and write its one audit entry (after the
    purpose prompt when the person is outside the user's own caseload)."""
    read = access_log.page_read(request, person)
    if isinstance(read, HttpResponse):
        return read
    response = render(request, template, context)
    read.log(fields=fields, object_type=OBJECT_TYPE, object_id=object_id)
    return response


@require_http_methods(["GET"])
@action_required(Action.VOLUNTEER_MANAGE)
def review_queue(request: HttpRequest) -> HttpResponse:
    """Meeting notes not yet reviewed, of the people I see in full: concerns first, then the oldest."""
    page = Paginator(selectors.volunteer_review_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/volunteers/review_queue.html", {"page": page})


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def meeting_review(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.volunteer_meeting_get(user=request.user, pk=pk)
    if meeting.reviewed_at is not None or request.method == "GET":
        return _logged(request, meeting.person, "supervision/volunteers/meeting_review.html", {
            "meeting": meeting, "form": ReviewForm()}, ["volunteer-meeting"], meeting.pk)
    form = ReviewForm(request.POST)
    response = submit(request, form, lambda data: volunteer_meeting_review(
        actor=request.user, meeting=meeting, review_note=data["review_note"]),
        done=_("Note marked as reviewed."), to=reverse("supervision:volunteer-review-queue"),
        title=_("Review the note"))
    return response


@require_http_methods(["GET"])
@action_required(Action.VOLUNTEER_MANAGE)
def period_volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    """The volunteer side of a supervision period: who supports the person now (and before), the
    link to matching, and the volunteers' meeting notes about them."""
    period = selectors.volunteer_period_get(user=request.user, pk=pk)
    assignments = selectors.volunteer_assignment_list(user=request.user, person=period.person, open_only=False)
    context = {
        "period": period, "person": period.person,
        "current": [row for row in assignments if row.ended_on is None],
        "past": [row for row in assignments if row.ended_on is not None],
        "meetings": list(selectors.volunteer_meeting_list(user=request.user, person=period.person)[:50]),
    }
    return _logged(request, period.person, "supervision/volunteers/period.html", context,
                   ["volunteer-assignments", "volunteer-meetings"], period.pk)


@require_http_methods(["GET"])
@action_required(Action.VOLUNTEER_MANAGE)
def period_match(request: HttpRequest, pk: int) -> HttpResponse:
    """Volunteers of my offices ranked for the person, each with its reasons; ``?all=1`` also lists
    those who cannot be assigned (inactive, full, training expired) with why."""
    period = selectors.volunteer_period_get(user=request.user, pk=pk)
    form = MatchForm(request.GET or None, initial={"area": selectors.person_area(period)})
    data = form.cleaned_data if form.is_valid() else {}
    matches = selectors.volunteer_suggestions(
        user=request.user, period=period, gender_preference=data.get("gender", ""), area=data.get("area", ""),
        include_excluded=bool(data.get("all")) or request.GET.get("all") == "1")
    context = {"period": period, "person": period.person, "form": form, "matches": matches,
               "area": data.get("area") or selectors.person_area(period),
               "languages": period.person.languages, "assign_form": AssignForm()}
    return _logged(request, period.person, "supervision/volunteers/match.html", context,
                   ["volunteer-matching"], period.pk)


@require_http_methods(["POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def period_assign(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.volunteer_period_get(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    profile = None
    if form.is_valid():
        profile = selectors.volunteer_profile_list(user=request.user).filter(
            user_id=form.cleaned_data["volunteer"]).select_related("user").first()
    if profile is None:
        messages.error(request, _("Choose a volunteer of your office."))
        return redirect(reverse("supervision:period-volunteer-match", args=[period.pk]))
    try:
        volunteer_assign(actor=request.user, volunteer=profile.user, person=period.person,
                         starts_on=timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(reverse("supervision:period-volunteer-match", args=[period.pk]))
    messages.success(request, _("%(name)s now supports %(person)s.") % {
        "name": profile.user.get_full_name() or profile.user.get_username(), "person": period.person.full_name})
    return redirect(period_url(period))


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation page: from the end date the volunteer no longer sees the person."""
    assignment = selectors.volunteer_assignment_list(user=request.user).get(pk=pk)
    period = selectors.volunteer_period_list(user=request.user, person=assignment.person).first()
    back = period_url(period) if period else reverse("supervision:volunteer-list")
    form = EndForm(request.POST or None)
    return submit(request, form, lambda data: volunteer_assignment_end(
        actor=request.user, assignment=assignment, ended_on=data["ended_on"], end_reason=data["end_reason"]),
        done=_("The assignment has ended."), to=back, danger=True, button=_("End the assignment"),
        title=_("End the support of %(person)s by %(name)s") % {
            "person": assignment.person.full_name,
            "name": assignment.volunteer.get_full_name() or assignment.volunteer.get_username()},
        intro=_("The volunteer will no longer see this person or add notes. Their notes are kept."))
