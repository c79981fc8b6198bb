"""Community service orders: hours ordered, placements with partner organisations, hours worked
and verified by the responsible officer, completion or breach."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.community.choices import HoursStatus, OrderStatus
from reintegra.core.models import VersionedModel, VoidableModel
from reintegra.justice.models import Disposition
from reintegra.people.models import Person

_USER = settings.AUTH_USER_MODEL


class CommunityServiceOrder(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="community_service_orders",
                               verbose_name=_("person"))
    disposition = models.ForeignKey(
        Disposition, null=True, blank=True, on_delete=models.PROTECT, related_name="community_service_orders",
        verbose_name=_("sentence"), help_text=_("The court's community service order, when it is recorded."))
    hours_ordered = models.PositiveIntegerField(_("hours ordered"))
    due_by = models.DateField(_("to be completed by"))
    officer = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="community_service_orders",
                                verbose_name=_("responsible officer"))
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.ACTIVE)
    ended_on = models.DateField(_("completed or breached on"), null=True, blank=True)
    ended_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    breach_reason = models.TextField(_("reason for the breach"), blank=True)

    class Meta:
        ordering = ["due_by", "id"]
        verbose_name = _("community service order")
        verbose_name_plural = _("community service orders")
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["officer", "status"])]
        constraints = [models.CheckConstraint(condition=Q(hours_ordered__gt=0), name="cso_hours_ordered_positive")]

    def __str__(self) -> str:
        return f"Community service order #{self.pk}"


class Placement(VersionedModel, VoidableModel):
    """Where the person works their hours: a partner organisation, with the supervisor there."""

    order = models.ForeignKey(CommunityServiceOrder, on_delete=models.PROTECT, related_name="placements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="community_placements",
                                     verbose_name=_("partner organisation"))
    supervisor_name = models.CharField(_("supervisor at the placement"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("placement")
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                              name="placement_ends_after_start")]

    def __str__(self) -> str:
        return f"Placement #{self.pk}"


class HoursEntry(VersionedModel, VoidableModel):
    """Hours worked on one day at a placement; they count once the officer verifies them."""

    order = models.ForeignKey(CommunityServiceOrder, on_delete=models.PROTECT, related_name="hours_entries")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="hours_entries",
                                  verbose_name=_("placement"))
    worked_on = models.DateField(_("date worked"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    task = models.CharField(_("task"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=HoursStatus.choices, default=HoursStatus.PENDING)
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("verified or rejected by"))
    decided_at = models.DateTimeField(_("verified or rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        ordering = ["-worked_on", "-id"]
        verbose_name = _("hours worked")
        verbose_name_plural = _("hours worked")
        indexes = [models.Index(fields=["order", "status"])]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=Decimal("0")) & Q(hours__lte=Decimal("24")),
                                              name="hours_entry_hours_in_day")]
