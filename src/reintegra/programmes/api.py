"""The programmes API (``/api/programmes/``): the catalogue and cohorts (reference data: anyone
signed in reads them, ``programme.manage`` adds, changes and withdraws them) and enrolments (people in the user's scope, for staff who enrol): the waiting list
request, admission, attendance, completion and dropping out.

Same conventions as the other APIs (``core.api.exception_handler``): a missing right is 403 and is
checked before the body is read; an enrolment of a person outside the user's scope (or none) is
404, a person named in the body whom the user may not see a 400 on ``person``; service errors are
400 with field errors and a stale ``version`` 409. Refused requests (403 and 404) are audited and
change nothing. Reads of one person's enrolments (``?person=`` and an enrolment's detail) are
audited reads (``?purpose=`` outside one's own caseload, as on the person API)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed, require
from reintegra.audit.web import log_denied_request
from reintegra.core.errors import AccessDenied
from reintegra.people import access_log
from reintegra.programmes import bands, selectors, services
from reintegra.programmes.choices import Band, DeliverySetting, EnrolmentStatus, Need, ProgrammeType
from reintegra.programmes.models import Attendance, Cohort, Enrolment, Programme

OBJECT_TYPE = "programmes.enrolment"


class ProgrammeSerializer(serializers.ModelSerializer):
    targeted_needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), read_only=True)
    risk_bands = serializers.ListField(child=serializers.ChoiceField(choices=Band.choices), read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    excluded_sections = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "name", "type", "education_level", "trade", "description", "targeted_needs", "hours",
                  "sessions", "weeks", "intensity", "risk_bands", "sex_eligibility", "gender_responsive",
                  "trauma_informed", "min_age", "max_age", "languages", "min_literacy", "excluded_sections",
                  "delivery", "venue", "provider", "capacity", "accreditation", "evidence", "evaluation_url",
                  "certificate_title", "version"]
        read_only_fields = fields


class ProgrammeWriteSerializer(serializers.ModelSerializer):
    """A new programme, or the fields to change (with ``version``) on PATCH. Codes are checked by
    the service, which names each field it refuses."""

    targeted_needs = serializers.ListField(child=serializers.CharField(), required=False)
    risk_bands = serializers.ListField(child=serializers.CharField(), required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    excluded_sections = serializers.ListField(child=serializers.CharField(), required=False)
    venue = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = Programme
        fields = list(services.PROGRAMME_FIELDS)


class EditVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class CatalogueVoidSerializer(EditVersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class CohortWriteSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField(required=False, allow_null=True, help_text="Default: the programme's.")
    schedule = serializers.CharField(required=False, allow_blank=True)
    session_dates = serializers.ListField(child=serializers.DateField(), required=False)


class CohortCreateSerializer(CohortWriteSerializer):
    programme = serializers.IntegerField()


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
    programme = serializers.IntegerField(source="cohort.programme_id", read_only=True)
    sessions_recorded = serializers.SerializerMethodField()
    sessions_attended = serializers.SerializerMethodField()
    attendance_rate = serializers.SerializerMethodField(help_text="Percentage of recorded sessions attended.")

    class Meta:
        model = Enrolment
        fields = ["id", "person", "cohort", "programme", "status", "risk_band", "release_on", "priority",
                  "requested_on", "enrolled_on", "completed_on", "dropped_on", "dropout_reason",
                  "sessions_recorded", "sessions_attended", "attendance_rate", "version"]
        read_only_fields = fields

    def _rate(self, enrolment: Enrolment) -> selectors.AttendanceRate:
        rates = self.context.setdefault("rates", {})
        if enrolment.pk not in rates:
            rates.update(selectors.attendance_rates(enrolment_ids=[enrolment.pk]))
        return rates[enrolment.pk]

    def get_sessions_recorded(self, enrolment: Enrolment) -> int:
        return self._rate(enrolment).recorded

    def get_sessions_attended(self, enrolment: Enrolment) -> int:
        return self._rate(enrolment).attended

    def get_attendance_rate(self, enrolment: Enrolment) -> int | None:
        return self._rate(enrolment).percent


class EnrolmentRequestSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    cohort = serializers.IntegerField()


class EnrolmentAdmitSerializer(EditVersionSerializer):
    on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class EnrolmentCompleteSerializer(EnrolmentAdmitSerializer):
    pass


class EnrolmentDropSerializer(EnrolmentAdmitSerializer):
    reason = serializers.CharField(allow_blank=True)


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "enrolment", "session_on", "attended", "note"]
        read_only_fields = ["id", "enrolment"]
        extra_kwargs = {"note": {"required": False, "allow_blank": True}}


def _choice(value: str | None, allowed_values: list[str]) -> str:
    return value if value in allowed_values else ""


def _flag(value: str | None) -> bool | None:
    """A yes/no filter: ``true``/``1``/``yes`` or ``false``/``0``/``no``; anything else is no filter."""
    text = (value or "").strip().lower()
    return True if text in {"1", "true", "yes"} else False if text in {"0", "false", "no"} else None


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _parsed(serializer_class: type, request: Request, partial: bool = False) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _version(request: Request) -> int:
    return _parsed(EditVersionSerializer, request)["version"]


def _live(getter: Any, pk: Any) -> Any:
    """A live programme or cohort named in the URL; 404 otherwise."""
    try:
        return getter(pk=int(pk))
    except (Programme.DoesNotExist, Cohort.DoesNotExist, ValueError):
        raise NotFound() from None


_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search in name, trade and description"),
    OpenApiParameter("type", OpenApiTypes.STR, enum=ProgrammeType.values),
    OpenApiParameter("need", OpenApiTypes.STR, enum=Need.values),
    OpenApiParameter("band", OpenApiTypes.STR, enum=Band.values),
    OpenApiParameter("delivery", OpenApiTypes.STR, enum=DeliverySetting.values),
    OpenApiParameter("venue", OpenApiTypes.INT, description="The organisation where it is delivered"),
    OpenApiParameter("trauma_informed", OpenApiTypes.BOOL),
    OpenApiParameter("gender_responsive", OpenApiTypes.BOOL),
]


class ProgrammeViewSet(viewsets.GenericViewSet):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()  # always loaded through the selectors

    @extend_schema(summary="The programme catalogue", parameters=_FILTERS, responses=ProgrammeSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = request.query_params
        programmes = selectors.programme_list(
            search=params.get("q", ""), type=_choice(params.get("type"), ProgrammeType.values),
            need=_choice(params.get("need"), Need.values), band=_choice(params.get("band"), Band.values),
            delivery=_choice(params.get("delivery"), DeliverySetting.values), venue=_id(params.get("venue")),
            trauma_informed=_flag(params.get("trauma_informed")),
            gender_responsive=_flag(params.get("gender_responsive")))
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(summary="One programme", responses=ProgrammeSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ProgrammeSerializer(_live(selectors.programme_get, pk)).data)

    @extend_schema(summary="Add a programme to the catalogue (programme.manage)", request=ProgrammeWriteSerializer,
                   responses={201: ProgrammeSerializer})
    def create(self, request: Request) -> Response:
        require(request.user, Action.PROGRAMME_MANAGE)  # before reading the body: no right, no validation
        programme = services.programme_create(actor=request.user, **_parsed(ProgrammeWriteSerializer, request))
        return Response(ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a programme: the fields sent, with the version (409 if stale)",
                   request=ProgrammeWriteSerializer, responses=ProgrammeSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        require(request.user, Action.PROGRAMME_MANAGE)  # before reading the body: no right, no validation
        programme = _live(selectors.programme_get, pk)
        version = _version(request)
        programme = services.programme_update(actor=request.user, programme=programme, expected_version=version,
                                              **_parsed(ProgrammeWriteSerializer, request, partial=True))
        return Response(ProgrammeSerializer(programme).data)

    @extend_schema(summary="Withdraw a programme and cancel its cohorts, with the reason (refused while anyone "
                           "is waiting or enrolled; 409 if stale)", request=CatalogueVoidSerializer,
                   responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: Any = None) -> Response:
        require(request.user, Action.PROGRAMME_MANAGE)  # before reading the body: no right, no validation
        programme = _live(selectors.programme_get, pk)
        data = _parsed(CatalogueVoidSerializer, request)
        programme = services.programme_void(actor=request.user, programme=programme,
                                            expected_version=data["version"], reason=data["reason"])
        return Response(ProgrammeSerializer(programme).data)


class CohortViewSet(viewsets.GenericViewSet):
    serializer_class = CohortSerializer
    queryset = Cohort.objects.none()

    @extend_schema(summary="Cohorts of live programmes", responses=CohortSerializer(many=True), parameters=[
        OpenApiParameter("programme", OpenApiTypes.INT),
        OpenApiParameter("current", OpenApiTypes.BOOL, description="Only cohorts that have not ended"),
        OpenApiParameter("starts_from", OpenApiTypes.DATE), OpenApiParameter("starts_until", OpenApiTypes.DATE),
        OpenApiParameter("places", OpenApiTypes.BOOL, description="Only cohorts with a place free"),
    ])
    def list(self, request: Request) -> Response:
        params = request.query_params
        dates = {}
        for name in ("starts_from", "starts_until"):
            if params.get(name):
                field = serializers.DateField()
                try:
                    dates[name] = field.to_internal_value(params[name])
                except serializers.ValidationError:
                    raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]}) from None
        cohorts = selectors.cohort_list(
            on=timezone.localdate() if _flag(params.get("current")) else None,
            with_places=bool(_flag(params.get("places"))), **dates)
        programme = _id(params.get("programme"))
        if programme is not None:
            cohorts = cohorts.filter(programme_id=programme)
        page = self.paginate_queryset(cohorts)
        return self.get_paginated_response(CohortSerializer(page, many=True).data)

    @extend_schema(summary="One cohort", responses=CohortSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(CohortSerializer(_live(self._cohort, pk)).data)

    @staticmethod
    def _cohort(pk: int) -> Cohort:
        """A live cohort of a live programme with its counts (``Cohort.DoesNotExist`` otherwise)."""
        return selectors.cohort_list().get(pk=pk)

    @extend_schema(summary="Start a cohort of a programme (programme.manage)", request=CohortCreateSerializer,
                   responses={201: CohortSerializer})
    def create(self, request: Request) -> Response:
        require(request.user, Action.PROGRAMME_MANAGE)  # before reading the body: no right, no validation
        data = _parsed(CohortCreateSerializer, request)
        try:
            programme = selectors.programme_get(pk=data.pop("programme"))
        except Programme.DoesNotExist:
            raise ValidationError({"programme": [_("No such programme, or it is no longer offered.")]}) from None
        cohort = services.cohort_create(actor=request.user, programme=programme, **data)
        return Response(CohortSerializer(self._cohort(cohort.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a cohort's dates, places, schedule and session dates, with the version "
                           "(409 if stale)", request=CohortWriteSerializer, responses=CohortSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        require(request.user, Action.PROGRAMME_MANAGE)  # before reading the body: no right, no validation
        cohort = _live(selectors.cohort_get, pk)
        version = _version(request)
        current = {"starts_on": cohort.starts_on, "ends_on": cohort.ends_on, "capacity": cohort.capacity,
                   "schedule": cohort.schedule}
        changes = {**current, **_parsed(CohortWriteSerializer, request, partial=True)}
        cohort = services.cohort_update(actor=request.user, cohort=cohort, expected_version=version, **changes)
        return Response(CohortSerializer(self._cohort(cohort.pk)).data)

    @extend_schema(summary="Cancel a cohort, with the reason (refused while anyone is waiting or enrolled; "
                           "409 if stale)", request=CatalogueVoidSerializer, responses=CohortSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: Any = None) -> Response:
        require(request.user, Action.PROGRAMME_MANAGE)  # before reading the body: no right, no validation
        cohort = _live(selectors.cohort_get, pk)
        data = _parsed(CatalogueVoidSerializer, request)
        cohort = services.cohort_void(actor=request.user, cohort=cohort, expected_version=data["version"],
                                      reason=data["reason"])
        return Response({**CohortSerializer(cohort).data, "voided_at": cohort.voided_at,
                         "void_reason": cohort.void_reason})


def _require_enrolment_access(user: Any) -> None:
    if not (allowed(user, Action.ENROLMENT_EDIT) or allowed(user, Action.PROGRAMME_MANAGE)):
        raise AccessDenied(Action.ENROLMENT_EDIT.value)


@extend_schema(parameters=[OpenApiParameter(
    "purpose", OpenApiTypes.STR, description="Why you are reading the record: required for people outside your "
                                             "own caseload when one person's enrolments are returned.")])
class EnrolmentViewSet(viewsets.GenericViewSet):
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()

    def _enrolment(self, pk: Any) -> Enrolment:
        """An enrolment of a person in the user's scope; 404 otherwise (whether it exists is not
        revealed), and the refusal is audited."""
        try:
            return selectors.enrolment_get(user=self.request.user, pk=int(pk))
        except (selectors.NotInScope, ValueError):
            log_denied_request(self.request, None)
            raise NotFound() from None

    @extend_schema(summary="Enrolments of people in the user's scope (waiting list: ?status=waiting)",
                   responses=EnrolmentSerializer(many=True),
                   parameters=[OpenApiParameter("cohort", OpenApiTypes.INT),
                               OpenApiParameter("programme", OpenApiTypes.INT),
                               OpenApiParameter("person", OpenApiTypes.INT, description="One person's enrolments "
                                                                                      "(an audited read)"),
                               OpenApiParameter("status", OpenApiTypes.STR, enum=EnrolmentStatus.values)])
    def list(self, request: Request) -> Response:
        _require_enrolment_access(request.user)
        params = request.query_params
        person = None
        if params.get("person"):
            person = selectors.person_visible(user=request.user, pk=_id(params.get("person")))
            if person is None:
                raise ValidationError({"person": [_("No such record, or you may not see it.")]})
        enrolments = selectors.enrolment_list(
            user=request.user, status=_choice(params.get("status"), EnrolmentStatus.values) or None,
            person=person, programme=_id(params.get("programme")))
        cohort = _id(params.get("cohort"))
        if cohort is not None:
            enrolments = enrolments.filter(cohort_id=cohort)
        page = self.paginate_queryset(enrolments.order_by("cohort_id", "-priority", "requested_on", "id"))
        rates = selectors.attendance_rates(enrolment_ids=[enrolment.pk for enrolment in page])
        response = self.get_paginated_response(EnrolmentSerializer(page, many=True, context={"rates": rates}).data)
        if person is not None:
            access_log.api_read(request, person, fields=["enrolments"], object_type=OBJECT_TYPE, object_id=person.pk)
        return response

    @extend_schema(summary="One enrolment", responses=EnrolmentSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        _require_enrolment_access(request.user)
        enrolment = self._enrolment(pk)
        data = EnrolmentSerializer(enrolment).data
        access_log.api_read(request, enrolment.person, fields=sorted(data), object_type=OBJECT_TYPE,
                            object_id=enrolment.pk)
        return Response(data)

    @extend_schema(summary="Put a person on a cohort's waiting list; the risk band is read from the person's "
                           "latest assessment", request=EnrolmentRequestSerializer,
                   responses={201: EnrolmentSerializer})
    def create(self, request: Request) -> Response:
        require(request.user, Action.ENROLMENT_EDIT)  # before reading the body: no right, no validation
        data = _parsed(EnrolmentRequestSerializer, request)
        person = selectors.person_visible(user=request.user, pk=data["person"])
        if person is None:
            raise ValidationError({"person": [_("No such record, or you may not see it.")]})
        cohort = selectors.cohort_list().filter(pk=data["cohort"]).first()
        if cohort is None:
            raise ValidationError({"cohort": [_("No such cohort, or it is no longer offered.")]})
        enrolment = services.enrolment_request(person=person, cohort=cohort, actor=request.user,
                                               band=bands.band_of(person))
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    def _write(self, pk: str, body: type, call: Any, code: int = status.HTTP_200_OK) -> Response:
        """One write on an enrolment: the right first (before the body is read), then the enrolment
        (404 outside the scope), then the body (400), then the service (400, 409 when stale)."""
        require(self.request.user, Action.ENROLMENT_EDIT)
        enrolment = self._enrolment(pk)
        result = call(enrolment, _parsed(body, self.request))
        serializer = AttendanceSerializer if isinstance(result, Attendance) else EnrolmentSerializer
        return Response(serializer(result).data, status=code)

    @extend_schema(summary="Enrol a waiting person (send the version; 409 if stale). Eligibility is checked "
                           "against the person's current band", request=EnrolmentAdmitSerializer,
                   responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def admit(self, request: Request, pk: str) -> Response:
        return self._write(pk, EnrolmentAdmitSerializer, lambda enrolment, data: services.enrolment_admit(
            enrolment=enrolment, actor=request.user, expected_version=data["version"], on=data.get("on"),
            band=bands.band_of(enrolment.person) or None))

    @extend_schema(summary="Record one session's attendance (a later record for the same session corrects it)",
                   request=AttendanceSerializer, responses={201: AttendanceSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        return self._write(pk, AttendanceSerializer, lambda enrolment, data: services.attendance_record(
            enrolment=enrolment, actor=request.user, session_on=data["session_on"], attended=data["attended"],
            note=data.get("note", "")), status.HTTP_201_CREATED)

    @extend_schema(summary="Record completion, and the certificate the programme awards (409 if stale)",
                   request=EnrolmentCompleteSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        return self._write(pk, EnrolmentCompleteSerializer, lambda enrolment, data: services.enrolment_complete(
            enrolment=enrolment, actor=request.user, expected_version=data["version"], on=data.get("on")))

    @extend_schema(summary="Record dropping out (or being taken off the list), with the reason (409 if stale)",
                   request=EnrolmentDropSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request: Request, pk: str) -> Response:
        return self._write(pk, EnrolmentDropSerializer, lambda enrolment, data: services.enrolment_drop(
            enrolment=enrolment, actor=request.user, expected_version=data["version"], reason=data["reason"],
            on=data.get("on")))
