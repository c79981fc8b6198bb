"""The handover to the community officer and the notifications of the family."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.assessments.models import Assessment
from reintegra.core.models import TimeStampedModel, VersionedModel
from reintegra.people.models import Contact
from reintegra.planning.models import PlanHandover
from reintegra.reentry.choices import Channel, NotificationReason, NotificationStatus
from reintegra.reentry.models.preparation import ReleasePreparation
from reintegra.supervision.models import Appointment

_USER = settings.AUTH_USER_MODEL


class ReleaseHandover(VersionedModel):
    """Who takes the person over in the community, where and when they first meet, and what they
    receive on release (the plan, the latest assessment, the release record); the officer
    acknowledges it."""

    preparation = models.OneToOneField(ReleasePreparation, on_delete=models.PROTECT, related_name="handover")
    community_officer = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="release_handovers",
                                          verbose_name=_("community officer"))
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("first appointment"))
    prepared_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan_handover = models.ForeignKey(PlanHandover, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("case plan handover"))
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("latest completed assessment"))
    sent_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    sent_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("release handover")
        indexes = [models.Index(fields=["community_officer", "acknowledged_at"])]


class FamilyNotification(TimeStampedModel):
    """One notification of the release date to one of the person's contacts: sent, or blocked (no
    consent, a safety restriction) or failed, with the reason. Append-only."""

    preparation = models.ForeignKey(ReleasePreparation, on_delete=models.PROTECT, related_name="notifications")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+", verbose_name=_("contact"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=8, choices=NotificationStatus.choices)
    reason = models.CharField(_("reason"), max_length=24, choices=NotificationReason.choices, blank=True)
    release_on = models.DateField(_("release date told"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("family notification")
