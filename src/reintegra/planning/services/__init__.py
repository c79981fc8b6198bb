"""Writes to case plans. Every service is keyword-only and atomic, records history
(``core.versioning``) and one audit entry, and a numbered plan version where the plan reaches a
milestone; a refused write changes nothing and is itself audited (``plan.refused``). Errors:
``ValidationError`` keyed by field, ``StaleEditError`` for a stale ``expected_version``,
``AccessDenied`` without the right or the person's full record."""
from __future__ import annotations

from reintegra.planning.services.events import TIMELINE_KINDS
from reintegra.planning.services.items import (
    action_add, action_enrol, action_update, action_void, goal_add, goal_update, goal_void,
)
from reintegra.planning.services.plans import (
    agreement_record, handover_acknowledge, plan_close, plan_countersign, plan_create, plan_handover, plan_review,
    plan_submit,
)
from reintegra.planning.services.schedule import REVIEW_EVENT_KINDS, next_review_on, review_days

__all__ = [
    "REVIEW_EVENT_KINDS", "TIMELINE_KINDS", "action_add", "action_enrol", "action_update", "action_void",
    "agreement_record", "goal_add", "goal_update", "goal_void", "handover_acknowledge", "next_review_on",
    "plan_close", "plan_countersign", "plan_create", "plan_handover", "plan_review", "plan_submit", "review_days",
]
