from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Membership
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.justice.choices import CustodyKind
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, SupervisionPeriod
from reintegra.justice.tests.factories import (
    CaseFactory, ChargeFactory, CustodyEpisodeFactory, DispositionFactory, ProbationOfficeFactory,
    SupervisionPeriodFactory, iccs_section,
)
from reintegra.people.tests.factories import PersonFactory

# Real relationships, no test-only broad scope: staff reach people they registered, people in
# custody in their prison service and people supervised at their office.
pytestmark = [pytest.mark.django_db, pytest.mark.real_scope]
BASE = "/api/justice"
PURPOSE = {"purpose": "case_management"}  # reads outside one's own caseload say why


def _client(role: str = Role.PROBATION_OFFICER) -> APIClient:
    client = APIClient()
    client.force_authenticate(user_with_role(role))
    return client


def _staff() -> APIClient:
    """A supervisor at a probation office (``client.office``) who is also a case manager in a prison
    service (``client.service``); ``client.user`` is the user."""
    service = FacilityFactory(kind=OrganisationKind.PRISON_SERVICE)
    office = ProbationOfficeFactory()
    user = user_with_role(Role.SUPERVISOR, office)
    Membership.objects.create(user=user, organisation=service, role=Role.PRISON_CASE_MANAGER)
    client = APIClient()
    client.force_authenticate(user)
    client.user, client.service, client.office = user, service, office  # type: ignore[attr-defined]
    return client


def test_offences_list_has_the_iccs_sections() -> None:
    response = _client().get(f"{BASE}/offences/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert codes[:11] == [f"{n:02d}" for n in range(1, 12)]


def test_open_case_add_charge_and_disposition_then_list_by_person() -> None:
    client = _staff()
    person = PersonFactory(actor=client.user)
    response = client.post(f"{BASE}/cases/", {"person": person.pk, "reference": "A-1", "opened_on": "2024-01-02"},
                           format="json")
    assert response.status_code == 201, response.json()
    case_id = response.json()["id"]
    response = client.post(f"{BASE}/cases/{case_id}/charges/", {"offence": iccs_section("03").pk,
                                                                "offence_date": "2024-01-01"}, format="json")
    assert response.status_code == 201
    response = client.post(f"{BASE}/cases/{case_id}/dispositions/",
                           {"kind": "custodial", "decided_on": "2024-03-01", "term_days": 400}, format="json")
    assert response.status_code == 201
    listed = client.get(f"{BASE}/cases/", {"person": person.pk}).json()["results"]
    assert [(c["reference"], len(c["charges"]), c["dispositions"][0]["term_days"]) for c in listed] == [("A-1", 1, 400)]


def test_field_errors_come_back_as_400() -> None:
    client = _staff()
    case = CaseFactory(person__actor=client.user)
    response = client.post(f"{BASE}/cases/{case.pk}/dispositions/", {"kind": "fine", "decided_on": "2024-03-01"},
                           format="json")
    assert response.status_code == 400
    assert response.json() == {"fine_amount": ["Give the amount of the fine."]}
    response = client.post(f"{BASE}/cases/", {"person": 999999, "reference": "X", "opened_on": "2024-01-01"},
                           format="json")
    assert (response.status_code, list(response.json())) == (400, ["person"])
    assert not Disposition.objects.exists()


def test_admit_release_and_stale_release_is_409() -> None:
    client = _staff()
    person, facility = PersonFactory(actor=client.user), FacilityFactory(parent=client.service)
    response = client.post(f"{BASE}/custody-episodes/", {"person": person.pk, "facility": facility.pk,
                                                         "kind": "remand", "admitted_on": "2024-01-05"}, format="json")
    assert response.status_code == 201
    episode_id = response.json()["id"]
    overlap = client.post(f"{BASE}/custody-episodes/", {"person": person.pk, "facility": facility.pk,
                                                        "kind": "remand", "admitted_on": "2024-02-05"}, format="json")
    assert overlap.status_code == 400 and "admitted_on" in overlap.json()
    early = client.post(f"{BASE}/custody-episodes/{episode_id}/release/",
                        {"released_on": "2024-01-01", "release_type": "bail", "version": 1}, format="json")
    assert early.status_code == 400 and "released_on" in early.json()
    ok = client.post(f"{BASE}/custody-episodes/{episode_id}/release/",
                     {"released_on": "2024-02-01", "release_type": "bail", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    # Released on bail under pretrial supervision at the staff user's office, so still in their view.
    SupervisionPeriodFactory(person=person, office=client.office, kind="pretrial", starts_on=dt.date(2024, 2, 1))
    stale = client.post(f"{BASE}/custody-episodes/{episode_id}/release/",
                        {"released_on": "2024-02-02", "release_type": "bail", "version": 1}, format="json")
    assert stale.status_code == 409


def test_transfer_returns_the_new_episode() -> None:
    client = _staff()
    episode = CustodyEpisodeFactory(facility=FacilityFactory(parent=client.service))
    destination = FacilityFactory(parent=client.service)
    response = client.post(f"{BASE}/custody-episodes/{episode.pk}/transfer/",
                           {"to_facility": destination.pk, "transferred_on": "2024-03-01", "version": 1}, format="json")
    assert response.status_code == 201
    assert (response.json()["facility"], response.json()["admitted_on"]) == (destination.pk, "2024-03-01")
    listed = client.get(f"{BASE}/custody-episodes/", {"person": episode.person.pk, **PURPOSE}).json()["results"]
    assert len(listed) == 2


def test_supervision_start_and_end() -> None:
    client = _staff()
    person, office = PersonFactory(actor=client.user), client.office
    response = client.post(f"{BASE}/supervision-periods/", {"person": person.pk, "kind": "probation",
                                                            "office": office.pk, "starts_on": "2024-01-01"}, format="json")
    assert response.status_code == 201
    period_id = response.json()["id"]
    response = client.post(f"{BASE}/supervision-periods/{period_id}/end/",
                           {"ended_on": "2024-06-01", "end_reason": "completed", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["ended_on"] == "2024-06-01"


def test_charge_outcome_with_version() -> None:
    client = _staff()
    charge = ChargeFactory(case__person__actor=client.user)
    url = f"{BASE}/charges/{charge.pk}/outcome/"
    assert client.post(url, {"outcome": "convicted", "outcome_date": "2024-02-01", "version": 1},
                       format="json").status_code == 200
    assert client.post(url, {"outcome": "acquitted", "outcome_date": "2024-02-01", "version": 1},
                       format="json").status_code == 409


def test_person_status_and_key_dates() -> None:
    client = _staff()
    sentence = DispositionFactory(term_days=365, case__person__actor=client.user)
    CustodyEpisodeFactory(person=sentence.person, kind=CustodyKind.SENTENCED, disposition=sentence,
                          admitted_on=sentence.decided_on, facility=FacilityFactory(parent=client.service))
    body = client.get(f"{BASE}/persons/{sentence.person.pk}/status/", PURPOSE).json()
    assert body["status"] == "in_custody"
    assert body["key_dates"]["sentence_end"] == "2025-02-28"  # 2024-03-01 + 364 days (2024 is a leap year)
    nobody = client.get(f"{BASE}/persons/{PersonFactory(actor=client.user).pk}/status/").json()
    assert (nobody["status"], nobody["key_dates"]) == ("no_active_episode", None)
    assert client.get(f"{BASE}/persons/999999/status/").status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VOLUNTEER])
def test_denied_users_are_refused_and_nothing_changes(role: str) -> None:
    client = _client(role)
    person = PersonFactory()
    episode = CustodyEpisodeFactory(person=person)
    period = SupervisionPeriodFactory()
    charge = ChargeFactory()
    counts = [m.objects.count() for m in (Case, Charge, Disposition, CustodyEpisode, SupervisionPeriod)]
    requests = [
        ("get", f"{BASE}/cases/", {}),
        ("get", f"{BASE}/custody-episodes/", {}),
        ("get", f"{BASE}/supervision-periods/", {}),
        ("get", f"{BASE}/persons/{person.pk}/status/", {}),
        ("post", f"{BASE}/cases/", {"person": person.pk, "reference": "Z", "opened_on": "2024-01-01"}),
        ("post", f"{BASE}/cases/{charge.case.pk}/charges/", {"offence": iccs_section().pk, "offence_date": "2024-01-01"}),
        ("post", f"{BASE}/cases/{charge.case.pk}/dispositions/", {"kind": "fine", "decided_on": "2024-02-01", "fine_amount": "3"}),
        ("post", f"{BASE}/charges/{charge.pk}/outcome/", {"outcome": "convicted", "outcome_date": "2024-02-01", "version": 1}),
        ("post", f"{BASE}/custody-episodes/", {"person": person.pk, "facility": episode.facility.pk, "kind": "remand", "admitted_on": "2024-05-01"}),
        ("post", f"{BASE}/custody-episodes/{episode.pk}/release/", {"released_on": "2024-02-01", "release_type": "bail", "version": 1}),
        ("post", f"{BASE}/custody-episodes/{episode.pk}/transfer/", {"to_facility": FacilityFactory().pk, "transferred_on": "2024-02-01", "version": 1}),
        ("post", f"{BASE}/supervision-periods/", {"person": person.pk, "kind": "parole", "office": period.office.pk, "starts_on": "2024-01-01"}),
        ("post", f"{BASE}/supervision-periods/{period.pk}/end/", {"ended_on": "2024-07-01", "end_reason": "completed", "version": 1}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data, format="json") if method == "post" else client.get(url)
        assert response.status_code == 403, (url, response.status_code)
    assert counts == [m.objects.count() for m in (Case, Charge, Disposition, CustodyEpisode, SupervisionPeriod)]
    episode.refresh_from_db()
    period.refresh_from_db()
    assert (episode.version, period.version) == (1, 1)


def test_anonymous_requests_are_refused() -> None:
    assert APIClient().get(f"{BASE}/cases/").status_code in (401, 403)


def _refs(node: object, components: dict, seen: set) -> set:
    """Every component reachable from ``node`` through $ref."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                _refs(components.get(name, {}), components, seen)
        for value in node.values():
            _refs(value, components, seen)
    elif isinstance(node, list):
        for value in node:
            _refs(value, components, seen)
    return seen


def test_schema_of_the_justice_api_is_clean() -> None:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {p: item for p, item in schema["paths"].items() if p.startswith("/api/justice/")}
    assert "/api/justice/persons/{person_pk}/status/" in paths
    assert "/api/justice/custody-episodes/{id}/transfer/" in paths
    # Warnings about the project-wide token authenticator belong to the accounts API, and enum
    # names shared across apps ("kind", "status") are settled by ENUM_NAME_OVERRIDES in settings.
    ours = [w for w in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
            if "justice" in w and "could not resolve authenticator" not in w]
    assert ours == []
    used = _refs(paths, schema["components"]["schemas"], set())
    assert {"CustodyEpisode", "PersonStatus", "Case", "SupervisionPeriod", "KeyDates"} <= used


def test_sexual_offence_details_are_need_to_know() -> None:
    from django.contrib.auth.models import Group, Permission

    for role in (Role.SUPERVISOR, Role.PRISON_CASE_MANAGER):
        Group.objects.get(name=role).permissions.remove(Permission.objects.get(codename="need_sexual_offence"))
    client = _staff()
    case = CaseFactory(person__actor=client.user)
    ChargeFactory(case=case, offence=iccs_section("03"), description="detail-of-section-03")
    ChargeFactory(case=case, offence=iccs_section("05"), description="detail-of-section-05")
    url = f"{BASE}/cases/"
    charges = client.get(url, {"person": case.person_id}).json()["results"][0]["charges"]
    shown = {c["offence_code"]: (c["description"], c["details_withheld"]) for c in charges}
    assert shown == {"03": ("", True), "05": ("detail-of-section-05", False)}
    client.user.user_permissions.add(Permission.objects.get(codename="need_sexual_offence"))
    client.force_authenticate(type(client.user).objects.get(pk=client.user.pk))  # a new request's user
    charges = client.get(url, {"person": case.person_id}).json()["results"][0]["charges"]
    assert {c["description"] for c in charges} == {"detail-of-section-03", "detail-of-section-05"}
