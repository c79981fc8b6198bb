from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    INTERSEX = "X", _("Intersex / other")
    UNKNOWN = "U", _("Not recorded")


class LiteracyLevel(models.TextChoices):
    NONE = "none", _("Cannot read or write")
    BASIC = "basic", _("Basic")
    FUNCTIONAL = "functional", _("Functional")
    FULL = "full", _("Fully literate")
    UNKNOWN = "unknown", _("Not assessed")


class IdentifierKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID")
    PRISON_NUMBER = "prison_number", _("Prison number")
    PROBATION_REFERENCE = "probation_ref", _("Probation reference")
    COURT_REFERENCE = "court_ref", _("Court reference")
    PASSPORT = "passport", _("Passport")


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("Alias")
    BIRTH_NAME = "birth_name", _("Birth name")
    SPELLING = "spelling", _("Other spelling")
    NICKNAME = "nickname", _("Nickname")


class FlagCategory(models.TextChoices):
    """Need-to-know categories: shown only to users with explicit permission (see the access policy)."""

    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    DISABILITY = "disability", _("Disability")
    LEARNING_DISABILITY = "learning_disability", _("Learning disability")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    PREGNANCY = "pregnancy", _("Pregnancy")


class Relationship(models.TextChoices):
    PARTNER = "partner", _("Partner or spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    OTHER_FAMILY = "other_family", _("Other family")
    FRIEND = "friend", _("Friend")
    VICTIM = "victim", _("Victim")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "other", _("Other")
