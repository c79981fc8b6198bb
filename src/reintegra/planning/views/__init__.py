"""Pages of the planning app: each parses its input, calls one service or selector and renders."""
from __future__ import annotations

from reintegra.planning.views.detail import plan_detail
from reintegra.planning.views.edit import (
    action_add, action_edit, action_enrol, action_void, goal_add, goal_edit, goal_void, suggestion_add,
)
from reintegra.planning.views.lists import plan_create, plan_list
from reintegra.planning.views.versions import compare, version_list
from reintegra.planning.views.workflow import (
    agreement, close, countersign, handover, handover_acknowledge, plan_submit, review,
)

__all__ = [
    "action_add", "action_edit", "action_enrol", "action_void", "agreement", "close", "compare", "countersign",
    "goal_add", "goal_edit", "goal_void", "handover", "handover_acknowledge", "plan_create", "plan_detail",
    "plan_list", "plan_submit", "review", "suggestion_add", "version_list",
]
