from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.people.choices import IdentifierKind
from reintegra.people.models import Identifier, Person
from reintegra.people.tests.factories import FlagFactory, IdentifierFactory, PersonFactory

pytestmark = pytest.mark.django_db
BASE = "/api/people/"


def _api(role: str = Role.PROBATION_OFFICER) -> APIClient:
    client = APIClient()
    client.force_authenticate(user_with_role(role))
    return client


def test_search_by_name_and_identifier() -> None:
    person = PersonFactory(given_name="José", family_name="Ruiz")
    IdentifierFactory(person=person, kind=IdentifierKind.NATIONAL_ID, value="NID42")
    PersonFactory(given_name="Other", family_name="Person")
    api = _api()
    by_name = api.get(BASE, {"q": "jose"}).json()
    assert [row["id"] for row in by_name["results"]] == [person.pk]
    assert by_name["results"][0]["identifiers"][0]["value"] == "NID42" and by_name["results"][0]["status"] == "active"
    assert [row["id"] for row in api.get(BASE, {"q": "nid42"}).json()["results"]] == [person.pk]
    assert api.get(BASE).json()["count"] == 2


def test_create_with_nested_identifiers() -> None:
    response = _api().post(BASE, {
        "given_name": "Amira", "family_name": "Haddad", "date_of_birth": "1995-07-01", "nationality": "jo",
        "languages": ["ar", "en"], "identifiers": [{"kind": "passport", "value": "j 123", "issued_by": "Amman"}],
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["nationality"], body["identifiers"][0]["value"], body["version"]) == ("JO", "J123", 1)
    assert body["identifiers"][0]["issued_by"] == "Amman"
    assert body["timeline_url"] == f"{BASE}{body['id']}/timeline/"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"given_name": "A", "family_name": "B", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"given_name": "A", "family_name": "B", "nationality": "X1"}, "nationality"),
        ({"given_name": "A"}, "family_name"),
        ({"given_name": "A", "family_name": "B", "identifiers": [{"kind": "passport", "value": "TAKEN"}]}, "identifiers"),
        ({"given_name": "A", "family_name": "B", "identifiers": [{"kind": "shoe", "value": "1"}]}, "identifiers"),
    ],
)
def test_create_bad_input_is_400_naming_the_field_and_saves_nothing(payload, field) -> None:
    IdentifierFactory(kind=IdentifierKind.PASSPORT, value="TAKEN")
    before = Person.objects.count()
    response = _api().post(BASE, payload, format="json")
    assert response.status_code == 400 and field in response.json()
    assert Person.objects.count() == before


def test_retrieve_has_everything_and_hides_flags_from_view_only_roles() -> None:
    flag = FlagFactory(description="need-to-know")
    person_id = flag.person_id
    body = _api().get(f"{BASE}{person_id}/").json()
    assert body["flags"][0]["description"] == "need-to-know"
    assert {"identifiers", "aliases", "contacts", "timeline_url", "version"} <= set(body)
    assert _api(Role.PROGRAMME_STAFF).get(f"{BASE}{person_id}/").json()["flags"] == []


def test_partial_update_requires_version_and_detects_stale_edits() -> None:
    person = PersonFactory(given_name="Olga")
    api = _api()
    assert api.patch(f"{BASE}{person.pk}/", {"given_name": "Olha"}, format="json").status_code == 400
    ok = api.patch(f"{BASE}{person.pk}/", {"version": 1, "given_name": "Olha", "reason": "spelling"}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(f"{BASE}{person.pk}/", {"version": 1, "given_name": "Helga"}, format="json")
    assert stale.status_code == 409 and "changed by someone else" in str(stale.json())
    assert Person.objects.get(pk=person.pk).given_name == "Olha"
    bad = api.patch(f"{BASE}{person.pk}/", {"version": 2, "date_of_birth": "1700-01-01"}, format="json")
    assert bad.status_code == 400 and "date_of_birth" in bad.json()


def test_void_action() -> None:
    person = PersonFactory()
    api = _api()
    assert api.post(f"{BASE}{person.pk}/void/", {"version": 1, "reason": " "}, format="json").status_code == 400
    response = api.post(f"{BASE}{person.pk}/void/", {"version": 1, "reason": "duplicate entry"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "voided"
    assert api.get(BASE, {"q": person.given_name}).json()["count"] == 0


def test_sub_endpoints_and_timeline() -> None:
    person = PersonFactory()
    api = _api()
    url = f"{BASE}{person.pk}"
    assert api.post(f"{url}/identifiers/", {"kind": "prison_number", "value": "pn1"}, format="json").status_code == 201
    dup = api.post(f"{url}/identifiers/", {"kind": "prison_number", "value": "PN1"}, format="json")
    assert dup.status_code == 400 and "value" in dup.json()
    assert api.post(f"{url}/aliases/", {"given_name": "Kiki", "family_name": ""}, format="json").status_code == 201
    assert api.post(f"{url}/contacts/", {"name": "Mo", "relationship": "parent", "may_be_notified": True},
                    format="json").status_code == 201
    restricted = api.post(f"{url}/contacts/", {"name": "Ex", "relationship": "partner", "safety_restriction": True},
                          format="json")
    assert restricted.status_code == 400 and "restriction_details" in restricted.json()
    assert [i["value"] for i in api.get(f"{url}/identifiers/").json()] == ["PN1"]
    assert [a["given_name"] for a in api.get(f"{url}/aliases/").json()] == ["Kiki"]
    assert len(api.get(f"{url}/contacts/").json()) == 1
    timeline = api.get(f"{url}/timeline/").json()
    assert timeline["count"] == 4 and timeline["results"][0]["description"]
    assert {e["kind"] for e in timeline["results"]} == {"person.created", "identifier.added", "alias.added", "contact.added"}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR])  # volunteers may search: they find only the people assigned to them
def test_denied_roles_get_403_and_nothing_changes(role) -> None:
    person = PersonFactory(given_name="Olga")
    api = _api(role)
    assert api.get(BASE, {"q": "olga"}).status_code == 403
    assert api.get(f"{BASE}{person.pk}/").status_code == 403
    assert api.post(BASE, {"given_name": "A", "family_name": "B"}, format="json").status_code == 403
    assert api.patch(f"{BASE}{person.pk}/", {"version": 1, "given_name": "X"}, format="json").status_code == 403
    assert api.post(f"{BASE}{person.pk}/identifiers/", {"kind": "passport", "value": "Z"}, format="json").status_code == 403
    assert api.post(f"{BASE}{person.pk}/void/", {"version": 1, "reason": "x"}, format="json").status_code == 403
    assert Person.objects.count() == 1 and Person.objects.get().given_name == "Olga" and not Identifier.objects.exists()


def test_view_only_role_cannot_write() -> None:
    person = PersonFactory(given_name="Olga")
    api = _api(Role.PROGRAMME_STAFF)
    assert api.get(f"{BASE}{person.pk}/").status_code == 200
    assert api.patch(f"{BASE}{person.pk}/", {"version": 1, "given_name": "X"}, format="json").status_code == 403
    assert Person.objects.get().given_name == "Olga"


def test_unknown_person_is_404_and_anonymous_is_refused() -> None:
    assert _api().get(f"{BASE}999999/").status_code == 404
    assert APIClient().get(BASE).status_code in (401, 403)


def test_schema_generates_for_people_endpoints() -> None:
    response = _api().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/people/", "/api/people/{id}/", "/api/people/{id}/timeline/", "/api/people/{id}/void/"} <= set(paths)
