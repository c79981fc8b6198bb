"""Restorative justice cases: referral, the facilitator, the parties with their voluntary informed
consent (withdrawable at any time, every change kept), sessions, the agreement and its fulfilment.

Contact details of the parties (other than the person responsible, whose record holds their own)
are for the facilitator of the case only; everyone else sees each party's role and label. They are
never written to the audit log or the change history (these rows are not versioned)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.community.choices import (
    ConsentState, InformedHow, ItemStatus, PartyRole, RestorativeKind, RestorativeOutcome, RestorativeStatus,
    SessionKind,
)
from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.justice.models import Case
from reintegra.people.models import Person

_USER = settings.AUTH_USER_MODEL


class RestorativeCase(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="restorative_cases",
                               verbose_name=_("person responsible"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restorative_cases", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=RestorativeKind.choices)
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="restorative_referrals",
                                    verbose_name=_("referred by"))
    facilitator = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="restorative_cases", verbose_name=_("facilitator"))
    status = models.CharField(_("status"), max_length=16, choices=RestorativeStatus.choices,
                              default=RestorativeStatus.OPEN)
    agreed_on = models.DateField(_("agreement reached on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=RestorativeOutcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("restorative justice case")
        verbose_name_plural = _("restorative justice cases")
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["facilitator", "status"])]

    def __str__(self) -> str:
        return f"Restorative justice case #{self.pk}"


class RestorativeParty(TimeStampedModel, VoidableModel):
    rj_case = models.ForeignKey(RestorativeCase, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text=_("Only for the person responsible."))
    label = models.CharField(_("label"), max_length=60,
                             help_text=_("What others see, e.g. “Victim 1”: nothing that identifies the party."))
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    consent = models.CharField(_("consent"), max_length=16, choices=ConsentState.choices, default=ConsentState.NONE)

    class Meta:
        ordering = ["rj_case_id", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [models.UniqueConstraint(fields=["rj_case", "label"], condition=Q(voided_at__isnull=True),
                                               name="restorative_party_unique_label")]

    def __str__(self) -> str:
        return self.label


class ConsentRecord(models.Model):
    """One giving or withdrawal of consent (append-only: the history of a party's consent)."""

    party = models.ForeignKey(RestorativeParty, on_delete=models.PROTECT, related_name="consents")
    given = models.BooleanField(_("consent given"), help_text=_("False: consent withdrawn."))
    on = models.DateField(_("date"))
    informed_how = models.CharField(_("how the party was informed"), max_length=16, choices=InformedHow.choices,
                                    blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["party_id", "recorded_at", "id"]
        verbose_name = _("consent record")


class RestorativeSession(TimeStampedModel, VoidableModel):
    rj_case = models.ForeignKey(RestorativeCase, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    attendees = models.ManyToManyField(RestorativeParty, related_name="sessions", verbose_name=_("attendees"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("session")


class AgreementItem(TimeStampedModel, VoidableModel):
    """One term of the agreement the parties reached, and whether it was fulfilled."""

    rj_case = models.ForeignKey(RestorativeCase, on_delete=models.PROTECT, related_name="agreement_items")
    terms = models.CharField(_("term"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    status_on = models.DateField(_("status recorded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["rj_case_id", "id"]
        verbose_name = _("agreement term")
