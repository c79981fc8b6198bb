"""Staff decisions on eligibility flags (the rules themselves are configuration, not rows)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import TimeStampedModel
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision.choices import EligibilityOutcome


class EligibilityReview(TimeStampedModel):
    """What staff did with a flag: act, defer (until a date) or decline, with the reason, and the
    rule's reasons as they stood when decided. A flag about someone supervised names the period;
    one about someone in custody (parole or conditional release) names the custody episode."""

    period = models.ForeignKey(SupervisionPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="eligibility_reviews")
    episode = models.ForeignKey(CustodyEpisode, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="eligibility_reviews")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="eligibility_reviews")
    rule = models.CharField(_("rule"), max_length=64)
    reasons = models.JSONField(_("why the rule flagged the person"), default=list, blank=True)
    outcome = models.CharField(_("decision"), max_length=12, choices=EligibilityOutcome.choices)
    reason = models.TextField(_("reason"))
    defer_until = models.DateField(_("defer until"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("eligibility review")
        indexes = [
            models.Index(fields=["period", "rule"], name="supervision_elig_period_rule"),
            models.Index(fields=["episode", "rule"], name="supervision_elig_episode_rule"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period__isnull=False) | models.Q(episode__isnull=False),
                name="supervision_elig_period_or_episode",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="defer") | models.Q(defer_until__isnull=False),
                name="supervision_elig_defer_has_date",
            ),
        ]
