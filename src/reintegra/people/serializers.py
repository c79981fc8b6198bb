"""API representations of person records. Input serializers only parse; services validate."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reintegra.people import timeline
from reintegra.people.choices import AliasKind, IdentifierKind, LiteracyLevel, Relationship, Sex
from reintegra.people.models import Contact, Identifier, Person, PersonAlias, PersonFlag, TimelineEvent

# Left out of the API's person below the full record (the person page hides the same).
FULL_RECORD_FIELDS = ("gender_identity", "literacy_level", "dependent_children", "void_reason", "contacts", "flags")
STATUS_CHOICES = [("active", "active"), ("voided", "voided"), ("merged", "merged")]


def person_status(person: Person) -> str:
    if person.merged_into_id is not None:
        return "merged"
    return "voided" if person.voided_at is not None else "active"


class IdentifierSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)

    class Meta:
        model = Identifier
        fields = ["id", "kind", "value", "issued_by", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[Any] = []  # uniqueness is checked by the service, with a clear message


class AliasSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        model = PersonAlias
        fields = ["id", "kind", "given_name", "family_name", "created_at"]
        read_only_fields = ["id", "created_at"]


class ContactSerializer(serializers.ModelSerializer):
    relationship = serializers.ChoiceField(choices=Relationship.choices)

    class Meta:
        model = Contact
        fields = ["id", "name", "relationship", "phone", "email", "address", "may_be_notified",
                  "safety_restriction", "restriction_details", "latitude", "longitude", "created_at"]
        read_only_fields = ["id", "created_at"]


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonFlag
        fields = ["id", "category", "description", "created_at"]
        read_only_fields = fields


class PersonListSerializer(serializers.ModelSerializer):
    # A plain string here (the full record declares the enum) so the schema has one status enum.
    status = serializers.SerializerMethodField(help_text="active, voided or merged")
    identifiers = IdentifierSerializer(many=True, source="active_identifiers", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "given_name", "family_name", "date_of_birth", "sex", "status", "identifiers"]
        read_only_fields = fields

    def get_status(self, person: Person) -> str:
        return person_status(person)


class PersonSerializer(serializers.ModelSerializer):
    """A person with identifiers, aliases, contacts and (for staff allowed to see them) health flags."""

    status = serializers.SerializerMethodField()
    identifiers = IdentifierSerializer(many=True, source="active_identifiers", read_only=True)
    aliases = AliasSerializer(many=True, source="active_aliases", read_only=True)
    contacts = ContactSerializer(many=True, source="active_contacts", read_only=True)
    flags = FlagSerializer(many=True, source="active_flags", read_only=True)
    timeline_url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id", "version", "status", "given_name", "family_name", "date_of_birth", "sex", "gender_identity",
            "nationality", "languages", "needs_interpreter", "literacy_level", "dependent_children",
            "merged_into", "voided_at", "void_reason", "identifiers", "aliases", "contacts", "flags",
            "timeline_url", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=STATUS_CHOICES))
    def get_status(self, person: Person) -> str:
        return person_status(person)

    def to_representation(self, person: Person) -> dict[str, Any]:
        """Below the full record (``person.access``, set by ``selectors.person_get``) the summary
        only: identity, status and identifiers; no contacts, health flags or personal details."""
        data = super().to_representation(person)
        access = getattr(person, "access", None)
        if access is None or not access.full:
            for name in FULL_RECORD_FIELDS:
                data.pop(name, None)
        return data

    def get_timeline_url(self, person: Person) -> str:
        return reverse("people-api:person-timeline", kwargs={"pk": person.pk})


class PersonCreateSerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=120)
    family_name = serializers.CharField(max_length=120)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False, default=list)
    needs_interpreter = serializers.BooleanField(default=False)
    literacy_level = serializers.ChoiceField(choices=LiteracyLevel.choices, default=LiteracyLevel.UNKNOWN)
    dependent_children = serializers.IntegerField(min_value=0, default=0)
    identifiers = IdentifierSerializer(many=True, required=False, default=list)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data["identifiers"] = [
            (item["kind"], item["value"], item.get("issued_by", "")) for item in data.get("identifiers", [])
        ]
        return data


class PersonUpdateSerializer(serializers.Serializer):
    """A partial update: the ``version`` the client started from, a reason, and the changed fields."""

    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    given_name = serializers.CharField(max_length=120, required=False)
    family_name = serializers.CharField(max_length=120, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    gender_identity = serializers.CharField(max_length=60, required=False, allow_blank=True)
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    needs_interpreter = serializers.BooleanField(required=False)
    literacy_level = serializers.ChoiceField(choices=LiteracyLevel.choices, required=False)
    dependent_children = serializers.IntegerField(min_value=0, required=False)


class VoidSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500)


class TimelineEventSerializer(serializers.ModelSerializer):
    description = serializers.SerializerMethodField()

    class Meta:
        model = TimelineEvent
        fields = ["id", "occurred_on", "kind", "description", "source_app", "object_type", "object_id"]
        read_only_fields = fields

    def get_description(self, event: TimelineEvent) -> str:
        return timeline.describe(event)
