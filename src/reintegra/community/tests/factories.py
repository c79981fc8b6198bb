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
