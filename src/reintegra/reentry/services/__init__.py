"""Writes of release preparation. Every service is keyword-only and atomic, records history
(``core.versioning``), one audit entry (ids only) and, where it matters to the person's story, a
timeline event; a refused write changes nothing and is itself audited (``release.refused``).
Errors: ``ValidationError`` keyed by field, ``StaleEditError`` for a stale ``expected_version``,
``AccessDenied`` without ``release.edit`` or the person's full record."""
from __future__ import annotations

from reintegra.reentry.services.checklist import checklist_complete, checklist_waive, release_guard
from reintegra.reentry.services.family import family_notify
from reintegra.reentry.services.guard import TIMELINE_KINDS
from reintegra.reentry.services.handover import handover_prepare, release_handover_acknowledge, release_record
from reintegra.reentry.services.preparation import (
    current_episode, evidence_add, evidence_void, open_on_admission, pathway_action_add, pathway_action_update,
    pathway_action_void, pathway_update, preparation_assign, preparation_close, preparation_open,
)

__all__ = [
    "TIMELINE_KINDS", "checklist_complete", "checklist_waive", "current_episode", "evidence_add", "evidence_void",
    "family_notify", "handover_prepare", "open_on_admission", "pathway_action_add", "pathway_action_update",
    "pathway_action_void", "pathway_update", "preparation_assign", "preparation_close", "preparation_open",
    "release_guard", "release_handover_acknowledge", "release_record",
]
