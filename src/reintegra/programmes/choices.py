"""Programme types, needs and bands (as this app's own codes), enrolment statuses and transitions.

The need and band codes are the needs instrument's (docs/assessments.md). They are repeated here
as plain choices because ``assessments`` sits in the same layer and may not be imported; the
planning layer above reads a person's band from an assessment and passes it in.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeType(models.TextChoices):
    COGNITIVE_BEHAVIOURAL = "cognitive_behavioural", _("Cognitive-behavioural")
    SUBSTANCE_USE = "substance_use", _("Substance use treatment")
    EDUCATION = "education", _("Education")
    VOCATIONAL = "vocational", _("Vocational training")
    WORK = "work", _("Work")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FAMILY = "family", _("Family and parenting")
    LIFE_SKILLS = "life_skills", _("Life skills")
    RESTORATIVE = "restorative", _("Restorative")
    FAITH_CULTURAL = "faith_cultural", _("Faith or cultural")
    SPORT_LEISURE = "sport_leisure", _("Sport and leisure")


class Need(models.TextChoices):
    """Criminogenic need domains (the needs instrument's domain codes)."""

    ATTITUDES = "attitudes", _("Pro-criminal attitudes")
    ASSOCIATES = "associates", _("Pro-criminal associates")
    PERSONALITY = "personality", _("Antisocial personality pattern")
    FAMILY = "family", _("Family and marital")
    SCHOOL_WORK = "school_work", _("School and work")
    LEISURE = "leisure", _("Leisure and recreation")
    SUBSTANCE = "substance", _("Substance abuse")
    CRIMINAL_HISTORY = "criminal_history", _("Criminal history")


class Band(models.TextChoices):
    """Risk bands, lowest first (the order is used for waiting-list priority)."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


BAND_RANK: dict[str, int] = {code: rank for rank, code in enumerate(Band.values)}


class Intensity(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class EducationLevel(models.TextChoices):
    LITERACY = "literacy", _("Literacy and numeracy")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    TERTIARY = "tertiary", _("Tertiary")


class SexEligibility(models.TextChoices):
    ANY = "any", _("Any")
    FEMALE = "F", _("Women only")
    MALE = "M", _("Men only")


class Literacy(models.TextChoices):
    """Minimum literacy a programme needs, on the people app's scale (lowest first)."""

    NONE = "none", _("No minimum")
    BASIC = "basic", _("Basic")
    FUNCTIONAL = "functional", _("Functional")
    FULL = "full", _("Fully literate")


LITERACY_RANK: dict[str, int] = {code: rank for rank, code in enumerate(Literacy.values)}


class DeliverySetting(models.TextChoices):
    FACILITY = "facility", _("Custodial facility")
    COMMUNITY = "community", _("Community office")
    PARTNER = "partner", _("Partner organisation")


class Accreditation(models.TextChoices):
    ACCREDITED = "accredited", _("Accredited")
    PENDING = "pending", _("Accreditation pending")
    NOT_ACCREDITED = "not_accredited", _("Not accredited")


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", pgettext_lazy("enrolment status", "Completed")
    DROPPED = "dropped", _("Dropped out")


ENROLMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    EnrolmentStatus.WAITING: frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.DROPPED}),
    EnrolmentStatus.ENROLLED: frozenset({EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED}),
    EnrolmentStatus.COMPLETED: frozenset(),
    EnrolmentStatus.DROPPED: frozenset(),
}

# A person holds at most one of these per cohort (a dropped or completed one may be followed by a new request).
OPEN_ENROLMENT_STATUSES = (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED)
