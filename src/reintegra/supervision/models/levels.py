"""The supervision level of a period (derived from the assessment band, with an override and its
reason) and the period's legal conditions. ``justice.SupervisionPeriod`` holds the period itself."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.assessments.models import Assessment
from reintegra.core.models import TimeStampedModel, VoidableModel
from reintegra.justice.models import SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision.choices import ConditionKind, SupervisionLevel


class LevelDecision(TimeStampedModel):
    """One decision on a period's level. The current one has ``superseded_at`` empty; earlier ones
    stay as the history. ``derived_level`` is what the band gave; a different ``level`` is an
    override and needs ``override_reason``."""

    period = models.ForeignKey(SupervisionPeriod, on_delete=models.PROTECT, related_name="level_decisions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_levels")
    level = models.CharField(_("supervision level"), max_length=16, choices=SupervisionLevel.choices)
    derived_level = models.CharField(_("level from the assessment"), max_length=16,
                                     choices=SupervisionLevel.choices, blank=True)
    band = models.CharField(_("assessment band"), max_length=16, blank=True)
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    override_reason = models.TextField(_("reason for the override"), blank=True)
    effective_on = models.DateField(_("from"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("supervision level decision")
        constraints = [
            models.UniqueConstraint(fields=["period"], condition=models.Q(superseded_at__isnull=True),
                                    name="supervision_level_one_current"),
            models.CheckConstraint(
                condition=models.Q(derived_level="") | models.Q(level=models.F("derived_level"))
                | ~models.Q(override_reason=""),
                name="supervision_level_override_reason",
            ),
        ]


class Condition(TimeStampedModel, VoidableModel):
    """A legal condition of a period: standard (every order carries it) or additional (set for
    this person), in force from ``starts_on`` until ``ends_on`` (inclusive; open while empty)."""

    period = models.ForeignKey(SupervisionPeriod, on_delete=models.PROTECT, related_name="conditions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_conditions")
    kind = models.CharField(_("kind"), max_length=16, choices=ConditionKind.choices)
    code = models.CharField(_("condition"), max_length=40, blank=True,
                            help_text=_("A condition from the jurisdiction's list, or empty for free text."))
    text = models.TextField(_("wording"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "starts_on", "id"]
        verbose_name = _("supervision condition")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="supervision_condition_end_after_start",
            ),
        ]
