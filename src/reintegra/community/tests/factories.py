"""A small world for the community-measure tests, built through the services: a probation office
with an officer (the person in their caseload), a supervisor and a colleague of the office, a
person under supervision with a case and a community service sentence of 40 hours, a partner NGO,
and two restorative justice facilitators (``facilitator`` is given the cases; ``other_facilitator``
is not)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.models import Organisation, User
from reintegra.accounts.tests.factories import OrganisationFactory, user_with_role
from reintegra.community import services
from reintegra.community.choices import InformedHow, PartyRole, RestorativeKind
from reintegra.community.models import CommunityServiceOrder, RestorativeCase, RestorativeParty
from reintegra.justice.choices import DispositionKind
from reintegra.justice.models import Case, Disposition
from reintegra.justice.tests.factories import (
    CaseFactory, DispositionFactory, ProbationOfficeFactory, SupervisionPeriodFactory,
)
from reintegra.people.models import Person

VICTIM_NAME = "Ottilie Vanderquist"
VICTIM_PHONE = "+44 7700 900982"
VICTIM_EMAIL = "ottilie.vq@example.org"
VICTIM_ADDRESS = "4 Larkspur Row, Elsewhere"


def fresh(user: User) -> User:
    """The user as a new request would load them (per-request caches empty)."""
    return User.objects.get(pk=user.pk)


@dataclass
class World:
    office: Organisation
    partner: Organisation
    officer: User
    supervisor: User
    colleague: User
    facilitator: User
    other_facilitator: User
    person: Person
    case: Case
    disposition: Disposition

    def order(self, **kwargs: Any) -> CommunityServiceOrder:
        values = {"disposition": self.disposition, "due_by": timezone.localdate() + dt.timedelta(days=180)} | kwargs
        return services.order_create(actor=self.officer, person=self.person, **values)

    def rj_case(self, *, facilitated: bool = True) -> RestorativeCase:
        return services.rj_refer(actor=self.officer, person=self.person, case=self.case, kind=RestorativeKind.MEDIATION,
                                 facilitator=self.facilitator if facilitated else None)

    def responsible(self, rj_case: RestorativeCase) -> RestorativeParty:
        return rj_case.parties.get(role=PartyRole.RESPONSIBLE)

    def victim(self, rj_case: RestorativeCase, *, consent: bool = True) -> RestorativeParty:
        party = services.party_add(actor=self.facilitator, rj_case=rj_case, role=PartyRole.VICTIM, label="Victim 1",
                                   name=VICTIM_NAME, phone=VICTIM_PHONE, email=VICTIM_EMAIL, address=VICTIM_ADDRESS)
        if consent:
            services.consent_give(actor=self.facilitator, party=party, informed_how=InformedHow.IN_PERSON)
        return party


def world() -> World:
    office = ProbationOfficeFactory()
    partner = OrganisationFactory(kind=OrganisationKind.NGO)
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    period = SupervisionPeriodFactory(office=office, officer=officer, starts_on=timezone.localdate() - dt.timedelta(days=30))
    case = CaseFactory(person=period.person)
    disposition = DispositionFactory(case=case, kind=DispositionKind.COMMUNITY_SERVICE, hours=40, term_days=None)
    return World(
        office=office, partner=partner, officer=officer, supervisor=user_with_role(Role.SUPERVISOR, office),
        colleague=user_with_role(Role.PROBATION_OFFICER, office),
        facilitator=user_with_role(Role.RJ_FACILITATOR, ngo), other_facilitator=user_with_role(Role.RJ_FACILITATOR, ngo),
        person=period.person, case=case, disposition=disposition,
    )


def matrix_measures(world: dict[str, Any]) -> dict[str, Any]:
    """For the authorisation matrix's world (``user``, ``person``, ``officer`` who supervises the
    person, ``case``, ``partner``): a community service order of the person (``order``) with a
    placement and a pending hours entry (``placement``, ``entry``), a diversion (``diversion``),
    and a restorative justice case (``rj_case``) facilitated by ``user`` when they are a facilitator
    (by another facilitator otherwise) with the person's consent, a victim party without consent
    (``party``), a session and an agreement term (``item``)."""
    from reintegra.accounts.policy import Action, allowed
    from reintegra.community.choices import ProgrammeKind, SessionKind

    user, person, officer = world["user"], world["person"], world["officer"]
    facilitator = user if allowed(user, Action.RESTORATIVE_FACILITATE) else user_with_role(Role.RJ_FACILITATOR)
    today = timezone.localdate()
    order = services.order_create(actor=officer, person=person, hours_ordered=20, due_by=today + dt.timedelta(days=90))
    placement = services.placement_add(actor=officer, order=order, organisation=world["partner"],
                                       supervisor_name="Placement supervisor", starts_on=today - dt.timedelta(days=7))
    entry = services.hours_record(actor=officer, order=order, placement=placement, worked_on=today, hours="3",
                                  task="Gardening")
    diversion = services.diversion_refer(actor=officer, person=person, case=world["case"], provider=world["partner"],
                                         programme_kind=ProgrammeKind.DRUG_TREATMENT)
    rj_case = services.rj_refer(actor=officer, person=person, case=world["case"], kind=RestorativeKind.MEDIATION,
                                facilitator=facilitator)
    responsible = rj_case.parties.get(role=PartyRole.RESPONSIBLE)
    services.consent_give(actor=facilitator, party=responsible, informed_how=InformedHow.IN_PERSON)
    party = services.party_add(actor=facilitator, rj_case=rj_case, role=PartyRole.VICTIM, label="Victim 1",
                               name=VICTIM_NAME, phone=VICTIM_PHONE, email=VICTIM_EMAIL, address=VICTIM_ADDRESS)
    services.session_record(actor=facilitator, rj_case=rj_case, held_on=today, kind=SessionKind.PREPARATION,
                            attendees=[responsible])
    rj_case = services.agreement_record(actor=facilitator, rj_case=rj_case, terms=["Letter of apology"])
    return {"order": order, "placement": placement, "entry": entry, "diversion": diversion, "rj_case": rj_case,
            "party": party, "item": rj_case.agreement_items.get(), "facilitator": facilitator}
