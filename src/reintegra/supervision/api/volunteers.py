"""The volunteer API under ``/api/supervision/volunteers/``: profiles (versioned) and training,
matching suggestions for a supervision period, assignments, the volunteer's own people, meeting
notes and the officer's review queue.

Conventions as elsewhere: the right is checked before the body is read (403), a record outside
the user's offices or scope is 404, service errors are 400 with field errors and a stale
``version`` 409 (``core.api.exception_handler``). Reads of one person's volunteer data are audited
(``?purpose=`` outside one's own caseload)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, require
from reintegra.supervision.selectors import volunteers as selectors
from reintegra.supervision.services import volunteer_profiles as profiles

def found(load: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return load(**kwargs)
    except ObjectDoesNotExist:
        raise NotFound() from None


def parsed(serializer_class: type, request: Request, partial: bool = False) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- serializers -------------------------------------------------------------------------------

class VolunteerProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    volunteer = serializers.IntegerField(source="user_id")
    name = serializers.SerializerMethodField()
    office = serializers.IntegerField(source="office_id")
    area = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    gender = serializers.CharField()
    max_people = serializers.IntegerField()
    open_assignments = serializers.IntegerField(source="open_count")
    active = serializers.BooleanField()
    notes = serializers.CharField()
    training_status = serializers.SerializerMethodField(help_text="current, expired or none")
    training_until = serializers.DateField(allow_null=True)
    last_met_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()

    def get_name(self, profile: Any) -> str:
        return profile.user.get_full_name() or profile.user.get_username()

    def get_training_status(self, profile: Any) -> str:
        return selectors.training_status(profile)


class VolunteerProfileWriteSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField(help_text="The user with a volunteer membership (create only).")
    office = serializers.IntegerField()
    area = serializers.CharField(max_length=120)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    gender = serializers.CharField(required=False, allow_blank=True, help_text="female, male, other or empty")
    max_people = serializers.IntegerField(required=False, default=3)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class VolunteerProfileChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you started from (409 when someone saved since).")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    office = serializers.IntegerField(required=False)
    area = serializers.CharField(max_length=120, required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    gender = serializers.CharField(required=False, allow_blank=True)
    max_people = serializers.IntegerField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class VolunteerVersionReasonSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class VolunteerTrainingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    course = serializers.CharField(max_length=200)
    completed_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    voided = serializers.SerializerMethodField()

    def get_voided(self, training: Any) -> bool:
        return training.voided_at is not None


class VolunteerReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class VolunteerMatchSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField(source="candidate.user_id")
    profile = serializers.IntegerField(source="candidate.profile_id")
    name = serializers.CharField(source="candidate.name")
    score = serializers.FloatField()
    places_left = serializers.IntegerField(source="candidate.places_left")
    reasons = serializers.ListField(child=serializers.CharField())
    excluded = serializers.BooleanField()
    exclusions = serializers.ListField(child=serializers.CharField())


class VolunteerAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    volunteer = serializers.IntegerField(source="volunteer_id")
    person = serializers.IntegerField(source="person_id")
    starts_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()


class VolunteerAssignSerializer(serializers.Serializer):
    period = serializers.IntegerField(help_text="The supervision period of the person to support.")
    volunteer = serializers.IntegerField()


class VolunteerAssignmentEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(help_text="completed, supervision_ended, volunteer_left, reassigned or other")


class VolunteerPersonSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="assignment.pk")
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    status = serializers.CharField()
    next_appointment = serializers.DateTimeField(allow_null=True)
    officer = serializers.SerializerMethodField()
    officer_email = serializers.SerializerMethodField()
    office = serializers.SerializerMethodField()

    def get_officer(self, row: Any) -> str:
        return (row.officer.get_full_name() or row.officer.get_username()) if row.officer else ""

    def get_officer_email(self, row: Any) -> str:
        return row.officer.email if row.officer else ""

    def get_office(self, row: Any) -> str:
        return row.office.name if row.office else ""


class VolunteerMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    assignment = serializers.IntegerField(source="assignment_id")
    person = serializers.IntegerField(source="person_id", read_only=True)
    met_on = serializers.DateField()
    note = serializers.CharField()
    concern = serializers.BooleanField(required=False, default=False)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reviewed_by = serializers.IntegerField(source="reviewed_by_id", read_only=True, allow_null=True)


class VolunteerReviewSerializer(serializers.Serializer):
    review_note = serializers.CharField(required=False, allow_blank=True, default="")


def _office(pk: Any) -> Organisation | None:
    return Organisation.objects.filter(pk=pk, active=True).first() if pk is not None else None


# --- views -------------------------------------------------------------------------------------

class VolunteerProfileListView(GenericAPIView):
    serializer_class = VolunteerProfileSerializer

    @extend_schema(summary="Volunteers overseen by your offices, with caseload, training and last meeting",
                   parameters=[OpenApiParameter("active", bool, description="Only active volunteers.")],
                   responses=VolunteerProfileSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.volunteer_profile_list(user=request.user,
                                                active_only=request.query_params.get("active") in ("1", "true"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(VolunteerProfileSerializer(page, many=True).data)

    @extend_schema(summary="Create the profile of a user with a volunteer membership",
                   request=VolunteerProfileWriteSerializer, responses={201: VolunteerProfileSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        data = parsed(VolunteerProfileWriteSerializer, request)
        volunteer = get_user_model().objects.filter(pk=data.pop("volunteer")).first()
        if volunteer is None:
            raise ValidationError({"volunteer": [_("No such user.")]})
        profile = profiles.volunteer_profile_create(actor=request.user, volunteer=volunteer,
                                                    office=_office(data.pop("office")), **data)
        loaded = selectors.volunteer_profile_get(user=request.user, pk=profile.pk)
        return Response(VolunteerProfileSerializer(loaded).data, status=status.HTTP_201_CREATED)


class VolunteerProfileDetailView(GenericAPIView):
    serializer_class = VolunteerProfileSerializer

    @extend_schema(summary="A volunteer's profile")
    def get(self, request: Request, pk: int) -> Response:
        return Response(VolunteerProfileSerializer(found(selectors.volunteer_profile_get, user=request.user,
                                                         pk=pk)).data)

    @extend_schema(summary="Change a profile (send the version you started from)",
                   request=VolunteerProfileChangeSerializer, responses=VolunteerProfileSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        profile = found(selectors.volunteer_profile_get, user=request.user, pk=pk)
        data = parsed(VolunteerProfileChangeSerializer, request)
        version, reason = data.pop("version"), data.pop("reason")
        if "office" in data:
            data["office"] = _office(data["office"])
        profiles.volunteer_profile_update(actor=request.user, profile=profile, expected_version=version,
                                          reason=reason, **data)
        return Response(VolunteerProfileSerializer(selectors.volunteer_profile_get(user=request.user, pk=pk)).data)


class VolunteerProfileStateView(GenericAPIView):
    """Deactivate (with a reason) or reactivate a volunteer."""

    serializer_class = VolunteerProfileSerializer
    activate = False

    @extend_schema(summary="Deactivate (reason required) or reactivate a volunteer",
                   request=VolunteerVersionReasonSerializer, responses=VolunteerProfileSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        profile = found(selectors.volunteer_profile_get, user=request.user, pk=pk)
        data = parsed(VolunteerVersionReasonSerializer, request)
        service = profiles.volunteer_profile_activate if self.activate else profiles.volunteer_profile_deactivate
        service(actor=request.user, profile=profile, expected_version=data["version"], reason=data["reason"])
        return Response(VolunteerProfileSerializer(selectors.volunteer_profile_get(user=request.user, pk=pk)).data)


class VolunteerTrainingListView(GenericAPIView):
    serializer_class = VolunteerTrainingSerializer

    @extend_schema(summary="A volunteer's training records, voided ones included",
                   responses=VolunteerTrainingSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        profile = found(selectors.volunteer_profile_get, user=request.user, pk=pk)
        page = self.paginate_queryset(selectors.volunteer_training_list(profile=profile, include_voided=True))
        return self.get_paginated_response(VolunteerTrainingSerializer(page, many=True).data)

    @extend_schema(summary="Record a training course the volunteer completed", responses={201: VolunteerTrainingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        profile = found(selectors.volunteer_profile_get, user=request.user, pk=pk)
        data = parsed(VolunteerTrainingSerializer, request)
        training = profiles.volunteer_training_add(actor=request.user, profile=profile, **data)
        return Response(VolunteerTrainingSerializer(training).data, status=status.HTTP_201_CREATED)


class VolunteerTrainingVoidView(GenericAPIView):
    serializer_class = VolunteerTrainingSerializer

    @extend_schema(summary="Void a training record entered by mistake", request=VolunteerReasonSerializer)
    def post(self, request: Request, pk: int, training_pk: int) -> Response:
        require(request.user, Action.VOLUNTEER_MANAGE)
        profile = found(selectors.volunteer_profile_get, user=request.user, pk=pk)
        training = found(selectors.volunteer_training_list(profile=profile).get, pk=training_pk)
        data = parsed(VolunteerReasonSerializer, request)
        training = profiles.volunteer_training_void(actor=request.user, profile=profile, training=training,
                                                    reason=data["reason"])
        return Response(VolunteerTrainingSerializer(training).data)
