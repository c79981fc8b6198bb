"""Data-sharing agreements between a provider and a partner organisation."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.partners.choices import PARTNER_KINDS, Purpose, SharedField
from reintegra.privacy.models import DataSharingAgreement

Errors = dict[str, list[str]]


def _check(values: dict[str, Any], errors: Errors) -> None:
    partner, provider = values.get("partner"), values.get("provider")
    if partner is None or partner.kind not in PARTNER_KINDS:
        errors.setdefault("partner", []).append(_("Choose a partner organisation."))
    if provider is None:
        errors.setdefault("provider", []).append(_("Choose the organisation that holds the records."))
    elif partner is not None and provider.pk == partner.pk:
        errors.setdefault("partner", []).append(_("The partner must be another organisation than the provider."))
    if values.get("purpose") not in Purpose.values:
        errors.setdefault("purpose", []).append(_("Choose a purpose from the list."))
    fields = values.get("fields") or []
    if not fields:
        errors.setdefault("fields", []).append(_("List at least one field the partner may see."))
    unknown = [key for key in fields if key not in SharedField.values]
    if unknown:
        errors.setdefault("fields", []).append(_("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)})
    until, start = values.get("valid_until"), values.get("valid_from")
    if until is not None and start is not None and until < start:
        errors.setdefault("valid_until", []).append(_("The end date cannot be before the start date."))
    for name in ("signed_by", "document_reference"):
        if not (values.get(name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))


@transaction.atomic
def agreement_create(
    *, actor: Any, provider: Organisation, partner: Organisation, purpose: str, fields: Iterable[str],
    valid_from: dt.date, valid_until: dt.date | None = None, signed_by: str, document_reference: str,
) -> DataSharingAgreement:
    """Record a signed agreement: ``partner`` may see ``fields`` (``SharedField`` keys) for ``purpose``
    from ``valid_from`` until ``valid_until`` (open-ended when None)."""
    values = {
        "provider": provider, "partner": partner, "purpose": purpose, "fields": sorted(set(fields)),
        "valid_from": valid_from, "valid_until": valid_until, "signed_by": (signed_by or "").strip(),
        "document_reference": (document_reference or "").strip(),
    }
    errors: Errors = {}
    _check(values, errors)
    if errors:
        raise ValidationError(errors)
    agreement = DataSharingAgreement(**values, created_by=actor if getattr(actor, "pk", None) else None)
    agreement.full_clean()
    agreement.save()
    versioned_create(agreement, actor=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="privacy.datasharingagreement",
                 object_id=agreement.pk, fields=values["fields"], detail={"partner_id": partner.pk})
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: Any, agreement: DataSharingAgreement, expected_version: int, reason: str = "", **changes: Any,
) -> DataSharingAgreement:
    """Change an agreement (for example narrow its fields or end it by setting ``valid_until``);
    refused when someone saved it since ``expected_version``."""
    editable = {"purpose", "fields", "valid_from", "valid_until", "signed_by", "document_reference"}
    errors: Errors = {name: [_("This field cannot be changed here.")] for name in set(changes) - editable}
    if "fields" in changes:
        changes["fields"] = sorted(set(changes["fields"]))
    values = {name: getattr(agreement, name) for name in editable | {"provider", "partner"}} | changes
    _check(values, errors)
    if errors:
        raise ValidationError(errors)
    agreement = versioned_update(agreement, actor=actor, expected_version=expected_version, changes=changes,
                                 reason=reason.strip())
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type="privacy.datasharingagreement",
                 object_id=agreement.pk, fields=sorted(changes), detail={"partner_id": agreement.partner_id})
    return agreement
