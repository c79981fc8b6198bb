"""The supervision-core API under ``/api/supervision/``: the caseload, a period with where it stands
against the contact standard, its levels, conditions, contacts and appointments, and their writes.

Conventions as elsewhere: the right is checked before the body is read (403), a period outside
the user's full view is 404, service errors are 400 with field errors
(``core.api.exception_handler``). Reads of one period are audited as reads of the person's record
(``?purpose=`` outside one's own caseload)."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, require
from reintegra.people import access_log
from reintegra.supervision.choices import Attendance, ConditionKind, ContactType, SupervisionLevel
from reintegra.supervision.models import Appointment, Condition, SupervisionContact
from reintegra.supervision.selectors import caseload as caseload_selectors
from reintegra.supervision.selectors import periods as selectors
from reintegra.supervision.services import appointments, conditions, contacts, levels

OBJECT_TYPE = "supervision_period"
PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")


class Pages(PageNumberPagination):
    page_size = 25


def parsed(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# --- serializers -------------------------------------------------------------------------------

class DueSerializer(serializers.Serializer):
    every_days = serializers.IntegerField(source="standard.every_days")
    last_contact_on = serializers.DateField(allow_null=True)
    next_due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()
    unseen_days = serializers.IntegerField()


class CaseloadRowSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk")
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    kind = serializers.CharField(source="period.kind")
    starts_on = serializers.DateField(source="period.starts_on")
    level = serializers.CharField(allow_null=True)
    due_this_week = serializers.BooleanField()
    due = DueSerializer()


class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    kind = serializers.CharField()
    office = serializers.IntegerField(source="office_id")
    officer = serializers.IntegerField(source="officer_id", allow_null=True)
    starts_on = serializers.DateField()
    expected_end_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    level = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()

    def get_level(self, period: Any) -> str | None:
        return selectors.current_level(period)

    def get_due(self, period: Any) -> dict[str, Any]:
        return dict(DueSerializer(selectors.due_of(period)).data)


class LevelSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    level = serializers.CharField()
    derived_level = serializers.CharField()
    band = serializers.CharField()
    assessment = serializers.IntegerField(source="assessment_id", allow_null=True)
    override_reason = serializers.CharField()
    effective_on = serializers.DateField()
    decided_by = serializers.IntegerField(source="decided_by_id")
    current = serializers.SerializerMethodField()

    def get_current(self, decision: Any) -> bool:
        return decision.superseded_at is None


class LevelWriteSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=SupervisionLevel.choices, required=False, allow_null=True, allow_blank=True,
                                    help_text="Empty: the level the latest completed assessment's band gives.")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    effective_on = serializers.DateField(required=False, allow_null=True)


@extend_schema_serializer(component_name="SupervisionReason")  # people has a VoidSerializer too
class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ConditionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    code = serializers.CharField()
    text = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    voided = serializers.BooleanField(source="is_voided")
    void_reason = serializers.CharField()


class ConditionWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConditionKind.choices)
    text = serializers.CharField(allow_blank=True)
    code = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class ConditionEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(required=False, allow_null=True)


@extend_schema_serializer(component_name="SupervisionContact")  # people's ContactSerializer is an address
class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    contact_type = serializers.CharField()
    occurred_on = serializers.DateField()
    attendance = serializers.CharField()
    note = serializers.CharField()
    held_by = serializers.IntegerField(source="held_by_id")
    held_by_name = serializers.SerializerMethodField()
    voided = serializers.BooleanField(source="is_voided")
    void_reason = serializers.CharField()

    def get_held_by_name(self, contact: Any) -> str:
        return _name(contact.held_by)


class ContactWriteSerializer(serializers.Serializer):
    contact_type = serializers.ChoiceField(choices=ContactType.choices)
    occurred_on = serializers.DateField(help_text="Today or earlier: a contact dated in the future is refused.")
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    appointment = serializers.IntegerField(required=False, allow_null=True,
                                           help_text="The booked appointment this contact records.")


class AppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    period = serializers.IntegerField(source="period_id", allow_null=True)
    officer = serializers.IntegerField(source="officer_id")
    office = serializers.IntegerField(source="office_id", allow_null=True)
    scheduled_for = serializers.DateTimeField()
    contact_type = serializers.CharField()
    status = serializers.CharField()
    contact = serializers.IntegerField(source="contact_id", allow_null=True)
    note = serializers.CharField()


class AppointmentWriteSerializer(serializers.Serializer):
    scheduled_for = serializers.DateTimeField(help_text="In the future.")
    contact_type = serializers.ChoiceField(choices=ContactType.choices, required=False, default=ContactType.OFFICE)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- views -------------------------------------------------------------------------------------

class _PeriodView(GenericAPIView):
    """Loads the period through the scoped selector (404 outside the user's full view)."""

    serializer_class = PeriodSerializer
    pagination_class = None

    def period(self, pk: Any) -> Any:
        period = selectors.period_get(user=self.request.user, pk=pk)
        if period is None:
            raise NotFound()
        return period

    def child(self, model: type, pk: Any) -> Any:
        period_id = model.objects.filter(pk=pk).values_list("period_id", flat=True).first()
        if period_id is None:
            raise NotFound()
        row = model.objects.get(pk=pk)
        row.period = self.period(period_id)
        return row

    def read(self, period: Any, fields: list[str]) -> None:
        access_log.api_read(self.request, period.person, fields=fields, object_type=OBJECT_TYPE, object_id=period.pk)


class CaseloadView(GenericAPIView):
    serializer_class = CaseloadRowSerializer
    pagination_class = None

    @extend_schema(
        summary="An officer's caseload: each open period with level, last contact, next contact due, overdue "
                "and days unseen (a supervisor may ask for an officer of their offices)",
        parameters=[OpenApiParameter("officer", int), OpenApiParameter("show", str, enum=list(caseload_selectors.FILTERS)),
                    OpenApiParameter("sort", str, enum=list(caseload_selectors.SORTS))],
        responses=CaseloadRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        officer = caseload_selectors.caseload_officer(user=request.user, officer_id=request.query_params.get("officer"))
        found = caseload_selectors.caseload(user=request.user, officer=officer, show=request.query_params.get("show", ""),
                                            sort=request.query_params.get("sort", ""))
        return Response({"officer": officer.pk, "show": found.show, "sort": found.sort, "counts": found.counts,
                         "results": CaseloadRowSerializer(found.rows, many=True).data})


class PeriodDetailView(_PeriodView):
    @extend_schema(summary="A supervision period with its current level and where it stands against the contact "
                           "standard", parameters=[PURPOSE], responses=PeriodSerializer)
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        data = PeriodSerializer(period).data
        self.read(period, ["supervision-period"])
        return Response(data)


class LevelListView(_PeriodView):
    serializer_class = LevelSerializer

    @extend_schema(summary="The period's level decisions, the current one first", parameters=[PURPOSE],
                   responses=LevelSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        data = LevelSerializer(selectors.level_history(period=period), many=True).data
        self.read(period, ["levels"])
        return Response(data)

    @extend_schema(summary="Set the level: from the assessment band, or another level with its reason",
                   request=LevelWriteSerializer, responses={201: LevelSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        period = self.period(pk)
        data = parsed(LevelWriteSerializer, request)
        decision = levels.level_set(actor=request.user, period=period, level=data.get("level") or None,
                                    override_reason=data["override_reason"], effective_on=data.get("effective_on"))
        return Response(LevelSerializer(decision).data, status=status.HTTP_201_CREATED)


class ConditionListView(_PeriodView):
    serializer_class = ConditionSerializer

    @extend_schema(summary="The period's conditions (voided ones marked)", parameters=[PURPOSE],
                   responses=ConditionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        data = ConditionSerializer(selectors.condition_list(period=period), many=True).data
        self.read(period, ["conditions"])
        return Response(data)

    @extend_schema(summary="Add a standard or additional condition", request=ConditionWriteSerializer,
                   responses={201: ConditionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        period = self.period(pk)
        data = parsed(ConditionWriteSerializer, request)
        condition = conditions.condition_add(actor=request.user, period=period, kind=data["kind"], text=data["text"],
                                             code=data["code"], starts_on=data.get("starts_on"),
                                             ends_on=data.get("ends_on"))
        return Response(ConditionSerializer(condition).data, status=status.HTTP_201_CREATED)


class ConditionEndView(_PeriodView):
    serializer_class = ConditionSerializer

    @extend_schema(summary="End a condition (the last day it applies; today by default)",
                   request=ConditionEndSerializer, responses=ConditionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        condition = self.child(Condition, pk)
        data = parsed(ConditionEndSerializer, request)
        condition = conditions.condition_end(actor=request.user, condition=condition, ends_on=data.get("ends_on"))
        return Response(ConditionSerializer(condition).data)


class ConditionVoidView(_PeriodView):
    serializer_class = ConditionSerializer

    @extend_schema(summary="Void a condition entered in error, with the reason", request=VoidSerializer,
                   responses=ConditionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        condition = self.child(Condition, pk)
        data = parsed(VoidSerializer, request)
        condition = conditions.condition_void(actor=request.user, condition=condition, reason=data["reason"])
        return Response(ConditionSerializer(condition).data)


class ContactListView(_PeriodView):
    serializer_class = ContactSerializer
    pagination_class = Pages

    @extend_schema(summary="The period's contacts, newest first (voided ones marked)", parameters=[PURPOSE],
                   responses=ContactSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        page = self.paginate_queryset(selectors.contact_list(period=period))
        response = self.get_paginated_response(ContactSerializer(page, many=True).data)
        self.read(period, ["contacts"])
        return response

    @extend_schema(summary="Record a contact (never dated in the future); with an appointment, its record",
                   request=ContactWriteSerializer, responses={201: ContactSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        period = self.period(pk)
        data = parsed(ContactWriteSerializer, request)
        appointment = None
        if data.get("appointment") is not None:
            appointment = period.appointments.filter(pk=data["appointment"]).first()
            if appointment is None:
                raise serializers.ValidationError({"appointment": [_("No such appointment in this period.")]})
        contact = contacts.contact_record(
            actor=request.user, period=period, contact_type=data["contact_type"], occurred_on=data["occurred_on"],
            attendance=data["attendance"], note=data["note"], appointment=appointment)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactVoidView(_PeriodView):
    serializer_class = ContactSerializer

    @extend_schema(summary="Void a contact recorded in error, with the reason", request=VoidSerializer,
                   responses=ContactSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        contact = self.child(SupervisionContact, pk)
        data = parsed(VoidSerializer, request)
        contact = contacts.contact_void(actor=request.user, contact=contact, reason=data["reason"])
        return Response(ContactSerializer(contact).data)


class AppointmentListView(_PeriodView):
    serializer_class = AppointmentSerializer

    @extend_schema(summary="The period's appointments, soonest first", parameters=[PURPOSE],
                   responses=AppointmentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        data = AppointmentSerializer(selectors.appointment_list(period=period), many=True).data
        self.read(period, ["appointments"])
        return Response(data)

    @extend_schema(summary="Book an appointment with the period's officer (you, when it has none)",
                   request=AppointmentWriteSerializer, responses={201: AppointmentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        period = self.period(pk)
        data = parsed(AppointmentWriteSerializer, request)
        appointment = appointments.appointment_book(
            actor=request.user, person=period.person, officer=period.officer or request.user, period=period,
            scheduled_for=data["scheduled_for"], contact_type=data["contact_type"], note=data["note"])
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


class AppointmentCancelView(_PeriodView):
    serializer_class = AppointmentSerializer

    @extend_schema(summary="Cancel a scheduled appointment, with the reason", request=VoidSerializer,
                   responses=AppointmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        appointment = self.child(Appointment, pk)
        data = parsed(VoidSerializer, request)
        appointment = appointments.appointment_cancel(actor=request.user, appointment=appointment, reason=data["reason"])
        return Response(AppointmentSerializer(appointment).data)

