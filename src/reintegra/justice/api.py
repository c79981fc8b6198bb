"""The justice API (``/api/justice/``): offences; cases with charges and dispositions; custody
admission, release and transfer; supervision start and end; a person's status and key dates.
Service errors become 400 with field errors, stale edits 409, refused access 403
(``core.api.exception_handler``). Edits carry the ``version`` they started from."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.accounts.policy import Action, require
from reintegra.justice import selectors, services
from reintegra.justice.choices import PersonStatus
from reintegra.justice.models import Case, CustodyEpisode, OffenceCategory, SupervisionPeriod
from reintegra.justice.serializers import (
    CaseOpenSerializer, CaseSerializer, ChargeAddSerializer, ChargeOutcomeSerializer, ChargeSerializer,
    CustodyAdmitSerializer, CustodyEpisodeSerializer, CustodyReleaseSerializer, CustodyTransferSerializer,
    DispositionRecordSerializer, DispositionSerializer, OffenceSerializer, PersonStatusSerializer,
    SupervisionEndSerializer, SupervisionPeriodSerializer, SupervisionStartSerializer,
)
from reintegra.people import access_log

T = TypeVar("T")
PERSON_FILTER = OpenApiParameter("person", int, description="Only the records of this person.")


def _found(getter: Callable[..., T], field: str | None = None, **kwargs: Any) -> T:
    """Load through a selector: a missing record in the URL is 404, one named in the body a 400."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        if field is None:
            raise NotFound() from None
        raise ValidationError({field: [_("No such record, or you may not see it.")]}) from None


def _optional(getter: Callable[..., T], field: str, pk: int | None, **kwargs: Any) -> T | None:
    return None if pk is None else _found(getter, field, pk=pk, **kwargs)


def _parsed(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _person_filter(request: Request) -> Any:
    pk = request.query_params.get("person")
    if not pk:
        return None
    if not pk.isdigit():
        raise ValidationError({"person": [_("Give a person id.")]})
    return _found(selectors.person_get, "person", user=request.user, pk=int(pk))


def _read(request: Request, person: Any, object_type: str, fields: list[str], object_id: Any = None) -> None:
    """One audit entry for a response showing one person's record (``?purpose=`` outside one's caseload)."""
    if person is not None:
        access_log.api_read(request, person, fields=fields, object_type=object_type,
                            object_id=person.pk if object_id is None else object_id)


@extend_schema_view(list=extend_schema(summary="ICCS sections and national offence codes"))
class OffenceViewSet(viewsets.GenericViewSet):
    serializer_class = OffenceSerializer
    queryset = OffenceCategory.objects.none()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.offence_list())
        return self.get_paginated_response(OffenceSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Cases, with charges and dispositions", parameters=[PERSON_FILTER]),
    retrieve=extend_schema(summary="A case with its charges and dispositions"),
    create=extend_schema(summary="Open a case", request=CaseOpenSerializer, responses={201: CaseSerializer}),
)
class CaseViewSet(viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    queryset = Case.objects.none()

    def _case(self, pk: Any) -> Case:
        return _found(selectors.case_get, user=self.request.user, pk=pk)

    def list(self, request: Request) -> Response:
        person = _person_filter(request)
        cases = selectors.case_list(user=request.user, person=person)
        page = CaseSerializer(self.paginate_queryset(cases), many=True, context={"request": request})
        response = self.get_paginated_response(page.data)
        _read(request, person, "justice.case", ["cases"])
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        case = self._case(pk)
        data = CaseSerializer(case, context={"request": request}).data
        _read(request, case.person, "justice.case", list(data), case.pk)
        return Response(data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        data = _parsed(CaseOpenSerializer, request)
        person = _found(selectors.person_get, "person", user=request.user, pk=data.pop("person"))
        court = _optional(selectors.organisation_get, "court", data.pop("court", None))
        case = services.case_open(actor=request.user, person=person, court=court, **data)
        data = CaseSerializer(self._case(case.pk), context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add a charge", request=ChargeAddSerializer, responses={201: ChargeSerializer})
    @action(detail=True, methods=["post"])
    def charges(self, request: Request, pk: str) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        case = self._case(pk)
        data = _parsed(ChargeAddSerializer, request)
        offence = _found(selectors.offence_get, "offence", pk=data.pop("offence"))
        charge = services.charge_add(actor=request.user, case=case, offence=offence, **data)
        return Response(ChargeSerializer(charge, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Record a disposition or sentence", request=DispositionRecordSerializer,
                   responses={201: DispositionSerializer})
    @action(detail=True, methods=["post"])
    def dispositions(self, request: Request, pk: str) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        case = self._case(pk)
        disposition = services.disposition_record(actor=request.user, case=case,
                                                  **_parsed(DispositionRecordSerializer, request))
        return Response(DispositionSerializer(disposition).data, status=status.HTTP_201_CREATED)


class ChargeViewSet(viewsets.GenericViewSet):
    serializer_class = ChargeSerializer
    queryset = Case.objects.none()

    @extend_schema(summary="Record a charge's outcome (send the version; 409 if stale)",
                   request=ChargeOutcomeSerializer, responses=ChargeSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        charge = _found(selectors.charge_get, user=request.user, pk=pk)
        data = _parsed(ChargeOutcomeSerializer, request)
        charge = services.charge_set_outcome(actor=request.user, charge=charge, outcome=data["outcome"],
                                             outcome_date=data["outcome_date"], expected_version=data["version"])
        return Response(ChargeSerializer(charge, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(summary="Custody episodes", parameters=[PERSON_FILTER]),
    retrieve=extend_schema(summary="A custody episode"),
    create=extend_schema(summary="Admit to custody", request=CustodyAdmitSerializer,
                         responses={201: CustodyEpisodeSerializer}),
)
class CustodyEpisodeViewSet(viewsets.GenericViewSet):
    serializer_class = CustodyEpisodeSerializer
    queryset = CustodyEpisode.objects.none()

    def _episode(self, pk: Any) -> CustodyEpisode:
        return _found(selectors.custody_episode_get, user=self.request.user, pk=pk)

    def list(self, request: Request) -> Response:
        person = _person_filter(request)
        rows = selectors.custody_episode_list(user=request.user, person=person)
        response = self.get_paginated_response(CustodyEpisodeSerializer(self.paginate_queryset(rows), many=True).data)
        _read(request, person, "justice.custodyepisode", ["custody"])
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        episode = self._episode(pk)
        data = CustodyEpisodeSerializer(episode).data
        _read(request, episode.person, "justice.custodyepisode", list(data), episode.pk)
        return Response(data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        data = _parsed(CustodyAdmitSerializer, request)
        user = request.user
        episode = services.custody_admit(
            actor=user, kind=data["kind"], admitted_on=data["admitted_on"],
            person=_found(selectors.person_get, "person", user=user, pk=data["person"]),
            facility=_found(selectors.organisation_get, "facility", pk=data["facility"]),
            disposition=_optional(selectors.disposition_get, "disposition", data["disposition"], user=user),
            case=_optional(selectors.case_get, "case", data["case"], user=user),
        )
        return Response(CustodyEpisodeSerializer(episode).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Release (send the version; 409 if stale)", request=CustodyReleaseSerializer,
                   responses=CustodyEpisodeSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        episode = self._episode(pk)
        data = _parsed(CustodyReleaseSerializer, request)
        episode = services.custody_release(actor=request.user, episode=episode, released_on=data["released_on"],
                                           release_type=data["release_type"], expected_version=data["version"])
        return Response(CustodyEpisodeSerializer(episode).data)

    @extend_schema(summary="Transfer to another facility; returns the new episode (409 if stale)",
                   request=CustodyTransferSerializer, responses={201: CustodyEpisodeSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        episode = self._episode(pk)
        data = _parsed(CustodyTransferSerializer, request)
        new_episode = services.custody_transfer(
            actor=request.user, episode=episode, transferred_on=data["transferred_on"],
            to_facility=_found(selectors.organisation_get, "to_facility", pk=data["to_facility"]),
            expected_version=data["version"],
        )
        return Response(CustodyEpisodeSerializer(new_episode).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Supervision periods", parameters=[PERSON_FILTER]),
    retrieve=extend_schema(summary="A supervision period"),
    create=extend_schema(summary="Start supervision", request=SupervisionStartSerializer,
                         responses={201: SupervisionPeriodSerializer}),
)
class SupervisionPeriodViewSet(viewsets.GenericViewSet):
    serializer_class = SupervisionPeriodSerializer
    queryset = SupervisionPeriod.objects.none()

    def _period(self, pk: Any) -> SupervisionPeriod:
        return _found(selectors.supervision_period_get, user=self.request.user, pk=pk)

    def list(self, request: Request) -> Response:
        person = _person_filter(request)
        rows = selectors.supervision_period_list(user=request.user, person=person)
        response = self.get_paginated_response(
            SupervisionPeriodSerializer(self.paginate_queryset(rows), many=True).data
        )
        _read(request, person, "justice.supervisionperiod", ["supervision"])
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        period = self._period(pk)
        data = SupervisionPeriodSerializer(period).data
        _read(request, period.person, "justice.supervisionperiod", list(data), period.pk)
        return Response(data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        data = _parsed(SupervisionStartSerializer, request)
        user = request.user
        period = services.supervision_start(
            actor=user, kind=data["kind"], starts_on=data["starts_on"], expected_end_on=data["expected_end_on"],
            person=_found(selectors.person_get, "person", user=user, pk=data["person"]),
            office=_found(selectors.organisation_get, "office", pk=data["office"]),
            officer=_optional(lambda pk: selectors.officer_choices().get(pk=pk), "officer", data["officer"]),
            disposition=_optional(selectors.disposition_get, "disposition", data["disposition"], user=user),
        )
        return Response(SupervisionPeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="End supervision (send the version; 409 if stale)", request=SupervisionEndSerializer,
                   responses=SupervisionPeriodSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        require(request.user, Action.JUSTICE_EDIT)
        period = self._period(pk)
        data = _parsed(SupervisionEndSerializer, request)
        period = services.supervision_end(actor=request.user, period=period, ended_on=data["ended_on"],
                                          end_reason=data["end_reason"], expected_version=data["version"])
        return Response(SupervisionPeriodSerializer(period).data)


class PersonStatusView(APIView):
    """A person's status today (derived from the spans) and the key dates of a current sentence."""

    @extend_schema(summary="Status and key dates", responses=PersonStatusSerializer)
    def get(self, request: Request, person_pk: int) -> Response:
        person = _found(selectors.person_get, user=request.user, pk=person_pk)
        current = selectors.person_status(person=person)
        dates = selectors.key_dates(person=person)
        _read(request, person, "justice.status", ["status", "key_dates"])
        return Response(PersonStatusSerializer({
            "person": person.pk, "status": current, "status_label": str(PersonStatus(current).label),
            "key_dates": dates,
        }).data)
