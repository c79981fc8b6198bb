"""The assessments API (``/api/assessments/``): instruments (list, definition); assessments (list by
person, start, read, answer, complete, override, countersign, correct, void) and the reassessment
due list. Service errors become 400 with field errors, stale edits 409 and refused access 403
(``core.api.exception_handler``); an assessment the user may not see is 404. Writes carry the
``version`` they started from. Reads of one person's assessments are audited (``?purpose=``
outside one's own caseload, as on the person API)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, Level, person_load, require
from reintegra.assessments import selectors, services
from reintegra.assessments.instruments import instrument_get
from reintegra.assessments.models import Assessment
from reintegra.assessments.serializers import (
    ASSESSMENT_VIEW, AssessmentAnswersSerializer, AssessmentCorrectSerializer, AssessmentCountersignSerializer,
    AssessmentOverrideSerializer, AssessmentSerializer, AssessmentStartSerializer, AssessmentVersionSerializer,
    AssessmentVoidSerializer, InstrumentDetailSerializer, InstrumentSerializer, ReassessmentDuePageSerializer,
    ReassessmentTriggerSerializer, assessment_data,
)
from reintegra.people import access_log
from reintegra.people.models import Person

OBJECT_TYPE = "assessments.assessment"
PERSON_PARAMETER = OpenApiParameter("person", int, required=True, description="The person whose assessments to list.")
PURPOSE_PARAMETER = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")


def _parsed(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _person(request: Request, pk: Any, level: Level = Level.SUMMARY) -> Person:
    """A person the user sees at ``level`` or more; a field error on ``person`` otherwise."""
    if not str(pk or "").isdigit():
        raise ValidationError({"person": [_("Give a person id.")]})
    person = person_load(request.user, Person.objects.filter(voided_at__isnull=True), int(pk), level=level)
    if person is None:
        message = (_("No such record, or you may not see it in full.") if level >= Level.FULL
                   else _("No such record, or you may not see it."))
        raise ValidationError({"person": [message]})
    return person


class InstrumentViewSet(viewsets.GenericViewSet):
    serializer_class = InstrumentSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9-]+"
    pagination_class = None

    @extend_schema(summary="Instruments (current version of each)", responses=InstrumentSerializer(many=True))
    def list(self, request: Request) -> Response:
        require(request.user, Action.ASSESSMENT_VIEW)
        return Response(InstrumentSerializer(selectors.instrument_list(), many=True).data)

    @extend_schema(summary="An instrument's definition (current version)", responses=InstrumentDetailSerializer)
    def retrieve(self, request: Request, code: str) -> Response:
        require(request.user, Action.ASSESSMENT_VIEW)
        try:
            instrument = instrument_get(code)
        except KeyError:
            raise NotFound() from None
        return Response(InstrumentDetailSerializer(instrument).data)


@extend_schema_view(
    list=extend_schema(summary="A person's assessments, newest first (a summary viewer gets the latest band only)",
                       parameters=[PERSON_PARAMETER, PURPOSE_PARAMETER], responses=ASSESSMENT_VIEW),
    retrieve=extend_schema(summary="An assessment (answers and result at full access; the band only at summary)",
                           parameters=[PURPOSE_PARAMETER], responses=ASSESSMENT_VIEW),
    create=extend_schema(summary="Start an assessment", request=AssessmentStartSerializer,
                         responses={201: AssessmentSerializer}),
)
class AssessmentViewSet(viewsets.GenericViewSet):
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()  # always loaded through the selectors

    def _assessment(self, pk: Any) -> Assessment:
        assessment = selectors.assessment_get(user=self.request.user, pk=int(pk)) if str(pk).isdigit() else None
        if assessment is None:
            raise NotFound()
        return assessment

    def list(self, request: Request) -> Response:
        require(request.user, Action.ASSESSMENT_VIEW)
        person = _person(request, request.query_params.get("person"))
        assessments = selectors.assessment_list_for_person(user=request.user, person=person)
        visibility = selectors.assessment_visibility(request.user, person)
        page = self.paginate_queryset(assessments)
        for assessment in page:
            assessment.visibility = visibility
        response = self.get_paginated_response([assessment_data(a) for a in page])
        access_log.api_read(request, person, fields=["assessments"], object_type=OBJECT_TYPE, object_id=person.pk)
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_VIEW)
        assessment = self._assessment(pk)
        data = assessment_data(assessment)
        access_log.api_read(request, assessment.person, fields=sorted(data), object_type=OBJECT_TYPE,
                            object_id=assessment.pk)
        return Response(data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)
        data = _parsed(AssessmentStartSerializer, request)
        assessment = services.assessment_start(
            person=_person(request, data["person"]), instrument_code=data["instrument"], occasion=data["occasion"],
            actor=request.user,
        )
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Save answers of a draft (only the items sent; null clears one)",
                   request=AssessmentAnswersSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["patch"])
    def answers(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)  # before reading the body: no right, no validation
        assessment = self._assessment(pk)
        data = _parsed(AssessmentAnswersSerializer, request)
        assessment = services.assessment_answer(assessment=assessment, actor=request.user,
                                                expected_version=data["version"], answers=data["answers"])
        return Response(AssessmentSerializer(assessment).data)

    @extend_schema(summary="Complete a draft: score it and lock it", request=AssessmentVersionSerializer,
                   responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)  # before reading the body: no right, no validation
        assessment = self._assessment(pk)
        data = _parsed(AssessmentVersionSerializer, request)
        assessment = services.assessment_complete(assessment=assessment, actor=request.user,
                                                  expected_version=data["version"])
        return Response(AssessmentSerializer(assessment).data)

    @extend_schema(summary="Propose another band, with a reason (needs a countersignature)",
                   request=AssessmentOverrideSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)  # before reading the body: no right, no validation
        assessment = self._assessment(pk)
        data = _parsed(AssessmentOverrideSerializer, request)
        assessment = services.assessment_override(assessment=assessment, actor=request.user,
                                                  expected_version=data["version"], band=data["band"],
                                                  reason=data["reason"])
        return Response(AssessmentSerializer(assessment).data)

    @extend_schema(summary="Countersign or refuse a proposed override", request=AssessmentCountersignSerializer,
                   responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_COUNTERSIGN)
        assessment = self._assessment(pk)
        data = _parsed(AssessmentCountersignSerializer, request)
        assessment = services.assessment_countersign(assessment=assessment, actor=request.user,
                                                     expected_version=data["version"], approve=data["approve"],
                                                     note=data.get("note", ""))
        return Response(AssessmentSerializer(assessment).data)

    @extend_schema(summary="Start a correction: a new draft with the answers copied",
                   request=AssessmentCorrectSerializer, responses={201: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)  # before reading the body: no right, no validation
        assessment = self._assessment(pk)
        data = _parsed(AssessmentCorrectSerializer, request)
        correction = services.assessment_correct(assessment=assessment, actor=request.user, reason=data["reason"])
        return Response(AssessmentSerializer(correction).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Void an abandoned draft, with a reason", request=AssessmentVoidSerializer,
                   responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)  # before reading the body: no right, no validation
        assessment = self._assessment(pk)
        data = _parsed(AssessmentVoidSerializer, request)
        assessment = services.assessment_void(assessment=assessment, actor=request.user,
                                              expected_version=data["version"], reason=data["reason"])
        return Response(AssessmentSerializer(assessment).data)

    @extend_schema(summary="Record an event after which the person is due a reassessment (admission, release, "
                           "breach, programme completion)", request=ReassessmentTriggerSerializer,
                   responses={201: ReassessmentTriggerSerializer})
    @action(detail=False, methods=["post"])
    def triggers(self, request: Request) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)
        data = _parsed(ReassessmentTriggerSerializer, request)
        person = _person(request, data["person_id"], level=Level.FULL)
        trigger = services.reassessment_trigger_record(
            person=person, event=data["event"], occurred_on=data["occurred_on"], actor=request.user,
            source=data.get("source", ""),
        )
        return Response(ReassessmentTriggerSerializer(trigger).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="People due a reassessment, soonest first",
        parameters=[
            OpenApiParameter("window", int, description="Days ahead to include (default 30)."),
            OpenApiParameter("all", bool, description="Everyone in full view, not only your own caseload."),
        ],
        request=None, responses=ReassessmentDuePageSerializer,
    )
    @action(detail=False, methods=["get"])
    def due(self, request: Request) -> Response:
        require(request.user, Action.ASSESSMENT_EDIT)  # the due list is for those who carry assessments out
        window = request.query_params.get("window", "30")
        if not window.isdigit() or int(window) > 3660:
            raise ValidationError({"window": [_("Give a number of days between 0 and 3660.")]})
        paginator = self.paginator
        page_size = paginator.get_page_size(request) if paginator is not None else 50
        page_number = request.query_params.get("page", "1")
        page = int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1
        rows = selectors.reassessment_due(
            user=request.user, today=timezone.localdate(), window_days=int(window),
            caseload_only=request.query_params.get("all", "").lower() not in {"1", "true", "yes"},
            offset=(page - 1) * (page_size or 50), limit=(page_size or 50) + 1,  # one more: is there a next page?
        )
        size = page_size or 50
        page_data = {"page": page, "has_next": len(rows) > size, "results": rows[:size]}
        return Response(ReassessmentDuePageSerializer(page_data).data)
