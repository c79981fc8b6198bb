"""Occupancy and SDG 16.3.2 against hand-computed cases."""
from __future__ import annotations

import datetime as dt

import pytest

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.core.errors import AccessDenied
from reintegra.core.versioning import versioned_void
from reintegra.custody import selectors
from reintegra.justice.choices import CustodyKind, ReleaseType
from reintegra.justice.services import custody_release, custody_transfer
from reintegra.justice.tests.factories import CustodyEpisodeFactory, DispositionFactory
from reintegra.people.choices import Sex
from reintegra.people.tests.factories import PersonFactory
from reintegra.reentry.tests.factories import release_ready

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 3, 15)


@pytest.fixture
def analyst():
    return user_with_role(Role.ANALYST)


def _remand(facility, sex=Sex.MALE, admitted_on=dt.date(2025, 1, 10)):
    return CustodyEpisodeFactory(facility=facility, person=PersonFactory(sex=sex), admitted_on=admitted_on)


def _sentenced(facility, sex=Sex.MALE, admitted_on=dt.date(2025, 1, 10)):
    person = PersonFactory(sex=sex)
    disposition = DispositionFactory(case__person=person, decided_on=admitted_on)
    return CustodyEpisodeFactory(facility=facility, person=person, kind=CustodyKind.SENTENCED,
                                 disposition=disposition, admitted_on=admitted_on)


def _row(report, facility):
    return next(f for f in report.facilities if f.facility_id == facility.pk)


class TestOccupancy:
    def test_hand_computed_facility_and_national_figures(self, analyst) -> None:
        north, south = FacilityFactory(official_capacity=4), FacilityFactory(official_capacity=10)
        for _i in range(3):
            _sentenced(north)
        _remand(north, sex=Sex.FEMALE)
        _remand(north, sex=Sex.FEMALE)  # 5 held in 4 places: 125 %, overcrowded
        _remand(south)
        _sentenced(south, sex=Sex.FEMALE)
        report = selectors.occupancy_on(user=analyst, on=ON)
        n, s = _row(report, north), _row(report, south)
        assert (n.held.total, n.capacity, n.occupancy_pct, n.overcrowded) == (5, 4, 125.0, True)
        assert (s.held.total, s.occupancy_pct, s.overcrowded) == (2, 20.0, False)
        national = report.national
        assert (national.held.total, national.capacity) == (7, 14)
        assert national.occupancy_pct == pytest.approx(50.0)  # 7 x 100 / 14
        assert national.held.unsentenced == 3 and national.held.unsentenced_pct == pytest.approx(300 / 7)

    def test_exactly_full_is_not_overcrowded(self, analyst) -> None:
        facility = FacilityFactory(official_capacity=2)
        _remand(facility)
        _remand(facility)
        row = _row(selectors.occupancy_on(user=analyst, on=ON), facility)
        assert row.occupancy_pct == 100.0 and not row.overcrowded

    def test_admitted_after_released_on_or_voided_are_not_held(self, analyst) -> None:
        facility = FacilityFactory(official_capacity=10)
        _remand(facility)  # held
        _remand(facility, admitted_on=ON)  # admitted on the date: held
        _remand(facility, admitted_on=ON + dt.timedelta(days=1))  # not yet
        released = _remand(facility)
        custody_release(actor=None, episode=released, released_on=ON, release_type=ReleaseType.BAIL,
                        expected_version=released.version)  # released on the date: gone that day
        later = _remand(facility)
        custody_release(actor=None, episode=later, released_on=ON + dt.timedelta(days=1),
                        release_type=ReleaseType.BAIL, expected_version=later.version)  # still held on the date
        voided = _remand(facility)
        versioned_void(voided, actor=None, expected_version=voided.version, reason="entered in error")
        row = _row(selectors.occupancy_on(user=analyst, on=ON), facility)
        assert row.held.total == 3 and row.occupancy_pct == 30.0

    def test_a_transfer_on_the_date_counts_once_at_the_new_facility(self, analyst) -> None:
        old, new = FacilityFactory(), FacilityFactory()
        episode = _remand(old)
        custody_transfer(actor=None, episode=episode, to_facility=new, transferred_on=ON,
                         expected_version=episode.version)
        report = selectors.occupancy_on(user=analyst, on=ON)
        assert (_row(report, old).held.total, _row(report, new).held.total) == (0, 1)
        assert report.national.held.total == 1

    def test_capacity_missing_gives_no_percentage_and_stays_out_of_the_national_rate(self, analyst) -> None:
        unknown, known = FacilityFactory(official_capacity=None), FacilityFactory(official_capacity=4)
        for _i in range(3):
            _remand(unknown)
        _remand(known)
        report = selectors.occupancy_on(user=analyst, on=ON)
        row = _row(report, unknown)
        assert row.held.total == 3 and row.occupancy_pct is None and not row.overcrowded
        national = report.national
        assert national.held.total == 4 and national.capacity == 4 and national.occupancy_pct == 25.0
        assert national.facilities_without_capacity == 1

    def test_an_empty_facility_is_listed_with_zero(self, analyst) -> None:
        facility = FacilityFactory(official_capacity=50)
        row = _row(selectors.occupancy_on(user=analyst, on=ON), facility)
        assert row.held.total == 0 and row.occupancy_pct == 0.0 and row.held.unsentenced_pct is None

    def test_refused_without_the_permission(self) -> None:
        with pytest.raises(AccessDenied):
            selectors.occupancy_on(user=user_with_role(Role.PROGRAMME_STAFF), on=ON)


class TestUnsentenced:
    def test_sdg_16_3_2_by_facility_and_sex(self, analyst) -> None:
        facility = FacilityFactory()
        _remand(facility, sex=Sex.FEMALE)
        _sentenced(facility, sex=Sex.FEMALE)
        _sentenced(facility, sex=Sex.FEMALE)
        _sentenced(facility, sex=Sex.FEMALE)  # women: 1 of 4 unsentenced, 25 %
        _remand(facility)
        _remand(facility)
        _sentenced(facility)  # men: 2 of 3, 66.7 %
        _remand(facility, sex=Sex.UNKNOWN)  # not recorded: counts in the total, under "other"
        held = _row(selectors.occupancy_on(user=analyst, on=ON), facility).held
        assert (held.total, held.unsentenced) == (8, 4) and held.unsentenced_pct == 50.0
        by_sex = held.sex_figures()
        assert by_sex["female"] == {"held": 4, "unsentenced": 1, "unsentenced_pct": 25.0}
        assert by_sex["male"]["unsentenced_pct"] == pytest.approx(200 / 3)
        assert by_sex["other"] == {"held": 1, "unsentenced": 1, "unsentenced_pct": 100.0}

    def test_a_sentence_under_appeal_counts_as_sentenced(self, analyst) -> None:
        # Justice records the stay as sentenced from the first-instance sentence on; an appeal does
        # not turn it back into remand, which is the indicator's rule.
        facility = FacilityFactory()
        _sentenced(facility)
        _remand(facility)
        assert _row(selectors.occupancy_on(user=analyst, on=ON), facility).held.unsentenced == 1

    def test_national_split_by_sex(self, analyst) -> None:
        a, b = FacilityFactory(), FacilityFactory()
        _remand(a, sex=Sex.FEMALE)
        _sentenced(b, sex=Sex.FEMALE)
        _remand(b)
        national = selectors.occupancy_on(user=analyst, on=ON).national.held.sex_figures()
        assert national["female"] == {"held": 2, "unsentenced": 1, "unsentenced_pct": 50.0}
        assert national["male"] == {"held": 1, "unsentenced": 1, "unsentenced_pct": 100.0}


class TestSeries:
    def test_month_ends_end_on_the_date(self) -> None:
        assert selectors.month_ends(months=3, until=dt.date(2025, 3, 15)) == [
            dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 15)]
        assert selectors.month_ends(months=2, until=dt.date(2025, 1, 5)) == [dt.date(2024, 12, 31), dt.date(2025, 1, 5)]

    def test_population_at_each_month_end(self, analyst) -> None:
        facility = FacilityFactory(official_capacity=2)
        _remand(facility, admitted_on=dt.date(2024, 12, 1))  # held throughout
        early = _sentenced(facility, admitted_on=dt.date(2025, 1, 20))
        early = release_ready(early).episode  # the pre-release checklist waived, the first appointment booked
        custody_release(actor=None, episode=early, released_on=dt.date(2025, 2, 28), release_type=ReleaseType.PAROLE,
                        expected_version=early.version)  # released on February's last day: not held then
        _remand(facility, admitted_on=dt.date(2025, 3, 1))
        _remand(facility, admitted_on=dt.date(2025, 3, 2))
        series = selectors.occupancy_series(user=analyst, facility=facility, months=4, until=ON)
        assert [(p.on, p.held, p.unsentenced) for p in series] == [
            (dt.date(2024, 12, 31), 1, 1), (dt.date(2025, 1, 31), 2, 1), (dt.date(2025, 2, 28), 1, 1), (ON, 3, 3)]
        assert [p.occupancy_pct for p in series] == [50.0, 100.0, 50.0, 150.0]
