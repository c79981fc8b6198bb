from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.justice.tests.factories import CustodyEpisodeFactory
from reintegra.people.models import TimelineEvent
from reintegra.programmes import bands, services
from reintegra.programmes.choices import ProgrammeType
from reintegra.programmes.models import Attendance, Certificate, Enrolment
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
BASE = "/api/programmes/enrolments/"
TODAY = dt.date.today()


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def band(monkeypatch):
    """The band source the planning layer registers, replaced by one the test controls."""
    current = {"band": "high"}
    monkeypatch.setattr(bands, "_source", lambda person: current["band"])
    return current


def _state() -> tuple:
    return (list(Enrolment.objects.order_by("pk").values_list("pk", "status", "version")),
            Attendance.objects.count(), Certificate.objects.count(), TimelineEvent.objects.count())


def test_catalogue_and_cohorts_for_anyone_signed_in() -> None:
    ProgrammeFactory(name="Welding", type=ProgrammeType.VOCATIONAL, trade="Welding")
    cohort = CohortFactory(programme=ProgrammeFactory(name="Thinking Skills", risk_bands=["high"],
                                                      trauma_informed=True))
    client = _client(user_with_role(Role.PERSON))
    names = [row["name"] for row in client.get("/api/programmes/programmes/?band=low").json()["results"]]
    assert names == ["Welding"]
    detail = client.get(f"/api/programmes/programmes/{cohort.programme_id}/").json()
    assert detail["risk_bands"] == ["high"] and detail["trauma_informed"] is True
    cohorts = client.get(f"/api/programmes/cohorts/?programme={cohort.programme_id}").json()["results"]
    assert [(row["id"], row["enrolled"], row["waiting"]) for row in cohorts] == [(cohort.pk, 0, 0)]
    assert client.get("/api/programmes/programmes/999999/").status_code == 404
    assert client.get("/api/programmes/cohorts/999999/").status_code == 404


def test_catalogue_filters() -> None:
    trauma = ProgrammeFactory(name="Healing", trauma_informed=True, gender_responsive=True)
    ProgrammeFactory(name="Plain")
    client = _client(user_with_role(Role.PERSON))

    def names(query: str) -> list[str]:
        return [row["name"] for row in client.get(f"/api/programmes/programmes/?{query}").json()["results"]]

    assert names("trauma_informed=true") == ["Healing"]
    assert names("trauma_informed=false") == ["Plain"]
    assert names("gender_responsive=1") == ["Healing"]
    assert names(f"venue={trauma.venue_id}") == ["Healing"]
    assert names("delivery=community") == []
    full = CohortFactory(capacity=1, starts_on=TODAY + dt.timedelta(days=10), ends_on=TODAY + dt.timedelta(days=40))
    services.enrolment_admit(enrolment=services.enrolment_request(person=CustodyEpisodeFactory().person, cohort=full,
                                                                  actor=None), actor=None, expected_version=1)
    ended = CohortFactory(starts_on=TODAY - dt.timedelta(days=90), ends_on=TODAY - dt.timedelta(days=1))
    open_ = CohortFactory()

    def cohorts(query: str) -> set[int]:
        return {row["id"] for row in client.get(f"/api/programmes/cohorts/?{query}").json()["results"]}

    assert cohorts("") == {full.pk, ended.pk, open_.pk}
    assert cohorts("current=true") == {full.pk, open_.pk}
    assert cohorts("current=true&places=true") == {open_.pk}
    assert cohorts(f"starts_from={TODAY.isoformat()}") == {full.pk}
    assert client.get("/api/programmes/cohorts/?starts_from=soon").status_code == 400


def test_enrolments_scoped_and_refused_without_permission(prison, prisoner) -> None:
    other = CustodyEpisodeFactory(facility=FacilityFactory(), admitted_on=dt.date(2024, 1, 10)).person
    cohort = CohortFactory()
    mine = services.enrolment_request(person=prisoner, cohort=cohort, actor=None, band="high")
    services.enrolment_request(person=other, cohort=cohort, actor=None, band="low")
    staff = _client(user_with_role(Role.PROGRAMME_STAFF, prison))
    rows = staff.get(f"{BASE}?status=waiting").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    # One person's record: outside one's own caseload the purpose is asked, and the read is audited.
    assert staff.get(f"{BASE}{mine.pk}/").status_code == 400
    detail = staff.get(f"{BASE}{mine.pk}/?purpose=case_management")
    assert detail.status_code == 200 and detail.json()["risk_band"] == "high"
    assert detail.json()["attendance_rate"] is None and detail.json()["programme"] == cohort.programme_id
    assert AuditEvent.objects.filter(action="read", object_type="programmes.enrolment", object_id=str(mine.pk),
                                     person_id=prisoner.pk, purpose="case_management").exists()
    analyst = _client(user_with_role(Role.ANALYST))
    assert analyst.get(BASE).status_code == 403
    assert analyst.get(f"{BASE}{mine.pk}/").status_code == 403


def test_person_filter_is_an_audited_read(prison, prisoner) -> None:
    mine = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
    services.enrolment_request(person=CustodyEpisodeFactory(facility=prison).person, cohort=CohortFactory(), actor=None)
    manager = _client(user_with_role(Role.PRISON_CASE_MANAGER, prison))
    response = manager.get(f"{BASE}?person={prisoner.pk}&purpose=case_management")
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert AuditEvent.objects.filter(action="read", person_id=prisoner.pk, object_type="programmes.enrolment",
                                     fields=["enrolments"]).count() == 1
    stranger = CustodyEpisodeFactory(facility=FacilityFactory()).person
    refused = manager.get(f"{BASE}?person={stranger.pk}&purpose=case_management")
    assert refused.status_code == 400 and "person" in refused.json()


class TestWrites:
    def test_request_admit_attend_complete(self, prison, prisoner, band) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(risk_bands=["high"], certificate_title="CBT certificate"))
        api = _client(user_with_role(Role.PRISON_CASE_MANAGER, prison))
        created = api.post(BASE, {"person": prisoner.pk, "cohort": cohort.pk}, format="json")
        assert created.status_code == 201, created.content
        body = created.json()
        assert (body["status"], body["risk_band"], body["person"], body["version"]) == ("waiting", "high",
                                                                                         prisoner.pk, 1)
        pk = body["id"]
        Enrolment.objects.filter(pk=pk).update(requested_on=TODAY - dt.timedelta(days=5))  # asked for last week
        admitted = api.post(f"{BASE}{pk}/admit/", {"version": 1, "on": (TODAY - dt.timedelta(days=3)).isoformat()},
                            format="json")
        assert admitted.status_code == 200, admitted.content
        assert admitted.json()["status"] == "enrolled" and admitted.json()["version"] == 2
        for days_ago, attended in ((2, True), (1, False), (1, True)):  # the last one corrects the one before
            recorded = api.post(f"{BASE}{pk}/attendance/", {"session_on": (TODAY - dt.timedelta(days=days_ago))
                                                            .isoformat(), "attended": attended}, format="json")
            assert recorded.status_code == 201, recorded.content
        detail = api.get(f"{BASE}{pk}/?purpose=case_management").json()
        assert (detail["sessions_recorded"], detail["sessions_attended"], detail["attendance_rate"]) == (2, 2, 100)
        done = api.post(f"{BASE}{pk}/complete/", {"version": 2}, format="json")
        assert done.status_code == 200 and done.json()["status"] == "completed"
        assert Certificate.objects.get(person=prisoner).title == "CBT certificate"

    def test_band_is_read_not_sent_and_checked_against_the_programme(self, prison, prisoner, band) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(risk_bands=["high", "very_high"]))
        api = _client(user_with_role(Role.PRISON_CASE_MANAGER, prison))
        band["band"] = "low"
        refused = api.post(BASE, {"person": prisoner.pk, "cohort": cohort.pk, "band": "high"}, format="json")
        assert refused.status_code == 400 and "Not eligible" in refused.json()["person"][0]
        assert not Enrolment.objects.exists()
        band["band"] = "high"
        created = api.post(BASE, {"person": prisoner.pk, "cohort": cohort.pk}, format="json")
        assert created.status_code == 201 and created.json()["risk_band"] == "high"
        band["band"] = "low"  # a newer assessment: admission checks the current band
        before = _state()
        refused = api.post(f"{BASE}{created.json()['id']}/admit/", {"version": 1}, format="json")
        assert refused.status_code == 400 and "Not eligible" in refused.json()["person"][0]
        assert _state() == before

    def test_drop_needs_a_reason_and_stale_versions_are_409(self, prison, prisoner) -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        api = _client(user_with_role(Role.PROGRAMME_STAFF, prison))
        before = _state()
        missing = api.post(f"{BASE}{enrolment.pk}/drop/", {"version": 1, "reason": " "}, format="json")
        assert missing.status_code == 400 and "reason" in missing.json()
        bad = api.post(f"{BASE}{enrolment.pk}/admit/", {"version": "one"}, format="json")
        assert bad.status_code == 400 and "version" in bad.json()
        stale = api.post(f"{BASE}{enrolment.pk}/admit/", {"version": 5}, format="json")
        assert stale.status_code == 409
        assert _state() == before
        dropped = api.post(f"{BASE}{enrolment.pk}/drop/", {"version": 1, "reason": "Moved"}, format="json")
        assert dropped.status_code == 200 and dropped.json()["dropout_reason"] == "Moved"
        again = api.post(f"{BASE}{enrolment.pk}/drop/", {"version": 2, "reason": "Moved"}, format="json")
        assert again.status_code == 400 and "cannot become dropped out" in again.json()["status"][0]

    def test_business_refusals_are_400_with_the_field(self, prison, prisoner) -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        api = _client(user_with_role(Role.PROGRAMME_STAFF, prison))
        before = _state()
        never = api.post(f"{BASE}{enrolment.pk}/complete/", {"version": 1}, format="json")
        assert never.status_code == 400 and "never enrolled" in never.json()["status"][0]
        absent = api.post(f"{BASE}{enrolment.pk}/attendance/", {"session_on": TODAY.isoformat(), "attended": True},
                          format="json")
        assert absent.status_code == 400 and "enrolment" in absent.json()
        twice = api.post(BASE, {"person": prisoner.pk, "cohort": enrolment.cohort_id}, format="json")
        assert twice.status_code == 400 and "already waiting" in twice.json()["person"][0]
        nocohort = api.post(BASE, {"person": prisoner.pk, "cohort": 999999}, format="json")
        assert nocohort.status_code == 400 and "cohort" in nocohort.json()
        assert _state() == before

    @pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ANALYST, Role.PARTNER_CASEWORKER, Role.PERSON])
    def test_without_the_right_403_before_the_body_is_read_audited_and_nothing_changes(
            self, prison, prisoner, role) -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        user = user_with_role(role, prison)
        api = _client(user)
        before = _state()
        attempts = [api.post(BASE, {}, format="json"),  # an empty body: refused, not validated
                    api.post(BASE, {"person": prisoner.pk, "cohort": enrolment.cohort_id}, format="json")]
        attempts += [api.post(f"{BASE}{enrolment.pk}/{name}/", {}, format="json")
                     for name in ("admit", "attendance", "complete", "drop")]
        assert [response.status_code for response in attempts] == [403] * 6
        assert _state() == before
        assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).count() == 6

    def test_outside_the_scope_404_audited_and_nothing_changes(self, prisoner) -> None:
        enrolment = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
        user = user_with_role(Role.PRISON_CASE_MANAGER, FacilityFactory())
        api = _client(user)
        before = _state()
        attempts = [api.post(f"{BASE}{enrolment.pk}/{name}/", {"version": 1, "reason": "x", "attended": True,
                                                                "session_on": TODAY.isoformat()}, format="json")
                    for name in ("admit", "attendance", "complete", "drop")]
        attempts.append(api.get(f"{BASE}{enrolment.pk}/?purpose=case_management"))
        attempts.append(api.get(f"{BASE}999999/"))
        assert [response.status_code for response in attempts] == [404] * 6
        assert _state() == before
        assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).count() == 6
        refused = api.post(BASE, {"person": prisoner.pk, "cohort": enrolment.cohort_id}, format="json")
        assert refused.status_code == 400 and "person" in refused.json()
        assert _state() == before


def test_the_enrolment_list_filters(prison, prisoner) -> None:
    first = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
    second = services.enrolment_request(person=prisoner, cohort=CohortFactory(), actor=None)
    api = _client(user_with_role(Role.PROGRAMME_STAFF, prison))

    def ids(query: str) -> list[int]:
        return [row["id"] for row in api.get(f"{BASE}?{query}").json()["results"]]

    assert ids(f"programme={second.cohort.programme_id}") == [second.pk]
    assert ids(f"cohort={first.cohort_id}") == [first.pk]
    assert ids("status=enrolled") == []


class TestCatalogueWrites:
    def _body(self, prison, **changes) -> dict:
        body = {"name": "Forklift", "type": "vocational", "trade": "Logistics", "hours": 30, "sessions": 10,
                "weeks": 5, "intensity": "low", "delivery": "facility", "venue": prison.pk, "provider": prison.pk,
                "capacity": 8, "trauma_informed": True, "targeted_needs": ["school_work"], "languages": ["ES"]}
        body.update(changes)
        return body

    def test_create_change_and_withdraw_a_programme(self, prison) -> None:
        api = _client(user_with_role(Role.PROGRAMME_STAFF, prison))
        created = api.post("/api/programmes/programmes/", self._body(prison), format="json")
        assert created.status_code == 201, created.content
        body = created.json()
        assert (body["trauma_informed"], body["languages"], body["version"]) == (True, ["es"], 1)
        url = f"/api/programmes/programmes/{body['id']}/"
        changed = api.patch(url, {"version": 1, "trauma_informed": False, "hours": 40}, format="json")
        assert changed.status_code == 200, changed.content
        assert (changed.json()["trauma_informed"], changed.json()["hours"], changed.json()["name"],
                changed.json()["version"]) == (False, 40, "Forklift", 2)
        assert api.patch(url, {"version": 1, "hours": 50}, format="json").status_code == 409
        assert api.patch(url, {"hours": 50}, format="json").status_code == 400  # the version is required
        bad = api.patch(url, {"version": 2, "type": "education"}, format="json")
        assert bad.status_code == 400 and "education_level" in bad.json()
        assert api.get(url).json()["hours"] == 40
        cohort = api.post("/api/programmes/cohorts/", {"programme": body["id"], "starts_on": TODAY.isoformat(),
                                                       "ends_on": (TODAY + dt.timedelta(days=30)).isoformat()},
                          format="json")
        assert cohort.status_code == 201 and cohort.json()["capacity"] == 8
        assert api.post(f"{url}void/", {"version": 2, "reason": ""}, format="json").status_code == 400
        withdrawn = api.post(f"{url}void/", {"version": 2, "reason": "No instructor"}, format="json")
        assert withdrawn.status_code == 200, withdrawn.content
        assert api.get(url).status_code == 404
        assert api.get(f"/api/programmes/cohorts/{cohort.json()['id']}/").status_code == 404

    def test_change_and_cancel_a_cohort(self, prison, prisoner) -> None:
        cohort = CohortFactory(capacity=10, schedule="Tuesdays")
        api = _client(user_with_role(Role.SUPERVISOR, prison))
        url = f"/api/programmes/cohorts/{cohort.pk}/"
        changed = api.patch(url, {"version": 1, "capacity": 4}, format="json")
        assert changed.status_code == 200, changed.content
        assert (changed.json()["capacity"], changed.json()["schedule"], changed.json()["starts_on"]) == (
            4, "Tuesdays", cohort.starts_on.isoformat())
        late = api.patch(url, {"version": 2, "ends_on": (cohort.starts_on - dt.timedelta(days=1)).isoformat()},
                         format="json")
        assert late.status_code == 400 and "ends_on" in late.json()
        services.enrolment_request(person=prisoner, cohort=cohort, actor=None)
        refused = api.post(f"{url}void/", {"version": 2, "reason": "No room"}, format="json")
        assert refused.status_code == 400 and "waiting for or enrolled" in refused.json()["non_field_errors"][0]
        assert api.get(url).status_code == 200

    @pytest.mark.parametrize("role", [Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.VOLUNTEER])
    def test_without_programme_manage_403_before_the_body_and_nothing_changes(self, prison, role) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(name="Kept"))
        user = user_with_role(role, prison)
        api = _client(user)
        programme_url = f"/api/programmes/programmes/{cohort.programme_id}/"
        cohort_url = f"/api/programmes/cohorts/{cohort.pk}/"
        attempts = [
            api.post("/api/programmes/programmes/", {}, format="json"),
            api.patch(programme_url, {}, format="json"),
            api.post(f"{programme_url}void/", {}, format="json"),
            api.post("/api/programmes/cohorts/", {}, format="json"),
            api.patch(cohort_url, {}, format="json"),
            api.post(f"{cohort_url}void/", {}, format="json"),
        ]
        assert [response.status_code for response in attempts] == [403] * 6
        cohort.refresh_from_db()
        cohort.programme.refresh_from_db()
        assert (cohort.version, cohort.voided_at, cohort.programme.version, cohort.programme.name) == (
            1, None, 1, "Kept")
        assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).count() == 6


def test_schema_of_the_programmes_api_is_clean() -> None:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {p: item for p, item in schema["paths"].items() if p.startswith("/api/programmes/")}
    assert {"post", "get"} <= set(paths["/api/programmes/enrolments/"])
    for name in ("admit", "attendance", "complete", "drop"):
        assert "post" in paths[f"/api/programmes/enrolments/{{id}}/{name}/"]
    assert "patch" in paths["/api/programmes/programmes/{id}/"] and "patch" in paths["/api/programmes/cohorts/{id}/"]
    ours = [w for w in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
            if "programmes" in w and "could not resolve authenticator" not in w]
    assert ours == []
