"""Volunteer probation officers: their profiles and training, the people they are assigned to
support, and the notes of their meetings, which the professional officer reviews."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import TimeStampedModel, VoidableModel
from reintegra.people.models import Person


class AssignmentEnd(models.TextChoices):
    COMPLETED = "completed", _("Support completed")
    SUPERVISION_ENDED = "supervision_ended", _("Supervision ended")
    VOLUNTEER_LEFT = "volunteer_left", _("Volunteer no longer available")
    REASSIGNED = "reassigned", _("Reassigned to another volunteer")
    OTHER = "other", _("Other")


class VolunteerGender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Another gender")


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


class VolunteerProfile(TimeStampedModel):
    """Who a volunteer is for matching: the office that oversees them, the area they live in or
    cover, the languages they speak, their gender (people may ask for a volunteer of a given
    gender) and how many people they can support at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer_profile")
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="volunteer_profiles",
                               verbose_name=_("overseeing office"))
    area = models.CharField(_("area"), max_length=120, help_text=_("The neighbourhood or town the volunteer covers."))
    languages = models.JSONField(_("languages"), default=list, blank=True,
                                 help_text=_("Language codes, for example es, en, ar."))
    gender = models.CharField(_("gender"), max_length=16, choices=VolunteerGender.choices, blank=True)
    max_people = models.PositiveSmallIntegerField(_("people at once"), default=3)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("volunteer profile")


class VolunteerTraining(TimeStampedModel, VoidableModel):
    """A training course a volunteer completed (and when it must be refreshed)."""

    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer_trainings")
    course = models.CharField(_("course"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("volunteer training")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("completed_on")),
                name="volunteer_training_expiry_after_completion",
            ),
        ]


class VolunteerMeeting(TimeStampedModel, VoidableModel):
    """A volunteer's note of a meeting with the person they support. The professional officer
    reviews it (oversight); a concern flags it for prompt attention."""

    assignment = models.ForeignKey(VolunteerAssignment, on_delete=models.PROTECT, related_name="meetings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteer_meetings")
    met_on = models.DateField(_("met on"))
    note = models.TextField(_("note"))
    concern = models.BooleanField(_("raise a concern"), default=False,
                                  help_text=_("Tick when the officer should look at this soon."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("officer's note"), blank=True)

    class Meta:
        ordering = ["-met_on", "-id"]
        verbose_name = _("volunteer meeting")
        indexes = [models.Index(fields=["assignment", "met_on"], name="supervision_meeting_assign")]
