"""The handover to the community officer and the release itself.

``handover_prepare`` names the community officer and office and books the first appointment
(``supervision.services.appointments.appointment_book``). ``release_record`` records the release
(``justice.services.custody.custody_release``, whose guards check the checklist) and, in the same
transaction, starts the supervision period for parole or conditional release (office and officer
from the handover), attaches the first appointment to it, hands the case plan over and marks the
handover sent. The community officer then acknowledges it (``release_handover_acknowledge``), which
also acknowledges the plan handover.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action
from reintegra.assessments.selectors import assessment_latest
from reintegra.audit.choices import AuditAction
from reintegra.core.errors import AccessDenied
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.rules import SUPERVISION_OFFICE_KINDS
from reintegra.justice.selectors import key_dates
from reintegra.justice.services.custody import custody_release
from reintegra.justice.services.supervision import supervision_start
from reintegra.planning import services as plan_services
from reintegra.planning.choices import OPEN_PLAN_STATUSES
from reintegra.planning.models import CasePlan
from reintegra.reentry.choices import (
    COMMUNITY_RELEASE_TYPES, SUPERVISED_RELEASE_KINDS, ChecklistItemKind, PreparationStatus,
)
from reintegra.reentry.models import ReleaseHandover, ReleasePreparation
from reintegra.reentry.services.checklist import appointment_booked, mark_complete
from reintegra.reentry.services.guard import (
    audit_change, check_person_full, check_preparing, check_version, event, refusable,
)
from reintegra.reentry.services.preparation import current_episode
from reintegra.supervision.choices import ContactType
from reintegra.supervision.services.appointments import (
    appointment_attach_period, appointment_book, appointment_cancel,
)

PREPARED_ITEMS = (ChecklistItemKind.OFFICER_ASSIGNED, ChecklistItemKind.APPOINTMENT_BOOKED,
                  ChecklistItemKind.HANDOVER_PREPARED)


def _fresh(user: Any) -> Any:
    """The user loaded again: access answers are cached per user object, and the officer's change
    within this transaction (a supervision period just started)."""
    return get_user_model().objects.get(pk=user.pk)


@refusable("handover_prepare")
def handover_prepare(*, actor: Any, preparation: ReleasePreparation, officer: Any, office: Organisation | None,
                     scheduled_for: dt.datetime | None, contact_type: str = ContactType.OFFICE, note: str = "",
                     expected_version: int | None = None) -> ReleaseHandover:
    """Name the community officer and their office and book the first appointment with them.
    Preparing it again with another officer, office or time cancels the earlier appointment and
    books a new one. ``expected_version`` is the handover's (none before the first time)."""
    check_person_full(actor, preparation.person)
    check_preparing(preparation)
    handover = ReleaseHandover.objects.filter(preparation=preparation).select_related("appointment").first()
    version = check_version(handover, expected_version) if handover is not None else None
    if office is None or office.kind not in SUPERVISION_OFFICE_KINDS or not office.active:
        raise ValidationError({"office": [_("Choose the probation office that supervises the person after release.")]})
    booked = handover.appointment if handover is not None and appointment_booked(handover) else None
    same = booked is not None and booked.officer_id == getattr(officer, "pk", None) \
        and booked.office_id == office.pk and booked.scheduled_for == scheduled_for
    appointment = booked
    if not same:
        appointment = appointment_book(actor=actor, person=preparation.person, officer=officer,
                                       scheduled_for=scheduled_for, office=office, contact_type=contact_type,
                                       note=note)
        if booked is not None:
            appointment_cancel(actor=actor, appointment=booked, reason=_("Rebooked during release preparation."))
    changes = {"community_officer": officer, "office": office, "appointment": appointment,
               "prepared_by": actor if getattr(actor, "pk", None) else None}
    if handover is None:
        handover = ReleaseHandover.objects.create(preparation=preparation, **changes)
        versioned_create(handover, actor=actor)
    else:
        handover = versioned_update(handover, actor=actor, expected_version=version, changes=changes)
    mark_complete(preparation, PREPARED_ITEMS, actor)
    event(preparation=preparation, kind="release.handover_prepared", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="handover_prepare", preparation=preparation,
                 fields=["community_officer", "office", "appointment"], officer_id=officer.pk,
                 appointment_id=appointment.pk)
    return handover


def _hand_plan_over(actor: Any, preparation: ReleasePreparation, handover: ReleaseHandover, officer: Any,
                    reason: str) -> Any:
    """The person's open case plan handed to the community officer (``None`` without one, or when
    it is theirs already)."""
    plan = CasePlan.objects.filter(person_id=preparation.person_id, status__in=OPEN_PLAN_STATUSES,
                                   voided_at__isnull=True).first()
    if plan is None or plan.responsible_officer_id == officer.pk:
        return None
    return plan_services.plan_handover(actor=actor, plan=plan, to_officer=officer, reason=reason,
                                       to_organisation=handover.office, expected_version=plan.version)


@refusable("release")
def release_record(*, actor: Any, preparation: ReleasePreparation, released_on: dt.date, release_type: str,
                   expected_version: int | None = None) -> ReleasePreparation:
    """Record the release of the person into the community (end of sentence, conditional release or
    parole) and hand them over, all in one transaction: refused (nothing changed) while the
    checklist is neither complete nor waived or no first appointment is booked."""
    check_person_full(actor, preparation.person)
    version = check_version(preparation, expected_version)
    check_preparing(preparation)
    errors: dict[str, list[str]] = {}
    if release_type not in COMMUNITY_RELEASE_TYPES:
        errors["release_type"] = [_("Choose end of sentence, conditional release or parole. Other releases "
                                    "(bail, court order, transfer) are recorded on the custody record.")]
    episode = current_episode(preparation.person_id)
    if episode is None:
        errors["episode"] = [_("The person has no open sentenced stay to release them from.")]
    handover = ReleaseHandover.objects.filter(preparation=preparation).select_related(
        "community_officer", "office", "appointment").first()
    if errors:
        raise ValidationError(errors)
    dates = key_dates(person=preparation.person, on=released_on) if released_on is not None else None
    # The release guard (``checklist.release_guard``) runs inside custody_release.
    custody_release(actor=actor, episode=episode, released_on=released_on, release_type=release_type,
                    expected_version=episode.version)
    assert handover is not None and handover.appointment is not None  # the guard refused otherwise
    officer = _fresh(handover.community_officer)
    period = None
    if release_type in SUPERVISED_RELEASE_KINDS:
        end = dates.sentence_end if dates is not None and dates.sentence_end > released_on else None
        period = supervision_start(actor=actor, person=preparation.person, kind=SUPERVISED_RELEASE_KINDS[release_type],
                                   office=handover.office, starts_on=released_on, officer=officer,
                                   disposition=episode.disposition, expected_end_on=end)
        appointment_attach_period(actor=actor, appointment=handover.appointment, period=period)
    plan_handover = _hand_plan_over(actor, preparation, handover, _fresh(officer),
                                    _("Released from custody: handed to the community officer."))
    latest = assessment_latest(person=preparation.person)
    versioned_update(handover, actor=actor, expected_version=handover.version, changes={
        "sent_at": timezone.now(), "sent_by": actor if getattr(actor, "pk", None) else None,
        "plan_handover": plan_handover, "assessment": latest})
    preparation = versioned_update(preparation, actor=actor, expected_version=version, changes={
        "status": PreparationStatus.RELEASED, "released_on": released_on, "release_type": release_type,
        "released_by": actor if getattr(actor, "pk", None) else None, "supervision_period": period})
    event(preparation=preparation, kind="release.recorded", actor=actor, occurred_on=released_on)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="release", preparation=preparation,
                 fields=["status", "released_on", "release_type"], episode_id=episode.pk,
                 period_id=getattr(period, "pk", None), plan_handover_id=getattr(plan_handover, "pk", None))
    return preparation


@refusable("acknowledge")
def release_handover_acknowledge(*, actor: Any, preparation: ReleasePreparation) -> ReleaseHandover:
    """The community officer confirms they have taken the person over (and the case plan with them).
    Only the officer named on the handover may, once, after the release."""
    check_person_full(actor, preparation.person)
    handover = ReleaseHandover.objects.filter(preparation=preparation).select_related("plan_handover").first()
    if handover is None or handover.community_officer_id != getattr(actor, "pk", None):
        raise AccessDenied(Action.RELEASE_EDIT.value)
    if handover.sent_at is None:
        raise ValidationError({"handover": [_("The release has not been recorded yet: nothing to acknowledge.")]})
    if handover.acknowledged_at is not None:
        raise ValidationError({"handover": [_("This handover was already acknowledged.")]})
    handover = versioned_update(handover, actor=actor, expected_version=handover.version,
                                changes={"acknowledged_at": timezone.now(), "acknowledged_by": actor})
    plan_handover = handover.plan_handover
    if plan_handover is not None and plan_handover.acknowledged_at is None \
            and plan_handover.to_officer_id == actor.pk:
        plan_services.handover_acknowledge(actor=actor, handover=plan_handover)
    event(preparation=preparation, kind="release.handover_acknowledged", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="acknowledge", preparation=preparation,
                 fields=["acknowledged_at"])
    return handover
