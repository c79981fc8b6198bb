from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.justice.tests.factories import CustodyEpisodeFactory
from reintegra.programmes import services
from reintegra.programmes.choices import ProgrammeType
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_catalogue_and_cohorts_for_anyone_signed_in() -> None:
    ProgrammeFactory(name="Welding", type=ProgrammeType.VOCATIONAL, trade="Welding")
    cohort = CohortFactory(programme=ProgrammeFactory(name="Thinking Skills", risk_bands=["high"]))
    client = _client(user_with_role(Role.PERSON))
    names = [row["name"] for row in client.get("/api/programmes/programmes/?band=low").json()["results"]]
    assert names == ["Welding"]
    detail = client.get(f"/api/programmes/programmes/{cohort.programme_id}/").json()
    assert detail["risk_bands"] == ["high"]
    cohorts = client.get(f"/api/programmes/cohorts/?programme={cohort.programme_id}").json()["results"]
    assert [(row["id"], row["enrolled"], row["waiting"]) for row in cohorts] == [(cohort.pk, 0, 0)]


def test_enrolments_scoped_and_refused_without_permission() -> None:
    prison = FacilityFactory()
    person = CustodyEpisodeFactory(facility=prison, admitted_on=dt.date(2024, 1, 10)).person
    other = CustodyEpisodeFactory(facility=FacilityFactory(), admitted_on=dt.date(2024, 1, 10)).person
    cohort = CohortFactory()
    mine = services.enrolment_request(person=person, cohort=cohort, actor=None, band="high")
    services.enrolment_request(person=other, cohort=cohort, actor=None, band="low")
    staff = _client(user_with_role(Role.PROGRAMME_STAFF, prison))
    rows = staff.get("/api/programmes/enrolments/?status=waiting").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert staff.get(f"/api/programmes/enrolments/{mine.pk}/").json()["risk_band"] == "high"
    volunteer = _client(user_with_role(Role.ANALYST))
    assert volunteer.get("/api/programmes/enrolments/").status_code == 403
    assert volunteer.get(f"/api/programmes/enrolments/{mine.pk}/").status_code == 403
