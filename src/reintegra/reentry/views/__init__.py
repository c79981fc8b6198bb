"""Pages of release preparation: each parses its input, calls one service or selector and renders."""
from __future__ import annotations

from reintegra.reentry.views.detail import acknowledge, detail, handover_view, open_preparation, release
from reintegra.reentry.views.edit import (
    action_add, action_edit, action_void, assign, checklist_item, evidence_add, evidence_void, family, handover_edit,
    pathway_edit,
)
from reintegra.reentry.views.lists import handovers, worklist

__all__ = [
    "acknowledge", "action_add", "action_edit", "action_void", "assign", "checklist_item", "detail", "evidence_add",
    "evidence_void", "family", "handover_edit", "handover_view", "handovers", "open_preparation", "pathway_edit",
    "release", "worklist",
]
