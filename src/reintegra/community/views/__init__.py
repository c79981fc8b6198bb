"""The community-measure pages (``/community/``)."""
from reintegra.community.views.diversions import condition_add, diversion_create, diversion_detail, diversion_outcome
from reintegra.community.views.lists import measure_list
from reintegra.community.views.orders import (
    hours_record, hours_reject, hours_verify, order_breach, order_complete, order_create, order_detail,
    placement_add, placement_end,
)
from reintegra.community.views.restorative import (
    agreement_record, consent_give, consent_withdraw, facilitator_assign, item_mark, party_add, rj_close, rj_create,
    rj_detail, session_record,
)

__all__ = [
    "agreement_record", "condition_add", "consent_give", "consent_withdraw", "diversion_create", "diversion_detail",
    "diversion_outcome", "facilitator_assign", "hours_record", "hours_reject", "hours_verify", "item_mark",
    "measure_list", "order_breach", "order_complete", "order_create", "order_detail", "party_add", "placement_add",
    "placement_end", "rj_close", "rj_create", "rj_detail", "session_record",
]
