"""Telling the person's family contacts the release date.

A contact is notified only when the person consents (``Contact.may_be_notified``) and no safety
restriction applies (``Contact.safety_restriction``); otherwise the notification is stored as
blocked with the reason, which the page shows. The message goes out through the configured sender
(``reentry.senders``). Nothing about the contact goes to the logs or the audit entry (ids only).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.people.models import Contact
from reintegra.reentry.choices import Channel, NotificationReason, NotificationStatus, PreparationStatus
from reintegra.reentry.models import FamilyNotification, ReleasePreparation
from reintegra.reentry.senders import Message, SendError, get_sender
from reintegra.reentry.services.guard import audit_change, check_person_full, event, refusable


def blocked_reason(contact: Contact, channel: str) -> str:
    """Why ``contact`` may not be told by ``channel`` ("" when they may)."""
    if contact.safety_restriction:
        return NotificationReason.SAFETY_RESTRICTION
    if not contact.may_be_notified:
        return NotificationReason.NO_CONSENT
    if not (contact.email if channel == Channel.EMAIL else contact.phone):
        return NotificationReason.NO_ADDRESS
    return ""


def _message(notification: FamilyNotification, contact: Contact, name: str) -> Message:
    when = formats.date_format(notification.release_on, "DATE_FORMAT")
    return Message(
        channel=notification.channel, to=contact.email if notification.channel == Channel.EMAIL else contact.phone,
        subject=_("Release date"), reference=str(notification.pk),
        body=_("%(name)s is expected to be released from custody on %(date)s.") % {"name": name, "date": when},
    )


@refusable("family_notify")
def family_notify(*, actor: Any, preparation: ReleasePreparation, contact: Contact, channel: str,
                  release_on: dt.date) -> FamilyNotification:
    """Tell one contact of the person the release date by email or SMS. Returns the stored
    notification: sent, blocked (no consent, a safety restriction, no address) or failed."""
    check_person_full(actor, preparation.person)
    errors: dict[str, list[str]] = {}
    if preparation.is_voided or preparation.status == PreparationStatus.CLOSED:
        errors["status"] = [_("This release preparation is closed.")]
    if contact.person_id != preparation.person_id or contact.voided_at is not None:
        errors["contact"] = [_("Choose one of the person's contacts.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Choose email or SMS.")]
    if release_on is None:
        errors["release_on"] = [_("Give the release date to tell the contact.")]
    if errors:
        raise ValidationError(errors)
    reason = blocked_reason(contact, channel)
    notification = FamilyNotification.objects.create(
        preparation=preparation, contact=contact, channel=channel, release_on=release_on, reason=reason,
        status=NotificationStatus.BLOCKED if reason else NotificationStatus.SENT,
        created_by=actor if getattr(actor, "pk", None) else None)
    if not reason:
        try:
            get_sender().send(_message(notification, contact, preparation.person.full_name))
        except SendError:
            notification.status, notification.reason = NotificationStatus.FAILED, NotificationReason.SEND_FAILED
        else:
            notification.sent_at = timezone.now()
            event(preparation=preparation, kind="release.family_notified", actor=actor)
        notification.save(update_fields=["status", "reason", "sent_at", "updated_at"])
    audit_change(actor=actor, action=AuditAction.CREATE, operation="family_notify", preparation=preparation,
                 fields=["notifications"], notification_id=notification.pk, contact_id=contact.pk,
                 status=notification.status)
    return notification
