"""Helpers for privacy tests: people with an old, finished justice history."""
from __future__ import annotations

import datetime as dt
from typing import Any

from reintegra.justice import services as justice
from reintegra.justice.choices import ChargeOutcome, CustodyKind, ReleaseType
from reintegra.justice.models import Case
from reintegra.justice.tests.factories import CaseFactory, ChargeFactory, CustodyEpisodeFactory, iccs_section
from reintegra.people.models import Person
from reintegra.people.tests.factories import PersonFactory


def person_with_history(*, released_on: dt.date = dt.date(2012, 6, 30), close_case: bool = True,
                        **person: Any) -> Person:
    """A person with one closed case (a proven ICCS 05 charge) and a remand stay released on ``released_on``."""
    person = PersonFactory(**person)
    case = CaseFactory(person=person, opened_on=dt.date(2011, 1, 10), reference=f"CR-{person.pk}-SECRET")
    charge = ChargeFactory(case=case, offence=iccs_section("05"), offence_date=dt.date(2011, 1, 2),
                           description="Broke into the shop of a neighbour")
    justice.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED,
                               outcome_date=dt.date(2011, 5, 1), expected_version=charge.version)
    stay = CustodyEpisodeFactory(person=person, kind=CustodyKind.REMAND, admitted_on=dt.date(2011, 1, 10), case=case)
    justice.custody_release(actor=None, episode=stay, released_on=released_on, release_type=ReleaseType.BAIL,
                            expected_version=stay.version)
    if close_case:
        # No case-closing service exists yet; the fixture sets the end state directly.
        Case.objects.filter(pk=case.pk).update(status="closed", closed_on=dt.date(2011, 5, 1))
    return person
