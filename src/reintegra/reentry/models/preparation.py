"""The release-preparation record of one sentence stay, its resettlement pathways (status, needs,
actions with owners and due dates, evidence) and the pre-release checklist.

A record is opened when a person is admitted under sentence (``justice.hooks``) and keyed to the
person and the sentenced custody episode it started with: a transfer starts a new episode but the
record stays the same (the current episode is looked up: the person's open sentenced stay). Rows
that staff edit are versioned (``core.versioning``) and voided, never deleted.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import VersionedModel, VoidableModel
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people.models import Person
from reintegra.reentry.choices import (
    ActionStatus, ChecklistItemKind, ChecklistState, EvidenceKind, OwnerKind, Pathway, PathwayStatus,
    PreparationStatus,
)

_USER = settings.AUTH_USER_MODEL


class ReleasePreparation(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="release_preparations",
                               verbose_name=_("person"))
    episode = models.ForeignKey(CustodyEpisode, on_delete=models.PROTECT, related_name="release_preparations",
                                verbose_name=_("sentenced stay it started with"))
    responsible_officer = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="release_preparations",
        verbose_name=_("responsible prison staff"))
    status = models.CharField(_("status"), max_length=16, choices=PreparationStatus.choices,
                              default=PreparationStatus.PREPARING)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_type = models.CharField(_("release type"), max_length=24, blank=True)
    released_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    supervision_period = models.ForeignKey(SupervisionPeriod, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("supervision period on release"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("release preparation")
        verbose_name_plural = _("release preparations")
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["status", "responsible_officer"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "episode"], name="reentry_one_record_per_stay"),
            models.UniqueConstraint(
                fields=["person"], condition=Q(status=PreparationStatus.PREPARING, voided_at__isnull=True),
                name="reentry_one_open_record_per_person"),
        ]

    def __str__(self) -> str:
        return f"Release preparation #{self.pk}"


class PathwayRecord(VersionedModel):
    """One resettlement pathway of a record: its status and the needs found (in plain words)."""

    preparation = models.ForeignKey(ReleasePreparation, on_delete=models.PROTECT, related_name="pathways")
    pathway = models.CharField(_("pathway"), max_length=24, choices=Pathway.choices)
    status = models.CharField(_("status"), max_length=20, choices=PathwayStatus.choices,
                              default=PathwayStatus.NOT_ASSESSED)
    needs = models.TextField(_("needs"), blank=True)

    class Meta:
        ordering = ["preparation_id", "id"]
        verbose_name = _("resettlement pathway")
        constraints = [models.UniqueConstraint(fields=["preparation", "pathway"], name="reentry_pathway_once")]

    def __str__(self) -> str:
        return str(self.get_pathway_display())


class PathwayAction(VersionedModel, VoidableModel):
    """A step on a pathway with its owner (staff, a partner organisation or the person) and due date."""

    pathway = models.ForeignKey(PathwayRecord, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner_kind = models.CharField(_("owner"), max_length=16, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("staff member"))
    owner_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("partner organisation"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("pathway action")
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind=OwnerKind.PERSON)
                           | Q(owner_kind=OwnerKind.STAFF, owner_user__isnull=False)
                           | Q(owner_kind=OwnerKind.PARTNER, owner_organisation__isnull=False)),
                name="reentry_action_has_owner"),
        ]

    def __str__(self) -> str:
        return self.description


class PathwayEvidence(VersionedModel, VoidableModel):
    """Something seen or confirmed on a pathway, e.g. an address confirmed or an ID document seen."""

    pathway = models.ForeignKey(PathwayRecord, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=24, choices=EvidenceKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    seen_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-seen_on", "-id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")


class ChecklistItem(VersionedModel):
    """One item of the pre-release checklist: open, complete, or waived with a reason (who, when)."""

    preparation = models.ForeignKey(ReleasePreparation, on_delete=models.PROTECT, related_name="checklist")
    item = models.CharField(_("item"), max_length=24, choices=ChecklistItemKind.choices)
    state = models.CharField(_("state"), max_length=12, choices=ChecklistState.choices, default=ChecklistState.OPEN)
    decided_at = models.DateTimeField(_("completed or waived at"), null=True, blank=True)
    decided_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)

    class Meta:
        ordering = ["preparation_id", "id"]
        verbose_name = _("checklist item")
        constraints = [
            models.UniqueConstraint(fields=["preparation", "item"], name="reentry_checklist_item_once"),
            models.CheckConstraint(condition=~Q(state=ChecklistState.WAIVED) | ~Q(waiver_reason=""),
                                   name="reentry_waiver_has_reason"),
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())
