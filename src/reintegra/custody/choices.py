"""Facility and unit classifications (reference data, not case data)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityLevel(models.TextChoices):
    OPEN = "open", _("Open")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    MAXIMUM = "maximum", _("Maximum")


class CapacityType(models.TextChoices):
    """What the official capacity counts (UNODC and national statistics use several definitions)."""

    DESIGN = "design", _("Design or certified normal accommodation")
    OPERATIONAL = "operational", _("Operational capacity")
    OTHER = "other", _("Other definition")


class SexCategory(models.TextChoices):
    MALE = "male", _("Men")
    FEMALE = "female", _("Women")
    MIXED = "mixed", _("Mixed")


class AgeCategory(models.TextChoices):
    ADULT = "adult", _("Adults")
    YOUNG_ADULT = "young_adult", _("Young adults")
    JUVENILE = "juvenile", _("Juveniles")
    MIXED = "mixed", _("Mixed ages")
