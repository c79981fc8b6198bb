"""Writes of the privacy app: data-sharing agreements, retention and audited exports."""
from __future__ import annotations

from reintegra.privacy.services.agreements import agreement_create, agreement_update
from reintegra.privacy.services.exports import extract_export, subject_access_html, subject_access_produce
from reintegra.privacy.services.retention import person_pseudonymise, retention_apply, retention_rule_create

__all__ = [
    "agreement_create", "agreement_update", "extract_export", "person_pseudonymise", "retention_apply",
    "retention_rule_create", "subject_access_html", "subject_access_produce",
]
