"""API representations of the justice record. Input serializers only parse; services validate."""
from __future__ import annotations

from rest_framework import serializers

from reintegra.accounts.policy import Action, allowed
from reintegra.justice.choices import (
    CaseStatus, ChargeOutcome, CustodyKind, DispositionKind, PersonStatus, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod


class OffenceSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    iccs_section = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = OffenceCategory
        fields = ["id", "code", "name", "display_name", "is_national", "iccs_section", "active"]


SEXUAL_OFFENCE_SECTION = "03"  # ICCS section 03: injurious acts of a sexual nature


class ChargeSerializer(serializers.ModelSerializer):
    offence_code = serializers.CharField(source="offence.code", read_only=True)
    outcome = serializers.ChoiceField(choices=ChargeOutcome.choices, read_only=True)
    description = serializers.SerializerMethodField()
    details_withheld = serializers.SerializerMethodField()

    class Meta:
        model = Charge
        fields = ["id", "case", "offence", "offence_code", "offence_date", "description", "details_withheld",
                  "outcome", "outcome_date", "version"]
        read_only_fields = fields

    def get_details_withheld(self, charge: Charge) -> bool:
        """Sexual-offence details are need-to-know: without ``need.sexual_offence`` the charge's
        section shows, its description does not."""
        section = charge.offence.iccs_section or charge.offence
        if section.code != SEXUAL_OFFENCE_SECTION:
            return False
        request = self.context.get("request")
        return not allowed(getattr(request, "user", None), Action.NEED_SEXUAL_OFFENCE)

    def get_description(self, charge: Charge) -> str:
        return "" if self.get_details_withheld(charge) else charge.description


class DispositionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DispositionKind.choices, read_only=True)
    class Meta:
        model = Disposition
        fields = ["id", "case", "person", "kind", "decided_on", "starts_on", "term_days", "fine_amount", "hours",
                  "notes", "version"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)
    charges = ChargeSerializer(many=True, read_only=True)
    dispositions = DispositionSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "person", "reference", "court", "opened_on", "closed_on", "status", "version", "charges",
                  "dispositions"]
        read_only_fields = fields


class CustodyEpisodeSerializer(serializers.ModelSerializer):
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    kind = serializers.ChoiceField(choices=CustodyKind.choices, read_only=True)
    release_type = serializers.ChoiceField(choices=ReleaseType.choices, read_only=True, allow_blank=True)

    class Meta:
        model = CustodyEpisode
        fields = ["id", "person", "facility", "facility_name", "kind", "disposition", "case", "admitted_on",
                  "released_on", "release_type", "version"]
        read_only_fields = fields


class SupervisionPeriodSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office.name", read_only=True)
    kind = serializers.ChoiceField(choices=SupervisionKind.choices, read_only=True)
    end_reason = serializers.ChoiceField(choices=SupervisionEnd.choices, read_only=True, allow_blank=True)

    class Meta:
        model = SupervisionPeriod
        fields = ["id", "person", "kind", "office", "office_name", "officer", "disposition", "starts_on",
                  "expected_end_on", "ended_on", "end_reason", "version"]
        read_only_fields = fields


# --- input ----------------------------------------------------------------------------------------

class CaseOpenSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    reference = serializers.CharField(max_length=64)
    opened_on = serializers.DateField()
    court = serializers.IntegerField(required=False, allow_null=True)


class ChargeAddSerializer(serializers.Serializer):
    offence = serializers.IntegerField()
    offence_date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ChargeOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ChargeOutcome.choices)
    outcome_date = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1)


class DispositionRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DispositionKind.choices)
    decided_on = serializers.DateField()
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    term_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    fine_amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True,
                                           default=None)
    hours = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CustodyAdmitSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    facility = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CustodyKind.choices)
    admitted_on = serializers.DateField()
    disposition = serializers.IntegerField(required=False, allow_null=True, default=None)
    case = serializers.IntegerField(required=False, allow_null=True, default=None)


class CustodyReleaseSerializer(serializers.Serializer):
    released_on = serializers.DateField()
    release_type = serializers.ChoiceField(choices=ReleaseType.choices)
    version = serializers.IntegerField(min_value=1)


class CustodyTransferSerializer(serializers.Serializer):
    to_facility = serializers.IntegerField()
    transferred_on = serializers.DateField()
    version = serializers.IntegerField(min_value=1)


class SupervisionStartSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SupervisionKind.choices)
    office = serializers.IntegerField()
    starts_on = serializers.DateField()
    officer = serializers.IntegerField(required=False, allow_null=True, default=None)
    disposition = serializers.IntegerField(required=False, allow_null=True, default=None)
    expected_end_on = serializers.DateField(required=False, allow_null=True, default=None)


class SupervisionEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=SupervisionEnd.choices)
    version = serializers.IntegerField(min_value=1)


class KeyDatesSerializer(serializers.Serializer):
    rules = serializers.CharField()
    rules_name = serializers.CharField()
    on = serializers.DateField()
    sentence_start = serializers.DateField()
    term_days = serializers.IntegerField()
    remand_days = serializers.IntegerField()
    remand_days_credited = serializers.IntegerField()
    parole_eligibility = serializers.DateField(allow_null=True)
    conditional_release = serializers.DateField()
    sentence_end = serializers.DateField()
    days_left = serializers.IntegerField()
    days_to_sentence_end = serializers.IntegerField()


class PersonStatusSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PersonStatus.choices)
    status_label = serializers.CharField()
    key_dates = KeyDatesSerializer(allow_null=True)
