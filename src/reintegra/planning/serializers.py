"""API representations of case plans, and the bodies of the plan writes.

Codes with fixed vocabularies (status, agreement, owner kind, review reason) are plain strings
here, validated by the services (their values are in the help texts), as in the assessments API.
Every write to an existing plan, goal or action carries the ``version`` it started from.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rest_framework import serializers

from reintegra.planning.choices import (
    ActionStatus, Agreement, GoalStatus, OwnerKind, PlanStatus, ReviewReason, VersionEvent,
)
from reintegra.planning.dosage import Dosage
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanHandover, PlanReview, PlanVersion
from reintegra.planning.snapshot import Comparison


def _values(choices: Any) -> str:
    return ", ".join(choices.values)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


class PlanActionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_values(ActionStatus))
    owner_kind = serializers.CharField(read_only=True, help_text=_values(OwnerKind))
    owner_name = serializers.SerializerMethodField()
    programme_name = serializers.SerializerMethodField()
    enrolment_status = serializers.SerializerMethodField()

    class Meta:
        model = PlanAction
        fields = ["id", "goal", "description", "owner_kind", "owner_user", "owner_organisation", "owner_name",
                  "due_on", "status", "completed_on", "programme", "programme_name", "enrolment",
                  "enrolment_status", "planned_hours", "version", "voided_at", "void_reason"]
        read_only_fields = fields

    def get_owner_name(self, obj: PlanAction) -> str:
        if obj.owner_kind == OwnerKind.STAFF:
            return _name(obj.owner_user)
        if obj.owner_kind == OwnerKind.PARTNER and obj.owner_organisation is not None:
            return obj.owner_organisation.name
        return str(OwnerKind.PERSON.label)

    def get_programme_name(self, obj: PlanAction) -> str:
        return obj.programme.name if obj.programme_id else ""

    def get_enrolment_status(self, obj: PlanAction) -> str:
        return obj.enrolment.status if obj.enrolment_id else ""


class PlanGoalSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_values(GoalStatus))
    actions = serializers.SerializerMethodField()

    class Meta:
        model = PlanGoal
        fields = ["id", "need", "need_rank", "title", "own_words", "strengths", "status", "version", "voided_at",
                  "void_reason", "actions"]
        read_only_fields = fields

    def get_actions(self, obj: PlanGoal) -> list[dict[str, Any]]:
        return PlanActionSerializer(getattr(obj, "plan_actions", []), many=True).data


class PlanDosageWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="intensive_for_low_risk, over_guidance, under_guidance or no_band")
    message = serializers.CharField(help_text="In the active language.")


class PlanDosageSerializer(serializers.Serializer):
    band = serializers.CharField()
    planned_hours = serializers.IntegerField()
    min_hours = serializers.IntegerField(allow_null=True)
    max_hours = serializers.IntegerField(allow_null=True)
    max_intensity = serializers.CharField(allow_null=True)
    warnings = PlanDosageWarningSerializer(many=True)

    def to_representation(self, instance: Dosage) -> dict[str, Any]:
        guidance = instance.guidance
        return {
            "band": instance.band, "planned_hours": instance.planned_hours,
            "min_hours": guidance.min_hours if guidance else None,
            "max_hours": guidance.max_hours if guidance else None,
            "max_intensity": guidance.max_intensity if guidance else None,
            "warnings": [{"code": w.code, "message": str(w.message)} for w in instance.warnings],
        }


class PlanSummarySerializer(serializers.ModelSerializer):
    """A plan in a list: who, its status and the next review, no content."""

    status = serializers.CharField(read_only=True, help_text=_values(PlanStatus))
    agreement = serializers.CharField(read_only=True, help_text=_values(Agreement))
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    responsible_officer_name = serializers.SerializerMethodField()

    class Meta:
        model = CasePlan
        fields = ["id", "person", "person_name", "status", "band", "responsible_officer",
                  "responsible_officer_name", "responsible_organisation", "agreement", "submitted_at",
                  "countersigned_at", "next_review_on", "current_version", "version"]
        read_only_fields = fields

    def get_responsible_officer_name(self, obj: CasePlan) -> str:
        return _name(obj.responsible_officer)


class PlanSerializer(PlanSummarySerializer):
    """A plan with its goals (each with its actions) and the dosage against the guidance. Built from
    ``selectors.plan_contents`` (pass it as the ``contents`` context)."""

    goals = serializers.SerializerMethodField()
    dosage = serializers.SerializerMethodField()

    class Meta(PlanSummarySerializer.Meta):
        fields = [*PlanSummarySerializer.Meta.fields, "assessment", "agreement_words", "agreement_recorded_on",
                  "submitted_by", "countersigned_by", "countersign_note", "closed_at", "close_reason", "created_at",
                  "goals", "dosage"]
        read_only_fields = fields

    def get_goals(self, obj: CasePlan) -> list[dict[str, Any]]:
        return PlanGoalSerializer(self.context["contents"].goals, many=True).data

    def get_dosage(self, obj: CasePlan) -> dict[str, Any]:
        return PlanDosageSerializer(self.context["contents"].dosage).data


class PlanVersionSerializer(serializers.ModelSerializer):
    event = serializers.CharField(read_only=True, help_text=_values(VersionEvent))
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = ["number", "event", "note", "created_at", "created_by", "created_by_name"]
        read_only_fields = fields

    def get_created_by_name(self, obj: PlanVersion) -> str:
        return _name(obj.created_by)


class PlanVersionDetailSerializer(PlanVersionSerializer):
    class Meta(PlanVersionSerializer.Meta):
        fields = [*PlanVersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class PlanComparisonSerializer(serializers.Serializer):
    """What changed from version ``a`` to version ``b`` (field changes as ``{field, before, after}``)."""

    a = serializers.IntegerField()
    b = serializers.IntegerField()
    unchanged = serializers.BooleanField()
    plan = serializers.ListField(child=serializers.DictField())
    goals_added = serializers.ListField(child=serializers.DictField())
    goals_removed = serializers.ListField(child=serializers.DictField())
    goals_changed = serializers.ListField(child=serializers.DictField())
    actions_added = serializers.ListField(child=serializers.DictField())
    actions_removed = serializers.ListField(child=serializers.DictField())
    actions_changed = serializers.ListField(child=serializers.DictField())
    dosage = serializers.ListField(child=serializers.DictField())

    def to_representation(self, instance: tuple[int, int, Comparison]) -> dict[str, Any]:
        a, b, comparison = instance
        return {"a": a, "b": b, "unchanged": comparison.unchanged, **asdict(comparison)}


class PlanReviewSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(read_only=True, help_text=_values(ReviewReason))

    class Meta:
        model = PlanReview
        fields = ["id", "reason", "event_note", "reviewed_on", "reviewed_by", "summary", "next_review_on",
                  "version_number"]
        read_only_fields = fields


class PlanHandoverSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanHandover
        fields = ["id", "plan", "from_officer", "to_officer", "to_organisation", "reason", "handed_over_at",
                  "handed_over_by", "acknowledged_at", "version_number"]
        read_only_fields = fields


class PlanHistorySerializer(serializers.Serializer):
    reviews = PlanReviewSerializer(many=True)
    handovers = PlanHandoverSerializer(many=True)


class PlanReviewDueSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    person = serializers.IntegerField(source="plan.person_id")
    person_name = serializers.CharField(source="plan.person.__str__")
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    reason = serializers.CharField(help_text="scheduled, or the review reason of the event: " + _values(ReviewReason))
    event_kind = serializers.CharField(help_text="The timeline kind that made the review due ('' when scheduled).")


class PlanSuggestionSerializer(serializers.Serializer):
    programme_id = serializers.IntegerField()
    programme_name = serializers.CharField()
    venue_name = serializers.CharField()
    need = serializers.CharField()
    score = serializers.FloatField()
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    problems = serializers.ListField(child=serializers.DictField(), help_text="Eligibility rules failed: {rule, message}.")
    adaptations = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    places_free = serializers.IntegerField()
    waiting = serializers.IntegerField()
    next_start = serializers.DateField(allow_null=True)
    cohort_id = serializers.IntegerField(allow_null=True)
    distance_km = serializers.FloatField(allow_null=True)
    hours = serializers.IntegerField()
    intensity = serializers.CharField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = asdict(instance)
        data["problems"] = [{"rule": p.rule, "message": str(p.message)} for p in instance.problems]
        data["reasons"] = [str(r) for r in instance.reasons]
        data["adaptations"] = [str(a) for a in instance.adaptations]
        data["warnings"] = [str(w) for w in instance.warnings]
        return super().to_representation(data)


class PlanNeedSuggestionsSerializer(serializers.Serializer):
    need = serializers.CharField()
    rank = serializers.IntegerField()
    label = serializers.CharField()
    ineligible = serializers.IntegerField(help_text="Programmes for this need the person may not join.")
    suggestions = PlanSuggestionSerializer(many=True)


# --- request bodies ----------------------------------------------------------------------------

class PlanCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField()


class PlanVersionBodySerializer(serializers.Serializer):
    version = serializers.IntegerField()


class PlanVoidSerializer(PlanVersionBodySerializer):
    reason = serializers.CharField(allow_blank=True)


class PlanGoalAddSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=300)
    own_words = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    need = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)


class PlanGoalUpdateSerializer(PlanVersionBodySerializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    own_words = serializers.CharField(required=False, allow_blank=True)
    strengths = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False, help_text=_values(GoalStatus))


class PlanActionFieldsSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, max_length=300)
    owner_kind = serializers.CharField(allow_blank=True, help_text=_values(OwnerKind))
    owner_user = serializers.IntegerField(required=False, allow_null=True, default=None,
                                          help_text="The member of staff, when owner_kind is staff.")
    owner_organisation = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                  help_text="The partner organisation, when owner_kind is partner.")
    due_on = serializers.DateField(allow_null=True)
    programme = serializers.IntegerField(required=False, allow_null=True, default=None)
    planned_hours = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                             help_text="Defaults to the programme's hours.")


class PlanActionAddSerializer(PlanActionFieldsSerializer):
    goal = serializers.IntegerField()


class PlanActionUpdateSerializer(PlanVersionBodySerializer):
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    owner_kind = serializers.CharField(required=False, allow_blank=True, help_text=_values(OwnerKind))
    owner_user = serializers.IntegerField(required=False, allow_null=True)
    owner_organisation = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(required=False, help_text=_values(ActionStatus))
    completed_on = serializers.DateField(required=False, allow_null=True)
    programme = serializers.IntegerField(required=False, allow_null=True)
    planned_hours = serializers.IntegerField(required=False, min_value=0)


class PlanEnrolSerializer(PlanVersionBodySerializer):
    cohort = serializers.IntegerField(help_text="A cohort of the action's programme.")


class PlanAgreementSerializer(PlanVersionBodySerializer):
    agreement = serializers.CharField(help_text=_values(Agreement) + " (not pending)")
    words = serializers.CharField(required=False, allow_blank=True, default="")


class PlanSubmitSerializer(PlanVersionBodySerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanCountersignSerializer(PlanVersionBodySerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanReviewBodySerializer(PlanVersionBodySerializer):
    reason = serializers.CharField(help_text=_values(ReviewReason))
    summary = serializers.CharField(allow_blank=True)
    event_note = serializers.CharField(required=False, allow_blank=True, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanHandoverBodySerializer(PlanVersionBodySerializer):
    to_officer = serializers.IntegerField()
    to_organisation = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(allow_blank=True)


class PlanCloseSerializer(PlanVersionBodySerializer):
    reason = serializers.CharField(allow_blank=True)
