"""Case plans: built with the person from their latest assessment, countersigned, reviewed, handed
over from custody to the community, every version kept.

A person has one open plan at a time (draft, awaiting countersignature or active); it follows them
across custody and community, changing hands (``PlanHandover``) rather than starting again. Goals
and actions are live rows edited through the services (``core.versioning`` keeps each edit); each
submission, countersignature, agreement, review and handover also freezes the whole plan as a
numbered ``PlanVersion`` so any two versions can be compared. Nothing is deleted: plans and goals
and actions are voided or closed.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.assessments.models import Assessment
from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.people.models import Person
from reintegra.planning.choices import (
    OPEN_PLAN_STATUSES, ActionStatus, Agreement, GoalStatus, OwnerKind, PlanStatus, ReviewReason, VersionEvent,
)
from reintegra.programmes.models import Enrolment, Programme

_USER = settings.AUTH_USER_MODEL


class CasePlan(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_plans", verbose_name=_("person"))
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="case_plans",
        verbose_name=_("assessment it is built on"),
    )
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    band = models.CharField(_("risk band"), max_length=16, blank=True,
                            help_text=_("The band of the assessment the plan was last built or reviewed on."))
    responsible_officer = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="case_plans_responsible",
        verbose_name=_("responsible officer"),
    )
    responsible_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="case_plans",
        verbose_name=_("responsible organisation"),
    )
    agreement = models.CharField(_("the person's agreement"), max_length=16, choices=Agreement.choices,
                                 default=Agreement.PENDING)
    agreement_words = models.TextField(_("in the person's words"), blank=True)
    agreement_recorded_on = models.DateField(_("agreement recorded on"), null=True, blank=True)
    agreement_recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    countersigned_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    countersign_note = models.TextField(_("countersignature note"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    current_version = models.PositiveIntegerField(_("latest kept version"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["status", "next_review_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status__in=list(OPEN_PLAN_STATUSES), voided_at__isnull=True),
                name="case_plan_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Case plan #{self.pk}"


class PlanGoal(VersionedModel, VoidableModel):
    """One goal: usually a criminogenic need from the assessment, in staff's and the person's words."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="goals")
    need = models.CharField(_("criminogenic need"), max_length=32, blank=True,
                            help_text=_("The assessment domain the goal addresses; empty for a goal of the person's own."))
    need_rank = models.PositiveSmallIntegerField(_("need rank"), null=True, blank=True)
    title = models.CharField(_("goal"), max_length=300)
    own_words = models.TextField(_("in the person's own words"), blank=True)
    strengths = models.TextField(_("strengths to build on"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        ordering = ["plan_id", models.F("need_rank").asc(nulls_last=True), "id"]
        verbose_name = _("goal")

    def __str__(self) -> str:
        return self.title


class PlanAction(VersionedModel, VoidableModel):
    """A step towards a goal, with its owner, due date and status; often a programme place."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="actions")
    goal = models.ForeignKey(PlanGoal, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner_kind = models.CharField(_("owner"), max_length=16, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions",
                                   verbose_name=_("staff member"))
    owner_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="plan_actions", verbose_name=_("partner organisation"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions")
    enrolment = models.ForeignKey(Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions")
    planned_hours = models.PositiveIntegerField(_("planned hours"), default=0,
                                                help_text=_("Programme hours this action adds to the plan's dosage."))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        indexes = [models.Index(fields=["plan", "status"]), models.Index(fields=["owner_user", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind=OwnerKind.PERSON)
                           | Q(owner_kind=OwnerKind.STAFF, owner_user__isnull=False)
                           | Q(owner_kind=OwnerKind.PARTNER, owner_organisation__isnull=False)),
                name="plan_action_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PlanReview(TimeStampedModel):
    """A review of the plan, at its set interval or after an event."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="reviews")
    reason = models.CharField(_("reason"), max_length=16, choices=ReviewReason.choices)
    event_note = models.TextField(_("what happened"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("summary"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    version_number = models.PositiveIntegerField(_("version kept"))

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("plan review")


class PlanVersion(models.Model):
    """The whole plan frozen at a moment that matters (append-only): ``snapshot`` holds the plan's
    fields, goals and actions as JSON so two versions can be compared without the live rows."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    event = models.CharField(_("event"), max_length=16, choices=VersionEvent.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("kept at"), auto_now_add=True)
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["plan_id", "number"]
        verbose_name = _("plan version")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")]


class PlanHandover(TimeStampedModel):
    """The plan changing hands, e.g. from the prison case manager to the probation officer on release.
    The receiving officer acknowledges it."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="handovers")
    from_officer = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_officer = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="plan_handovers_received")
    to_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    handed_over_at = models.DateTimeField(_("handed over at"))
    handed_over_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    version_number = models.PositiveIntegerField(_("version handed over"))

    class Meta:
        ordering = ["-handed_over_at", "-id"]
        verbose_name = _("plan handover")
        indexes = [models.Index(fields=["to_officer", "acknowledged_at"])]
