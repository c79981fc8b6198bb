"""The life of a case plan: built from the latest assessment, the person's agreement, submission,
countersignature (or return), reviews, handover to another officer and closure.

Each of these keeps a numbered ``PlanVersion`` with the whole plan frozen (``snapshot.plan_snapshot``)
so any two versions can be compared. Plan writes carry the version they started from
(``expected_version``; without it, the version the plan was loaded at): a stale one is refused.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed, person_access
from reintegra.assessments.services import default_organisation
from reintegra.audit.choices import AuditAction
from reintegra.core.errors import AccessDenied
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.people.models import Person
from reintegra.planning import inputs
from reintegra.planning.choices import (
    OPEN_PLAN_STATUSES, Agreement, GoalStatus, PlanStatus, ReviewReason, VersionEvent,
)
from reintegra.planning.models import CasePlan, PlanGoal, PlanHandover, PlanReview, PlanVersion
from reintegra.planning.services.events import plan_event
from reintegra.planning.services.guard import (
    audit_change, check_editable, check_person_full, check_version, refusable, text_required,
)
from reintegra.planning.services.schedule import next_review_on as scheduled_review_on
from reintegra.planning.snapshot import plan_snapshot


def _expected(plan: CasePlan, expected_version: int | None) -> int:
    version = plan.version if expected_version is None else expected_version
    check_version(plan, version)
    return version


def _keep(plan: CasePlan, *, actor: Any, expected_version: int, event: str, changes: dict[str, Any],
          note: str = "") -> CasePlan:
    """Apply ``changes`` to the plan and keep the result as its next numbered version."""
    number = plan.current_version + 1
    plan = versioned_update(plan, actor=actor, expected_version=expected_version, reason=note,
                            changes={**changes, "current_version": number})
    PlanVersion.objects.create(plan=plan, number=number, event=event, note=note,
                               created_by=actor if getattr(actor, "pk", None) else None,
                               snapshot=plan_snapshot(plan))
    return plan


def _strengths_text(strengths: list[str]) -> str:
    return "; ".join(str(s) for s in strengths if str(s).strip())


@refusable("create")
def plan_create(*, actor: Any, person: Person, on: dt.date | None = None) -> CasePlan:
    """Start a draft plan for ``person`` from their latest completed assessment: one goal per ranked
    criminogenic need (titled with the need, strengths from the assessment to build on), the band,
    the actor as responsible officer. Refused without a completed assessment or when the person
    already has an open plan (draft, awaiting countersignature or active)."""
    check_person_full(actor, person)
    on = on or timezone.localdate()
    if person.voided_at is not None or getattr(person, "merged_into_id", None) is not None:
        raise ValidationError({"person": [_("This record is voided or merged; use the current record.")]})
    if CasePlan.objects.filter(person=person, status__in=OPEN_PLAN_STATUSES, voided_at__isnull=True).exists():
        raise ValidationError({"person": [
            _("This person already has an open case plan; review or close it instead of starting another.")]})
    found = inputs.plan_inputs(person=person, on=on)
    if found.assessment is None:
        raise ValidationError({"person": [
            _("A case plan is built from a completed needs assessment, and this person has none yet.")]})
    plan = CasePlan.objects.create(
        person=person, assessment=found.needs_assessment or found.assessment, status=PlanStatus.DRAFT, band=found.band or "",
        responsible_officer=actor if getattr(actor, "pk", None) else None,
        responsible_organisation=default_organisation(actor),
    )
    versioned_create(plan, actor=actor)
    strengths = _strengths_text(list(found.strengths))
    for rank, need in enumerate(found.needs, start=1):
        goal = PlanGoal.objects.create(plan=plan, need=need, need_rank=rank,
                                       title=str(found.need_labels.get(need, need))[:300], strengths=strengths)
        versioned_create(goal, actor=actor)
    plan_event(plan=plan, kind="plan.created", actor=actor, occurred_on=on)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="create", plan=plan,
                 fields=["goals", "band"], assessment_id=plan.assessment_id, goals=len(found.needs))
    return plan


@refusable("agreement")
def agreement_record(*, actor: Any, plan: CasePlan, agreement: str, words: str,
                     expected_version: int | None = None, on: dt.date | None = None) -> CasePlan:
    """Record whether the person agrees with the plan, in their own words (required when they
    agree only in part or disagree)."""
    check_person_full(actor, plan.person)
    version = _expected(plan, expected_version)
    check_editable(plan)
    words = (words or "").strip()
    errors: dict[str, list[str]] = {}
    if agreement not in Agreement.values or agreement == Agreement.PENDING:
        errors["agreement"] = [_("Choose whether the person agrees, agrees in part or disagrees.")]
    elif agreement in (Agreement.PARTLY, Agreement.DISAGREED) and not words:
        errors["words"] = [_("Write down, in the person's words, what they disagree with.")]
    if errors:
        raise ValidationError(errors)
    plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.AGREEMENT, changes={
        "agreement": agreement, "agreement_words": words, "agreement_recorded_on": on or timezone.localdate(),
        "agreement_recorded_by": actor if getattr(actor, "pk", None) else None,
    })
    plan_event(plan=plan, kind="plan.agreement", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="agreement", plan=plan,
                 fields=["agreement", "agreement_words"], agreement=agreement)
    return plan


@refusable("submit")
def plan_submit(*, actor: Any, plan: CasePlan, expected_version: int | None = None, note: str = "") -> CasePlan:
    """Send a draft for countersignature. It needs at least one open goal, an action for each open
    goal, and the person's agreement (or disagreement) recorded."""
    check_person_full(actor, plan.person)
    version = _expected(plan, expected_version)
    if plan.is_voided or plan.status != PlanStatus.DRAFT:
        raise ValidationError({"status": [_("Only a draft plan can be submitted for countersignature.")]})
    goals = list(plan.goals.filter(voided_at__isnull=True, status=GoalStatus.OPEN))
    errors: dict[str, list[str]] = {}
    if not goals:
        errors["goals"] = [_("Add at least one goal before submitting the plan.")]
    else:
        with_actions = set(plan.actions.filter(voided_at__isnull=True, goal__in=goals)
                           .values_list("goal_id", flat=True))
        bare = [goal.title for goal in goals if goal.pk not in with_actions]
        if bare:
            errors["goals"] = [_("Every goal needs at least one action: %(goals)s.") % {"goals": "; ".join(bare)}]
    if plan.agreement == Agreement.PENDING:
        errors["agreement"] = [_("Record whether the person agrees with the plan before submitting it.")]
    if errors:
        raise ValidationError(errors)
    plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.SUBMITTED, note=(note or "").strip(),
                 changes={"status": PlanStatus.SUBMITTED, "submitted_at": timezone.now(),
                          "submitted_by": actor if getattr(actor, "pk", None) else None, "countersign_note": ""})
    plan_event(plan=plan, kind="plan.submitted", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="submit", plan=plan, fields=["status"])
    return plan


@refusable("countersign")
def plan_countersign(*, actor: Any, plan: CasePlan, approve: bool, note: str = "",
                     expected_version: int | None = None) -> CasePlan:
    """Countersign a submitted plan (it becomes active, with its first review date) or return it to
    draft with a note saying what to change. Needs ``plan.countersign`` and someone other than the
    person who submitted it."""
    check_person_full(actor, plan.person, Action.PLAN_COUNTERSIGN)
    version = _expected(plan, expected_version)
    if plan.is_voided or plan.status != PlanStatus.SUBMITTED:
        raise ValidationError({"approve": [_("This plan is not awaiting countersignature.")]})
    if plan.submitted_by_id is not None and plan.submitted_by_id == getattr(actor, "pk", None):
        raise ValidationError({"approve": [_("You cannot countersign a plan you submitted yourself.")]})
    note = (note or "").strip()
    if approve:
        today = timezone.localdate()
        plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.COUNTERSIGNED, note=note,
                     changes={"status": PlanStatus.ACTIVE, "countersigned_at": timezone.now(),
                              "countersigned_by": actor, "countersign_note": note,
                              "next_review_on": plan.next_review_on or scheduled_review_on(band=plan.band, on=today)})
        plan_event(plan=plan, kind="plan.countersigned", actor=actor)
    else:
        text_required(note, "note", _("Say what needs to change before the plan can be countersigned."))
        plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.RETURNED, note=note,
                     changes={"status": PlanStatus.DRAFT, "countersign_note": note})
        plan_event(plan=plan, kind="plan.returned", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="countersign", plan=plan,
                 fields=["status", "countersign_note"], approved=bool(approve))
    return plan


@refusable("review")
def plan_review(*, actor: Any, plan: CasePlan, reason: str, summary: str, event_note: str = "",
                next_review_on: dt.date | None = None, expected_version: int | None = None,
                on: dt.date | None = None) -> PlanReview:
    """Review an active plan, at its set date or after an event. The latest assessment is read
    again: needs it ranks that no open goal addresses become new goals, and the band (and so the
    dosage guidance and the next review date) follows it. Returns the review."""
    check_person_full(actor, plan.person)
    version = _expected(plan, expected_version)
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if plan.is_voided or plan.status != PlanStatus.ACTIVE:
        errors["status"] = [_("Only an active (countersigned) plan is reviewed; a draft is simply edited.")]
    if reason not in ReviewReason.values:
        errors["reason"] = [_("Choose why the plan is reviewed.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Summarise the review: progress on the goals and what changes.")]
    if next_review_on is not None and next_review_on <= on:
        errors["next_review_on"] = [_("The next review must be after today.")]
    if errors:
        raise ValidationError(errors)
    found = inputs.plan_inputs(person=plan.person, on=on)
    band = (found.band or plan.band) if found.assessment is not None else plan.band
    covered = set(plan.goals.filter(voided_at__isnull=True, status=GoalStatus.OPEN).values_list("need", flat=True))
    strengths = _strengths_text(list(found.strengths))
    added = 0
    for rank, need in enumerate(found.needs, start=1):
        if need in covered:
            continue
        goal = PlanGoal.objects.create(plan=plan, need=need, need_rank=rank,
                                       title=str(found.need_labels.get(need, need))[:300], strengths=strengths)
        versioned_create(goal, actor=actor, reason=_("Proposed by the review from the latest assessment."))
        added += 1
    due = next_review_on or scheduled_review_on(band=band, on=on)
    plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.REVIEWED, note=summary.strip(),
                 changes={"band": band, "assessment": found.needs_assessment or found.assessment or plan.assessment,
                          "next_review_on": due})
    review = PlanReview.objects.create(
        plan=plan, reason=reason, event_note=(event_note or "").strip(), reviewed_on=on, reviewed_by=actor,
        summary=summary.strip(), next_review_on=due, version_number=plan.current_version,
    )
    plan_event(plan=plan, kind="plan.reviewed", actor=actor, occurred_on=on)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="review", plan=plan,
                 fields=["band", "next_review_on", "goals"], reason=reason, goals_added=added)
    return review


@refusable("handover")
def plan_handover(*, actor: Any, plan: CasePlan, to_officer: Any, reason: str,
                  to_organisation: Organisation | None = None, expected_version: int | None = None) -> PlanHandover:
    """Hand the plan to another officer (on release, to the probation officer): they become the
    responsible officer at once (and their organisation, unless ``to_organisation`` is given, the
    responsible organisation when they belong to exactly one) and acknowledge the handover when they
    have read it. The receiver must be able to write plans and see the person's full record."""
    check_person_full(actor, plan.person)
    version = _expected(plan, expected_version)
    errors: dict[str, list[str]] = {}
    if plan.is_voided or plan.status not in OPEN_PLAN_STATUSES:
        errors["status"] = [_("A closed plan cannot be handed over.")]
    if to_officer is None or not getattr(to_officer, "is_active", False):
        errors["to_officer"] = [_("Choose the officer who takes the plan over.")]
    elif to_officer.pk == plan.responsible_officer_id:
        errors["to_officer"] = [_("This officer is already responsible for the plan.")]
    elif not allowed(to_officer, Action.PLAN_EDIT) or not person_access(to_officer, plan.person).full:
        errors["to_officer"] = [_("This officer cannot take the plan over: they do not write case plans or "
                                  "cannot see this person's record.")]
    if to_organisation is not None and not to_organisation.active:
        errors["to_organisation"] = [_("Choose an active organisation.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the plan changes hands (release, transfer, new caseload).")]
    if errors:
        raise ValidationError(errors)
    from_officer = plan.responsible_officer
    changes: dict[str, Any] = {"responsible_officer": to_officer}
    to_organisation = to_organisation or default_organisation(to_officer)  # the receiver's, when they have one
    if to_organisation is not None:
        changes["responsible_organisation"] = to_organisation
    plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.HANDED_OVER, note=reason,
                 changes=changes)
    handover = PlanHandover.objects.create(
        plan=plan, from_officer=from_officer, to_officer=to_officer, to_organisation=to_organisation, reason=reason,
        handed_over_at=timezone.now(), handed_over_by=actor, version_number=plan.current_version,
    )
    plan_event(plan=plan, kind="plan.handed_over", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="handover", plan=plan,
                 fields=sorted(changes), handover_id=handover.pk, to_officer_id=to_officer.pk)
    return handover


@refusable("acknowledge")
def handover_acknowledge(*, actor: Any, handover: PlanHandover) -> PlanHandover:
    """The receiving officer confirms they have taken the plan over. Only they may, and only once."""
    check_person_full(actor, handover.plan.person)
    if handover.to_officer_id != getattr(actor, "pk", None):
        raise AccessDenied(Action.PLAN_EDIT.value)
    if handover.acknowledged_at is not None:
        raise ValidationError({"handover": [_("This handover was already acknowledged.")]})
    now = timezone.now()
    updated = PlanHandover.objects.filter(pk=handover.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, updated_at=now)
    if updated != 1:
        raise ValidationError({"handover": [_("This handover was already acknowledged.")]})
    handover.refresh_from_db()
    plan_event(plan=handover.plan, kind="plan.handover_acknowledged", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="acknowledge", plan=handover.plan,
                 fields=["acknowledged_at"], handover_id=handover.pk)
    return handover


@refusable("close")
def plan_close(*, actor: Any, plan: CasePlan, reason: str, expected_version: int | None = None) -> CasePlan:
    """Close an open plan (sentence ended, supervision ended, the person died or left), with the reason."""
    check_person_full(actor, plan.person)
    version = _expected(plan, expected_version)
    if plan.is_voided or plan.status == PlanStatus.CLOSED:
        raise ValidationError({"status": [_("This plan is already closed.")]})
    reason = text_required(reason, "reason", _("Say why the plan is closed."))
    plan = _keep(plan, actor=actor, expected_version=version, event=VersionEvent.CLOSED, note=reason,
                 changes={"status": PlanStatus.CLOSED, "closed_at": timezone.now(), "close_reason": reason})
    plan_event(plan=plan, kind="plan.closed", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="close", plan=plan, fields=["status"])
    return plan
