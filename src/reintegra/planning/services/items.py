"""Goals and actions of a plan, and enrolling the person on a programme an action names.

Goals are written with the person (their own words, strengths to build on); every action has an
owner (a member of staff, a partner organisation or the person), a due date and a status. Edits go
through ``core.versioning``: each carries the goal's or action's version and a stale one is refused.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action
from reintegra.audit.choices import AuditAction
from reintegra.core.versioning import versioned_create, versioned_update, versioned_void
from reintegra.planning.choices import ActionStatus, GoalStatus, OwnerKind
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal
from reintegra.planning.services.guard import (
    audit_change, check_editable, check_person_full, check_version, refusable, text_required,
)
from reintegra.programmes import services as programmes
from reintegra.programmes.choices import EnrolmentStatus
from reintegra.programmes.models import Cohort, Programme

GOAL_EDITABLE = ("title", "own_words", "strengths", "status")
ACTION_EDITABLE = ("description", "owner_kind", "owner_user", "owner_organisation", "due_on", "status",
                   "completed_on", "programme", "planned_hours")


def _live(record: PlanGoal | PlanAction, what: str) -> None:
    if record.is_voided:
        raise ValidationError({"status": [_("This %(what)s was voided and can no longer be changed.") % {"what": what}]})


def _check_item(actor: Any, record: PlanGoal | PlanAction, expected_version: int, what: str) -> None:
    """What every change to an existing goal or action checks, in this order."""
    check_person_full(actor, record.plan.person)
    check_version(record, expected_version)
    check_editable(record.plan)
    _live(record, what)


def _goal_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "title" in values and not str(values["title"] or "").strip():
        errors["title"] = [_("Write the goal.")]
    if "status" in values and values["status"] not in GoalStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    return errors


@refusable("goal_add")
def goal_add(*, actor: Any, plan: CasePlan, title: str, own_words: str = "", strengths: str = "",
             need: str = "") -> PlanGoal:
    """Add a goal: one of the person's own (no need) or for a need the assessment did not rank."""
    check_person_full(actor, plan.person)
    check_editable(plan)
    errors = _goal_errors({"title": title})
    if errors:
        raise ValidationError(errors)
    goal = PlanGoal(plan=plan, title=title.strip(), own_words=(own_words or "").strip(),
                    strengths=(strengths or "").strip(), need=(need or "").strip())
    goal.full_clean()
    goal.save()
    versioned_create(goal, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="goal_add", plan=plan, fields=["goals"],
                 goal_id=goal.pk)
    return goal


@refusable("goal_update")
def goal_update(*, actor: Any, goal: PlanGoal, expected_version: int, **changes: Any) -> PlanGoal:
    """Change a goal's title, the person's own words, strengths or status (only the fields given)."""
    _check_item(actor, goal, expected_version, _("goal"))
    unknown = sorted(set(changes) - set(GOAL_EDITABLE))
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    errors = _goal_errors(changes)
    if errors:
        raise ValidationError(errors)
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    goal = versioned_update(goal, actor=actor, expected_version=expected_version, changes=cleaned)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="goal_update", plan=goal.plan,
                 fields=sorted(cleaned), goal_id=goal.pk)
    return goal


@refusable("goal_void")
def goal_void(*, actor: Any, goal: PlanGoal, expected_version: int, reason: str) -> PlanGoal:
    """Void a goal added by mistake, with its live actions (a goal that stops mattering is
    withdrawn instead, through its status)."""
    _check_item(actor, goal, expected_version, _("goal"))
    reason = text_required(reason, "reason", _("Give the reason for voiding this goal."))
    for action in goal.actions.filter(voided_at__isnull=True):
        versioned_void(action, actor=actor, expected_version=action.version, reason=reason)
    goal = versioned_void(goal, actor=actor, expected_version=expected_version, reason=reason)
    audit_change(actor=actor, action=AuditAction.VOID, operation="goal_void", plan=goal.plan, fields=["goals"],
                 goal_id=goal.pk)
    return goal


def _owner_errors(owner_kind: str, owner_user: Any, owner_organisation: Organisation | None) -> dict[str, list[str]]:
    if owner_kind not in OwnerKind.values:
        return {"owner_kind": [_("Every action needs an owner: choose a member of staff, a partner "
                                 "organisation or the person.")]}
    if owner_kind == OwnerKind.STAFF and owner_user is None:
        return {"owner_user": [_("Every action needs an owner: choose the member of staff who carries it out.")]}
    if owner_kind == OwnerKind.STAFF and not owner_user.is_active:
        return {"owner_user": [_("This member of staff's account is no longer active.")]}
    if owner_kind == OwnerKind.PARTNER and owner_organisation is None:
        return {"owner_organisation": [_("Every action needs an owner: choose the partner organisation "
                                         "that carries it out.")]}
    if owner_kind == OwnerKind.PARTNER and not owner_organisation.active:
        return {"owner_organisation": [_("Choose an active organisation.")]}
    return {}


def _owners(owner_kind: str, owner_user: Any, owner_organisation: Organisation | None) -> dict[str, Any]:
    """Only the owner the kind names is kept (a staff action has no organisation, and so on)."""
    return {"owner_kind": owner_kind,
            "owner_user": owner_user if owner_kind == OwnerKind.STAFF else None,
            "owner_organisation": owner_organisation if owner_kind == OwnerKind.PARTNER else None}


def _programme_errors(programme: Programme | None, planned_hours: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if programme is not None and programme.voided_at is not None:
        errors["programme"] = [_("This programme is no longer offered.")]
    if planned_hours is not None and (isinstance(planned_hours, bool) or planned_hours < 0):
        errors["planned_hours"] = [_("Give the planned hours as a whole number, 0 or more.")]
    return errors


@refusable("action_add")
def action_add(*, actor: Any, goal: PlanGoal, description: str, owner_kind: str, due_on: dt.date | None,
               owner_user: Any = None, owner_organisation: Organisation | None = None,
               programme: Programme | None = None, planned_hours: int | None = None,
               cohort: Cohort | None = None) -> PlanAction:
    """Add an action towards ``goal`` with its owner and due date. A programme's hours count towards
    the plan's dosage (``planned_hours``, by default the programme's hours). Refused without an owner.
    With a ``cohort`` of the programme the person also goes on its waiting list (as ``action_enrol``),
    in the same transaction: a refused enrolment adds no action, and the refusal is audited."""
    plan = goal.plan
    check_person_full(actor, plan.person)
    check_editable(plan)
    _live(goal, _("goal"))
    errors: dict[str, list[str]] = {}
    if not (description or "").strip():
        errors["description"] = [_("Say what is to be done.")]
    if due_on is None:
        errors["due_on"] = [_("Give the date the action is due.")]
    errors.update(_owner_errors(owner_kind, owner_user, owner_organisation))
    errors.update(_programme_errors(programme, planned_hours))
    if errors:
        raise ValidationError(errors)
    if planned_hours is None:
        planned_hours = programme.hours if programme is not None else 0
    action = PlanAction(plan=plan, goal=goal, description=description.strip(), due_on=due_on, programme=programme,
                        planned_hours=planned_hours, **_owners(owner_kind, owner_user, owner_organisation))
    action.full_clean()
    action.save()
    versioned_create(action, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="action_add", plan=plan, fields=["actions"],
                 action_id=action.pk, programme_id=getattr(programme, "pk", None))
    if cohort is not None:
        action = _enrol(actor, action, cohort, action.version)
    return action


@refusable("action_update")
def action_update(*, actor: Any, action: PlanAction, expected_version: int, **changes: Any) -> PlanAction:
    """Change an action (only the fields given): what, owner, due date, status, programme, hours.
    Marking it done records the day (``completed_on``, today unless given)."""
    from django.utils import timezone

    _check_item(actor, action, expected_version, _("action"))
    unknown = sorted(set(changes) - set(ACTION_EDITABLE))
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    errors: dict[str, list[str]] = {}
    if "description" in changes and not str(changes["description"] or "").strip():
        errors["description"] = [_("Say what is to be done.")]
    if "due_on" in changes and changes["due_on"] is None:
        errors["due_on"] = [_("Give the date the action is due.")]
    if "status" in changes and changes["status"] not in ActionStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    owner_fields = {"owner_kind", "owner_user", "owner_organisation"}
    if owner_fields & set(changes):
        kind = changes.get("owner_kind", action.owner_kind)
        user = changes.get("owner_user", action.owner_user)
        organisation = changes.get("owner_organisation", action.owner_organisation)
        errors.update(_owner_errors(kind, user, organisation))
        if not errors:
            changes.update(_owners(kind, user, organisation))
    errors.update(_programme_errors(changes.get("programme"), changes.get("planned_hours")))
    new_programme = changes.get("programme", action.programme)
    if ("programme" in changes and getattr(new_programme, "pk", None) != action.programme_id
            and action.enrolment_id is not None
            and action.enrolment.status in (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED)):
        errors.setdefault("programme", []).append(_(
            "The person is waiting for or enrolled on this action's programme; record them dropping out "
            "before changing the programme."))
    if errors:
        raise ValidationError(errors)
    if "programme" in changes and "planned_hours" not in changes and new_programme is not None:
        changes["planned_hours"] = new_programme.hours  # the new programme's dosage unless given
    if isinstance(changes.get("description"), str):
        changes["description"] = changes["description"].strip()
    status = changes.get("status", action.status)
    if status == ActionStatus.DONE and action.status != ActionStatus.DONE:
        changes.setdefault("completed_on", timezone.localdate())
    elif status != ActionStatus.DONE:
        changes["completed_on"] = None
    action = versioned_update(action, actor=actor, expected_version=expected_version, changes=changes)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="action_update", plan=action.plan,
                 fields=sorted(changes), action_id=action.pk)
    return action


@refusable("action_void")
def action_void(*, actor: Any, action: PlanAction, expected_version: int, reason: str) -> PlanAction:
    """Void an action added by mistake (one that is no longer pursued is cancelled instead)."""
    _check_item(actor, action, expected_version, _("action"))
    reason = text_required(reason, "reason", _("Give the reason for voiding this action."))
    action = versioned_void(action, actor=actor, expected_version=expected_version, reason=reason)
    audit_change(actor=actor, action=AuditAction.VOID, operation="action_void", plan=action.plan,
                 fields=["actions"], action_id=action.pk)
    return action


@refusable("action_enrol")
def action_enrol(*, actor: Any, action: PlanAction, cohort: Cohort, expected_version: int | None = None) -> PlanAction:
    """Put the person on the waiting list of ``cohort`` (of the action's programme) with the plan's
    band, through ``programmes.services.enrolment_request`` (its refusals: ineligible, already
    waiting or enrolled, cohort ended), and link the enrolment to the action, which is then in progress."""
    return _enrol(actor, action, cohort, action.version if expected_version is None else expected_version)


def _enrol(actor: Any, action: PlanAction, cohort: Cohort, version: int) -> PlanAction:
    plan = action.plan
    check_person_full(actor, plan.person)
    check_person_full(actor, plan.person, Action.ENROLMENT_EDIT)
    check_version(action, version)
    check_editable(plan)
    _live(action, _("action"))
    if action.programme_id is None:
        raise ValidationError({"programme": [_("This action names no programme to enrol on.")]})
    if cohort.programme_id != action.programme_id:
        raise ValidationError({"cohort": [_("Choose a cohort of %(programme)s.") % {"programme": action.programme.name}]})
    if action.enrolment_id is not None and action.enrolment.status in (EnrolmentStatus.WAITING,
                                                                       EnrolmentStatus.ENROLLED):
        raise ValidationError({"cohort": [_("The person is already waiting for or enrolled on this programme "
                                            "through this action.")]})
    enrolment = programmes.enrolment_request(person=plan.person, cohort=cohort, actor=actor, band=plan.band)
    changes: dict[str, Any] = {"enrolment": enrolment}
    if action.status == ActionStatus.NOT_STARTED:
        changes["status"] = ActionStatus.IN_PROGRESS
    action = versioned_update(action, actor=actor, expected_version=version, changes=changes)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="action_enrol", plan=plan,
                 fields=sorted(changes), action_id=action.pk, enrolment_id=enrolment.pk, cohort_id=cohort.pk)
    return action
