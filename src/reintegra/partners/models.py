"""Referrals to partner organisations, and the person's consent to share data with them.

Consent lives here, not in ``privacy``, because partner access needs it at this layer: the access
policy's "referred to my organisation with live consent" relationship is built from this app's
selectors, and ``privacy`` sits above every domain app (docs/decisions/0004-consent-lives-with-referrals.md).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import VersionedModel
from reintegra.partners.choices import Purpose, ReferralStatus
from reintegra.people.models import Person


class Referral(VersionedModel):
    """A person referred to a partner organisation for a purpose. Never deleted: declined or closed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner organisation")
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("referred by"),
    )
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"Referral #{self.pk}"


class Consent(VersionedModel):
    """The person's consent to share parts of their record with one organisation for one purpose.

    Withdrawal keeps the row (history is never lost) and ends the consent at once.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consents", verbose_name=_("shared with")
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    fields = models.JSONField(_("what may be shared"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("How consent was given, e.g. a signed form's reference."))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("consent")
        indexes = [models.Index(fields=["organisation", "person"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="consent_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"Consent #{self.pk}"
