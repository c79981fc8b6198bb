"""API representations of release preparation, and the bodies of its writes. Coded fields are
plain strings validated by the services (their values are in the help texts); every write to an
existing row carries the ``version`` it started from (409 when stale)."""
from __future__ import annotations

from typing import Any

from rest_framework import serializers

from reintegra.reentry.choices import (
    ActionStatus, ChecklistState, EvidenceKind, OwnerKind, PathwayStatus, PreparationStatus,
)
from reintegra.reentry.models import (
    ChecklistItem, FamilyNotification, PathwayAction, PathwayEvidence, PathwayRecord, ReleaseHandover,
    ReleasePreparation,
)


def _values(choices: Any) -> str:
    return ", ".join(choices.values)


class ReleaseActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PathwayAction
        fields = ["id", "pathway", "description", "owner_kind", "owner_user", "owner_organisation", "due_on",
                  "status", "version"]
        read_only_fields = fields


class ReleaseEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PathwayEvidence
        fields = ["id", "pathway", "kind", "description", "seen_on", "recorded_by", "version"]
        read_only_fields = fields


class ReleasePathwaySerializer(serializers.ModelSerializer):
    actions = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = PathwayRecord
        fields = ["id", "pathway", "status", "needs", "version", "actions", "evidence"]
        read_only_fields = fields

    def get_actions(self, obj: PathwayRecord) -> list[dict[str, Any]]:
        return ReleaseActionSerializer(getattr(obj, "live_actions", []), many=True).data

    def get_evidence(self, obj: PathwayRecord) -> list[dict[str, Any]]:
        return ReleaseEvidenceSerializer(getattr(obj, "live_evidence", []), many=True).data


class ReleaseChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "item", "state", "decided_at", "decided_by", "waiver_reason", "version"]
        read_only_fields = fields


class ReleaseHandoverSerializer(serializers.ModelSerializer):
    appointment_at = serializers.DateTimeField(source="appointment.scheduled_for", read_only=True, default=None)

    class Meta:
        model = ReleaseHandover
        fields = ["id", "community_officer", "office", "appointment", "appointment_at", "plan_handover",
                  "assessment", "sent_at", "acknowledged_at", "acknowledged_by", "version"]
        read_only_fields = fields


class ReleaseNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = FamilyNotification
        fields = ["id", "contact", "channel", "status", "reason", "release_on", "sent_at", "created_at"]
        read_only_fields = fields


class PreparationSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_values(PreparationStatus))

    class Meta:
        model = ReleasePreparation
        fields = ["id", "person", "episode", "responsible_officer", "status", "released_on", "release_type",
                  "supervision_period", "version"]
        read_only_fields = fields


class PreparationSerializer(PreparationSummarySerializer):
    pathways = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    handover = serializers.SerializerMethodField()
    notifications = serializers.SerializerMethodField()

    class Meta(PreparationSummarySerializer.Meta):
        fields = [*PreparationSummarySerializer.Meta.fields, "pathways", "checklist", "handover", "notifications"]
        read_only_fields = fields

    def get_pathways(self, obj: ReleasePreparation) -> list[dict[str, Any]]:
        return ReleasePathwaySerializer(self.context["contents"].pathways, many=True).data

    def get_checklist(self, obj: ReleasePreparation) -> list[dict[str, Any]]:
        return ReleaseChecklistItemSerializer(self.context["contents"].checklist, many=True).data

    def get_handover(self, obj: ReleasePreparation) -> dict[str, Any] | None:
        handover = self.context["contents"].handover
        return ReleaseHandoverSerializer(handover).data if handover is not None else None

    def get_notifications(self, obj: ReleasePreparation) -> list[dict[str, Any]]:
        return ReleaseNotificationSerializer(self.context["contents"].notifications, many=True).data


class ReleaseCountdownRowSerializer(serializers.Serializer):
    preparation = PreparationSummarySerializer()
    person_name = serializers.CharField(source="preparation.person.full_name")
    earliest = serializers.DateField()
    earliest_kind = serializers.CharField()
    days_left = serializers.IntegerField()
    point = serializers.IntegerField(allow_null=True, help_text="The nearest countdown point passed, in weeks.")
    open_items = serializers.ListField(child=serializers.CharField())
    open_pathways = serializers.ListField(child=serializers.CharField())


class ReleasePendingHandoverSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="preparation.person_id")
    released_on = serializers.DateField(source="preparation.released_on")

    class Meta:
        model = ReleaseHandover
        fields = ["id", "preparation", "person", "released_on", "office", "appointment", "sent_at"]
        read_only_fields = fields


# --- bodies ---------------------------------------------------------------------------------------

class ReleasePathwayBodySerializer(serializers.Serializer):
    status = serializers.CharField(help_text=_values(PathwayStatus))
    needs = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1)


class ReleaseActionAddSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner_kind = serializers.CharField(help_text=_values(OwnerKind))
    owner_user = serializers.IntegerField(required=False, allow_null=True, default=None)
    owner_organisation = serializers.IntegerField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()


class ReleaseActionUpdateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300, required=False)
    owner_kind = serializers.CharField(required=False, help_text=_values(OwnerKind))
    owner_user = serializers.IntegerField(required=False, allow_null=True)
    owner_organisation = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
    status = serializers.CharField(required=False, help_text=_values(ActionStatus))
    version = serializers.IntegerField(min_value=1)


class ReleaseEvidenceAddSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_values(EvidenceKind))
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    seen_on = serializers.DateField()


class ReleaseChecklistBodySerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["complete", "waive"],
                                       help_text=f"complete or waive (states: {_values(ChecklistState)})")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Required to waive: why the item is not needed.")
    version = serializers.IntegerField(min_value=1)
