"""The partners API (``/api/partners/``): referrals (list, create, read, change status) and
consent (record, withdraw). Service errors become 400 with field errors, stale edits 409 and
refused access 403 (``core.api.exception_handler``)."""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, allowed, require
from reintegra.core.errors import AccessDenied
from reintegra.partners import selectors, services
from reintegra.partners.choices import Purpose, ReferralStatus, SharedField
from reintegra.partners.models import Consent, Referral


class ReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = ["id", "person", "organisation", "purpose", "referred_on", "status", "responded_on", "closed_on",
                  "outcome_note", "version"]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    organisation = serializers.IntegerField()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    referred_on = serializers.DateField(required=False, allow_null=True)


class ReferralStatusSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    on = serializers.DateField(required=False, allow_null=True)
    outcome_note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", "person", "organisation", "purpose", "fields", "valid_from", "valid_until", "evidence",
                  "withdrawn_at", "withdrawal_reason", "version"]
        read_only_fields = fields


class ConsentCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    organisation = serializers.IntegerField()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    fields = serializers.ListField(child=serializers.ChoiceField(choices=SharedField.choices))
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField()


def _organisation(pk: int) -> Any:
    organisation = selectors.partner_organisations().filter(pk=pk).first()
    if organisation is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"organisation": ["Choose an active partner organisation."]})
    return organisation


class ReferralViewSet(viewsets.GenericViewSet):
    serializer_class = ReferralSerializer
    queryset = Referral.objects.none()  # always loaded through the selectors

    @extend_schema(summary="Referrals the user may see", responses=ReferralSerializer(many=True))
    def list(self, request: Request) -> Response:
        if not (allowed(request.user, Action.REFERRAL_EDIT) or allowed(request.user, Action.REFERRAL_RESPOND)):
            raise AccessDenied(Action.REFERRAL_EDIT.value)
        page = self.paginate_queryset(selectors.referral_list(user=request.user))
        return self.get_paginated_response(ReferralSerializer(page, many=True).data)

    @extend_schema(summary="Refer a person (needs live consent)", request=ReferralCreateSerializer,
                   responses={201: ReferralSerializer})
    def create(self, request: Request) -> Response:
        require(request.user, Action.REFERRAL_EDIT)
        data = ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = selectors.person_for_referral(user=request.user, pk=data.validated_data["person"])
        referral = services.referral_create(
            actor=request.user, person=person, organisation=_organisation(data.validated_data["organisation"]),
            purpose=data.validated_data["purpose"], referred_on=data.validated_data.get("referred_on"),
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Read a referral", responses=ReferralSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ReferralSerializer(selectors.referral_get(user=request.user, pk=int(pk))).data)

    @extend_schema(summary="Accept, decline or close a referral (send the version; 409 if stale)",
                   request=ReferralStatusSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: Any = None) -> Response:
        referral = selectors.referral_get(user=request.user, pk=int(pk))
        data = ReferralStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        responding = selectors.can_respond(user=request.user, referral=referral)
        closing_staff = allowed(request.user, Action.REFERRAL_EDIT) and data.validated_data["status"] == ReferralStatus.CLOSED
        if not (responding or closing_staff):
            raise AccessDenied(Action.REFERRAL_RESPOND.value)
        referral = services.referral_set_status(
            actor=request.user, referral=referral, status=data.validated_data["status"],
            expected_version=data.validated_data["version"], on=data.validated_data.get("on"),
            outcome_note=data.validated_data.get("outcome_note", ""),
        )
        return Response(ReferralSerializer(referral).data)


class ConsentViewSet(viewsets.GenericViewSet):
    serializer_class = ConsentSerializer
    queryset = Consent.objects.none()

    @extend_schema(summary="Record consent to share with a partner", request=ConsentCreateSerializer,
                   responses={201: ConsentSerializer})
    def create(self, request: Request) -> Response:
        require(request.user, Action.CONSENT_EDIT)
        data = ConsentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = selectors.person_for_referral(user=request.user, pk=values["person"])
        consent = services.consent_record(
            actor=request.user, person=person, organisation=_organisation(values["organisation"]),
            purpose=values["purpose"], fields=values["fields"], valid_from=values.get("valid_from"),
            valid_until=values.get("valid_until"), evidence=values.get("evidence", ""),
        )
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Withdraw consent (effective at once)", request=WithdrawSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        consent = selectors.consent_get(user=request.user, pk=int(pk))
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_withdraw(
            actor=request.user, consent=consent, expected_version=data.validated_data["version"],
            reason=data.validated_data["reason"],
        )
        return Response(ConsentSerializer(consent).data)
