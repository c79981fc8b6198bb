"""Case-plan statuses, owners, review reasons and version events (reference data, not case data)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting countersignature")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", pgettext_lazy("case plan status", "Closed")


# A person has at most one plan in these statuses (the constraint on CasePlan says so too).
OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.ACTIVE)


class Agreement(models.TextChoices):
    PENDING = "pending", _("Not yet discussed")
    AGREED = "agreed", _("Agrees with the plan")
    PARTLY = "partly", _("Agrees with part of the plan")
    DISAGREED = "disagreed", _("Disagrees with the plan")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OwnerKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    PARTNER = "partner", _("Partner organisation")
    PERSON = "person", _("The person")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ReviewReason(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled review")
    ASSESSMENT = "assessment", _("New assessment")
    ADMISSION = "admission", _("Admission or transfer")
    RELEASE = "release", _("Release")
    PROGRAMME = "programme", _("Programme completed or dropped")
    BREACH = "breach", _("Breach or new offence")
    REQUEST = "request", _("Requested by the person")
    OTHER = "other", _("Other event")


class VersionEvent(models.TextChoices):
    """Why a numbered version of a plan was kept."""

    SUBMITTED = "submitted", _("Submitted for countersignature")
    COUNTERSIGNED = "countersigned", _("Countersigned")
    RETURNED = "returned", _("Returned for changes")
    AGREEMENT = "agreement", _("Person's agreement recorded")
    REVIEWED = "reviewed", _("Reviewed")
    HANDED_OVER = "handed_over", _("Handed over")
    CLOSED = "closed", pgettext_lazy("case plan event", "Closed")
