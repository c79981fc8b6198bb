"""Assessments: the exact instrument version used, the answers, the stored result and its lifecycle.

Instruments themselves are definition files (``instruments/``); ``InstrumentVersion`` keeps a copy
of each version used, so an assessment's result can always be explained from the definition it was
scored with, even after the file changes. A completed assessment is locked: a correction is a new
assessment that ``supersedes`` it, with the reason. The computed band is kept beside the final band;
a professional override needs a reason and a supervisor's countersignature before it becomes final.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.assessments.choices import AssessmentStatus, Band, Occasion, OverrideStatus, TriggerEvent
from reintegra.core.models import VersionedModel, VoidableModel
from reintegra.people.models import Person


class InstrumentVersion(models.Model):
    """One version of an instrument definition, stored the first time it is used."""

    code = models.CharField(_("instrument"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    kind = models.CharField(_("kind"), max_length=24)
    title = models.JSONField(_("title"), default=dict)
    sha256 = models.CharField(_("content hash"), max_length=64)
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("first used at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-created_at"]
        verbose_name = _("instrument version")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class Assessment(VersionedModel, VoidableModel):
    """One administration of an instrument to one person."""

    # Only the person and instrument links are looked up; the person by the composite index below
    # (its leftmost column), so no foreign key here carries an index of its own except the instrument
    # and the correction link. Every index costs each insert (synthetic runs write 250,000 rows).
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments", db_index=False)
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("instrument"),
    )
    status = models.CharField(_("status"), max_length=16, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    occasion = models.CharField(_("occasion"), max_length=24, choices=Occasion.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False,
        verbose_name=_("organisation"),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False,
        verbose_name=_("assessor"),
    )
    started_at = models.DateTimeField(_("started at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False,
        verbose_name=_("completed by"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    total = models.FloatField(_("score"), null=True, blank=True)
    computed_band = models.CharField(_("computed band"), max_length=24, blank=True)
    final_band = models.CharField(_("final band"), max_length=24, blank=True)
    override_band = models.CharField(_("override band"), max_length=24, blank=True, choices=Band.choices)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False,
        verbose_name=_("override proposed by"),
    )
    override_at = models.DateTimeField(_("override proposed at"), null=True, blank=True)
    override_status = models.CharField(_("override"), max_length=16, choices=OverrideStatus.choices,
                                       default=OverrideStatus.NONE)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False,
        verbose_name=_("countersigned by"),
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    countersign_note = models.TextField(_("supervisor's note"), blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    next_due = models.DateField(_("reassessment due"), null=True, blank=True)
    voided_by = models.ForeignKey(  # as in VoidableModel, without an index (voiding is rare)
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        editable=False, db_index=False,
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("assessment")
        indexes = [
            models.Index(fields=["person", "status", "completed_at"], name="assessment_person_status"),
            models.Index(fields=["status", "next_due"], name="assessment_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AssessmentStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="assessment_completed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(override_status=OverrideStatus.NONE) | ~Q(override_reason=""),
                name="assessment_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment #{self.pk}"

    @property
    def is_locked(self) -> bool:
        return self.status != AssessmentStatus.DRAFT or self.is_voided


class ReassessmentTrigger(models.Model):
    """An event after which the person is due a reassessment (recorded by the app that saw it)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reassessment_triggers")
    event = models.CharField(_("event"), max_length=24, choices=TriggerEvent.choices)
    occurred_on = models.DateField(_("occurred on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("source"), max_length=120, blank=True,
                              help_text=_("What recorded the event, e.g. a supervision contact or a programme."))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("reassessment trigger")
        indexes = [models.Index(fields=["person", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.event} {self.occurred_on}"
