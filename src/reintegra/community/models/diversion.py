"""Diversion and treatment as an alternative to conviction (for example for drug use disorders):
the referral from a case to a provider, its conditions and its outcome."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.community.choices import DiversionStatus, ProgrammeKind
from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.justice.models import Case
from reintegra.people.models import Person

_USER = settings.AUTH_USER_MODEL


class Diversion(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="diversions", verbose_name=_("person"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="diversions", verbose_name=_("case"))
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="diversions",
                                 verbose_name=_("provider"))
    programme_kind = models.CharField(_("kind of programme"), max_length=24, choices=ProgrammeKind.choices)
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="diversions_referred",
                                    verbose_name=_("referred by"))
    status = models.CharField(_("status"), max_length=16, choices=DiversionStatus.choices,
                              default=DiversionStatus.ACTIVE)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    outcome_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("diversion")
        verbose_name_plural = _("diversions")
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["referred_by", "status"])]

    def __str__(self) -> str:
        return f"Diversion #{self.pk}"


class DiversionCondition(TimeStampedModel, VoidableModel):
    diversion = models.ForeignKey(Diversion, on_delete=models.PROTECT, related_name="conditions")
    text = models.CharField(_("condition"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("diversion condition")
