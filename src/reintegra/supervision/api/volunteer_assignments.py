"""The volunteer API's casework: matching suggestions for a supervision period, assignments (assign
from a period, end), the volunteer's own people (summary), meeting notes (the volunteer writes
about their own open assignment) and the officer's review queue and review."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, require
from reintegra.people import access_log
from reintegra.supervision.api.volunteers import (
    VolunteerAssignmentEndSerializer, VolunteerAssignmentSerializer, VolunteerAssignSerializer,
    VolunteerMatchSerializer, VolunteerMeetingSerializer, VolunteerPersonSerializer, VolunteerReviewSerializer, found,
    parsed,
)
from reintegra.supervision.selectors import volunteers as selectors
from reintegra.supervision.services import volunteer_assign, volunteer_assignment_end
from reintegra.supervision.services import volunteer_meetings as meetings

OBJECT_TYPE = "supervision.volunteer"
PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")
PERSON = OpenApiParameter("person", int, description="Only this person's (an audited read).")


class VolunteerSuggestionsView(GenericAPIView):
    serializer_class = VolunteerMatchSerializer

    @extend_schema(
        summary="Volunteers of your offices ranked for the person of a supervision period, with the reasons",
        parameters=[
            OpenApiParameter("period", int, required=True, description="The supervision period."),
            OpenApiParameter("area", str, description="The person's area; default the supervising office's."),
            OpenApiParameter("gender", str, description="The gender of volunteer the person asked for."),
            OpenApiParameter("all", bool, description="Also volunteers who cannot be assigned, with why."),
            PURPOSE,
        ],
        responses=VolunteerMatchSerializer(many=True))
    def get(self, request: Request) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        pk = request.query_params.get("period", "")
        if not pk.isdigit():
            raise NotFound()
        period = found(selectors.volunteer_period_get, user=request.user, pk=int(pk))
        matches = selectors.volunteer_suggestions(
            user=request.user, period=period, gender_preference=request.query_params.get("gender", ""),
            area=request.query_params.get("area", "")[:120],
            include_excluded=request.query_params.get("all") in ("1", "true"))
        data = VolunteerMatchSerializer(matches, many=True).data
        access_log.api_read(request, period.person, fields=["volunteer-matching"], object_type=OBJECT_TYPE,
                            object_id=period.pk)
        return Response(data)


class VolunteerAssignmentListView(GenericAPIView):
    serializer_class = VolunteerAssignmentSerializer

    @extend_schema(summary="Volunteer assignments of people you see (a volunteer: their own)",
                   parameters=[PERSON, OpenApiParameter("open", bool, description="Only open ones (default).")],
                   responses=VolunteerAssignmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.volunteer_assignment_list(user=request.user,
                                                   open_only=request.query_params.get("open") not in ("0", "false"))
        person_pk = request.query_params.get("person")
        if person_pk is not None:
            rows = rows.filter(person_id=int(person_pk) if person_pk.isdigit() else 0)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(VolunteerAssignmentSerializer(page, many=True).data)

    @extend_schema(summary="Assign a volunteer of your office to the person of a supervision period",
                   request=VolunteerAssignSerializer, responses={201: VolunteerAssignmentSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        data = parsed(VolunteerAssignSerializer, request)
        period = found(selectors.volunteer_period_get, user=request.user, pk=data["period"])
        profile = selectors.volunteer_profile_list(user=request.user).filter(user_id=data["volunteer"]).first()
        if profile is None:
            raise ValidationError({"volunteer": [_("Choose a volunteer of your office.")]})
        assignment = volunteer_assign(actor=request.user, volunteer=profile.user, person=period.person)
        return Response(VolunteerAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class VolunteerAssignmentEndView(GenericAPIView):
    serializer_class = VolunteerAssignmentSerializer

    @extend_schema(summary="End an assignment (from that day the volunteer no longer sees the person)",
                   request=VolunteerAssignmentEndSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        assignment = found(selectors.volunteer_assignment_get, user=request.user, pk=pk)
        data = parsed(VolunteerAssignmentEndSerializer, request)
        assignment = volunteer_assignment_end(actor=request.user, assignment=assignment, **data)
        return Response(VolunteerAssignmentSerializer(assignment).data)


class VolunteerMineView(GenericAPIView):
    serializer_class = VolunteerPersonSerializer
    pagination_class = None

    @extend_schema(summary="The people you support as a volunteer: a summary with the officer's contact",
                   responses=VolunteerPersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.volunteer_people(user=request.user)
        data = VolunteerPersonSerializer(rows, many=True).data
        for row in rows:
            access_log.RecordRead(request, row.person.pk, "").log(
                fields=["volunteer-summary"], object_type=OBJECT_TYPE, object_id=row.assignment.pk)
        return Response(data)


class VolunteerMeetingListView(GenericAPIView):
    serializer_class = VolunteerMeetingSerializer

    @extend_schema(summary="Meeting notes you may read: your own, and those of people you see in full",
                   parameters=[PERSON, PURPOSE], responses=VolunteerMeetingSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.volunteer_meeting_list(user=request.user)
        person_pk = request.query_params.get("person")
        if person_pk is not None:
            rows = rows.filter(person_id=int(person_pk) if person_pk.isdigit() else 0)
        page = self.paginate_queryset(rows)
        response = self.get_paginated_response(VolunteerMeetingSerializer(page, many=True).data)
        if person_pk is not None and page:
            access_log.api_read(request, page[0].person, fields=["volunteer-meetings"], object_type=OBJECT_TYPE,
                                object_id=page[0].person_id)
        return response

    @extend_schema(summary="Record a meeting with a person you support (your own open assignment)",
                   responses={201: VolunteerMeetingSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Action.VOLUNTEER_MEET)
        data = parsed(VolunteerMeetingSerializer, request)
        assignment = found(selectors.volunteer_own_assignment, user=request.user, pk=data.pop("assignment_id"))
        meeting = meetings.volunteer_meeting_record(actor=request.user, assignment=assignment, **data)
        return Response(VolunteerMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class VolunteerReviewQueueView(GenericAPIView):
    serializer_class = VolunteerMeetingSerializer

    @extend_schema(summary="Meeting notes waiting for your review: concerns first, then the oldest",
                   responses=VolunteerMeetingSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.volunteer_review_queue(user=request.user))
        return self.get_paginated_response(VolunteerMeetingSerializer(page, many=True).data)


class VolunteerMeetingReviewView(GenericAPIView):
    serializer_class = VolunteerMeetingSerializer

    @extend_schema(summary="Mark a meeting note as reviewed, with an optional note",
                   request=VolunteerReviewSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        meeting: Any = found(selectors.volunteer_meeting_get, user=request.user, pk=pk)
        data = parsed(VolunteerReviewSerializer, request)
        meeting = meetings.volunteer_meeting_review(actor=request.user, meeting=meeting, **data)
        return Response(VolunteerMeetingSerializer(meeting).data)
