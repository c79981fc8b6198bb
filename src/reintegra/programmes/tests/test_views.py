from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.programmes import services
from reintegra.programmes.choices import EnrolmentStatus, ProgrammeType
from reintegra.programmes.models import Enrolment, LabourDemand, Programme
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


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

    def test_case_staff_outside_the_persons_scope_get_404_logged_and_nothing_changes(self, client, prisoner) -> None:
        from reintegra.audit.models import AuditEvent

        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        user = _login(client, Role.PRISON_CASE_MANAGER, FacilityFactory())
        assert client.post(f"/programmes/enrolments/{enrolment.pk}/admit/",
                           {"version": enrolment.version}).status_code == 404
        assert client.post(f"/programmes/persons/{prisoner.pk}/enrol/",
                           {"cohort": enrolment.cohort_id}).status_code == 404
        assert client.get("/programmes/enrolments/999999/drop/").status_code == 404
        enrolment.refresh_from_db()
        assert (enrolment.status, enrolment.version, Enrolment.objects.count()) == (EnrolmentStatus.WAITING, 1, 1)
        denied = AuditEvent.objects.filter(action="denied", actor_id=user.pk)
        assert sorted(event.detail["view"] for event in denied) == [
            "programmes:enrolment-admit", "programmes:enrolment-drop", "programmes:enrolment-request"]


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


def _programme_data(programme, **changes):
    data = {"name": programme.name, "type": programme.type, "hours": programme.hours, "sessions": programme.sessions,
            "weeks": programme.weeks, "intensity": programme.intensity, "sex_eligibility": programme.sex_eligibility,
            "min_literacy": programme.min_literacy, "delivery": programme.delivery, "venue": programme.venue_id,
            "provider": programme.provider_id, "capacity": programme.capacity,
            "accreditation": programme.accreditation, "targeted_needs": programme.targeted_needs,
            "version": programme.version}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class TestProgrammeEditAndVoid:
    def test_edit_shows_the_current_values_and_saves_trauma_informed(self, client, prison) -> None:
        programme = ProgrammeFactory(name="Thinking Skills", venue=prison, provider=prison)
        _login(client, Role.PROGRAMME_STAFF, prison)
        page = client.get(f"/programmes/{programme.pk}/edit/").content.decode()
        assert 'value="Thinking Skills"' in page and 'name="trauma_informed"' in page
        response = client.post(f"/programmes/{programme.pk}/edit/",
                               _programme_data(programme, name="Thinking Skills 2", trauma_informed="on"))
        assert response.status_code == 302, response.content.decode()[:3000]
        programme.refresh_from_db()
        assert (programme.name, programme.trauma_informed, programme.version) == ("Thinking Skills 2", True, 2)
        detail = client.get(f"/programmes/{programme.pk}/").content.decode()
        assert "Yes: delivered by staff trained to work with people who have experienced trauma" in detail

    def test_a_stale_edit_says_so_and_changes_nothing(self, client, prison) -> None:
        programme = ProgrammeFactory(name="First", venue=prison, provider=prison)
        _login(client, Role.SUPERVISOR, prison)
        stale = _programme_data(programme, name="Mine")
        services.programme_update(actor=None, programme=programme, expected_version=1, name="Theirs")
        response = client.post(f"/programmes/{programme.pk}/edit/", stale)
        assert response.status_code == 200 and "changed by someone else" in response.content.decode()
        assert Programme.objects.get(pk=programme.pk).name == "Theirs"

    def test_edit_and_void_refused_without_programme_manage(self, client, prison) -> None:
        programme = ProgrammeFactory(name="Kept", venue=prison, provider=prison)
        _login(client, Role.PROBATION_OFFICER)
        assert client.get(f"/programmes/{programme.pk}/edit/").status_code == 403
        assert client.post(f"/programmes/{programme.pk}/edit/", _programme_data(programme, name="X")).status_code == 403
        assert client.post(f"/programmes/{programme.pk}/void/", {"version": 1, "reason": "x"}).status_code == 403
        programme.refresh_from_db()
        assert (programme.name, programme.version, programme.voided_at) == ("Kept", 1, None)

    def test_void_refused_while_someone_waits_then_withdrawn(self, client, prison, prisoner) -> None:
        cohort = CohortFactory()
        enrolment = services.enrolment_request(person=prisoner, cohort=cohort, actor=None)
        _login(client, Role.PROGRAMME_STAFF, prison)
        programme = cohort.programme
        assert "cancels its cohorts" in client.get(f"/programmes/{programme.pk}/void/").content.decode()
        refused = client.post(f"/programmes/{programme.pk}/void/", {"version": 1, "reason": "Funding ended"})
        assert refused.status_code == 200 and "1 person is waiting for or enrolled" in refused.content.decode()
        assert Programme.objects.get(pk=programme.pk).voided_at is None
        services.enrolment_drop(enrolment=enrolment, actor=None, expected_version=1, reason="Moved")
        assert client.post(f"/programmes/{programme.pk}/void/", {"version": 1, "reason": ""}).status_code == 200
        done = client.post(f"/programmes/{programme.pk}/void/", {"version": 1, "reason": "Funding ended"})
        assert done.status_code == 302
        assert Programme.objects.get(pk=programme.pk).void_reason == "Funding ended"
        assert client.get(f"/programmes/{programme.pk}/").status_code == 404
        assert programme.name not in client.get("/programmes/").content.decode()


class TestCohortEditAndVoid:
    def test_edit_and_cancel(self, client, prison, prisoner) -> None:
        cohort = CohortFactory(capacity=10)
        _login(client, Role.PROGRAMME_STAFF, prison)
        page = client.get(f"/programmes/cohorts/{cohort.pk}/edit/").content.decode()
        assert f'value="{cohort.starts_on.isoformat()}"' in page
        starts = cohort.starts_on.isoformat()
        response = client.post(f"/programmes/cohorts/{cohort.pk}/edit/", {
            "starts_on": starts, "ends_on": cohort.ends_on.isoformat(), "capacity": 6, "schedule": "Mondays",
            "session_dates": f"{starts}\n{starts}", "version": 1})
        assert response.status_code == 302, response.content.decode()[:3000]
        cohort.refresh_from_db()
        assert (cohort.capacity, cohort.schedule, cohort.session_dates, cohort.version) == (6, "Mondays", [starts], 2)
        bad = client.post(f"/programmes/cohorts/{cohort.pk}/edit/", {
            "starts_on": starts, "ends_on": cohort.ends_on.isoformat(), "session_dates": "next week", "version": 2})
        assert bad.status_code == 200 and "Not a date" in bad.content.decode()
        enrolment = services.enrolment_request(person=prisoner, cohort=cohort, actor=None)
        refused = client.post(f"/programmes/cohorts/{cohort.pk}/void/", {"version": 2, "reason": "No trainer"})
        assert refused.status_code == 200 and "waiting for or enrolled on this cohort" in refused.content.decode()
        services.enrolment_drop(enrolment=enrolment, actor=None, expected_version=1, reason="Moved")
        assert client.post(f"/programmes/cohorts/{cohort.pk}/void/",
                           {"version": 2, "reason": "No trainer"}).status_code == 302
        cohort.refresh_from_db()
        assert cohort.voided_at is not None
        assert "No current or coming cohorts" in client.get(f"/programmes/{cohort.programme_id}/").content.decode()

    def test_refused_without_programme_manage(self, client, prison) -> None:
        cohort = CohortFactory()
        _login(client, Role.PRISON_CASE_MANAGER, prison)
        assert client.get(f"/programmes/cohorts/{cohort.pk}/edit/").status_code == 403
        assert client.post(f"/programmes/cohorts/{cohort.pk}/void/", {"version": 1, "reason": "x"}).status_code == 403
        cohort.refresh_from_db()
        assert (cohort.version, cohort.voided_at) == (1, None)


class TestBandAndCatalogueFilters:
    def test_enrol_form_shows_the_band_it_reads_and_ignores_a_typed_one(self, client, prison, prisoner,
                                                                        monkeypatch) -> None:
        from reintegra.programmes import bands

        monkeypatch.setattr(bands, "_source", lambda person: "high" if person.pk == prisoner.pk else "")
        cohort = CohortFactory(programme=ProgrammeFactory(risk_bands=["high"]))
        _login(client, Role.PRISON_CASE_MANAGER, prison)
        page = client.get(f"/programmes/persons/{prisoner.pk}/enrol/").content.decode()
        assert "Risk band (from the latest assessment)" in page and 'value="High"' in page and "disabled" in page
        response = client.post(f"/programmes/persons/{prisoner.pk}/enrol/", {"cohort": cohort.pk, "band": "low"})
        assert response.status_code == 302
        assert Enrolment.objects.get().risk_band == "high"

    def test_unassessed_person_is_refused_by_a_banded_programme(self, client, prison, prisoner) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(risk_bands=["high"]))
        _login(client, Role.PRISON_CASE_MANAGER, prison)
        from reintegra.programmes import bands

        if bands.band_of(prisoner):  # a registered source found a band: nothing to show here
            pytest.skip("the person has an assessed band")
        assert "Not assessed" in client.get(f"/programmes/persons/{prisoner.pk}/enrol/").content.decode()
        response = client.post(f"/programmes/persons/{prisoner.pk}/enrol/", {"cohort": cohort.pk})
        assert response.status_code == 200 and "Not eligible" in response.content.decode()
        assert not Enrolment.objects.exists()

    def test_trauma_informed_shown_and_filtered_and_pages_keep_the_filters(self, client) -> None:
        _login(client, Role.PERSON)
        ProgrammeFactory(name="Healing Trauma", trauma_informed=True)
        for index in range(26):
            ProgrammeFactory(name=f"Plain {index:02}")
        listing = client.get("/programmes/").content.decode()
        assert "trauma-informed" in listing and "trauma_informed=" not in listing.split("pagination")[-1]
        only = client.get("/programmes/?trauma_informed=yes").content.decode()
        assert "Healing Trauma" in only and "Plain 00" not in only
        assert "Healing Trauma" not in client.get("/programmes/?trauma_informed=no").content.decode()
        paged = client.get("/programmes/?trauma_informed=no&q=Plain").content.decode()
        assert "q=Plain&amp;trauma_informed=no&amp;page=2" in paged


class TestPersonPanel:
    def test_enrolments_attendance_and_certificates_on_the_person_page(self, client, prison, prisoner) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(name="Bricklaying", certificate_title="Bricklaying level 1"))
        enrolment = services.enrolment_request(person=prisoner, cohort=cohort, actor=None,
                                               on=timezone.localdate() - dt.timedelta(days=5))
        enrolment = services.enrolment_admit(enrolment=enrolment, actor=None, expected_version=1,
                                             on=timezone.localdate() - dt.timedelta(days=5))
        for days_ago, attended in ((4, True), (3, False), (2, True), (1, True)):
            services.attendance_record(enrolment=enrolment, session_on=timezone.localdate() - dt.timedelta(days=days_ago),
                                       attended=attended, actor=None)
        services.enrolment_complete(enrolment=enrolment, actor=None, expected_version=enrolment.version)
        waiting = services.enrolment_request(person=prisoner, cohort=CohortFactory(
            programme=ProgrammeFactory(name="Anger Management")), actor=None)
        _login(client, Role.PRISON_CASE_MANAGER, prison)
        client.post(f"/audit/purpose/{prisoner.pk}/", {"purpose": "case_management", "next": "/"})
        page = client.get(f"/people/{prisoner.pk}/").content.decode()
        assert 'id="panel-programmes"' in page
        assert "Bricklaying" in page and "75% (3 of 4 sessions)" in page
        assert "Anger Management" in page and "none recorded" in page
        assert "Bricklaying level 1" in page
        assert f"/programmes/persons/{prisoner.pk}/enrol/" in page
        assert waiting.status == EnrolmentStatus.WAITING

    def test_hidden_from_those_who_neither_enrol_nor_manage(self, rf, prison, prisoner) -> None:
        from reintegra.accounts.policy import Level, PersonAccess
        from reintegra.programmes.panels import programmes_context

        services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        full = PersonAccess(Level.FULL, own_caseload=True)
        request = rf.get("/")
        for role in (Role.ANALYST, Role.VOLUNTEER, Role.PARTNER_CASEWORKER):
            request.user = user_with_role(role, prison)
            assert programmes_context(request, prisoner, access=full) is None
        request.user = user_with_role(Role.PROGRAMME_STAFF, prison)
        context = programmes_context(request, prisoner, access=PersonAccess(Level.SUMMARY, own_caseload=False))
        assert context is not None and len(context["enrolments"]) == 1
        assert programmes_context(request, prisoner, access=PersonAccess(Level.NONE, own_caseload=False)) is None


def test_the_panel_reads_a_fixed_number_of_queries(rf, prison, prisoner) -> None:
    """Attendance of every enrolment is read in one query: more enrolments, no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reintegra.accounts.policy import person_access
    from reintegra.programmes.panels import programmes_context

    def enrol_and_attend() -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None,
                                               on=timezone.localdate() - dt.timedelta(days=3))
        enrolment = services.enrolment_admit(enrolment=enrolment, actor=None, expected_version=1,
                                             on=timezone.localdate() - dt.timedelta(days=3))
        services.attendance_record(enrolment=enrolment, session_on=timezone.localdate() - dt.timedelta(days=1),
                                   attended=True, actor=None)

    request = rf.get("/")
    request.user = user_with_role(Role.PRISON_CASE_MANAGER, prison)
    access = person_access(request.user, prisoner)
    enrol_and_attend()
    programmes_context(request, prisoner, access=access)  # warm the user's rights
    with CaptureQueriesContext(connection) as one:
        context = programmes_context(request, prisoner, access=access)
    assert context["enrolments"][0][1].percent == 100
    for _ in range(6):
        enrol_and_attend()
    with CaptureQueriesContext(connection) as seven:
        context = programmes_context(request, prisoner, access=access)
    assert len(context["enrolments"]) == 7
    assert len(seven) == len(one) <= 3
