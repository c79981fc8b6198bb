"""Writes to referrals and consent. Each is keyword-only and atomic, records history
(``core.versioning``), a timeline event and one audit entry; a refused write changes nothing."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.partners import selectors
from reintegra.partners.choices import PARTNER_KINDS, REFERRAL_TRANSITIONS, Purpose, ReferralStatus, SharedField
from reintegra.partners.models import Consent, Referral
from reintegra.people.models import Person
from reintegra.people.services import timeline_record

SOURCE_APP = "partners"

TIMELINE_KINDS = {
    "referral.created": gettext_lazy("Referred to %(organisation)s"),
    "referral.status": gettext_lazy("Referral to %(organisation)s: %(status)s"),
    "consent.recorded": gettext_lazy("Consent to share with %(organisation)s recorded"),
    "consent.withdrawn": gettext_lazy("Consent to share with %(organisation)s withdrawn"),
}


def _check_partner(organisation: Organisation | None, errors: dict[str, list[str]]) -> None:
    if organisation is None or organisation.kind not in PARTNER_KINDS or not organisation.active:
        errors.setdefault("organisation", []).append(_("Choose an active partner organisation."))


def _check_person(person: Person) -> None:
    if person.voided_at is not None:
        raise ValidationError({"person": [_("This record is voided and can no longer be changed.")]})


@transaction.atomic
def referral_create(
    *, actor: Any, person: Person, organisation: Organisation, purpose: str, referred_on: dt.date | None = None,
) -> Referral:
    """Refer ``person`` to a partner organisation for ``purpose``.

    A referral discloses the person to the partner, so it needs the person's live consent to share
    with that organisation for that purpose; it is audited as a disclosure naming the fields the
    consent covers.
    """
    _check_person(person)
    errors: dict[str, list[str]] = {}
    referred_on = referred_on or timezone.localdate()
    _check_partner(organisation, errors)
    if purpose not in Purpose.values:
        errors.setdefault("purpose", []).append(_("Choose a purpose from the list."))
    if referred_on > timezone.localdate():
        errors.setdefault("referred_on", []).append(_("The date cannot be in the future."))
    consent = None
    if not errors:
        consent = selectors.consent_live(person=person, organisation=organisation, purpose=purpose, on=referred_on)
        if consent is None:
            errors.setdefault("organisation", []).append(
                _("There is no live consent to share with this organisation for this purpose. Record consent first.")
            )
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        person=person, organisation=organisation, purpose=purpose, referred_on=referred_on,
        referred_by=actor if getattr(actor, "pk", None) else None,
    )
    referral.full_clean()
    referral.save()
    versioned_create(referral, actor=actor)
    timeline_record(
        person=person, kind="referral.created", occurred_on=referred_on, source_app=SOURCE_APP,
        params={"organisation": organisation.name, "purpose": purpose}, obj=referral, actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.DISCLOSE, object_type="partners.referral", object_id=referral.pk,
        person_id=person.pk, fields=consent.fields if consent else (),
        detail={"organisation_id": organisation.pk, "consent_id": consent.pk if consent else None},
    )
    return referral


@transaction.atomic
def referral_set_status(
    *, actor: Any, referral: Referral, status: str, expected_version: int, on: dt.date | None = None,
    outcome_note: str = "",
) -> Referral:
    """Move a referral along its allowed transitions (open -> accepted/declined/closed,
    accepted -> closed), recording the date and, for closing, the outcome."""
    on = on or timezone.localdate()
    allowed_next = REFERRAL_TRANSITIONS.get(referral.status, frozenset())
    if status not in allowed_next:
        raise ValidationError({"status": [
            _("A referral that is %(current)s cannot become %(new)s.")
            % {"current": ReferralStatus(referral.status).label.lower(),
               "new": ReferralStatus(status).label.lower() if status in ReferralStatus.values else status}
        ]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if on < referral.referred_on:
        raise ValidationError({"on": [_("The date cannot be before the referral was made.")]})
    changes: dict[str, Any] = {"status": status}
    if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        changes["responded_on"] = on
    if status in (ReferralStatus.CLOSED, ReferralStatus.DECLINED):
        changes["closed_on"] = on
    if outcome_note.strip():
        changes["outcome_note"] = outcome_note.strip()
    referral = versioned_update(
        referral, actor=actor, expected_version=expected_version, changes=changes, reason=outcome_note.strip(),
    )
    timeline_record(
        person=referral.person, kind="referral.status", occurred_on=on, source_app=SOURCE_APP,
        params={"organisation": referral.organisation.name, "status": status}, obj=referral, actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, object_type="partners.referral", object_id=referral.pk,
        person_id=referral.person_id, fields=sorted(changes), detail={"status": status},
    )
    return referral


@transaction.atomic
def consent_record(
    *, actor: Any, person: Person, organisation: Organisation, purpose: str, fields: Iterable[str],
    valid_from: dt.date | None = None, valid_until: dt.date | None = None, evidence: str = "",
) -> Consent:
    """Record the person's consent to share ``fields`` (keys of ``SharedField``) with a partner
    organisation for ``purpose``, from ``valid_from`` (default today) until ``valid_until``."""
    _check_person(person)
    errors: dict[str, list[str]] = {}
    valid_from = valid_from or timezone.localdate()
    _check_partner(organisation, errors)
    if purpose not in Purpose.values:
        errors.setdefault("purpose", []).append(_("Choose a purpose from the list."))
    keys = sorted(set(fields))
    if not keys:
        errors.setdefault("fields", []).append(_("Choose at least one thing that may be shared."))
    unknown = [key for key in keys if key not in SharedField.values]
    if unknown:
        errors.setdefault("fields", []).append(_("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)})
    if valid_until is not None and valid_until < valid_from:
        errors.setdefault("valid_until", []).append(_("The end date cannot be before the start date."))
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        person=person, organisation=organisation, purpose=purpose, fields=keys, valid_from=valid_from,
        valid_until=valid_until, evidence=(evidence or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    consent.full_clean()
    consent.save()
    versioned_create(consent, actor=actor)
    timeline_record(
        person=person, kind="consent.recorded", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"organisation": organisation.name, "purpose": purpose}, obj=consent, actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="partners.consent", object_id=consent.pk,
        person_id=person.pk, fields=keys, detail={"organisation_id": organisation.pk},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, expected_version: int, reason: str) -> Consent:
    """Withdraw consent, effective immediately: from this moment no selector treats it as live.
    The consent row and its history are kept; a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the withdrawal.")]})
    if consent.withdrawn_at is not None:
        raise ValidationError({"reason": [_("This consent was already withdrawn.")]})
    consent = versioned_update(
        consent, actor=actor, expected_version=expected_version, reason=reason,
        changes={
            "withdrawn_at": timezone.now(), "withdrawn_by": actor if getattr(actor, "pk", None) else None,
            "withdrawal_reason": reason,
        },
    )
    timeline_record(
        person=consent.person, kind="consent.withdrawn", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"organisation": consent.organisation.name}, obj=consent, actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, object_type="partners.consent", object_id=consent.pk,
        person_id=consent.person_id, fields=["withdrawn_at"], detail={"organisation_id": consent.organisation_id},
    )
    return consent


@transaction.atomic
def referral_view_record(*, actor: Any, referral: Referral, fields: Iterable[str], partner: bool,
                         source_ip: str | None = None) -> None:
    """Audit one view of a referral page: for the partner it is a disclosure of ``fields`` (the
    shared fields shown); for staff a read of the person's name."""
    audit_record(
        actor=actor, action=AuditAction.DISCLOSE if partner else AuditAction.READ,
        object_type="partners.referral", object_id=referral.pk, person_id=referral.person_id,
        fields=sorted(fields), source_ip=source_ip, detail={"organisation_id": referral.organisation_id},
    )
