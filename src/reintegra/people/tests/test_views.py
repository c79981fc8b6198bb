from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.people import panels, services
from reintegra.people.choices import IdentifierKind, Relationship
from reintegra.people.models import Contact, Identifier, Person, PersonAlias, PersonFlag
from reintegra.people.tests.factories import ContactFactory, FlagFactory, IdentifierFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    return client


def _client_for(client, role: str):
    client.force_login(user_with_role(role))
    return client


def _create_data(**overrides: str) -> dict[str, str]:
    data = {
        "given_name": "Lucía", "family_name": "Fernández", "date_of_birth": "1991-03-04", "sex": "F",
        "gender_identity": "", "nationality": "ES", "languages": "es, en", "literacy_level": "full",
        "dependent_children": "1", "identifier_kind": "", "identifier_value": "",
    }
    data.update(overrides)
    return data


class TestSearch:
    def test_finds_accented_name_and_shows_identifiers(self, staff_client) -> None:
        person = PersonFactory(given_name="José", family_name="Pérez", date_of_birth=dt.date(1980, 2, 1))
        IdentifierFactory(person=person, kind=IdentifierKind.PRISON_NUMBER, value="PN-55")
        response = staff_client.get(reverse("people:search"), {"q": "jose perez"})
        body = response.content.decode()
        assert response.status_code == 200
        assert reverse("people:detail", args=[person.pk]) in body and "PN-55" in body

    def test_identifier_search_and_empty_state(self, staff_client) -> None:
        person = IdentifierFactory(value="ZX900").person
        assert reverse("people:detail", args=[person.pk]) in staff_client.get(
            reverse("people:search"), {"q": "zx900"}).content.decode()
        response = staff_client.get(reverse("people:search"), {"q": "nobody-here"})
        assert "No one matches your search" in response.content.decode()

    def test_paginates(self, staff_client) -> None:
        for n in range(27):
            PersonFactory(given_name="Pat", family_name=f"Page{n:02d}")
        first = staff_client.get(reverse("people:search"), {"q": "pat"}).content.decode()
        second = staff_client.get(reverse("people:search"), {"q": "pat", "page": 2}).content.decode()
        assert "Page00" in first and "Page26" not in first and "Page26" in second and "Page 2 of 2" in second

    @pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR])  # volunteers may search: they find only the people assigned to them
    def test_denied_roles_get_403(self, client, role) -> None:
        PersonFactory(given_name="Hidden")
        response = _client_for(client, role).get(reverse("people:search"), {"q": "hidden"})
        assert response.status_code == 403 and b"Hidden" not in response.content

    def test_anonymous_is_sent_to_login(self, client) -> None:
        response = client.get(reverse("people:search"))
        assert response.status_code == 302 and reverse("login") in response["Location"]


class TestCreate:
    def test_creates_when_no_duplicates(self, staff_client) -> None:
        response = staff_client.post(reverse("people:create"), _create_data(identifier_kind="passport",
                                                                              identifier_value="p 123"))
        person = Person.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
        assert (person.family_name, person.languages, person.identifiers.get().value) == ("Fernández", ["es", "en"], "P123")

    def test_shows_likely_duplicates_first_then_creates_on_confirmation(self, staff_client) -> None:
        existing = PersonFactory(given_name="Lucia", family_name="Fernandez", date_of_birth=dt.date(1991, 3, 4))
        response = staff_client.post(reverse("people:create"), _create_data())
        body = response.content.decode()
        assert response.status_code == 200 and "may already have a record" in body
        assert reverse("people:detail", args=[existing.pk]) in body
        assert Person.objects.count() == 1
        response = staff_client.post(reverse("people:create"), _create_data(confirm_new="on"))
        assert response.status_code == 302 and Person.objects.count() == 2

    def test_bad_input_is_shown_next_to_fields_and_nothing_is_saved(self, staff_client) -> None:
        IdentifierFactory(kind=IdentifierKind.NATIONAL_ID, value="TAKEN1")
        response = staff_client.post(reverse("people:create"), _create_data(
            date_of_birth="2999-01-01", nationality="Spain", identifier_kind="national_id", identifier_value="taken1",
            confirm_new="on",
        ))
        body = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_date_of_birth_errors"' in body and "cannot be in the future" in body
        assert 'id="id_nationality_errors"' in body
        assert Person.objects.count() == 1  # only the factory's

    def test_identifier_clash_is_reported_on_the_identifier_field(self, staff_client) -> None:
        IdentifierFactory(kind=IdentifierKind.NATIONAL_ID, value="TAKEN2")
        response = staff_client.post(reverse("people:create"), _create_data(
            identifier_kind="national_id", identifier_value="TAKEN2", confirm_new="on"))
        assert 'id="id_identifier_value_errors"' in response.content.decode()
        assert Person.objects.count() == 1

    def test_view_only_role_cannot_create(self, client) -> None:
        response = _client_for(client, Role.PROGRAMME_STAFF).post(reverse("people:create"), _create_data())
        assert response.status_code == 403 and not Person.objects.exists()


class TestDetail:
    def test_shows_identity_contacts_flags_panels_and_timeline(self, staff_client, monkeypatch) -> None:
        monkeypatch.setattr(panels, "_PANELS", {})
        panels.register_panel(key="t", order=1, template="people/tests/panel.html",
                              context=lambda request, person: {"label": "PANEL-OK"})
        person = PersonFactory(given_name="Iris", family_name="Nowak")
        ContactFactory(person=person, name="Safe Sam", safety_restriction=True, restriction_details="order 12")
        ContactFactory(person=person, name="Mum", may_be_notified=True)
        FlagFactory(person=person, description="uses a wheelchair")
        body = staff_client.get(reverse("people:detail", args=[person.pk])).content.decode()
        assert "Iris Nowak" in body and "Safety restriction" in body and "May be notified" in body
        assert "uses a wheelchair" in body and "PANEL-OK Iris" in body
        assert "Record created" in body and reverse("people:history", args=[person.pk]) in body

    def test_view_only_role_sees_no_flags_and_no_edit_links(self, client) -> None:
        flag = FlagFactory(description="secret-health-detail")
        body = _client_for(client, Role.PROGRAMME_STAFF).get(reverse("people:detail", args=[flag.person_id])).content.decode()
        assert "secret-health-detail" not in body and reverse("people:edit", args=[flag.person_id]) not in body

    def test_denied_and_missing(self, client) -> None:
        person = PersonFactory()
        assert _client_for(client, Role.ANALYST).get(reverse("people:detail", args=[person.pk])).status_code == 403
        # a volunteer may view people, but only those assigned: anyone else is "not found"
        assert _client_for(client, Role.VOLUNTEER).get(reverse("people:detail", args=[person.pk])).status_code == 404
        client.force_login(user_with_role(Role.PROBATION_OFFICER))
        assert client.get(reverse("people:detail", args=[person.pk + 999])).status_code == 404

    def test_query_count_does_not_grow_with_the_timeline(self, staff_client, monkeypatch,
                                                         django_assert_max_num_queries) -> None:
        short, long = PersonFactory(), PersonFactory()
        for day in range(60):
            services.timeline_record(person=long, kind="person.updated", occurred_on=dt.date(2020, 1, 1) + dt.timedelta(days=day),
                                     source_app="people", params={"fields": ["sex"]})
        for person in (short, long):
            IdentifierFactory(person=person)
            ContactFactory(person=person)
        for person in (short, long):  # the first read creates the audit chain head; each page then lists one read
            staff_client.get(reverse("people:detail", args=[person.pk]))
        counts = []
        for person in (short, long):
            with CaptureQueriesContext(connection) as queries:
                assert staff_client.get(reverse("people:detail", args=[person.pk])).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]  # with whatever panels other apps registered
        monkeypatch.setattr(panels, "_PANELS", {})
        # 9 for the person (with the viewer's access), its lists and one page of timeline; 4 to append
        # the read to the audit log (savepoint, chain head, entry, head update); the rest is the
        # site-wide session, user, rights and organisations look-ups every page makes.
        with django_assert_max_num_queries(19):
            staff_client.get(reverse("people:detail", args=[long.pk]))


class TestEdit:
    def _post(self, client, person, **overrides):
        data = _create_data(given_name=person.given_name, family_name=person.family_name, version=str(person.version),
                            reason="")
        data.update(overrides)
        return client.post(reverse("people:edit", args=[person.pk]), data)

    def test_saves_changes(self, staff_client) -> None:
        person = PersonFactory(given_name="Olga")
        response = self._post(staff_client, person, given_name="Olha", reason="spelling")
        person.refresh_from_db()
        assert response.status_code == 302 and (person.given_name, person.version) == ("Olha", 2)

    def test_stale_edit_is_refused_and_keeps_input(self, staff_client) -> None:
        person = PersonFactory(given_name="Olga")
        services.person_update(person=Person.objects.get(pk=person.pk), actor=None, expected_version=1, nationality="UA")
        response = self._post(staff_client, person, given_name="My-Unsaved-Input")
        body = response.content.decode()
        assert response.status_code == 200 and "changed by someone else" in body
        assert 'value="My-Unsaved-Input"' in body
        person.refresh_from_db()
        assert (person.given_name, person.version) == ("Olga", 2)

    def test_invalid_edit_names_field(self, staff_client) -> None:
        person = PersonFactory()
        body = self._post(staff_client, person, date_of_birth="1800-01-01").content.decode()
        assert 'id="id_date_of_birth_errors"' in body and Person.objects.get(pk=person.pk).version == 1

    def test_denied(self, client) -> None:
        person = PersonFactory(given_name="Olga")
        response = self._post(_client_for(client, Role.PROGRAMME_STAFF), person, given_name="X")
        assert response.status_code == 403 and Person.objects.get(pk=person.pk).given_name == "Olga"


class TestAddDetails:
    def test_add_identifier_alias_contact_flag(self, staff_client) -> None:
        person = PersonFactory()
        url = lambda name: reverse(f"people:{name}", args=[person.pk])  # noqa: E731
        assert staff_client.post(url("identifier-add"), {"kind": "passport", "value": "X1"}).status_code == 302
        assert staff_client.post(url("alias-add"), {"kind": "nickname", "given_name": "Mo", "family_name": ""}).status_code == 302
        assert staff_client.post(url("contact-add"), {"name": "Kim", "relationship": Relationship.SIBLING,
                                                      "may_be_notified": "on"}).status_code == 302
        assert staff_client.post(url("flag-add"), {"category": "disability", "description": "d"}).status_code == 302
        assert (Identifier.objects.filter(person=person).count(), PersonAlias.objects.filter(person=person).count(),
                Contact.objects.filter(person=person).count(), PersonFlag.objects.filter(person=person).count()) == (1, 1, 1, 1)

    def test_duplicate_identifier_error_on_value_field(self, staff_client) -> None:
        IdentifierFactory(kind=IdentifierKind.PASSPORT, value="DUP1")
        person = PersonFactory()
        response = staff_client.post(reverse("people:identifier-add", args=[person.pk]), {"kind": "passport", "value": "dup1"})
        assert 'id="id_value_errors"' in response.content.decode() and not person.identifiers.exists()

    def test_restricted_contact_cannot_be_notified(self, staff_client) -> None:
        person = PersonFactory()
        response = staff_client.post(reverse("people:contact-add", args=[person.pk]), {
            "name": "Ex", "relationship": "partner", "may_be_notified": "on", "safety_restriction": "on",
            "restriction_details": "order"})
        assert 'id="id_may_be_notified_errors"' in response.content.decode() and not person.contacts.exists()

    def test_denied(self, client) -> None:
        person = PersonFactory()
        response = _client_for(client, Role.PROGRAMME_STAFF).post(
            reverse("people:identifier-add", args=[person.pk]), {"kind": "passport", "value": "X2"})
        assert response.status_code == 403 and not person.identifiers.exists()


class TestMergeAndVoid:
    def test_merge_needs_confirmation_then_moves_links(self, client) -> None:
        client.force_login(user_with_role(Role.SUPERVISOR))
        source, target = PersonFactory(given_name="Dup"), PersonFactory(given_name="Keep")
        IdentifierFactory(person=source, value="MOVE1")
        url = reverse("people:merge", args=[source.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"target": target.pk, "reason": "same person"})
        assert response.status_code == 200 and "Confirm the merge" in response.content.decode()
        assert Person.objects.get(pk=source.pk).merged_into_id is None
        response = client.post(url, {"target": target.pk, "reason": "same person", "confirm": "True"})
        assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[target.pk])
        assert Person.objects.get(pk=source.pk).merged_into_id == target.pk
        assert Identifier.objects.get(value="MOVE1").person_id == target.pk

    def test_merge_unknown_or_self_target(self, client) -> None:
        client.force_login(user_with_role(Role.SUPERVISOR))
        source = PersonFactory()
        url = reverse("people:merge", args=[source.pk])
        assert 'id="id_target_errors"' in client.post(url, {"target": source.pk + 999, "reason": "x"}).content.decode()
        assert 'id="id_target_errors"' in client.post(url, {"target": source.pk, "reason": "x"}).content.decode()

    def test_merge_denied_without_merge_permission(self, client) -> None:
        client.force_login(user_with_role(Role.PROBATION_OFFICER))
        source, target = PersonFactory(), PersonFactory()
        response = client.post(reverse("people:merge", args=[source.pk]),
                               {"target": target.pk, "reason": "x", "confirm": "True"})
        assert response.status_code == 403 and Person.objects.get(pk=source.pk).merged_into_id is None

    def test_void_and_history(self, staff_client) -> None:
        person = PersonFactory()
        response = staff_client.post(reverse("people:void", args=[person.pk]), {"version": 1, "reason": "test entry"})
        assert response.status_code == 302 and Person.objects.get(pk=person.pk).is_voided
        body = staff_client.get(reverse("people:history", args=[person.pk])).content.decode()
        assert "test entry" in body and "voided" in body


class TestNeedToKnow:
    def test_health_flags_follow_the_need_to_know_permission_not_the_edit_right(self, client) -> None:
        from django.contrib.auth.models import Group, Permission

        flag = FlagFactory(description="need-to-know-detail")
        url = reverse("people:detail", args=[flag.person_id])
        Group.objects.get(name=Role.PROBATION_OFFICER).permissions.remove(Permission.objects.get(codename="need_health"))
        officer = user_with_role(Role.PROBATION_OFFICER)
        client.force_login(officer)
        assert "need-to-know-detail" not in client.get(url).content.decode()
        officer.user_permissions.add(Permission.objects.get(codename="need_health"))
        assert "need-to-know-detail" in client.get(url).content.decode()

    def test_substance_use_and_victim_safety_are_separate_categories(self, client) -> None:
        from django.contrib.auth.models import Group, Permission

        person = PersonFactory()
        FlagFactory(person=person, category="substance_use", description="substance-detail")
        FlagFactory(person=person, category="disability", description="disability-detail")
        ContactFactory(person=person, name="Victim Vera", relationship=Relationship.VICTIM)
        ContactFactory(person=person, name="Ex Partner", safety_restriction=True, restriction_details="order-77")
        officers = Group.objects.get(name=Role.PROBATION_OFFICER)
        officers.permissions.remove(*Permission.objects.filter(codename__in=["need_substance", "need_victim_safety"]))
        officer = user_with_role(Role.PROBATION_OFFICER)
        client.force_login(officer)
        url = reverse("people:detail", args=[person.pk])
        body = client.get(url).content.decode()
        assert "disability-detail" in body and "substance-detail" not in body
        assert "Victim Vera" not in body and "order-77" not in body and "Ex Partner" in body
        officer.user_permissions.add(*Permission.objects.filter(codename__in=["need_substance", "need_victim_safety"]))
        body = client.get(url).content.decode()
        assert "substance-detail" in body and "Victim Vera" in body and "order-77" in body
