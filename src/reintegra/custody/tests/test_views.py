from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.custody.tests.factories import profile_for, unit_for
from reintegra.justice.tests.factories import CustodyEpisodeFactory
from reintegra.people.choices import Sex
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Unlikelyname"


@pytest.fixture
def analyst(client):
    user = user_with_role(Role.ANALYST)
    client.force_login(user)
    return user


def _hold(facility, count, sex=Sex.MALE):
    for i in range(count):
        CustodyEpisodeFactory(facility=facility, person=PersonFactory(sex=sex, given_name=f"Zephyrine{i}",
                                                                      family_name="Unlikelyname"))


class TestDashboard:
    def test_shows_figures_overcrowding_and_no_names(self, client, analyst) -> None:
        crowded, roomy = FacilityFactory(name="Crowded Gaol", official_capacity=2), FacilityFactory(name="Roomy Gaol")
        _hold(crowded, 3)
        _hold(roomy, 1, sex=Sex.FEMALE)
        html = client.get(reverse("custody:dashboard"), {"on": "2025-03-15"}).content.decode()
        assert "Crowded Gaol" in html and "Roomy Gaol" in html
        assert html.count("data-overcrowded") == 1 and "150.0" in html
        assert 'data-vega-spec="occupancy-chart-spec"' in html and "data-national-row" in html
        assert "Zephyrine" not in html and "Unlikelyname" not in html

    def test_a_bad_date_says_so_and_shows_today(self, client, analyst) -> None:
        response = client.get(reverse("custody:dashboard"), {"on": "not-a-date"})
        assert response.status_code == 200 and "invalid-feedback" in response.content.decode()

    def test_before_anyone_was_held_everything_is_zero(self, client, analyst) -> None:
        _hold(FacilityFactory(), 2)  # admitted 2024-01-10
        response = client.get(reverse("custody:dashboard"), {"on": "2023-01-01"})
        assert response.context["report"].national.held.total == 0

    @pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.PROBATION_OFFICER, Role.VOLUNTEER,
                                      Role.PARTNER_CASEWORKER, Role.AUDITOR, Role.PERSON])
    def test_refused_without_facility_view(self, client, role) -> None:
        client.force_login(user_with_role(role))
        assert client.get(reverse("custody:dashboard")).status_code == 403

    def test_query_count_does_not_grow_with_facilities_or_people(self, client, analyst) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        _hold(FacilityFactory(), 1)
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse("custody:dashboard")).status_code == 200
        for _i in range(5):
            _hold(FacilityFactory(), 3)
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("custody:dashboard"))
        assert len(response.context["report"].facilities) == 6
        assert len(many) == len(few) <= 9  # session, user, rights, the counts (open stays, ending later), the facilities

    def test_only_reads(self, client, analyst) -> None:
        assert client.post(reverse("custody:dashboard"), {}).status_code == 405


class TestFacilityPage:
    def test_profile_units_today_and_series(self, client, analyst) -> None:
        facility = FacilityFactory(name="Hill Prison", official_capacity=4, region="North")
        profile_for(facility, location="Hilltown")
        unit_for(facility, "C wing")
        _hold(facility, 2)
        response = client.get(reverse("custody:facility-detail", args=[facility.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Hilltown" in html and "C wing" in html and "Medium" in html
        assert "50.0" in html and len(response.context["series"]) == 12
        assert 'data-vega-spec="series-chart-spec"' in html and "data-series" in html
        assert "Zephyrine" not in html

    def test_a_facility_without_a_profile_says_so(self, client, analyst) -> None:
        html = client.get(reverse("custody:facility-detail", args=[FacilityFactory().pk])).content.decode()
        assert "data-no-profile" in html

    def test_an_organisation_that_is_not_a_facility_is_404(self, client, analyst) -> None:
        from reintegra.accounts.tests.factories import OrganisationFactory

        assert client.get(reverse("custody:facility-detail", args=[OrganisationFactory().pk])).status_code == 404

    def test_refused_without_facility_view_and_nothing_changes(self, client) -> None:
        from reintegra.custody.models import FacilityProfile

        facility = FacilityFactory()
        profile_for(facility)
        client.force_login(user_with_role(Role.PROGRAMME_STAFF))
        assert client.get(reverse("custody:facility-detail", args=[facility.pk])).status_code == 403
        assert client.post(reverse("custody:facility-detail", args=[facility.pk]), {}).status_code == 403
        assert FacilityProfile.objects.get().version == 1


class TestAdmin:
    def test_admin_saves_through_the_services_and_cannot_delete(self, client) -> None:
        from reintegra.accounts.models import User
        from reintegra.core.versioning import history_for
        from reintegra.custody.models import Unit

        admin = User.objects.create_superuser("root", "root@example.org", "a long password 1")
        client.force_login(admin)
        facility = FacilityFactory()
        response = client.post(reverse("admin:custody_unit_add"), {
            "facility": facility.pk, "name": "D wing", "security_level": "high", "official_capacity": 40,
            "sex_category": "female", "age_category": "adult", "active": "on",
        })
        assert response.status_code == 302, response.content.decode()[:2000]
        unit = Unit.objects.get()
        response = client.post(reverse("admin:custody_unit_change", args=[unit.pk]), {
            "name": "D wing", "security_level": "high", "official_capacity": 35, "sex_category": "female",
            "age_category": "adult",  # active unticked: closed
        })
        assert response.status_code == 302
        unit.refresh_from_db()
        assert (unit.official_capacity, unit.active, unit.version) == (35, False, 2)
        assert history_for(unit).count() == 2
        assert client.get(reverse("admin:custody_unit_delete", args=[unit.pk])).status_code == 403
