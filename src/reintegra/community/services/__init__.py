"""Writes to community measures. Every service is keyword-only and atomic, checks the permission
and the person's scope, records one audit entry (ids only) and, where the person's story changes,
a timeline event; a refused write changes nothing and is itself audited (``community.refused``).
Errors: ``ValidationError`` keyed by field, ``StaleEditError`` for a stale ``expected_version``,
``AccessDenied`` without the right or the person's full record (or, for restorative work, without
being the case's facilitator)."""
from __future__ import annotations

from reintegra.community.services.diversion import diversion_condition_add, diversion_outcome, diversion_refer
from reintegra.community.services.events import TIMELINE_KINDS
from reintegra.community.services.orders import (
    hours_record, hours_reject, hours_verify, order_breach, order_complete, order_create, placement_add,
    placement_end, verified_hours,
)
from reintegra.community.services.restorative import (
    agreement_record, consent_give, consent_withdraw, item_mark, party_add, rj_close, rj_facilitator_assign,
    rj_refer, session_record,
)

__all__ = [
    "TIMELINE_KINDS", "agreement_record", "consent_give", "consent_withdraw", "diversion_condition_add",
    "diversion_outcome", "diversion_refer", "hours_record", "hours_reject", "hours_verify", "item_mark",
    "order_breach", "order_complete", "order_create", "party_add", "placement_add", "placement_end", "rj_close",
    "rj_facilitator_assign", "rj_refer", "session_record", "verified_hours",
]
