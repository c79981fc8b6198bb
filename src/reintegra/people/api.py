"""The people API (``/api/people/``): search, create, read, edit with versions, void, and the
identifiers, aliases, contacts and timeline of a person. Errors from the services become 400
with field errors, stale edits 409, refused access 403 (``core.api.exception_handler``)."""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, Level, require
from reintegra.audit.services import audit_search
from reintegra.audit.web import client_ip
from reintegra.people import access_log, selectors, services
from reintegra.people.models import Person
from reintegra.people.serializers import (
    AliasSerializer, ContactSerializer, IdentifierSerializer, PersonCreateSerializer, PersonListSerializer,
    PersonSerializer, PersonUpdateSerializer, TimelineEventSerializer, VoidSerializer,
)

PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload "
    "(supervision, case_management, court_report, quality_assurance, or a few words); kept in the audit log.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Search people",
        parameters=[OpenApiParameter("q", str, description="A name (any order, accents ignored) or an identifier.")],
        responses=PersonListSerializer(many=True),
    ),
    create=extend_schema(summary="Create a person", request=PersonCreateSerializer, responses={201: PersonSerializer}),
    retrieve=extend_schema(summary="Read a person", responses=PersonSerializer, parameters=[PURPOSE]),
    partial_update=extend_schema(
        summary="Change a person's details (send the version you started from; 409 if stale)",
        request=PersonUpdateSerializer, responses=PersonSerializer,
    ),
)
class PersonViewSet(viewsets.GenericViewSet):
    serializer_class = PersonSerializer
    queryset = Person.objects.none()  # records are always loaded through the selectors
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _person(self, pk: Any, level: Level = Level.SUMMARY) -> Person:
        """Reads need the summary level at least; changes and contacts the full record (else 404)."""
        return selectors.person_get(user=self.request.user, pk=pk, level=level)

    def _detail(self, pk: Any, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(PersonSerializer(self._person(pk), context={"request": self.request}).data, status=status_code)

    def _read(self, person: Person, *, fields: Any) -> None:
        """Log the read (one audit entry); outside the caseload ``?purpose=`` is required (else 400)."""
        access_log.api_read(self.request, person, fields=fields)

    def list(self, request: Request) -> Response:
        require(request.user, Action.PERSON_VIEW)
        query = request.query_params.get("q", "")
        people = (selectors.person_search(user=request.user, query=query, limit=None) if query.strip()
                  else selectors.person_list(user=request.user))
        page = self.paginate_queryset(people)
        # Logged by the number of matches only: the query may be a name.
        audit_search(actor=request.user, object_type="person", source_ip=client_ip(request),
                     result_count=self.paginator.page.paginator.count if page is not None else len(people))
        return self.get_paginated_response(PersonListSerializer(page, many=True).data)

    def create(self, request: Request) -> Response:
        require(request.user, Action.PERSON_EDIT)
        serializer = PersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, **serializer.service_kwargs())
        return self._detail(person.pk, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PERSON_VIEW)
        person = self._person(pk)
        data = PersonSerializer(person, context={"request": request}).data
        self._read(person, fields=list(data))
        return Response(data)

    def partial_update(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PERSON_EDIT)
        person = self._person(pk, Level.FULL)
        serializer = PersonUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version, reason = changes.pop("version"), changes.pop("reason", "")
        services.person_update(person=person, actor=request.user, expected_version=version, reason=reason, **changes)
        return self._detail(pk)

    @extend_schema(summary="Void a record created in error", request=VoidSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PERSON_EDIT)
        person = self._person(pk, Level.FULL)
        serializer = VoidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.person_void(person=person, actor=request.user, expected_version=serializer.validated_data["version"],
                             reason=serializer.validated_data["reason"])
        return self._detail(pk)

    def _sub_resource(self, request: Request, pk: str, *, attr: str, serializer_class: type, service: Any) -> Response:
        if request.method == "GET":
            require(request.user, Action.PERSON_VIEW)
            person = self._person(pk, Level.FULL if attr == "active_contacts" else Level.SUMMARY)
            data = serializer_class(getattr(person, attr), many=True).data
            self._read(person, fields=[attr.removeprefix("active_")])
            return Response(data)
        require(request.user, Action.PERSON_EDIT)
        person = self._person(pk, Level.FULL)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = service(person=person, actor=request.user, **serializer.validated_data)
        return Response(serializer_class(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary="A person's identifiers", parameters=[PURPOSE],
                   responses=IdentifierSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Add an identifier", request=IdentifierSerializer,
                   responses={201: IdentifierSerializer})
    @action(detail=True, methods=["get", "post"])
    def identifiers(self, request: Request, pk: str) -> Response:
        return self._sub_resource(request, pk, attr="active_identifiers", serializer_class=IdentifierSerializer,
                                  service=services.identifier_add)

    @extend_schema(methods=["GET"], summary="A person's other names", parameters=[PURPOSE],
                   responses=AliasSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Add another name", request=AliasSerializer,
                   responses={201: AliasSerializer})
    @action(detail=True, methods=["get", "post"])
    def aliases(self, request: Request, pk: str) -> Response:
        return self._sub_resource(request, pk, attr="active_aliases", serializer_class=AliasSerializer,
                                  service=services.alias_add)

    @extend_schema(methods=["GET"], summary="A person's contacts", parameters=[PURPOSE],
                   responses=ContactSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Add a contact", request=ContactSerializer,
                   responses={201: ContactSerializer})
    @action(detail=True, methods=["get", "post"])
    def contacts(self, request: Request, pk: str) -> Response:
        return self._sub_resource(request, pk, attr="active_contacts", serializer_class=ContactSerializer,
                                  service=services.contact_add)

    @extend_schema(summary="A person's timeline, newest first", responses=TimelineEventSerializer(many=True),
                   parameters=[PURPOSE])
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PERSON_VIEW)
        person = self._person(pk)
        events = selectors.person_timeline(user=request.user, person=person)
        page = self.paginate_queryset(events)
        data = TimelineEventSerializer(page, many=True).data
        self._read(person, fields=["timeline"])
        return self.get_paginated_response(data)
