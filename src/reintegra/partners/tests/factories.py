"""Factories for partners: organisations of partner kinds, consent and referrals (through the services)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.tests.factories import OrganisationFactory
from reintegra.partners import services
from reintegra.partners.choices import Purpose, SharedField
from reintegra.partners.models import Consent, Referral
from reintegra.people.models import Person


class PartnerFactory(OrganisationFactory):
    kind = OrganisationKind.HOUSING


def consent_for(person: Person, organisation: Any, *, purpose: str = Purpose.ACCOMMODATION,
                fields: tuple[str, ...] = (SharedField.NAME, SharedField.STATUS),
                valid_from: dt.date | None = None, valid_until: dt.date | None = None, actor: Any = None) -> Consent:
    return services.consent_record(
        actor=actor, person=person, organisation=organisation, purpose=purpose, fields=fields,
        valid_from=valid_from or timezone.localdate() - dt.timedelta(days=30), valid_until=valid_until,
        evidence="Signed form F-1",
    )


def referral_for(person: Person, organisation: Any, *, purpose: str = Purpose.ACCOMMODATION, actor: Any = None,
                 with_consent: bool = True, **consent: Any) -> Referral:
    if with_consent:
        consent_for(person, organisation, purpose=purpose, actor=actor, **consent)
    return services.referral_create(actor=actor, person=person, organisation=organisation, purpose=purpose)
