"""The community-measures API (``/api/community/``): community service orders (placements, hours,
verification, completion, breach), diversions (conditions, outcome) and restorative justice cases
(facilitator, parties, consent and its withdrawal, sessions, agreement, fulfilment, closing).

Conventions as in the other APIs: the right is checked before the body is read (403), a record the
user may not see is 404, service errors are 400 with field errors and a stale ``version`` 409
(``core.api.exception_handler``). Reads of one record are audited as reads of the person's record
(``?purpose=`` outside one's own caseload). Parties' names and contacts are in a response only for
the case's facilitator."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, Level, person_load, require
from reintegra.community import selectors, services
from reintegra.community.models import CommunityServiceOrder, Diversion, RestorativeCase
from reintegra.community.serializers import (
    AgreementBody, BreachBody, CloseBody, CompleteBody, ConditionBody, ConsentBody, DiversionBody,
    DiversionSerializer, FacilitatorBody, HoursBody, ItemBody, OrderBody, OrderSerializer, OrderSummarySerializer,
    OutcomeBody, PartyBody, PlacementBody, RejectBody, RestorativeBody, RestorativeSerializer,
    RestorativeSummarySerializer, SessionBody, VersionBody, WithdrawBody,
)
from reintegra.core.errors import AccessDenied
from reintegra.justice.models import Case, Disposition
from reintegra.people import access_log
from reintegra.people.models import Person
from reintegra.planning.api import _found, _organisation, _parsed, _user

PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")
LIST_PARAMETERS = [
    OpenApiParameter("status", str), OpenApiParameter("q", str, description="Search in the person's name."),
    OpenApiParameter("mine", bool, description="Only the records you are responsible for."),
]


def _load(select: Any, request: Request, pk: Any) -> Any:
    """The record ``pk`` through the selector ``select`` (scoped to the user), or 404."""
    found = select(user=request.user, pk=int(pk)) if str(pk).isdigit() else None
    if found is None:
        raise NotFound()
    return found


def _person(request: Request, pk: int) -> Person:
    person = person_load(request.user, Person.objects.filter(voided_at__isnull=True), pk, level=Level.FULL)
    if person is None:
        raise ValidationError({"person": [_("No such record, or you may not see it in full.")]})
    return person


def _case(pk: Any, person: Person) -> Case | None:
    return _found(Case, pk, "case", _("Choose one of this person's cases."), person=person, voided_at__isnull=True)


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in {"1", "true", "yes"}


def _list(viewset: Any, request: Request, select: Any, serializer: type) -> Response:
    rows = select(user=request.user, status=request.query_params.get("status", ""),
                  search=request.query_params.get("q", "")[:100], mine=_flag(request, "mine"))
    page = viewset.paginate_queryset(rows)
    return viewset.get_paginated_response(serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Community service orders of the people you see in full", parameters=LIST_PARAMETERS,
                       responses=OrderSummarySerializer(many=True)),
    retrieve=extend_schema(summary="An order with its placements, hours and progress", parameters=[PURPOSE],
                           responses=OrderSerializer),
    create=extend_schema(summary="Record a community service order", request=OrderBody,
                         responses={201: OrderSerializer}),
)
class OrderViewSet(viewsets.GenericViewSet):
    serializer_class = OrderSerializer
    queryset = CommunityServiceOrder.objects.none()  # always loaded through the selectors
    lookup_value_regex = r"\d+"

    def _order(self, pk: Any) -> CommunityServiceOrder:
        return _load(selectors.order_get, self.request, pk)

    def _data(self, order: CommunityServiceOrder) -> dict[str, Any]:
        order = selectors.order_get(user=self.request.user, pk=order.pk)
        return dict(OrderSerializer(order, context={"contents": selectors.order_contents(order=order)}).data)

    def _entry(self, order: CommunityServiceOrder, pk: Any) -> Any:
        entry = order.hours_entries.filter(pk=pk, voided_at__isnull=True).first()
        if entry is None:
            raise NotFound()
        entry.order = order
        return entry

    def list(self, request: Request) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        return _list(self, request, selectors.order_list, OrderSummarySerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        order = self._order(pk)
        data = self._data(order)
        access_log.api_read(request, order.person, fields=["community-service-order", "placements", "hours"],
                            object_type="community.communityserviceorder", object_id=order.pk)
        return Response(data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        data = _parsed(OrderBody, request)
        person = _person(request, data["person"])
        disposition = _found(Disposition, data.get("disposition"), "disposition", _("Choose a sentence of this person."),
                             person=person, voided_at__isnull=True)
        order = services.order_create(actor=request.user, person=person, disposition=disposition,
                                      hours_ordered=data.get("hours_ordered"), due_by=data["due_by"],
                                      officer=_user(data.get("officer"), "officer") or request.user)
        return Response(self._data(order), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add a placement with a partner organisation", request=PlacementBody,
                   responses={201: OrderSerializer})
    @action(detail=True, methods=["post"])
    def placements(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        order = self._order(pk)
        data = _parsed(PlacementBody, request)
        services.placement_add(actor=request.user, order=order, organisation=_organisation(data["organisation"],
                               "organisation"), supervisor_name=data["supervisor_name"], starts_on=data["starts_on"],
                               ends_on=data.get("ends_on"))
        return Response(self._data(order), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Record hours worked on one day (never in the future)", request=HoursBody,
                   responses={201: OrderSerializer})
    @action(detail=True, methods=["post"])
    def hours(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        order = self._order(pk)
        data = _parsed(HoursBody, request)
        placement = order.placements.filter(pk=data["placement"], voided_at__isnull=True).first()
        services.hours_record(actor=request.user, order=order, placement=placement, worked_on=data["worked_on"],
                              hours=data["hours"], task=data["task"])
        return Response(self._data(order), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Verify hours: they count towards the order", request=VersionBody,
                   parameters=[OpenApiParameter("entry_pk", int, OpenApiParameter.PATH)], responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path=r"hours/(?P<entry_pk>\d+)/verify")
    def verify(self, request: Request, pk: str, entry_pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        order = self._order(pk)
        entry = self._entry(order, entry_pk)
        data = _parsed(VersionBody, request)
        services.hours_verify(actor=request.user, entry=entry, expected_version=data["version"])
        return Response(self._data(order))

    @extend_schema(summary="Reject hours, saying why", request=RejectBody,
                   parameters=[OpenApiParameter("entry_pk", int, OpenApiParameter.PATH)], responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path=r"hours/(?P<entry_pk>\d+)/reject")
    def reject(self, request: Request, pk: str, entry_pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        order = self._order(pk)
        entry = self._entry(order, entry_pk)
        data = _parsed(RejectBody, request)
        services.hours_reject(actor=request.user, entry=entry, reason=data["reason"], expected_version=data["version"])
        return Response(self._data(order))

    @extend_schema(summary="Record completion (verified hours must reach the order)", request=CompleteBody,
                   responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        order = self._order(pk)
        data = _parsed(CompleteBody, request)
        services.order_complete(actor=request.user, order=order, completed_on=data.get("completed_on"),
                                expected_version=data["version"])
        return Response(self._data(order))

    @extend_schema(summary="Record a breach of the order, with the reason", request=BreachBody,
                   responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def breach(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        order = self._order(pk)
        data = _parsed(BreachBody, request)
        services.order_breach(actor=request.user, order=order, reason=data["reason"],
                              breached_on=data.get("breached_on"), expected_version=data["version"])
        return Response(self._data(order))


@extend_schema_view(
    list=extend_schema(summary="Diversions of the people you see in full", parameters=LIST_PARAMETERS,
                       responses=DiversionSerializer(many=True)),
    retrieve=extend_schema(summary="A diversion with its conditions", parameters=[PURPOSE],
                           responses=DiversionSerializer),
    create=extend_schema(summary="Refer a person from a case to diversion or treatment", request=DiversionBody,
                         responses={201: DiversionSerializer}),
)
class DiversionViewSet(viewsets.GenericViewSet):
    serializer_class = DiversionSerializer
    queryset = Diversion.objects.none()
    lookup_value_regex = r"\d+"

    def _diversion(self, pk: Any) -> Diversion:
        return _load(selectors.diversion_get, self.request, pk)

    def _data(self, diversion: Diversion) -> dict[str, Any]:
        diversion = selectors.diversion_get(user=self.request.user, pk=diversion.pk)
        conditions = selectors.diversion_conditions(diversion=diversion)
        return dict(DiversionSerializer(diversion, context={"conditions": conditions}).data)

    def list(self, request: Request) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        return _list(self, request, selectors.diversion_list, DiversionSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        diversion = self._diversion(pk)
        data = self._data(diversion)
        access_log.api_read(request, diversion.person, fields=["diversion", "conditions"],
                            object_type="community.diversion", object_id=diversion.pk)
        return Response(data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        data = _parsed(DiversionBody, request)
        person = _person(request, data["person"])
        diversion = services.diversion_refer(
            actor=request.user, person=person, case=_case(data["case"], person),
            provider=_organisation(data["provider"], "provider"), programme_kind=data["programme_kind"],
            referred_on=data.get("referred_on"))
        return Response(self._data(diversion), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add a condition", request=ConditionBody, responses={201: DiversionSerializer})
    @action(detail=True, methods=["post"])
    def conditions(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        diversion = self._diversion(pk)
        data = _parsed(ConditionBody, request)
        services.diversion_condition_add(actor=request.user, diversion=diversion, text=data["text"],
                                         starts_on=data["starts_on"], ends_on=data.get("ends_on"))
        return Response(self._data(diversion), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Record the outcome: completed, not completed or withdrawn (with a reason)",
                   request=OutcomeBody, responses=DiversionSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        diversion = self._diversion(pk)
        data = _parsed(OutcomeBody, request)
        services.diversion_outcome(actor=request.user, diversion=diversion, outcome=data["outcome"], on=data.get("on"),
                                   reason=data.get("reason", ""), expected_version=data["version"])
        return Response(self._data(diversion))


PARTY_PK = OpenApiParameter("party_pk", int, OpenApiParameter.PATH, description="A party of the case.")


@extend_schema_view(
    list=extend_schema(summary="Restorative justice cases: your people's, and those you facilitate",
                       parameters=LIST_PARAMETERS, responses=RestorativeSummarySerializer(many=True)),
    retrieve=extend_schema(summary="A case with its parties (names and contacts for its facilitator only), "
                                   "sessions and agreement", parameters=[PURPOSE], responses=RestorativeSerializer),
    create=extend_schema(summary="Refer a person from a case to restorative justice", request=RestorativeBody,
                         responses={201: RestorativeSerializer}),
)
class RestorativeViewSet(viewsets.GenericViewSet):
    serializer_class = RestorativeSerializer
    queryset = RestorativeCase.objects.none()
    lookup_value_regex = r"\d+"

    def _case(self, pk: Any) -> RestorativeCase:
        return _load(selectors.rj_get, self.request, pk)

    def _facilitated(self, pk: Any) -> RestorativeCase:
        require(self.request.user, Action.RESTORATIVE_FACILITATE)
        rj_case = self._case(pk)
        if not selectors.facilitates(self.request.user, rj_case):
            raise AccessDenied(Action.RESTORATIVE_FACILITATE.value)
        return rj_case

    def _party(self, rj_case: RestorativeCase, pk: Any) -> Any:
        party = selectors.rj_party(rj_case=rj_case, pk=pk)
        if party is None:
            raise NotFound()
        return party

    def _data(self, rj_case: RestorativeCase, code: int = status.HTTP_200_OK) -> Response:
        rj_case = selectors.rj_get(user=self.request.user, pk=rj_case.pk)
        contents = selectors.rj_contents(user=self.request.user, rj_case=rj_case)
        return Response(RestorativeSerializer(rj_case, context={"contents": contents}).data, status=code)

    def list(self, request: Request) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        return _list(self, request, selectors.rj_list, RestorativeSummarySerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        rj_case = self._case(pk)
        response = self._data(rj_case)
        fields = ["restorative-case", "parties", "sessions", "agreement"]
        if selectors.facilitates(request.user, rj_case):
            fields.append("party-contacts")
        access_log.api_read(request, rj_case.person, fields=fields, object_type="community.restorativecase",
                            object_id=rj_case.pk)
        return response

    def create(self, request: Request) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        data = _parsed(RestorativeBody, request)
        person = _person(request, data["person"])
        rj_case = services.rj_refer(actor=request.user, person=person, case=_case(data["case"], person),
                                    kind=data["kind"], facilitator=_user(data.get("facilitator"), "facilitator"),
                                    referred_on=data.get("referred_on"))
        return self._data(rj_case, status.HTTP_201_CREATED)

    @extend_schema(summary="Assign the facilitator", request=FacilitatorBody, responses=RestorativeSerializer)
    @action(detail=True, methods=["post"])
    def facilitator(self, request: Request, pk: str) -> Response:
        require(request.user, Action.MEASURE_EDIT)
        rj_case = self._case(pk)
        data = _parsed(FacilitatorBody, request)
        services.rj_facilitator_assign(actor=request.user, rj_case=rj_case, expected_version=data["version"],
                                       facilitator=_user(data["facilitator"], "facilitator"))
        return self._data(rj_case)

    @extend_schema(summary="Add a victim, supporter or community member (facilitator)", request=PartyBody,
                   responses={201: RestorativeSerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request: Request, pk: str) -> Response:
        rj_case = self._facilitated(pk)
        services.party_add(actor=request.user, rj_case=rj_case, **_parsed(PartyBody, request))
        return self._data(rj_case, status.HTTP_201_CREATED)

    @extend_schema(summary="Record a party's informed consent (facilitator)", request=ConsentBody,
                   parameters=[PARTY_PK], responses=RestorativeSerializer)
    @action(detail=True, methods=["post"], url_path=r"parties/(?P<party_pk>\d+)/consent")
    def consent(self, request: Request, pk: str, party_pk: str) -> Response:
        rj_case = self._facilitated(pk)
        party = self._party(rj_case, party_pk)
        data = _parsed(ConsentBody, request)
        services.consent_give(actor=request.user, party=party, informed_how=data["informed_how"], on=data.get("on"),
                              note=data.get("note", ""))
        return self._data(rj_case)

    @extend_schema(summary="Record a withdrawal of consent (facilitator; case staff for the person responsible)",
                   request=WithdrawBody, parameters=[PARTY_PK], responses=RestorativeSerializer)
    @action(detail=True, methods=["post"], url_path=r"parties/(?P<party_pk>\d+)/withdraw")
    def withdraw(self, request: Request, pk: str, party_pk: str) -> Response:
        require(request.user, Action.MEASURE_VIEW)
        rj_case = self._case(pk)
        party = self._party(rj_case, party_pk)
        data = _parsed(WithdrawBody, request)
        services.consent_withdraw(actor=request.user, party=party, on=data.get("on"), note=data.get("note", ""))
        return self._data(rj_case)

    @extend_schema(summary="Record a session (refused unless everyone attending has consent on record)",
                   request=SessionBody, responses={201: RestorativeSerializer})
    @action(detail=True, methods=["post"])
    def sessions(self, request: Request, pk: str) -> Response:
        rj_case = self._facilitated(pk)
        data = _parsed(SessionBody, request)
        attendees = [self._party(rj_case, party_pk) for party_pk in data["attendees"]]
        services.session_record(actor=request.user, rj_case=rj_case, held_on=data["held_on"], kind=data["kind"],
                                attendees=attendees, note=data.get("note", ""))
        return self._data(rj_case, status.HTTP_201_CREATED)

    @extend_schema(summary="Record the agreement, one term per item (facilitator)", request=AgreementBody,
                   responses=RestorativeSerializer)
    @action(detail=True, methods=["post"])
    def agreement(self, request: Request, pk: str) -> Response:
        rj_case = self._facilitated(pk)
        data = _parsed(AgreementBody, request)
        services.agreement_record(actor=request.user, rj_case=rj_case, terms=data["terms"],
                                  agreed_on=data.get("agreed_on"), expected_version=data["version"])
        return self._data(rj_case)

    @extend_schema(summary="Mark a term fulfilled or not (facilitator)", request=ItemBody,
                   parameters=[OpenApiParameter("item_pk", int, OpenApiParameter.PATH)],
                   responses=RestorativeSerializer)
    @action(detail=True, methods=["post"], url_path=r"terms/(?P<item_pk>\d+)")
    def term(self, request: Request, pk: str, item_pk: str) -> Response:
        rj_case = self._facilitated(pk)
        item = selectors.rj_item(rj_case=rj_case, pk=item_pk)
        if item is None:
            raise NotFound()
        data = _parsed(ItemBody, request)
        services.item_mark(actor=request.user, item=item, status=data["status"], on=data.get("on"))
        return self._data(rj_case)

    @extend_schema(summary="Close the case with its outcome (no_agreement is neutral, never a breach)",
                   request=CloseBody, responses=RestorativeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        rj_case = self._facilitated(pk)
        data = _parsed(CloseBody, request)
        services.rj_close(actor=request.user, rj_case=rj_case, outcome=data["outcome"],
                          closed_on=data.get("closed_on"), expected_version=data["version"])
        return self._data(rj_case)
