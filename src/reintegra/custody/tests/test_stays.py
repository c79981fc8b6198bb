"""Unit stays (services) and the occupancy of units now and over time, against hand-counted cases;
refusals change nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.core.errors import StaleEditError
from reintegra.custody import selectors, services
from reintegra.custody.models import UnitStay
from reintegra.custody.tests.factories import profile_for, unit_for
from reintegra.justice.services import custody_release, custody_transfer
from reintegra.justice.tests.factories import CustodyEpisodeFactory
from reintegra.people.choices import Sex
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def analyst():
    return user_with_role(Role.ANALYST)


@pytest.fixture
def prison():
    facility = FacilityFactory(name="Hill", official_capacity=10)
    profile_for(facility)
    return facility


def _held(facility, admitted_on=D(2025, 1, 1), **person):
    return CustodyEpisodeFactory(facility=facility, admitted_on=admitted_on, person=PersonFactory(**person))


class TestServices:
    def test_start_move_and_end(self, prison) -> None:
        a, b = unit_for(prison, "A", official_capacity=2), unit_for(prison, "B")
        episode = _held(prison)
        first = services.unit_stay_start(actor=None, episode=episode, unit=a, from_on=D(2025, 1, 1))
        second = services.unit_move(actor=None, episode=episode, to_unit=b, moved_on=D(2025, 3, 1),
                                    expected_version=first.version)
        first.refresh_from_db()
        assert (first.to_on, second.from_on, second.to_on, second.unit) == (D(2025, 3, 1), D(2025, 3, 1), None, b)
        ended = services.unit_stay_end(actor=None, stay=second, to_on=D(2025, 4, 1), expected_version=second.version)
        assert ended.to_on == D(2025, 4, 1) and selectors.unit_stay_open(episode_id=episode.pk) is None

    @pytest.mark.parametrize("case", ["other facility", "closed unit", "women's unit", "already placed",
                                      "before admission", "future"])
    def test_refusals_name_the_field_and_change_nothing(self, prison, case) -> None:
        episode = _held(prison)
        unit = unit_for(prison, "A")
        if case == "other facility":
            unit = unit_for(FacilityFactory(), "Elsewhere")
        elif case == "closed unit":
            unit = unit_for(prison, "Shut", active=False)
        elif case == "women's unit":
            unit = unit_for(prison, "W", sex_category="female")
        elif case == "already placed":
            services.unit_stay_start(actor=None, episode=episode, unit=unit_for(prison, "B"), from_on=D(2025, 1, 1))
        before = UnitStay.objects.count()
        on = {"before admission": D(2024, 12, 31), "future": timezone.localdate() + dt.timedelta(days=1)}.get(
            case, D(2025, 1, 2))
        with pytest.raises(ValidationError) as exc:
            services.unit_stay_start(actor=None, episode=episode, unit=unit, from_on=on)
        assert set(exc.value.message_dict) <= {"unit", "from_on"} and UnitStay.objects.count() == before

    def test_a_move_to_the_same_unit_or_without_a_stay_is_refused(self, prison) -> None:
        a = unit_for(prison, "A")
        episode = _held(prison)
        with pytest.raises(ValidationError) as exc:
            services.unit_move(actor=None, episode=episode, to_unit=a, moved_on=D(2025, 2, 1), expected_version=1)
        assert "to_unit" in exc.value.message_dict and not UnitStay.objects.exists()
        stay = services.unit_stay_start(actor=None, episode=episode, unit=a, from_on=D(2025, 1, 1))
        with pytest.raises(ValidationError):
            services.unit_move(actor=None, episode=episode, to_unit=a, moved_on=D(2025, 2, 1), expected_version=1)
        stay.refresh_from_db()
        assert stay.to_on is None and UnitStay.objects.count() == 1

    def test_a_stale_move_is_refused(self, prison) -> None:
        a, b = unit_for(prison, "A"), unit_for(prison, "B")
        episode = _held(prison)
        services.unit_stay_start(actor=None, episode=episode, unit=a, from_on=D(2025, 1, 1))
        with pytest.raises(StaleEditError):
            services.unit_move(actor=None, episode=episode, to_unit=b, moved_on=D(2025, 2, 1), expected_version=7)
        assert UnitStay.objects.count() == 1

    def test_the_database_keeps_one_open_stay_per_episode(self, prison) -> None:
        a = unit_for(prison, "A")
        episode = _held(prison)
        UnitStay.objects.create(episode=episode, unit=a, from_on=D(2025, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            UnitStay.objects.create(episode=episode, unit=a, from_on=D(2025, 2, 1))

    def test_bulk_start_checks_every_row_and_saves_all_or_nothing(self, prison) -> None:
        a, b = unit_for(prison, "A"), unit_for(prison, "B")
        one, two = _held(prison), _held(prison)
        rows = [services.UnitStayInput(one, a, D(2025, 1, 1), D(2025, 2, 1)),
                services.UnitStayInput(one, b, D(2025, 1, 15)),  # overlaps the first row
                services.UnitStayInput(two, a, D(2025, 1, 1))]
        with pytest.raises(ValidationError) as exc:
            services.unit_stay_bulk_start(actor=None, rows=rows)
        assert exc.value.message_dict["rows"] == ["2: from_on: The person was in another unit on this day."]
        assert not UnitStay.objects.exists()
        rows[1] = services.UnitStayInput(one, b, D(2025, 2, 1))
        assert len(services.unit_stay_bulk_start(actor=None, rows=rows)) == 3
        with pytest.raises(ValidationError):  # the episodes are placed already
            services.unit_stay_bulk_start(actor=None, rows=[services.UnitStayInput(two, b, D(2025, 3, 1))])


class TestUnitOccupancy:
    """Hand count. Unit A (capacity 2): p1 from 1 Jan; p2 from 1 Jan, moved to B on 1 Mar; p3 from
    1 Feb, released 15 Mar; p4 transferred out on 10 Mar. On 1 Mar: A = p1, p3, p4 (3, 150 %,
    overcrowded); B = p2 (1). On 31 Mar: A = p1 (1, 50 %); B = p2 (1)."""

    @pytest.fixture
    def placed(self, prison):
        a, b = unit_for(prison, "A", official_capacity=2), unit_for(prison, "B", official_capacity=None)
        unit_for(prison, "Empty")
        p1, p2, p3, p4 = (_held(prison) for _i in range(4))
        for episode in (p1, p2, p3, p4):
            services.unit_stay_start(actor=None, episode=episode, unit=a,
                                     from_on=D(2025, 2, 1) if episode is p3 else D(2025, 1, 1))
        services.unit_move(actor=None, episode=p2, to_unit=b, moved_on=D(2025, 3, 1), expected_version=1)
        p3.refresh_from_db()
        custody_release(actor=None, episode=p3, released_on=D(2025, 3, 15), release_type="end_of_sentence",
                        expected_version=p3.version)
        p4.refresh_from_db()
        custody_transfer(actor=None, episode=p4, to_facility=FacilityFactory(), transferred_on=D(2025, 3, 10),
                         expected_version=p4.version)  # the open stay is left open: the episode ended
        return a, b

    def test_on_a_date(self, prison, placed, analyst) -> None:
        a, b = placed
        rows = {r.unit.name: r for r in selectors.unit_occupancy(user=analyst, facility=prison, on=D(2025, 3, 1))}
        assert {name: r.held for name, r in rows.items()} == {"A": 3, "B": 1, "Empty": 0}
        assert (rows["A"].occupancy_pct, rows["A"].overcrowded) == (150, True)
        assert (rows["B"].occupancy_pct, rows["B"].overcrowded) == (None, False)
        later = {r.unit.name: r.held for r in selectors.unit_occupancy(user=analyst, facility=prison, on=D(2025, 3, 31))}
        assert later == {"A": 1, "B": 1, "Empty": 0}

    def test_over_time(self, prison, placed, analyst) -> None:
        series = {s.unit.name: s for s in selectors.unit_occupancy_series(
            user=analyst, facility=prison, months=4, until=D(2025, 3, 31))}
        assert series["A"].points == [(D(2024, 12, 31), 0), (D(2025, 1, 31), 3), (D(2025, 2, 28), 4),
                                      (D(2025, 3, 31), 1)]
        assert [held for _on, held in series["B"].points] == [0, 0, 0, 1]
        assert series["A"].occupancy()[2] == (D(2025, 2, 28), 4, 200.0)

    def test_voided_stays_do_not_count(self, prison, placed, analyst) -> None:
        UnitStay.objects.filter(unit=placed[1]).update(voided_at=timezone.now())
        rows = {r.unit.name: r.held for r in selectors.unit_occupancy(user=analyst, facility=prison, on=D(2025, 3, 31))}
        assert rows["B"] == 0

    def test_the_facility_page_and_api_show_units(self, client, prison, placed, analyst) -> None:
        client.force_login(analyst)
        html = client.get(reverse("custody:facility-detail", args=[prison.pk])).content.decode()
        assert "data-unit-series" in html and html.count("data-unit=") == 3
        api = APIClient()
        api.force_authenticate(analyst)
        body = api.get(f"/api/custody/facilities/{prison.pk}/units/", {"on": "2025-03-01"}).json()
        assert (body["held"], body["not_in_a_unit"]) == (4, 0)
        assert [(u["name"], u["held"], u["occupancy_pct"], u["overcrowded"]) for u in body["units"]] == [
            ("A", 3, 150.0, True), ("B", 1, None, False), ("Empty", 0, 0.0, False)]
        series = api.get(f"/api/custody/facilities/{prison.pk}/units/occupancy-series/", {"months": 2}).json()
        assert [s["name"] for s in series] == ["A", "B", "Empty"] and len(series[0]["points"]) == 2
        assert api.get(f"/api/custody/facilities/{prison.pk}/units/", {"on": "x"}).status_code == 400
        assert api.get(f"/api/custody/facilities/{prison.pk}/units/occupancy-series/",
                       {"months": "0"}).status_code == 400
        assert api.get("/api/custody/facilities/999999/units/").status_code == 404

    @pytest.mark.parametrize("role", [Role.PROBATION_OFFICER, Role.PROGRAMME_STAFF, Role.PERSON])
    def test_unit_figures_need_facility_view(self, prison, role) -> None:
        api = APIClient()
        api.force_authenticate(user_with_role(role))
        assert api.get(f"/api/custody/facilities/{prison.pk}/units/").status_code == 403
        assert api.get(f"/api/custody/facilities/{prison.pk}/units/occupancy-series/").status_code == 403


def test_a_woman_cannot_be_placed_in_a_mens_unit(prison) -> None:
    episode = _held(prison, sex=Sex.FEMALE)
    with pytest.raises(ValidationError) as exc:
        services.unit_stay_start(actor=None, episode=episode, unit=unit_for(prison, "Men"), from_on=D(2025, 1, 2))
    assert exc.value.message_dict["unit"] == ["This unit does not hold people of this person's sex."]
