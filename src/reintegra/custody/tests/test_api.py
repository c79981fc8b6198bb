from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory, user_with_role
from reintegra.justice.choices import CustodyKind
from reintegra.justice.tests.factories import CustodyEpisodeFactory, DispositionFactory
from reintegra.people.choices import Sex
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.SUPERVISOR))
    return client


def test_occupancy_on_a_date(api) -> None:
    facility = FacilityFactory(official_capacity=2)
    CustodyEpisodeFactory(facility=facility, person=PersonFactory(sex=Sex.FEMALE))
    person = PersonFactory()
    CustodyEpisodeFactory(facility=facility, person=person, kind=CustodyKind.SENTENCED,
                          disposition=DispositionFactory(case__person=person))
    CustodyEpisodeFactory(facility=facility, admitted_on=dt.date(2025, 6, 1))  # after the date
    body = api.get("/api/custody/occupancy/", {"on": "2025-03-15"}).json()
    assert body["on"] == "2025-03-15"
    row = next(f for f in body["facilities"] if f["facility"] == facility.pk)
    assert (row["held"], row["capacity"], row["occupancy_pct"], row["overcrowded"]) == (2, 2, 100.0, False)
    assert (row["unsentenced"], row["unsentenced_pct"]) == (1, 50.0)
    assert row["by_sex"]["female"] == {"held": 1, "unsentenced": 1, "unsentenced_pct": 100.0}
    assert row["by_sex"]["male"] == {"held": 1, "unsentenced": 0, "unsentenced_pct": 0.0}
    assert body["national"]["facility"] is None and body["national"]["held"] == 2


def test_a_bad_date_is_400_naming_the_field(api) -> None:
    response = api.get("/api/custody/occupancy/", {"on": "15/03/2025"})
    assert response.status_code == 400 and "on" in response.json()


def test_series(api) -> None:
    facility = FacilityFactory(official_capacity=4)
    CustodyEpisodeFactory(facility=facility, admitted_on=dt.date(2024, 1, 10))
    body = api.get(f"/api/custody/facilities/{facility.pk}/occupancy-series/", {"months": 3}).json()
    assert body["facility"] == facility.pk and len(body["points"]) == 3
    assert body["points"][-1]["held"] == 1 and body["points"][-1]["occupancy_pct"] == 25.0


@pytest.mark.parametrize("months", ["0", "121", "x"])
def test_series_months_out_of_range_is_400(api, months) -> None:
    response = api.get(f"/api/custody/facilities/{FacilityFactory().pk}/occupancy-series/", {"months": months})
    assert response.status_code == 400 and "months" in response.json()


def test_series_of_something_that_is_not_a_facility_is_404(api) -> None:
    assert api.get(f"/api/custody/facilities/{OrganisationFactory().pk}/occupancy-series/").status_code == 404


@pytest.mark.parametrize("role", [Role.PROBATION_OFFICER, Role.PROGRAMME_STAFF, Role.PARTNER_CASEWORKER])
def test_refused_without_facility_view(role) -> None:
    client = APIClient()
    client.force_authenticate(user_with_role(role))
    assert client.get("/api/custody/occupancy/").status_code == 403
    assert client.get(f"/api/custody/facilities/{FacilityFactory().pk}/occupancy-series/").status_code == 403


def test_anonymous_is_401() -> None:
    assert APIClient().get("/api/custody/occupancy/").status_code in {401, 403}
