"""Volunteer probation officers assigned to the people they support (the rest of community
supervision comes later)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import TimeStampedModel
from reintegra.people.models import Person


class AssignmentEnd(models.TextChoices):
    COMPLETED = "completed", _("Support completed")
    SUPERVISION_ENDED = "supervision_ended", _("Supervision ended")
    VOLUNTEER_LEFT = "volunteer_left", _("Volunteer no longer available")
    REASSIGNED = "reassigned", _("Reassigned to another volunteer")
    OTHER = "other", _("Other")


class VolunteerAssignment(TimeStampedModel):
    """A volunteer supports a person from ``starts_on`` until ``ended_on`` (exclusive; open while
    empty). While it is open the volunteer sees the person at the volunteer level (a summary)."""

    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="volunteer_assignments", verbose_name=_("volunteer"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteer_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=24, choices=AssignmentEnd.choices, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("volunteer assignment")
        indexes = [models.Index(fields=["volunteer", "ended_on"], name="supervision_vol_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("starts_on")),
                name="volunteer_assignment_end_after_start",
            ),
            models.UniqueConstraint(fields=["volunteer", "person"], condition=models.Q(ended_on__isnull=True),
                                    name="volunteer_assignment_one_open"),
        ]
