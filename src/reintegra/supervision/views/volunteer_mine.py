"""The volunteer's own pages: the people they support now, in summary (name, status, next
appointment, the responsible officer's contact) and never case notes, offences, assessment
answers, contacts or other volunteers' notes; and the meeting-note form for their own open
assignment (``volunteer.meet``). Each person shown is one audited summary read."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.people import access_log
from reintegra.supervision.selectors import volunteers as selectors
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record
from reintegra.supervision.views.volunteer_forms import MeetingForm

OBJECT_TYPE = "supervision.volunteer"
OWN_NOTES_SHOWN = 10


@require_http_methods(["GET"])
@action_required(Action.VOLUNTEER_MEET)
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.volunteer_people(user=request.user)
    response = render(request, "supervision/volunteers/mine.html", {"rows": rows})
    for row in rows:  # the volunteer's own caseload: no purpose is asked
        access_log.RecordRead(request, row.person.pk, "").log(
            fields=["volunteer-summary"], object_type=OBJECT_TYPE, object_id=row.assignment.pk)
    return response


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MEET)
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A note of a meeting with a person the volunteer supports now; their own earlier notes below."""
    assignment = selectors.volunteer_own_assignment(user=request.user, pk=pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer_meeting_record(actor=request.user, assignment=assignment, met_on=data["met_on"],
                                     note=data["note"], concern=data["concern"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Meeting note saved. Your officer will read it."))
            return redirect("supervision:volunteer-mine")
    notes = selectors.volunteer_meeting_list(user=request.user, person=assignment.person).filter(
        recorded_by=request.user)[:OWN_NOTES_SHOWN]
    return render(request, "supervision/volunteers/meeting_form.html", {
        "form": form, "assignment": assignment, "notes": notes, "back_url": reverse("supervision:volunteer-mine"),
    }, status=400 if request.method == "POST" else 200)
