"""Writes of the justice record: every function validates, records history and a timeline event.

Split by sub-domain: ``offences``, ``cases`` (cases, charges, dispositions), ``custody``,
``supervision`` and ``bulk`` (``JusticeBatch`` and ``justice_bulk_create`` for synthetic data
and imports).
"""
from reintegra.justice.services.bulk import JusticeBatch, justice_bulk_create
from reintegra.justice.services.cases import case_open, charge_add, charge_set_outcome, disposition_record
from reintegra.justice.services.custody import custody_admit, custody_release, custody_transfer
from reintegra.justice.services.offences import offence_category_create
from reintegra.justice.services.supervision import supervision_end, supervision_start

__all__ = [
    "JusticeBatch", "justice_bulk_create", "case_open", "charge_add", "charge_set_outcome", "disposition_record",
    "custody_admit", "custody_release", "custody_transfer", "offence_category_create", "supervision_end",
    "supervision_start",
]
