"""Restorative justice: consent given and withdrawn (history kept), no session without consent on
record for everyone attending (nothing changed), the agreement and its fulfilment, and an outcome
of no agreement that is neutral, never a breach. Contacts stay out of the audit log and history."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.community import services
from reintegra.community.choices import (
    ConsentState, InformedHow, ItemStatus, PartyRole, RestorativeOutcome, RestorativeStatus, SessionKind,
)
from reintegra.community.models import ConsentRecord, RestorativeCase, RestorativeSession
from reintegra.community.tests.factories import VICTIM_EMAIL, VICTIM_NAME, VICTIM_PHONE, World
from reintegra.core.errors import AccessDenied
from reintegra.core.models import RecordVersion
from reintegra.people.models import TimelineEvent

pytestmark = pytest.mark.django_db


def _ready(w: World) -> tuple[RestorativeCase, object, object]:
    """A facilitated case with the person's and a victim's consent on record."""
    rj_case = w.rj_case()
    person = w.responsible(rj_case)
    services.consent_give(actor=w.facilitator, party=person, informed_how=InformedHow.IN_PERSON)
    return rj_case, person, w.victim(rj_case)


def _session(w: World, rj_case: RestorativeCase, attendees: list) -> RestorativeSession:
    return services.session_record(actor=w.facilitator, rj_case=rj_case, held_on=timezone.localdate(),
                                   kind=SessionKind.MEETING, attendees=attendees)


def test_referral_makes_the_person_responsible_the_first_party(w: World) -> None:
    rj_case = w.rj_case()
    assert rj_case.status == RestorativeStatus.OPEN
    party = w.responsible(rj_case)
    assert party.person == w.person and party.consent == ConsentState.NONE
    assert TimelineEvent.objects.filter(person=w.person, kind="community.rj_referred").exists()


def test_only_a_facilitator_may_be_assigned(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.rj_refer(actor=w.officer, person=w.person, case=w.case, kind="mediation", facilitator=w.supervisor)
    assert "facilitator" in caught.value.message_dict
    rj_case = w.rj_case(facilitated=False)
    rj_case = services.rj_facilitator_assign(actor=w.officer, rj_case=rj_case, facilitator=w.other_facilitator)
    assert rj_case.facilitator == w.other_facilitator


def test_consent_needs_how_the_party_was_informed_and_only_the_cases_facilitator_records_it(w: World) -> None:
    rj_case = w.rj_case()
    party = w.responsible(rj_case)
    with pytest.raises(ValidationError) as caught:
        services.consent_give(actor=w.facilitator, party=party, informed_how="")
    assert "informed_how" in caught.value.message_dict
    for user in (w.other_facilitator, w.officer):
        with pytest.raises(AccessDenied):
            services.consent_give(actor=user, party=party, informed_how=InformedHow.PHONE)
    party.refresh_from_db()
    assert party.consent == ConsentState.NONE and not ConsentRecord.objects.exists()


def test_consent_withdrawn_at_any_time_keeps_the_history_and_stops_the_party_attending(w: World) -> None:
    rj_case, person, victim = _ready(w)
    _session(w, rj_case, [person, victim])
    services.consent_withdraw(actor=w.facilitator, party=victim)
    victim.refresh_from_db()
    assert victim.consent == ConsentState.WITHDRAWN
    assert list(victim.consents.values_list("given", flat=True)) == [True, False]
    with pytest.raises(ValidationError) as caught:
        _session(w, rj_case, [person, victim])
    assert "Victim 1" in caught.value.message_dict["attendees"][0]
    # consent may be given again after a withdrawal, and the history keeps all three
    services.consent_give(actor=w.facilitator, party=victim, informed_how=InformedHow.PHONE)
    assert victim.consents.count() == 3


def test_the_officer_may_record_the_persons_withdrawal_but_not_a_victims(w: World) -> None:
    rj_case, person, victim = _ready(w)
    with pytest.raises(AccessDenied):
        services.consent_withdraw(actor=w.officer, party=victim)
    services.consent_withdraw(actor=w.officer, party=person)
    person.refresh_from_db()
    assert person.consent == ConsentState.WITHDRAWN


@pytest.mark.parametrize("missing", ["person", "victim"])
def test_a_session_without_consent_on_record_is_refused_and_nothing_changes(w: World, missing: str) -> None:
    rj_case = w.rj_case()
    person = w.responsible(rj_case)
    victim = w.victim(rj_case, consent=missing != "victim")
    if missing != "person":
        services.consent_give(actor=w.facilitator, party=person, informed_how=InformedHow.IN_PERSON)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        _session(w, rj_case, [person, victim])
    message = caught.value.message_dict["attendees"][0]
    assert "No consent on record for" in message
    assert (person.label if missing == "person" else victim.label) in message
    assert not RestorativeSession.objects.exists()
    refusal = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1 and refusal.action == "denied"
    assert refusal.fields == ["attendees"]


def test_session_in_the_future_or_with_another_cases_party_is_refused(w: World) -> None:
    rj_case, person, victim = _ready(w)
    with pytest.raises(ValidationError) as caught:
        services.session_record(actor=w.facilitator, rj_case=rj_case, kind=SessionKind.MEETING, attendees=[person],
                                held_on=timezone.localdate() + dt.timedelta(days=1))
    assert "held_on" in caught.value.message_dict
    other = w.rj_case()
    with pytest.raises(ValidationError) as caught:
        _session(w, other, [person])
    assert "attendees" in caught.value.message_dict


def test_agreement_fulfilment_and_closing(w: World) -> None:
    rj_case, person, victim = _ready(w)
    with pytest.raises(ValidationError):  # no session yet
        services.agreement_record(actor=w.facilitator, rj_case=rj_case, terms=["Apology letter"])
    _session(w, rj_case, [person, victim])
    rj_case = services.agreement_record(actor=w.facilitator, rj_case=rj_case,
                                        terms=["Apology letter", "", "Repair the fence"])
    assert rj_case.status == RestorativeStatus.AGREED
    first, second = rj_case.agreement_items.order_by("id")
    services.item_mark(actor=w.facilitator, item=first, status=ItemStatus.FULFILLED)
    with pytest.raises(ValidationError) as caught:
        services.rj_close(actor=w.facilitator, rj_case=rj_case, outcome=RestorativeOutcome.FULFILLED)
    assert "outcome" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.rj_close(actor=w.facilitator, rj_case=rj_case, outcome=RestorativeOutcome.NO_AGREEMENT)
    services.item_mark(actor=w.facilitator, item=second, status=ItemStatus.FULFILLED)
    rj_case = services.rj_close(actor=w.facilitator, rj_case=rj_case, outcome=RestorativeOutcome.FULFILLED)
    assert rj_case.status == RestorativeStatus.CLOSED


def test_no_agreement_is_a_neutral_outcome_never_a_breach(w: World) -> None:
    rj_case, person, victim = _ready(w)
    _session(w, rj_case, [person, victim])
    rj_case = services.rj_close(actor=w.facilitator, rj_case=rj_case, outcome=RestorativeOutcome.NO_AGREEMENT)
    assert rj_case.outcome == RestorativeOutcome.NO_AGREEMENT
    assert "breach" not in str(RestorativeOutcome.NO_AGREEMENT.label).lower()
    assert not any("breach" in str(label).lower() for label in RestorativeOutcome.labels)
    assert not any("breach" in str(label).lower() for label in RestorativeStatus.labels)
    kinds = set(TimelineEvent.objects.filter(person=w.person).values_list("kind", flat=True))
    assert "community.rj_closed" in kinds and not any("breach" in kind for kind in kinds)
    events = AuditEvent.objects.filter(person_id=w.person.pk)
    assert not any("breach" in str(event.detail) for event in events)


def test_contacts_never_reach_the_audit_log_or_the_history(w: World) -> None:
    rj_case, person, victim = _ready(w)
    _session(w, rj_case, [person, victim])
    logged = " ".join(str((e.detail, e.fields)) for e in AuditEvent.objects.all())
    history = " ".join(str((v.before, v.after)) for v in RecordVersion.objects.all())
    for secret in (VICTIM_NAME, VICTIM_PHONE, VICTIM_EMAIL):
        assert secret not in logged and secret not in history


def test_parties_are_added_by_the_facilitator_with_a_unique_label(w: World) -> None:
    rj_case = w.rj_case()
    w.victim(rj_case)
    with pytest.raises(ValidationError) as caught:
        services.party_add(actor=w.facilitator, rj_case=rj_case, role=PartyRole.VICTIM, label="victim 1")
    assert "label" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.party_add(actor=w.facilitator, rj_case=rj_case, role=PartyRole.RESPONSIBLE, label="Other")
    assert "role" in caught.value.message_dict
    with pytest.raises(AccessDenied):
        services.party_add(actor=w.officer, rj_case=rj_case, role=PartyRole.SUPPORTER, label="Supporter")


def test_a_refusal_about_a_victim_is_audited_against_the_person_without_contacts(w: World) -> None:
    rj_case = w.rj_case()
    victim = w.victim(rj_case)
    with pytest.raises(AccessDenied):
        services.consent_withdraw(actor=w.other_facilitator, party=victim)
    refusal = AuditEvent.objects.filter(action="denied").latest("id")
    assert refusal.person_id == w.person.pk and refusal.object_id == str(victim.pk)
    assert not any(secret in str(refusal.detail) for secret in (VICTIM_NAME, VICTIM_PHONE, VICTIM_EMAIL))
