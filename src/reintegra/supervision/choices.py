"""Choices of community supervision (volunteer choices live with their models)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionLevel(models.TextChoices):
    """How intensively a person is supervised, from most to least (contact standards are per level)."""

    INTENSIVE = "intensive", _("Intensive")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ConditionKind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    ADDITIONAL = "additional", _("Additional")


class ContactType(models.TextChoices):
    OFFICE = "office", _("Office visit")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    VOLUNTEER_MEETING = "volunteer_meeting", _("Volunteer meeting")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed without reason")
    EXCUSED = "excused", _("Missed with an acceptable reason")


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class EventKind(models.TextChoices):
    """Compliance events (non-compliance) and positive events."""

    MISSED_APPOINTMENT = "missed_appointment", _("Missed appointment")
    POSITIVE_DRUG_TEST = "positive_drug_test", _("Positive drug test")
    NEW_ARREST = "new_arrest", _("New arrest")
    CONDITION_BREACH = "condition_breach", _("Condition breach")
    JOB_FOUND = "job_found", _("Job found")
    PROGRAMME_COMPLETED = "programme_completed", _("Programme completed")
    NEGATIVE_DRUG_TEST = "negative_drug_test", _("Negative drug test")
    HOUSING_SECURED = "housing_secured", _("Stable housing secured")
    SUSTAINED_COMPLIANCE = "sustained_compliance", _("Sustained compliance")


POSITIVE_EVENTS = frozenset({
    EventKind.JOB_FOUND, EventKind.PROGRAMME_COMPLETED, EventKind.NEGATIVE_DRUG_TEST,
    EventKind.HOUSING_SECURED, EventKind.SUSTAINED_COMPLIANCE,
})


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")


class ResponseKind(models.TextChoices):
    """Responses the graduated-response matrix may propose: incentives first, then sanctions by weight."""

    PRAISE = "praise", _("Verbal praise")
    CERTIFICATE = "certificate", _("Certificate or letter of recognition")
    REDUCED_REPORTING = "reduced_reporting", _("Reduced reporting")
    EARLY_DISCHARGE_REVIEW = "early_discharge_review", _("Review for early discharge")
    VERBAL_WARNING = "verbal_warning", _("Verbal warning")
    WRITTEN_WARNING = "written_warning", _("Written warning")
    PROBLEM_SOLVING = "problem_solving", _("Problem-solving session")
    INCREASED_REPORTING = "increased_reporting", _("Increased reporting")
    TREATMENT_REFERRAL = "treatment_referral", _("Referral to treatment")
    CURFEW = "curfew", _("Curfew")
    FORMAL_BREACH = "formal_breach", _("Formal breach warning")
    RECALL_REVIEW = "recall_review", _("Refer for a recall or revocation decision")
    NO_ACTION = "no_action", _("No further action")


class RecallKind(models.TextChoices):
    RECALL = "recall", _("Recall to custody")
    REVOCATION = "revocation", _("Revocation of the order")


class RecallOutcome(models.TextChoices):
    RECALLED = "recalled", _("Recalled or revoked")
    CONTINUED = "continued", _("Supervision continues")


class EligibilityOutcome(models.TextChoices):
    ACT = "act", _("Act on it")
    DEFER = "defer", _("Defer")
    DECLINE = "decline", _("Decline")
