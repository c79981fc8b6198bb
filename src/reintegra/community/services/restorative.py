"""Restorative justice cases (ECOSOC 2002/12 basic principles): referral from a case by case staff,
an impartial facilitator, parties who take part only with free and informed consent that they may
withdraw at any time (every giving and withdrawal kept), sessions, the agreement and its
fulfilment, and the outcome. Not reaching an agreement is a neutral outcome, never a breach.

The facilitator of the case records consent, sessions, the agreement and the outcome; the parties'
contact details go only to them, never into the audit log or the change history."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, allowed
from reintegra.audit.choices import AuditAction
from reintegra.community.choices import (
    CONSENT_REQUIRED_ROLES, OUTCOMES_WITH_AGREEMENT, RESTORATIVE_TRANSITIONS, ConsentState, InformedHow, ItemStatus,
    PartyRole, RestorativeKind, RestorativeOutcome, RestorativeStatus, SessionKind,
)
from reintegra.community.models import AgreementItem, ConsentRecord, RestorativeCase, RestorativeParty, RestorativeSession
from reintegra.community.services.diversion import check_case
from reintegra.community.services.events import record_event
from reintegra.community.services.guard import (
    actor_or_none, audit_change, check_case_staff, check_facilitator, check_transition, check_version, is_facilitator,
    live_person, not_future, refusable,
)
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.models import Case
from reintegra.people.models import Person


def _check_facilitator_choice(facilitator: Any, errors: dict[str, list[str]]) -> None:
    if facilitator is not None and not is_facilitator(facilitator):
        errors["facilitator"] = [_("Choose a restorative justice facilitator.")]


def _check_not_closed(rj_case: RestorativeCase) -> None:
    if rj_case.is_voided or rj_case.status == RestorativeStatus.CLOSED:
        raise ValidationError({"status": [_("This restorative justice case is closed.")]})


@refusable("rj_refer")
def rj_refer(*, actor: Any, person: Person, case: Case | None, kind: str, facilitator: Any = None,
             referred_on: dt.date | None = None) -> RestorativeCase:
    """Refer ``person`` (the person responsible) from ``case`` to a restorative process of ``kind``,
    optionally naming the facilitator now. The person responsible becomes the first party; the
    facilitator adds the victims and others and asks each for consent."""
    check_case_staff(actor, person)
    referred_on = referred_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    live_person(person, errors)
    check_case(case, person, errors)
    if kind not in RestorativeKind.values:
        errors["kind"] = [_("Choose mediation, conferencing or a circle.")]
    _check_facilitator_choice(facilitator, errors)
    not_future(referred_on, "referred_on", errors)
    if errors:
        raise ValidationError(errors)
    rj_case = RestorativeCase.objects.create(person=person, case=case, kind=kind, referred_on=referred_on,
                                             referred_by=actor, facilitator=facilitator)
    versioned_create(rj_case, actor=actor)
    RestorativeParty.objects.create(rj_case=rj_case, role=PartyRole.RESPONSIBLE, person=person,
                                    label=str(PartyRole.RESPONSIBLE.label))
    record_event(person=person, kind="community.rj_referred", obj=rj_case, actor=actor, occurred_on=referred_on)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="rj_refer", record=rj_case, person_id=person.pk,
                 fields=["case", "kind", "facilitator", "referred_on"], case_id=case.pk,
                 facilitator_id=getattr(facilitator, "pk", None))
    return rj_case


@refusable("rj_facilitator_assign")
def rj_facilitator_assign(*, actor: Any, rj_case: RestorativeCase, facilitator: Any,
                          expected_version: int | None = None) -> RestorativeCase:
    """Give the case to a facilitator (or another one): only they then see the parties' contacts."""
    check_case_staff(actor, rj_case.person)
    version = check_version(rj_case, expected_version)
    _check_not_closed(rj_case)
    errors: dict[str, list[str]] = {}
    if facilitator is None:
        errors["facilitator"] = [_("Choose a restorative justice facilitator.")]
    _check_facilitator_choice(facilitator, errors)
    if facilitator is not None and facilitator.pk == rj_case.facilitator_id:
        errors["facilitator"] = [_("This facilitator already has the case.")]
    if errors:
        raise ValidationError(errors)
    rj_case = versioned_update(rj_case, actor=actor, expected_version=version, changes={"facilitator": facilitator})
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="rj_facilitator_assign", record=rj_case,
                 person_id=rj_case.person_id, fields=["facilitator"], facilitator_id=facilitator.pk)
    return rj_case


@refusable("party_add")
def party_add(*, actor: Any, rj_case: RestorativeCase, role: str, label: str, name: str = "", phone: str = "",
              email: str = "", address: str = "") -> RestorativeParty:
    """The facilitator adds a victim, supporter or community member, with a label others will see
    (e.g. “Victim 1”) and the contact details only the facilitator sees."""
    check_facilitator(actor, rj_case)
    _check_not_closed(rj_case)
    errors: dict[str, list[str]] = {}
    if role not in PartyRole.values or role == PartyRole.RESPONSIBLE:
        errors["role"] = [_("Choose victim, supporter or community member.")]
    label = " ".join((label or "").split())
    if not label:
        errors["label"] = [_("Give a label that does not identify the party, such as “Victim 1”.")]
    elif rj_case.parties.filter(label__iexact=label, voided_at__isnull=True).exists():
        errors["label"] = [_("Another party of this case has this label.")]
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    party = RestorativeParty.objects.create(rj_case=rj_case, role=role, label=label, name=(name or "").strip(),
                                            phone=(phone or "").strip(), email=email, address=(address or "").strip())
    audit_change(actor=actor, action=AuditAction.CREATE, operation="party_add", record=party,
                 person_id=rj_case.person_id, fields=["role", "label", "contact"], rj_case_id=rj_case.pk, role=role)
    return party


@refusable("consent_give")
def consent_give(*, actor: Any, party: RestorativeParty, informed_how: str, on: dt.date | None = None,
                 note: str = "") -> RestorativeParty:
    """Record that the party, having been told what the process involves and that they may stop at
    any time, freely agrees to take part (how they were informed is kept)."""
    rj_case = party.rj_case
    check_facilitator(actor, rj_case)
    _check_not_closed(rj_case)
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if party.is_voided:
        errors["party"] = [_("This party was removed from the case.")]
    elif party.consent == ConsentState.GIVEN:
        errors["party"] = [_("This party's consent is already on record.")]
    if informed_how not in InformedHow.values:
        errors["informed_how"] = [_("Say how the party was informed about the process.")]
    not_future(on, "on", errors)
    if errors:
        raise ValidationError(errors)
    return _consent_change(actor=actor, party=party, given=True, on=on, informed_how=informed_how, note=note)


def _consent_change(*, actor: Any, party: RestorativeParty, given: bool, on: dt.date, informed_how: str,
                    note: str) -> RestorativeParty:
    ConsentRecord.objects.create(party=party, given=given, on=on, informed_how=informed_how, note=(note or "").strip(),
                                 recorded_by=actor_or_none(actor))
    state = ConsentState.GIVEN if given else ConsentState.WITHDRAWN
    RestorativeParty.objects.filter(pk=party.pk).update(consent=state, updated_at=timezone.now())
    party.consent = state
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="consent_give" if given else "consent_withdraw",
                 record=party, person_id=party.rj_case.person_id, fields=["consent"], rj_case_id=party.rj_case_id,
                 role=party.role)
    return party


@refusable("consent_withdraw")
def consent_withdraw(*, actor: Any, party: RestorativeParty, on: dt.date | None = None,
                     note: str = "") -> RestorativeParty:
    """Record that the party withdraws their consent. Possible at any time, without a reason; the
    party takes no further part (no session can be recorded with them) and the history is kept.
    The facilitator records it for any party; case staff may record it for the person responsible."""
    rj_case = party.rj_case
    if party.role == PartyRole.RESPONSIBLE and not allowed(actor, Action.RESTORATIVE_FACILITATE):
        check_case_staff(actor, rj_case.person)
    else:
        check_facilitator(actor, rj_case)
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if party.consent != ConsentState.GIVEN:
        errors["party"] = [_("There is no consent on record to withdraw.")]
    not_future(on, "on", errors)
    if errors:
        raise ValidationError(errors)
    return _consent_change(actor=actor, party=party, given=False, on=on, informed_how="", note=note)


@refusable("session_record")
def session_record(*, actor: Any, rj_case: RestorativeCase, held_on: dt.date | None, kind: str,
                   attendees: Iterable[RestorativeParty], note: str = "") -> RestorativeSession:
    """Record a session held with ``attendees``. Refused, with nothing recorded, unless consent is on
    record for every party attending (the person responsible and each victim above all)."""
    check_facilitator(actor, rj_case)
    _check_not_closed(rj_case)
    errors: dict[str, list[str]] = {}
    not_future(held_on, "held_on", errors)
    if held_on is not None and held_on < rj_case.referred_on and "held_on" not in errors:
        errors["held_on"] = [_("The session cannot be before the referral.")]
    if kind not in SessionKind.values:
        errors["kind"] = [_("Choose the kind of session.")]
    attendees = list(attendees or [])
    if not attendees:
        errors["attendees"] = [_("Choose who attended.")]
    elif any(party.rj_case_id != rj_case.pk or party.is_voided for party in attendees):
        errors["attendees"] = [_("Choose parties of this case only.")]
    else:
        # Read consent from the database, not from objects the caller may hold from before a withdrawal.
        states = dict(RestorativeParty.objects.filter(pk__in=[p.pk for p in attendees]).values_list("pk", "consent"))
        missing = [party.label for party in attendees
                   if party.role in CONSENT_REQUIRED_ROLES and states.get(party.pk) != ConsentState.GIVEN]
        if missing:
            errors["attendees"] = [_("No consent on record for: %(parties)s. A session can only be recorded when "
                                     "everyone attending, the person responsible and each victim above all, has "
                                     "given consent and not withdrawn it.") % {"parties": ", ".join(missing)}]
    if errors:
        raise ValidationError(errors)
    session = RestorativeSession.objects.create(rj_case=rj_case, held_on=held_on, kind=kind, note=(note or "").strip(),
                                                recorded_by=actor_or_none(actor))
    session.attendees.set(attendees)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="session_record", record=session,
                 person_id=rj_case.person_id, fields=["held_on", "kind", "attendees"], rj_case_id=rj_case.pk,
                 attendees=len(attendees))
    return session


@refusable("agreement_record")
def agreement_record(*, actor: Any, rj_case: RestorativeCase, terms: Iterable[str], agreed_on: dt.date | None = None,
                     expected_version: int | None = None) -> RestorativeCase:
    """Record the agreement the parties reached (one term per item). It needs a session held and the
    person responsible's consent still on record."""
    check_facilitator(actor, rj_case)
    version = check_version(rj_case, expected_version)
    _check_not_closed(rj_case)
    errors: dict[str, list[str]] = {}
    if rj_case.status != RestorativeStatus.OPEN:
        errors["status"] = [_("An agreement is already on record for this case.")]
    terms = [" ".join(str(term).split()) for term in terms or []]
    terms = [term for term in terms if term]
    if not terms:
        errors["terms"] = [_("Write the terms of the agreement, one per line.")]
    elif any(len(term) > 300 for term in terms):
        errors["terms"] = [_("Keep each term under 300 characters.")]
    agreed_on = agreed_on or timezone.localdate()
    not_future(agreed_on, "agreed_on", errors)
    if not rj_case.sessions.filter(voided_at__isnull=True).exists():
        errors.setdefault("status", [_("Record the session where the agreement was reached first.")])
    if not rj_case.parties.filter(role=PartyRole.RESPONSIBLE, consent=ConsentState.GIVEN,
                                  voided_at__isnull=True).exists():
        errors["terms"] = [_("The person responsible's consent is not on record: there can be no agreement.")]
    if errors:
        raise ValidationError(errors)
    check_transition(rj_case.status, RestorativeStatus.AGREED, RESTORATIVE_TRANSITIONS)
    rj_case = versioned_update(rj_case, actor=actor, expected_version=version,
                               changes={"status": RestorativeStatus.AGREED, "agreed_on": agreed_on})
    AgreementItem.objects.bulk_create([AgreementItem(rj_case=rj_case, terms=term, recorded_by=actor_or_none(actor))
                                       for term in terms])
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="agreement_record", record=rj_case,
                 person_id=rj_case.person_id, fields=["status", "agreed_on", "terms"], terms=len(terms))
    return rj_case


@refusable("item_mark")
def item_mark(*, actor: Any, item: AgreementItem, status: str, on: dt.date | None = None) -> AgreementItem:
    """Mark one term of the agreement fulfilled or not fulfilled."""
    rj_case = item.rj_case
    check_facilitator(actor, rj_case)
    _check_not_closed(rj_case)
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if item.is_voided:
        errors["item"] = [_("This term was removed.")]
    if status not in (ItemStatus.FULFILLED, ItemStatus.NOT_FULFILLED):
        errors["status"] = [_("Choose fulfilled or not fulfilled.")]
    not_future(on, "on", errors)
    if errors:
        raise ValidationError(errors)
    AgreementItem.objects.filter(pk=item.pk).update(status=status, status_on=on, recorded_by=actor_or_none(actor),
                                                    updated_at=timezone.now())
    item.refresh_from_db()
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="item_mark", record=item,
                 person_id=rj_case.person_id, fields=["status"], rj_case_id=rj_case.pk, status=status)
    return item


@refusable("rj_close")
def rj_close(*, actor: Any, rj_case: RestorativeCase, outcome: str, closed_on: dt.date | None = None,
             expected_version: int | None = None) -> RestorativeCase:
    """Close the case with its outcome. Without an agreement: no agreement reached (neutral, never a
    breach) or did not go ahead; with one: fulfilled (every term) or partly fulfilled."""
    check_facilitator(actor, rj_case)
    version = check_version(rj_case, expected_version)
    _check_not_closed(rj_case)
    closed_on = closed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    not_future(closed_on, "closed_on", errors)
    agreed = rj_case.status == RestorativeStatus.AGREED
    if outcome not in RestorativeOutcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    elif agreed and outcome not in OUTCOMES_WITH_AGREEMENT:
        errors["outcome"] = [_("An agreement was reached: say whether it was fulfilled in full or in part.")]
    elif not agreed and outcome in OUTCOMES_WITH_AGREEMENT:
        errors["outcome"] = [_("No agreement is on record for this case.")]
    elif outcome == RestorativeOutcome.FULFILLED and rj_case.agreement_items.filter(voided_at__isnull=True).exclude(
            status=ItemStatus.FULFILLED).exists():
        errors["outcome"] = [_("Not every term is marked fulfilled: mark them, or close as partly fulfilled.")]
    if errors:
        raise ValidationError(errors)
    check_transition(rj_case.status, RestorativeStatus.CLOSED, RESTORATIVE_TRANSITIONS)
    rj_case = versioned_update(rj_case, actor=actor, expected_version=version, changes={
        "status": RestorativeStatus.CLOSED, "outcome": outcome, "closed_on": closed_on})
    record_event(person=rj_case.person, kind="community.rj_closed", obj=rj_case, actor=actor, occurred_on=closed_on)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="rj_close", record=rj_case,
                 person_id=rj_case.person_id, fields=["status", "outcome", "closed_on"], outcome=outcome)
    return rj_case

