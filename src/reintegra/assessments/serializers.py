"""API representations of instruments and assessments.

Two views of an assessment: ``AssessmentSerializer`` (answers, the explained result, the override
and correction trail) for users with ``assessment.view`` and the person's full record, and
``AssessmentSummarySerializer`` (the band, its date and the need labels) for summary-level viewers
such as volunteers. ``assessment_data`` picks the one the selector's ``visibility`` allows, so a
summary viewer never receives an answer.

Codes with fixed vocabularies (status, occasion, band) are plain strings here, validated by the
services, so the schema has no clashing enum names across apps; their values are in the help texts.
"""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from reintegra.assessments.choices import AssessmentStatus, Band, Occasion, OverrideStatus, TriggerEvent
from reintegra.assessments.instruments import Instrument, tr, with_item_texts
from reintegra.assessments.models import Assessment
from reintegra.assessments.selectors import FULL, assessment_summary_of
from reintegra.assessments.services.versions import instrument_for


def _values(choices: Any) -> str:
    return ", ".join(choices.values)


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.CharField()
    kind = serializers.CharField(help_text="needs, screener, responsivity or actuarial")
    title = serializers.CharField(help_text="In the active language.")
    description = serializers.CharField(help_text="In the active language.")

    def to_representation(self, instance: Instrument) -> dict[str, Any]:
        return {"code": instance.code, "version": instance.version, "kind": instance.kind,
                "title": tr(instance.title), "description": tr(instance.description)}


class InstrumentDetailSerializer(InstrumentSerializer):
    definition = serializers.JSONField(help_text="The definition file as parsed (format reintegra.instrument/1).")

    def to_representation(self, instance: Instrument) -> dict[str, Any]:
        return {**super().to_representation(instance), "definition": instance.definition}


class AssessmentSerializer(serializers.ModelSerializer):
    visibility = serializers.SerializerMethodField()
    instrument = serializers.CharField(source="instrument.code", read_only=True)
    instrument_version = serializers.CharField(source="instrument.version", read_only=True)
    instrument_title = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=_values(AssessmentStatus))
    occasion = serializers.CharField(read_only=True, help_text=_values(Occasion))
    computed_band = serializers.CharField(read_only=True, help_text=_values(Band))
    final_band = serializers.CharField(read_only=True, help_text="The band in force: the computed band, "
                                       "or a countersigned override.")
    override_band = serializers.CharField(read_only=True)
    override_status = serializers.CharField(read_only=True, help_text=_values(OverrideStatus))
    answers = serializers.JSONField(read_only=True, help_text="Item code -> answer.")
    result = serializers.JSONField(read_only=True, help_text="The stored, explained result of the engine "
                                   "(each item's contribution with its English text and answer label).")

    class Meta:
        model = Assessment
        fields = [
            "id", "visibility", "person", "instrument", "instrument_version", "instrument_title", "status",
            "occasion", "organisation", "assessor", "started_at", "completed_at", "completed_by", "answers",
            "result", "total", "computed_band", "final_band", "override_band", "override_reason", "override_by",
            "override_at", "override_status", "countersigned_by", "countersigned_at", "countersign_note",
            "supersedes", "correction_reason", "next_due", "voided_at", "void_reason", "version",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Assessment) -> dict[str, Any]:
        data = super().to_representation(instance)
        if data.get("result"):
            # Stored results keep item contributions by code; the wording comes from the definition.
            data["result"] = with_item_texts(data["result"], instrument_for(instance.instrument))
        return data

    def get_visibility(self, obj: Assessment) -> str:
        return FULL

    def get_instrument_title(self, obj: Assessment) -> str:
        return tr(obj.instrument.title)


class AssessmentSummarySerializer(serializers.Serializer):
    """The latest band, its date and the ranked need labels: all a summary-level viewer gets."""

    id = serializers.IntegerField(source="assessment_id")
    visibility = serializers.CharField(help_text="Always 'summary' here.")
    person = serializers.IntegerField(source="person_id")
    instrument_title = serializers.CharField(source="instrument")
    band = serializers.CharField()
    band_label = serializers.CharField()
    completed_on = serializers.DateField()
    needs = serializers.ListField(child=serializers.CharField(), help_text="Need labels, highest first.")


ASSESSMENT_VIEW = PolymorphicProxySerializer(
    component_name="AssessmentView", serializers=[AssessmentSerializer, AssessmentSummarySerializer],
    resource_type_field_name=None, many=False,
)


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The representation the user's visibility allows (``assessment.visibility`` set by the
    selectors; full when absent, e.g. right after a write by someone with full access)."""
    if getattr(assessment, "visibility", FULL) == FULL:
        return dict(AssessmentSerializer(assessment).data)
    return dict(AssessmentSummarySerializer(assessment_summary_of(assessment)).data)


class AssessmentStartSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    instrument = serializers.CharField(max_length=64,
                                       help_text="An instrument code (see /api/assessments/instruments/).")
    occasion = serializers.CharField(max_length=24, help_text=_values(Occasion) + " (not correction)")


class AssessmentAnswersSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.JSONField(allow_null=True), allow_empty=False,
                                    help_text="Item code -> answer; null or \"\" clears an answer.")


class AssessmentVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class AssessmentOverrideSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    band = serializers.CharField(max_length=24, help_text=_values(Band))
    reason = serializers.CharField(allow_blank=True)


class AssessmentCountersignSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentCorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class AssessmentVoidSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class ReassessmentTriggerSerializer(serializers.Serializer):
    """An event after which the person is due a reassessment (e.g. a breach recorded elsewhere)."""

    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id")
    event = serializers.ChoiceField(choices=TriggerEvent.choices)
    occurred_on = serializers.DateField()
    source = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class ReassessmentDueSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.__str__")
    instrument = serializers.CharField(source="instrument_code")
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    reason = serializers.CharField()
    kind = serializers.CharField(help_text="scheduled, event or initial")
    last_completed_at = serializers.DateTimeField(allow_null=True)
    last_assessment = serializers.IntegerField(source="last_assessment_id", allow_null=True)


class ReassessmentDuePageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    results = ReassessmentDueSerializer(many=True)
