"""Data-sharing agreements, retention rules and the register of pseudonymised records.

Consent is kept with referrals in ``partners`` (the access policy needs it at that layer); see
docs/decisions/0004-consent-lives-with-referrals.md.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import VersionedModel
from reintegra.partners.choices import Purpose
from reintegra.people.models import Person


class DataSharingAgreement(VersionedModel):
    """An agreement between the organisation holding the record and a partner: for one purpose,
    the partner may see the listed fields (never more than the person's consent covers)."""

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider organisation")
    )
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sharing_agreements",
        verbose_name=_("partner organisation"),
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    fields = models.JSONField(_("fields the partner may see"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=200, help_text=_("Signatories, with their roles."))
    document_reference = models.CharField(_("document reference"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("data-sharing agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_reference} ({self.partner})"


class RetentionRule(VersionedModel):
    """Pseudonymise people whose last episode ended more than ``years`` ago and who have nothing open."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    years_after_last_episode = models.PositiveSmallIntegerField(_("years after the last episode ended"))
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("legal basis and notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("retention rule")

    def __str__(self) -> str:
        return self.name


class Pseudonymisation(models.Model):
    """That a person's record was pseudonymised, when, by whom and under which rule (irreversible)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="pseudonymisation")
    rule = models.ForeignKey(RetentionRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pseudonymisation")
