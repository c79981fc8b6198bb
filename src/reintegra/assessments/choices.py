"""Assessment statuses and their allowed transitions, occasions, override states and reassessment events."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")
    SUPERSEDED = "superseded", _("Superseded by a correction")


# A draft is completed once; a completed assessment is locked and only a correction (a new
# assessment linked to it) supersedes it. Abandoned drafts are voided, never deleted.
ASSESSMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AssessmentStatus.DRAFT: frozenset({AssessmentStatus.COMPLETED}),
    AssessmentStatus.COMPLETED: frozenset({AssessmentStatus.SUPERSEDED}),
    AssessmentStatus.SUPERSEDED: frozenset(),
}


class Occasion(models.TextChoices):
    """Why the assessment is done now."""

    PRE_SENTENCE = "pre_sentence", _("Pre-sentence report")
    ADMISSION = "admission", _("Admission")
    SCHEDULED = "scheduled", _("Scheduled reassessment")
    RELEASE = "release", _("Release")
    BREACH = "breach", _("Breach of conditions")
    PROGRAMME_COMPLETION = "programme_completion", _("Programme completion")
    CORRECTION = "correction", _("Correction of an earlier assessment")
    OTHER = "other", _("Other")


class OverrideStatus(models.TextChoices):
    NONE = "none", _("No override")
    PENDING = "pending", _("Override awaiting countersignature")
    COUNTERSIGNED = "countersigned", _("Override countersigned")
    REFUSED = "refused", _("Override refused by the supervisor")


class TriggerEvent(models.TextChoices):
    """Events after which a person is due a reassessment."""

    ADMISSION = "admission", _("Admission to custody")
    RELEASE = "release", _("Release from custody")
    BREACH = "breach", _("Breach of conditions")
    PROGRAMME_COMPLETION = "programme_completion", _("Programme completion")


class Band(models.TextChoices):
    """The band vocabulary every primary scale uses (an instrument may use a subset, in this order)."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


BAND_ORDER: tuple[str, ...] = tuple(band.value for band in Band)
