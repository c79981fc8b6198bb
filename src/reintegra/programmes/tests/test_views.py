from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.justice.tests.factories import CustodyEpisodeFactory
from reintegra.programmes import services
from reintegra.programmes.choices import EnrolmentStatus, ProgrammeType
from reintegra.programmes.models import Enrolment, LabourDemand, Programme
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prison():
    return FacilityFactory()


@pytest.fixture
def prisoner(prison):
    return CustodyEpisodeFactory(facility=prison, admitted_on=dt.date(2024, 1, 10)).person


def _login(client, role, organisation=None):
    user = user_with_role(role, organisation)
    client.force_login(user)
    return user


class TestCatalogue:
    def test_filters_and_labour_demand_next_to_trades(self, client) -> None:
        _login(client, Role.PERSON)
        ProgrammeFactory(name="Welding", type=ProgrammeType.VOCATIONAL, trade="Welding", targeted_needs=["school_work"])
        ProgrammeFactory(name="Thinking Skills", targeted_needs=["attitudes"], risk_bands=["high", "very_high"])
        ProgrammeFactory(name="Old", voided_at=timezone.now())
        today = timezone.localdate()
        LabourDemand.objects.create(region="North", trade="welding", vacancies=42, period_start=today.replace(day=1),
                                    period_end=today + dt.timedelta(days=30), imported_at=timezone.now())
        page = client.get("/programmes/").content.decode()
        assert "Welding" in page and "Thinking Skills" in page and "Old" not in page
        assert "42 vacancies in North for welding" in page
        assert "Thinking Skills" not in client.get("/programmes/?need=school_work").content.decode()
        assert "Welding" not in client.get("/programmes/?type=cognitive_behavioural").content.decode()
        by_band = client.get("/programmes/?band=low").content.decode()
        assert "Welding" in by_band and "Thinking Skills" not in by_band
        assert "Thinking Skills" in client.get("/programmes/?band=high").content.decode()
        assert "Welding" in client.get("/programmes/?q=weld").content.decode()

    def test_new_programme_for_managers_only(self, client, prison) -> None:
        data = {"name": "Forklift", "type": "vocational", "trade": "Logistics", "hours": 30, "sessions": 10,
                "weeks": 5, "intensity": "low", "sex_eligibility": "any", "min_literacy": "none",
                "delivery": "facility", "venue": prison.pk, "provider": prison.pk, "capacity": 8,
                "accreditation": "accredited"}
        _login(client, Role.PROBATION_OFFICER)
        assert client.post("/programmes/new/", data).status_code == 403
        assert not Programme.objects.exists()
        _login(client, Role.PROGRAMME_STAFF, prison)
        response = client.post("/programmes/new/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Programme.objects.get().trade == "Logistics"


class TestProgrammePage:
    def test_waiting_list_shows_people_in_scope_only(self, client, prison, prisoner) -> None:
        cohort = CohortFactory()
        services.enrolment_request(person=prisoner, cohort=cohort, actor=None, band="high")
        _login(client, Role.PROGRAMME_STAFF, prison)
        assert prisoner.full_name in client.get(f"/programmes/{cohort.programme_id}/").content.decode()
        _login(client, Role.PROGRAMME_STAFF, FacilityFactory())
        page = client.get(f"/programmes/{cohort.programme_id}/").content.decode()
        assert prisoner.full_name not in page and "Nobody you can see" in page
        _login(client, Role.PERSON)
        assert prisoner.full_name not in client.get(f"/programmes/{cohort.programme_id}/").content.decode()


class TestEnrolmentPages:
    def test_enrol_admit_attend_complete(self, client, prison, prisoner) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(certificate_title="Certificate"))
        _login(client, Role.PRISON_CASE_MANAGER, prison)
        response = client.post(f"/programmes/persons/{prisoner.pk}/enrol/", {"cohort": cohort.pk, "band": "moderate"})
        assert response.status_code == 302
        enrolment = Enrolment.objects.get()
        assert client.post(f"/programmes/enrolments/{enrolment.pk}/admit/",
                           {"version": enrolment.version}).status_code == 302
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.ENROLLED
        assert client.post(f"/programmes/enrolments/{enrolment.pk}/attendance/",
                           {"session_on": timezone.localdate().isoformat(), "attended": "on"}).status_code == 302
        assert client.post(f"/programmes/enrolments/{enrolment.pk}/complete/",
                           {"version": enrolment.version}).status_code == 302
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.COMPLETED and prisoner.certificates.count() == 1

    def test_completion_of_a_waiting_person_shows_the_error(self, client, prison, prisoner) -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        _login(client, Role.PROGRAMME_STAFF, prison)
        response = client.post(f"/programmes/enrolments/{enrolment.pk}/complete/", {"version": enrolment.version})
        assert response.status_code == 200 and "never enrolled" in response.content.decode()
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.WAITING

    @pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ANALYST, Role.PARTNER_CASEWORKER, Role.PERSON])
    def test_roles_without_permission_are_refused_and_nothing_changes(self, client, prison, prisoner, role) -> None:
        cohort = CohortFactory()
        enrolment = services.enrolment_request(person=prisoner, cohort=cohort, actor=None)
        _login(client, role, prison)
        assert client.post(f"/programmes/persons/{prisoner.pk}/enrol/", {"cohort": cohort.pk}).status_code == 403
        for action in ("admit", "complete", "drop"):
            response = client.post(f"/programmes/enrolments/{enrolment.pk}/{action}/",
                                   {"version": enrolment.version, "reason": "x"})
            assert response.status_code == 403
        enrolment.refresh_from_db()
        assert (Enrolment.objects.count(), enrolment.status, enrolment.version) == (1, EnrolmentStatus.WAITING, 1)

    def test_case_staff_outside_the_persons_scope_are_refused(self, client, prisoner) -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        _login(client, Role.PRISON_CASE_MANAGER, FacilityFactory())
        assert client.post(f"/programmes/enrolments/{enrolment.pk}/admit/",
                           {"version": enrolment.version}).status_code == 403
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.WAITING


class TestLabourDemandImport:
    def test_bad_file_previews_errors_and_imports_nothing(self, client) -> None:
        _login(client, Role.SUPERVISOR)
        upload = SimpleUploadedFile("lm.csv", b"region,trade,vacancies,period\nNorth,Welding,-3,2026-Q1\n")
        response = client.post("/programmes/labour-demand/", {"csv_file": upload})
        assert response.status_code == 200
        assert "Row 2: vacancies must be a whole number" in response.content.decode()
        assert not LabourDemand.objects.exists()

    def test_good_file_imported(self, client) -> None:
        _login(client, Role.PROGRAMME_STAFF)
        upload = SimpleUploadedFile("lm.csv", b"region,trade,vacancies,period\nNorth,Welding,3,2026-Q1\n")
        assert client.post("/programmes/labour-demand/", {"csv_file": upload}).status_code == 302
        assert LabourDemand.objects.get().source_file == "lm.csv"

    def test_refused_without_programme_manage(self, client) -> None:
        _login(client, Role.PROBATION_OFFICER)
        upload = SimpleUploadedFile("lm.csv", b"region,trade,vacancies,period\nNorth,Welding,3,2026-Q1\n")
        assert client.post("/programmes/labour-demand/", {"csv_file": upload}).status_code == 403
        assert not LabourDemand.objects.exists()


def test_catalogue_queries_do_not_grow_with_the_programmes(client, django_assert_max_num_queries) -> None:
    """Labour demand beside each trade is read once per page, not once per programme."""
    _login(client, Role.PERSON)
    today = timezone.localdate()
    for trade in ("welding", "catering"):
        LabourDemand.objects.create(region="North", trade=trade, vacancies=5, period_start=today.replace(day=1),
                                    period_end=today + dt.timedelta(days=30), imported_at=timezone.now())
    ProgrammeFactory(type=ProgrammeType.VOCATIONAL, trade="Welding")
    client.get("/programmes/")  # warm caches (session, rights)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get("/programmes/").status_code == 200
    for index in range(8):
        ProgrammeFactory(type=ProgrammeType.VOCATIONAL, trade="Catering" if index % 2 else "Welding")
    with django_assert_max_num_queries(len(one)):
        page = client.get("/programmes/")
    assert page.status_code == 200 and page.content.decode().count("vacancies in North") == 9
