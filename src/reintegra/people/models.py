"""The person at the centre of the record: identity, names, identifiers, flags, contacts, timeline."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.people.choices import (
    AliasKind, FlagCategory, IdentifierKind, LiteracyLevel, Relationship, Sex,
)


class Person(VersionedModel, VoidableModel):
    """A person known to the justice system. Never deleted: voided, or merged into another record."""

    given_name = models.CharField(_("given name"), max_length=120)
    family_name = models.CharField(_("family name"), max_length=120)
    # Accent- and case-folded "given family" (core.text.fold), kept in step by the services; indexed for search.
    search_name = models.CharField(max_length=250, db_index=True, editable=False)
    # Folded "family given", kept in step by the services: lists sort by it so "Álvarez" comes before "Zamora".
    sort_name = models.CharField(max_length=250, db_index=True, editable=False, default="")
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(_("gender identity"), max_length=60, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, help_text=_("ISO 3166 country code"))
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes, main language first"))
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    literacy_level = models.CharField(
        _("literacy level"), max_length=16, choices=LiteracyLevel.choices, default=LiteracyLevel.UNKNOWN
    )
    dependent_children = models.PositiveSmallIntegerField(_("dependent children"), default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        editable=False, verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["family_name", "given_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PersonAlias(TimeStampedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="aliases")
    kind = models.CharField(_("kind"), max_length=16, choices=AliasKind.choices, default=AliasKind.ALIAS)
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    search_name = models.CharField(max_length=250, db_index=True, editable=False)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Identifier(TimeStampedModel, VoidableModel):
    """An official number for the person. A value is unique within its kind among non-voided identifiers."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=16, choices=IdentifierKind.choices)
    value = models.CharField(_("value"), max_length=64)
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("identifier")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"], condition=Q(voided_at__isnull=True), name="identifier_unique_per_kind"
            )
        ]
        indexes = [models.Index(fields=["value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class PersonFlag(TimeStampedModel, VoidableModel):
    """A disability or health flag. Need-to-know: only users the policy allows may see these."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flags")
    category = models.CharField(_("category"), max_length=32, choices=FlagCategory.choices)
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("health or disability flag")


class Contact(TimeStampedModel, VoidableModel):
    """A significant other: who they are, whether they may be notified, and any safety restriction."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    may_be_notified = models.BooleanField(
        _("may be notified"), default=False,
        help_text=_("The person consents to this contact being told of key events such as release."),
    )
    safety_restriction = models.BooleanField(
        _("safety restriction"), default=False,
        help_text=_("For example a domestic-violence order: no contact and no notification."),
    )
    restriction_details = models.TextField(_("restriction details"), blank=True)
    # Where the contact lives, so allocation can weigh the distance to family (custody.allocation).
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Where the contact lives (decimal degrees), used to keep people near their family."),
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("contact")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="people_contact_coordinates_both_or_neither",
            ),
        ]


class TimelineEvent(models.Model):
    """Something that happened to the person, recorded by whichever app made it happen.

    ``kind`` names an entry in ``people.timeline`` (each app registers its kinds and how to word
    them), so this app never imports the apps that write events.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="timeline_events")
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True)
    source_app = models.CharField(max_length=32)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "-occurred_on", "-id"])]
        verbose_name = _("timeline event")


class NameToken(models.Model):
    """One folded word of a person's name or alias, so search can use an indexed prefix match.

    Kept in step by the services (``people.services.names``); rows with ``alias`` null come from the
    person's own name, the others from that alias. Searching "jos gar" finds everyone who has a word
    starting "jos" and a word starting "gar" without scanning the person table.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    alias = models.ForeignKey(PersonAlias, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("name token")
        indexes = [
            # PostgreSQL gets a pattern_ops operator class so ``LIKE 'jos%'`` uses the index under any
            # collation; other back-ends ignore opclasses and use a range scan on the same index.
            models.Index(
                fields=["token", "person"], name="people_token_prefix",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(fields=["person", "alias"], name="people_token_owner"),
        ]

    def __str__(self) -> str:
        return self.token


from reintegra.people.access_models import PersonRegistration, PersonRestriction, RestrictionAccess  # noqa: E402,F401
