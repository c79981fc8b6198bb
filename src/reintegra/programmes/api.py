"""The programmes API (``/api/programmes/``): the catalogue and cohorts (reference data, anyone
signed in) and enrolments (people in the user's scope, for staff who enrol). Read-only for now:
writes go through the pages and their services."""
from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, allowed
from reintegra.core.errors import AccessDenied
from reintegra.programmes import selectors
from reintegra.programmes.choices import Band, EnrolmentStatus, Need, ProgrammeType
from reintegra.programmes.models import Cohort, Enrolment, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    targeted_needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), read_only=True)
    risk_bands = serializers.ListField(child=serializers.ChoiceField(choices=Band.choices), read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    excluded_sections = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "name", "type", "education_level", "trade", "description", "targeted_needs", "hours",
                  "sessions", "weeks", "intensity", "risk_bands", "sex_eligibility", "gender_responsive", "min_age",
                  "max_age", "languages", "min_literacy", "excluded_sections", "delivery", "venue", "provider",
                  "capacity", "accreditation", "evidence", "evaluation_url", "certificate_title", "version"]
        read_only_fields = fields


class CohortSerializer(serializers.ModelSerializer):
    enrolled = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    session_dates = serializers.ListField(child=serializers.DateField(), read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "programme", "starts_on", "ends_on", "capacity", "schedule", "session_dates", "enrolled",
                  "waiting", "version"]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "person", "cohort", "status", "risk_band", "release_on", "priority", "requested_on",
                  "enrolled_on", "completed_on", "dropped_on", "dropout_reason", "version"]
        read_only_fields = fields


_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search in name, trade and description"),
    OpenApiParameter("type", OpenApiTypes.STR, enum=ProgrammeType.values),
    OpenApiParameter("need", OpenApiTypes.STR, enum=Need.values),
    OpenApiParameter("band", OpenApiTypes.STR, enum=Band.values),
]


def _choice(value: str | None, allowed_values: list[str]) -> str:
    return value if value in allowed_values else ""


class ProgrammeViewSet(viewsets.GenericViewSet):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()  # always loaded through the selectors

    @extend_schema(summary="The programme catalogue", parameters=_FILTERS, responses=ProgrammeSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = request.query_params
        programmes = selectors.programme_list(
            search=params.get("q", ""), type=_choice(params.get("type"), ProgrammeType.values),
            need=_choice(params.get("need"), Need.values), band=_choice(params.get("band"), Band.values))
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(summary="One programme", responses=ProgrammeSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ProgrammeSerializer(selectors.programme_get(pk=int(pk))).data)


class CohortViewSet(viewsets.GenericViewSet):
    serializer_class = CohortSerializer
    queryset = Cohort.objects.none()

    @extend_schema(summary="Cohorts (of one programme with ?programme=)", responses=CohortSerializer(many=True),
                   parameters=[OpenApiParameter("programme", OpenApiTypes.INT)])
    def list(self, request: Request) -> Response:
        cohorts = selectors.cohort_list()
        programme = request.query_params.get("programme", "")
        if programme.isdigit():
            cohorts = cohorts.filter(programme_id=int(programme))
        page = self.paginate_queryset(cohorts)
        return self.get_paginated_response(CohortSerializer(page, many=True).data)

    @extend_schema(summary="One cohort", responses=CohortSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(CohortSerializer(selectors.cohort_list().get(pk=int(pk))).data)


def _require_enrolment_access(user: Any) -> None:
    if not (allowed(user, Action.ENROLMENT_EDIT) or allowed(user, Action.PROGRAMME_MANAGE)):
        raise AccessDenied(Action.ENROLMENT_EDIT.value)


class EnrolmentViewSet(viewsets.GenericViewSet):
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()

    @extend_schema(summary="Enrolments of people in the user's scope (waiting list: ?status=waiting)",
                   responses=EnrolmentSerializer(many=True),
                   parameters=[OpenApiParameter("cohort", OpenApiTypes.INT),
                               OpenApiParameter("status", OpenApiTypes.STR, enum=EnrolmentStatus.values)])
    def list(self, request: Request) -> Response:
        _require_enrolment_access(request.user)
        enrolments = selectors.enrolment_list(
            user=request.user, status=_choice(request.query_params.get("status"), EnrolmentStatus.values) or None)
        cohort = request.query_params.get("cohort", "")
        if cohort.isdigit():
            enrolments = enrolments.filter(cohort_id=int(cohort))
        page = self.paginate_queryset(enrolments.order_by("cohort_id", "-priority", "requested_on", "id"))
        return self.get_paginated_response(EnrolmentSerializer(page, many=True).data)

    @extend_schema(summary="One enrolment", responses=EnrolmentSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        _require_enrolment_access(request.user)
        return Response(EnrolmentSerializer(selectors.enrolment_get(user=request.user, pk=int(pk))).data)
