"""The pre-release checklist and the release guard.

Each item is completed (when what it says is true: every pathway resolved or without need, a
community officer assigned, a first appointment booked, the handover prepared; the family
notification decision is staff's to record) or waived with a reason. ``release_guard`` is registered
with ``justice.hooks`` so that ANY release of a sentenced stay into the community (end of sentence,
conditional release, parole), from whichever page or API, is refused while the checklist is neither
complete nor waived or while no first appointment is booked.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reintegra.audit.choices import AuditAction
from reintegra.core.versioning import versioned_update
from reintegra.justice.choices import CustodyKind
from reintegra.reentry.choices import (
    COMMUNITY_RELEASE_TYPES, SETTLED_PATHWAY_STATUSES, ChecklistItemKind, ChecklistState, PreparationStatus,
)
from reintegra.reentry.models import ChecklistItem, ReleaseHandover, ReleasePreparation
from reintegra.reentry.services.guard import (
    audit_change, check_person_full, check_preparing, check_version, event, refusable, text_required,
)
from reintegra.supervision.choices import AppointmentStatus

CHECKLIST_MESSAGE = gettext_noop("Complete or waive the pre-release checklist before recording the release.")


def _handover(preparation: ReleasePreparation) -> ReleaseHandover | None:
    return ReleaseHandover.objects.filter(preparation=preparation).select_related("appointment").first()


def appointment_booked(handover: ReleaseHandover | None) -> bool:
    return (handover is not None and handover.appointment is not None
            and handover.appointment.status == AppointmentStatus.SCHEDULED)


def item_unmet(preparation: ReleasePreparation, item: str) -> str:
    """Why ``item`` cannot be marked complete yet ("" when it can)."""
    handover = _handover(preparation)
    if item == ChecklistItemKind.PATHWAYS:
        if preparation.pathways.exclude(status__in=SETTLED_PATHWAY_STATUSES).exists():
            return _("Every pathway must be resolved or have no need first.")
    elif item == ChecklistItemKind.OFFICER_ASSIGNED:
        if handover is None:
            return _("Assign the community officer on the handover first.")
    elif item == ChecklistItemKind.APPOINTMENT_BOOKED:
        if not appointment_booked(handover):
            return _("Book the first appointment on the handover first.")
    elif item == ChecklistItemKind.HANDOVER_PREPARED:
        if not appointment_booked(handover):
            return _("Prepare the handover (officer, office and first appointment) first.")
    return ""


def _checked(actor: Any, item: ChecklistItem, expected_version: int | None) -> int:
    check_person_full(actor, item.preparation.person)
    version = check_version(item, expected_version)
    check_preparing(item.preparation)
    return version


@refusable("checklist_complete")
def checklist_complete(*, actor: Any, item: ChecklistItem, expected_version: int | None = None) -> ChecklistItem:
    """Mark an item complete, when what it says is true."""
    version = _checked(actor, item, expected_version)
    unmet = item_unmet(item.preparation, item.item)
    if unmet:
        raise ValidationError({"item": [unmet]})
    item = versioned_update(item, actor=actor, expected_version=version, changes={
        "state": ChecklistState.COMPLETE, "decided_at": timezone.now(),
        "decided_by": actor if getattr(actor, "pk", None) else None, "waiver_reason": ""})
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="checklist_complete",
                 preparation=item.preparation, fields=["checklist"], item=item.item)
    return item


@refusable("checklist_waive")
def checklist_waive(*, actor: Any, item: ChecklistItem, reason: str,
                    expected_version: int | None = None) -> ChecklistItem:
    """Waive an item, saying why (who and when are kept). A waiver without a reason is refused."""
    version = _checked(actor, item, expected_version)
    reason = text_required(reason, "reason", _("Give the reason for waiving this checklist item."))
    item = versioned_update(item, actor=actor, expected_version=version, reason=reason, changes={
        "state": ChecklistState.WAIVED, "decided_at": timezone.now(),
        "decided_by": actor if getattr(actor, "pk", None) else None, "waiver_reason": reason})
    event(preparation=item.preparation, kind="release.checklist_waived", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="checklist_waive",
                 preparation=item.preparation, fields=["checklist"], item=item.item)
    return item


def mark_complete(preparation: ReleasePreparation, items: tuple[str, ...], actor: Any) -> None:
    """Complete the open ``items`` the system has just seen come true (part of the caller's write)."""
    for item in ChecklistItem.objects.filter(preparation=preparation, item__in=items, state=ChecklistState.OPEN):
        versioned_update(item, actor=actor, expected_version=item.version, changes={
            "state": ChecklistState.COMPLETE, "decided_at": timezone.now(),
            "decided_by": actor if getattr(actor, "pk", None) else None})


def release_errors(preparation: ReleasePreparation | None) -> dict[str, list[str]]:
    """What stops a release into the community: an open checklist item, no first appointment."""
    errors: dict[str, list[str]] = {}
    if preparation is None or ChecklistItem.objects.filter(preparation=preparation,
                                                           state=ChecklistState.OPEN).exists():
        errors["checklist"] = [_(CHECKLIST_MESSAGE)]
    if preparation is None or not appointment_booked(_handover(preparation)):
        errors["first_appointment"] = [_("Book the first appointment with the community officer before "
                                         "recording the release.")]
    return errors


def release_guard(episode: Any, released_on: dt.date, release_type: str) -> dict[str, list[str]]:
    """The release guard (``justice.hooks.register_release_guard``): only sentenced stays released
    into the community are guarded; bail, acquittal, court order, death, escape are not."""
    if episode.kind != CustodyKind.SENTENCED or release_type not in COMMUNITY_RELEASE_TYPES:
        return {}
    preparation = ReleasePreparation.objects.filter(person_id=episode.person_id, voided_at__isnull=True,
                                                    status=PreparationStatus.PREPARING).first()
    return release_errors(preparation)
