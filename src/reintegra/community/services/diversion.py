"""Diversion and treatment as an alternative to conviction: the referral from a case to a provider,
its conditions (each with a start and an end) and its outcome (completed, not completed or
withdrawn, the last two with a reason)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.community.choices import DIVERSION_REASON_NEEDED, DIVERSION_TRANSITIONS, DiversionStatus, ProgrammeKind
from reintegra.community.models import Diversion, DiversionCondition
from reintegra.community.services.events import record_event
from reintegra.community.services.guard import (
    actor_or_none, audit_change, check_case_staff, check_transition, check_version, live_person, not_future,
    refusable,
)
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.models import Case
from reintegra.people.models import Person


def check_case(case: Case | None, person: Person, errors: dict[str, list[str]]) -> None:
    if case is None or case.person_id != person.pk or case.is_voided:
        errors["case"] = [_("Choose one of this person's cases.")]


@refusable("diversion_refer")
def diversion_refer(*, actor: Any, person: Person, case: Case | None, provider: Organisation | None,
                    programme_kind: str, referred_on: dt.date | None = None) -> Diversion:
    """Refer ``person`` from ``case`` to a provider's programme instead of prosecution."""
    check_case_staff(actor, person)
    referred_on = referred_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    live_person(person, errors)
    check_case(case, person, errors)
    if provider is None or not provider.active:
        errors["provider"] = [_("Choose an active provider organisation.")]
    if programme_kind not in ProgrammeKind.values:
        errors["programme_kind"] = [_("Choose the kind of programme.")]
    not_future(referred_on, "referred_on", errors)
    if errors:
        raise ValidationError(errors)
    diversion = Diversion.objects.create(person=person, case=case, provider=provider, programme_kind=programme_kind,
                                         referred_on=referred_on, referred_by=actor)
    versioned_create(diversion, actor=actor)
    record_event(person=person, kind="community.diversion_referred", obj=diversion, actor=actor, occurred_on=referred_on)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="diversion_refer", record=diversion,
                 person_id=person.pk, fields=["case", "provider", "programme_kind", "referred_on"],
                 case_id=case.pk, provider_id=provider.pk)
    return diversion


@refusable("diversion_condition_add")
def diversion_condition_add(*, actor: Any, diversion: Diversion, text: str, starts_on: dt.date | None,
                            ends_on: dt.date | None = None) -> DiversionCondition:
    """Add a condition of the diversion (e.g. attend treatment weekly), with its start and end."""
    check_case_staff(actor, diversion.person)
    errors: dict[str, list[str]] = {}
    if diversion.is_voided or diversion.status != DiversionStatus.ACTIVE:
        errors["status"] = [_("This diversion has ended; its conditions can no longer change.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write the condition.")]
    if starts_on is None:
        errors["starts_on"] = [_("Give the date the condition starts.")]
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The condition cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    condition = DiversionCondition.objects.create(diversion=diversion, text=text, starts_on=starts_on, ends_on=ends_on,
                                                  recorded_by=actor_or_none(actor))
    audit_change(actor=actor, action=AuditAction.CREATE, operation="diversion_condition_add", record=condition,
                 person_id=diversion.person_id, fields=["text", "starts_on", "ends_on"], diversion_id=diversion.pk)
    return condition


@refusable("diversion_outcome")
def diversion_outcome(*, actor: Any, diversion: Diversion, outcome: str, on: dt.date | None = None, reason: str = "",
                      expected_version: int | None = None) -> Diversion:
    """End the diversion: completed, not completed or withdrawn (the last two need a reason)."""
    check_case_staff(actor, diversion.person)
    version = check_version(diversion, expected_version)
    if diversion.is_voided:
        raise ValidationError({"status": [_("This diversion was voided.")]})
    errors: dict[str, list[str]] = {}
    if outcome not in DIVERSION_TRANSITIONS or outcome == DiversionStatus.ACTIVE:
        errors["outcome"] = [_("Choose the outcome: completed, not completed or withdrawn.")]
    else:
        check_transition(diversion.status, outcome, DIVERSION_TRANSITIONS)
    reason = (reason or "").strip()
    if outcome in DIVERSION_REASON_NEEDED and not reason:
        errors["reason"] = [_("Say why the diversion was not completed or was withdrawn.")]
    on = on or timezone.localdate()
    not_future(on, "on", errors)
    if on < diversion.referred_on:
        errors["on"] = [_("The outcome cannot come before the referral.")]
    if errors:
        raise ValidationError(errors)
    diversion = versioned_update(diversion, actor=actor, expected_version=version, reason=reason, changes={
        "status": outcome, "outcome_on": on, "outcome_reason": reason, "outcome_by": actor_or_none(actor)})
    record_event(person=diversion.person, kind="community.diversion_ended", obj=diversion, actor=actor, occurred_on=on)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="diversion_outcome", record=diversion,
                 person_id=diversion.person_id, fields=["status", "outcome_on", "outcome_reason"], outcome=outcome)
    return diversion
