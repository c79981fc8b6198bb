"""A case plan frozen as JSON (``plan_snapshot``) and the difference between two such snapshots
(``compare``, pure), for the numbered versions kept at each submission, countersignature, return,
agreement, review, handover and closure.

A snapshot names owners and programmes as well as their ids, so an old version reads as it was
even after a programme is renamed or a member of staff leaves. Dosage warnings are kept as codes
(their wording is the reader's language, not the writer's).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reintegra.planning.choices import ActionStatus, OwnerKind
from reintegra.planning.dosage import Dosage, PlannedItem, dosage_check
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal

SCHEMA = 1

PLAN_FIELDS = (
    "status", "band", "assessment", "responsible_officer", "responsible_organisation", "agreement",
    "agreement_words", "agreement_recorded_on", "next_review_on", "submitted_by", "countersigned_by",
    "countersign_note", "close_reason",
)
GOAL_FIELDS = ("need", "need_rank", "title", "own_words", "strengths", "status")
ACTION_FIELDS = ("goal", "description", "owner_kind", "owner", "due_on", "status", "programme", "enrolment",
                 "planned_hours")


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _user(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def _organisation(organisation: Any) -> dict[str, Any] | None:
    return None if organisation is None else {"id": organisation.pk, "name": organisation.name}


def counted(action: PlanAction) -> bool:
    """Whether an action's hours count towards the plan's dosage: live, not cancelled, with hours."""
    return action.voided_at is None and action.status != ActionStatus.CANCELLED and action.planned_hours > 0


def planned_items(actions: Iterable[PlanAction]) -> list[PlannedItem]:
    """The dosage items of the plan's actions (``programme`` loaded with them). An action without a
    programme (one-to-one work, say) counts its hours at low intensity."""
    return [
        PlannedItem(hours=action.planned_hours,
                    intensity=action.programme.intensity if action.programme_id else "low",
                    label=action.programme.name if action.programme_id else action.description)
        for action in actions if counted(action)
    ]


def plan_dosage_of(band: str, actions: Iterable[PlanAction]) -> Dosage:
    """The dosage of these actions against the guidance for ``band`` (A's ``dosage_check``)."""
    return dosage_check(band=band or "", items=planned_items(actions))


def owner_of(action: PlanAction) -> dict[str, Any] | None:
    if action.owner_kind == OwnerKind.STAFF:
        return _user(action.owner_user)
    if action.owner_kind == OwnerKind.PARTNER:
        return _organisation(action.owner_organisation)
    return None


def _goal(goal: PlanGoal) -> dict[str, Any]:
    return {"id": goal.pk, "need": goal.need, "need_rank": goal.need_rank, "title": goal.title,
            "own_words": goal.own_words, "strengths": goal.strengths, "status": goal.status}


def _action(action: PlanAction) -> dict[str, Any]:
    programme = action.programme if action.programme_id else None
    return {
        "id": action.pk, "goal": action.goal_id, "description": action.description, "owner_kind": action.owner_kind,
        "owner": owner_of(action), "due_on": _day(action.due_on), "status": action.status,
        "programme": None if programme is None else {
            "id": programme.pk, "name": programme.name, "hours": programme.hours, "intensity": programme.intensity},
        "enrolment": action.enrolment_id, "planned_hours": action.planned_hours,
    }


def plan_snapshot(plan: CasePlan, *, goals: Sequence[PlanGoal] | None = None,
                  actions: Sequence[PlanAction] | None = None) -> dict[str, Any]:
    """The plan as JSON: its fields, live goals and actions (owners and programmes named) and the
    dosage against the guidance for its band. ``goals`` and ``actions`` may be given already loaded
    (synthetic data builds many plans at once; actions with ``programme``, ``owner_user`` and
    ``owner_organisation``); otherwise three queries read them."""
    if goals is None:
        goals = list(plan.goals.filter(voided_at__isnull=True))
    if actions is None:
        actions = list(plan.actions.filter(voided_at__isnull=True, goal__voided_at__isnull=True)
                       .select_related("programme", "owner_user", "owner_organisation"))
    live_goals = sorted((g for g in goals if g.voided_at is None),
                        key=lambda g: (g.need_rank is None, g.need_rank or 0, g.pk))
    goal_ids = {g.pk for g in live_goals}
    live_actions = sorted((a for a in actions if a.voided_at is None and a.goal_id in goal_ids),
                          key=lambda a: (a.due_on, a.pk))
    dosage = plan_dosage_of(plan.band, live_actions)
    guidance = dosage.guidance
    return {
        "schema": SCHEMA,
        "plan": {
            "status": plan.status, "band": plan.band, "assessment": plan.assessment_id,
            "responsible_officer": _user(plan.responsible_officer),
            "responsible_organisation": _organisation(plan.responsible_organisation),
            "agreement": plan.agreement, "agreement_words": plan.agreement_words,
            "agreement_recorded_on": _day(plan.agreement_recorded_on), "next_review_on": _day(plan.next_review_on),
            "submitted_by": _user(plan.submitted_by), "countersigned_by": _user(plan.countersigned_by),
            "countersign_note": plan.countersign_note, "close_reason": plan.close_reason,
        },
        "goals": [_goal(goal) for goal in live_goals],
        "actions": [_action(action) for action in live_actions],
        "dosage": {
            "band": dosage.band, "planned_hours": dosage.planned_hours,
            "min_hours": guidance.min_hours if guidance else None,
            "max_hours": guidance.max_hours if guidance else None,
            "max_intensity": guidance.max_intensity if guidance else None,
            "warnings": [warning.code for warning in dosage.warnings],
        },
    }


# --- comparing two versions (pure) -------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ItemChange:
    """A goal or action present in both versions whose fields changed."""

    id: int
    label: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Comparison:
    """What changed from snapshot ``a`` to snapshot ``b``. Added and removed goals and actions are
    their snapshot entries; a goal or action voided in between counts as removed."""

    plan: tuple[FieldChange, ...] = ()
    goals_added: tuple[dict[str, Any], ...] = ()
    goals_removed: tuple[dict[str, Any], ...] = ()
    goals_changed: tuple[ItemChange, ...] = ()
    actions_added: tuple[dict[str, Any], ...] = ()
    actions_removed: tuple[dict[str, Any], ...] = ()
    actions_changed: tuple[ItemChange, ...] = ()
    dosage: tuple[FieldChange, ...] = field(default=())

    @property
    def unchanged(self) -> bool:
        return not any((self.plan, self.goals_added, self.goals_removed, self.goals_changed, self.actions_added,
                        self.actions_removed, self.actions_changed, self.dosage))


def _changes(before: dict[str, Any], after: dict[str, Any], names: Iterable[str]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, before.get(name), after.get(name))
                 for name in names if before.get(name) != after.get(name))


def _items(before: list[dict[str, Any]], after: list[dict[str, Any]], names: tuple[str, ...], label: str,
           ) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...], tuple[ItemChange, ...]]:
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    added = tuple(item for item in after if item["id"] not in old)
    removed = tuple(item for item in before if item["id"] not in new)
    changed = []
    for item in after:
        if item["id"] in old:
            found = _changes(old[item["id"]], item, names)
            if found:
                changed.append(ItemChange(item["id"], str(item.get(label) or ""), found))
    return added, removed, tuple(changed)


def compare(a: dict[str, Any], b: dict[str, Any]) -> Comparison:
    """The changes from snapshot ``a`` (the older) to snapshot ``b``: plan fields, goals and actions
    added, removed or changed (field by field), and the dosage figures."""
    goals = _items(a.get("goals") or [], b.get("goals") or [], GOAL_FIELDS, "title")
    actions = _items(a.get("actions") or [], b.get("actions") or [], ACTION_FIELDS, "description")
    return Comparison(
        plan=_changes(a.get("plan") or {}, b.get("plan") or {}, PLAN_FIELDS),
        goals_added=goals[0], goals_removed=goals[1], goals_changed=goals[2],
        actions_added=actions[0], actions_removed=actions[1], actions_changed=actions[2],
        dosage=_changes(a.get("dosage") or {}, b.get("dosage") or {},
                        ("band", "planned_hours", "min_hours", "max_hours", "max_intensity", "warnings")),
    )


def describe(value: Any) -> str:
    """A snapshot value as text for the comparison page: a named entry by its name, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id") or "")
    if isinstance(value, (list, tuple)):
        return ", ".join(describe(v) for v in value)
    return str(value)
