"""API representations of community measures, and the bodies of their writes.

Codes with fixed vocabularies are plain strings validated by the services (their values are in
the help texts). Writes to a versioned record carry the ``version`` they started from. A party's
name and contact details are in a response only for the facilitator of the case (the serializer's
``with_contacts`` context, which the API sets from ``selectors.facilitates``)."""
from __future__ import annotations

from typing import Any

from rest_framework import serializers

from reintegra.community.choices import (
    ConsentState, DiversionStatus, HoursStatus, InformedHow, ItemStatus, OrderStatus, PartyRole, ProgrammeKind,
    RestorativeKind, RestorativeOutcome, RestorativeStatus, SessionKind,
)
from reintegra.community.models import (
    AgreementItem, CommunityServiceOrder, ConsentRecord, Diversion, DiversionCondition, HoursEntry, Placement,
    RestorativeCase, RestorativeParty, RestorativeSession,
)
from reintegra.community.selectors import PARTY_CONTACT_FIELDS, progress


def _values(choices: Any) -> str:
    return ", ".join(choices.values)


def _read_only(model: type, fields: list[str], **extra: Any) -> type:
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta, **extra})


PlacementSerializer = _read_only(Placement, ["id", "organisation", "supervisor_name", "starts_on", "ends_on", "version"])
HoursEntrySerializer = _read_only(HoursEntry, [
    "id", "placement", "worked_on", "hours", "task", "status", "decided_by", "decided_at", "rejection_reason",
    "version"], status=serializers.CharField(read_only=True, help_text=_values(HoursStatus)))
ConditionSerializer = _read_only(DiversionCondition, ["id", "text", "starts_on", "ends_on"])
ConsentRecordSerializer = _read_only(ConsentRecord, ["given", "on", "informed_how", "recorded_at"])
SessionSerializer = _read_only(RestorativeSession, ["id", "held_on", "kind", "attendees"],
                               kind=serializers.CharField(read_only=True, help_text=_values(SessionKind)))
AgreementItemSerializer = _read_only(AgreementItem, ["id", "terms", "status", "status_on"],
                                     status=serializers.CharField(read_only=True, help_text=_values(ItemStatus)))


class OrderSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_values(OrderStatus))
    verified_hours = serializers.DecimalField(source="verified", max_digits=8, decimal_places=2, read_only=True)
    percent = serializers.SerializerMethodField()

    class Meta:
        model = CommunityServiceOrder
        fields = ["id", "person", "disposition", "hours_ordered", "verified_hours", "percent", "due_by", "officer",
                  "status", "ended_on", "version"]
        read_only_fields = fields

    def get_percent(self, obj: CommunityServiceOrder) -> int:
        return progress(obj.verified, obj.hours_ordered)


class OrderSerializer(OrderSummarySerializer):
    breach_reason = serializers.CharField(read_only=True)
    placements = serializers.SerializerMethodField()
    hours = serializers.SerializerMethodField()

    class Meta(OrderSummarySerializer.Meta):
        fields = [*OrderSummarySerializer.Meta.fields, "breach_reason", "placements", "hours"]
        read_only_fields = fields

    def get_placements(self, obj: CommunityServiceOrder) -> Any:
        return PlacementSerializer(self.context["contents"].placements, many=True).data

    def get_hours(self, obj: CommunityServiceOrder) -> Any:
        return HoursEntrySerializer(self.context["contents"].entries, many=True).data


class DiversionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_values(DiversionStatus))
    programme_kind = serializers.CharField(read_only=True, help_text=_values(ProgrammeKind))
    conditions = serializers.SerializerMethodField()

    class Meta:
        model = Diversion
        fields = ["id", "person", "case", "provider", "programme_kind", "referred_on", "referred_by", "status",
                  "outcome_on", "outcome_reason", "version", "conditions"]
        read_only_fields = fields

    def get_conditions(self, obj: Diversion) -> Any:
        conditions = self.context.get("conditions")
        return None if conditions is None else ConditionSerializer(conditions, many=True).data


class PartySerializer(serializers.ModelSerializer):
    """Role, label and consent for everyone; name and contacts only with ``with_contacts``."""

    role = serializers.CharField(read_only=True, help_text=_values(PartyRole))
    consent = serializers.CharField(read_only=True, help_text=_values(ConsentState))
    consent_history = serializers.SerializerMethodField()

    class Meta:
        model = RestorativeParty
        fields = ["id", "role", "label", "consent", "consent_history", *PARTY_CONTACT_FIELDS]
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if not self.context.get("with_contacts"):
            for name in PARTY_CONTACT_FIELDS:
                fields.pop(name)
        return fields

    def get_consent_history(self, obj: RestorativeParty) -> Any:
        return ConsentRecordSerializer(getattr(obj, "consent_history", []), many=True).data


class RestorativeSummarySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_values(RestorativeKind))
    status = serializers.CharField(read_only=True, help_text=_values(RestorativeStatus))
    outcome = serializers.CharField(read_only=True, help_text=_values(RestorativeOutcome) +
                                    " (no_agreement is a neutral outcome, never a breach)")

    class Meta:
        model = RestorativeCase
        fields = ["id", "person", "case", "kind", "referred_on", "referred_by", "facilitator", "status", "agreed_on",
                  "outcome", "closed_on", "version"]
        read_only_fields = fields


class RestorativeSerializer(RestorativeSummarySerializer):
    parties = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()

    class Meta(RestorativeSummarySerializer.Meta):
        fields = [*RestorativeSummarySerializer.Meta.fields, "parties", "sessions", "agreement"]
        read_only_fields = fields

    def get_parties(self, obj: RestorativeCase) -> Any:
        contents = self.context["contents"]
        return PartySerializer(contents.parties, many=True, context={"with_contacts": contents.with_contacts}).data

    def get_sessions(self, obj: RestorativeCase) -> Any:
        return SessionSerializer(self.context["contents"].sessions, many=True).data

    def get_agreement(self, obj: RestorativeCase) -> Any:
        return AgreementItemSerializer(self.context["contents"].items, many=True).data


# --- bodies ---------------------------------------------------------------------------------------

class VersionBody(serializers.Serializer):
    version = serializers.IntegerField()


class OrderBody(serializers.Serializer):
    person = serializers.IntegerField()
    disposition = serializers.IntegerField(required=False, allow_null=True)
    hours_ordered = serializers.IntegerField(required=False, allow_null=True)
    due_by = serializers.DateField()
    officer = serializers.IntegerField(required=False, allow_null=True)


class PlacementBody(serializers.Serializer):
    organisation = serializers.IntegerField()
    supervisor_name = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class HoursBody(serializers.Serializer):
    placement = serializers.IntegerField()
    worked_on = serializers.DateField()
    hours = serializers.CharField(help_text="Hours worked that day, e.g. 2.5 (more than 0, at most 24).")
    task = serializers.CharField(allow_blank=True)


class RejectBody(VersionBody):
    reason = serializers.CharField(allow_blank=True)


class CompleteBody(VersionBody):
    completed_on = serializers.DateField(required=False, allow_null=True)


class BreachBody(VersionBody):
    reason = serializers.CharField(allow_blank=True)
    breached_on = serializers.DateField(required=False, allow_null=True)


class DiversionBody(serializers.Serializer):
    person = serializers.IntegerField()
    case = serializers.IntegerField()
    provider = serializers.IntegerField()
    programme_kind = serializers.CharField(help_text=_values(ProgrammeKind))
    referred_on = serializers.DateField(required=False, allow_null=True)


class ConditionBody(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class OutcomeBody(VersionBody):
    outcome = serializers.CharField(help_text="completed, not_completed or withdrawn")
    on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RestorativeBody(serializers.Serializer):
    person = serializers.IntegerField()
    case = serializers.IntegerField()
    kind = serializers.CharField(help_text=_values(RestorativeKind))
    facilitator = serializers.IntegerField(required=False, allow_null=True)
    referred_on = serializers.DateField(required=False, allow_null=True)


class FacilitatorBody(VersionBody):
    facilitator = serializers.IntegerField()


class PartyBody(serializers.Serializer):
    role = serializers.CharField(help_text="victim, supporter or community")
    label = serializers.CharField(allow_blank=True)
    name = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentBody(serializers.Serializer):
    informed_how = serializers.CharField(help_text=_values(InformedHow))
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawBody(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SessionBody(serializers.Serializer):
    held_on = serializers.DateField()
    kind = serializers.CharField(help_text=_values(SessionKind))
    attendees = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AgreementBody(VersionBody):
    terms = serializers.ListField(child=serializers.CharField(allow_blank=True), allow_empty=True)
    agreed_on = serializers.DateField(required=False, allow_null=True)


class ItemBody(serializers.Serializer):
    status = serializers.CharField(help_text="fulfilled or not_fulfilled")
    on = serializers.DateField(required=False, allow_null=True)


class CloseBody(VersionBody):
    outcome = serializers.CharField(help_text=_values(RestorativeOutcome))
    closed_on = serializers.DateField(required=False, allow_null=True)
