from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.justice.choices import ChargeOutcome
from reintegra.justice.models import Charge
from reintegra.justice.tests.factories import ChargeFactory, iccs_section
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes import selectors
from reintegra.programmes.eligibility import eligibility
from reintegra.programmes.models import LabourDemand
from reintegra.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _demand(trade: str, region: str, vacancies: int, start: dt.date, end: dt.date) -> None:
    LabourDemand.objects.create(trade=trade, region=region, vacancies=vacancies, period_start=start,
                                period_end=end, imported_at=timezone.now())


def test_labour_demand_prefers_the_period_covering_today_per_region() -> None:
    on = dt.date(2026, 5, 15)
    _demand("Welding", "North", 10, dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    _demand("welding", "North", 99, dt.date(2026, 7, 1), dt.date(2026, 9, 30))  # later, not current
    _demand("Welding", "South", 4, dt.date(2025, 1, 1), dt.date(2025, 12, 31))  # only period: the latest
    _demand("Plumbing", "North", 7, dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    found = selectors.labour_demand_for(trades=[" WELDING "], on=on)
    assert [(d.region, d.vacancies) for d in found["welding"]] == [("North", 10), ("South", 4)]
    assert selectors.labour_demand_for(trades=["Masonry"], on=on) == {}


def test_person_facts_read_the_index_offence_and_age() -> None:
    person = PersonFactory(date_of_birth=dt.date(2000, 6, 15), languages=["es"], literacy_level="basic")
    charge = ChargeFactory(case__person=person, offence=iccs_section("03"))
    Charge.objects.filter(pk=charge.pk).update(outcome=ChargeOutcome.CONVICTED)
    facts = selectors.person_facts(person=person, band="high", on=dt.date(2026, 6, 14))
    assert (facts.band, facts.age, facts.languages, facts.literacy, facts.offence_section) == (
        "high", 25, ("es",), "basic", "03")
    programme = ProgrammeFactory(excluded_sections=["03"])
    assert [reason.rule for reason in eligibility(programme, facts)] == ["offence"]


def test_catalogue_filters_leave_out_voided_programmes() -> None:
    live = ProgrammeFactory(targeted_needs=["substance", "attitudes"])
    ProgrammeFactory(targeted_needs=["substance"], voided_at=timezone.now())
    assert list(selectors.programme_list(need="substance")) == [live]
    assert list(selectors.programme_list(need="family")) == []
