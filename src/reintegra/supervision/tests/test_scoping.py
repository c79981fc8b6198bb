"""Record-level scope end to end: every relationship positive and negative, levels per role,
volunteers' summary view, restricted records, registrations and query bounds. The relationships
are built with the justice and supervision services (no test-only broad scope here)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.models import User
from reintegra.accounts.policy import Level, person_access, scope_persons
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.justice.tests.factories import (
    ChargeFactory, CustodyEpisodeFactory, ProbationOfficeFactory, SupervisionPeriodFactory,
)
from reintegra.people import selectors, services
from reintegra.people.models import Person
from reintegra.people.tests.factories import ContactFactory, FlagFactory, IdentifierFactory, PersonFactory
from reintegra.supervision.services import volunteer_assign, volunteer_assignment_end

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # a new request: per-request caches start empty


def level(user: User, person: Person) -> Level:
    return person_access(fresh(user), person).level


def test_custody_at_my_prison_full_for_case_managers_summary_for_programme_staff_not_elsewhere() -> None:
    prison, other = FacilityFactory(), FacilityFactory()
    person = CustodyEpisodeFactory(facility=prison).person
    assert level(user_with_role(Role.PRISON_CASE_MANAGER, prison), person) == Level.FULL
    assert level(user_with_role(Role.SUPERVISOR, prison), person) == Level.FULL
    assert level(user_with_role(Role.PROGRAMME_STAFF, prison), person) == Level.SUMMARY
    assert level(user_with_role(Role.PRISON_CASE_MANAGER, other), person) == Level.NONE
    assert level(user_with_role(Role.PROBATION_OFFICER, prison), person) == Level.NONE


def test_prison_service_sees_its_facilities_and_release_ends_it() -> None:
    prison = FacilityFactory()
    service = prison.parent = FacilityFactory(kind="prison_service")
    prison.save()
    manager = user_with_role(Role.PRISON_CASE_MANAGER, service)
    episode = CustodyEpisodeFactory(facility=prison)
    assert level(manager, episode.person) == Level.FULL
    from reintegra.justice.services import custody_release

    custody_release(actor=None, episode=episode, released_on=dt.date(2024, 2, 1), release_type="bail",
                    expected_version=episode.version)
    assert level(manager, episode.person) == Level.NONE


def test_officers_see_own_caseload_full_and_office_colleagues_in_summary() -> None:
    office, other_office = ProbationOfficeFactory(), ProbationOfficeFactory()
    me = user_with_role(Role.PROBATION_OFFICER, office)
    colleague = user_with_role(Role.PROBATION_OFFICER, office)
    mine = SupervisionPeriodFactory(office=office, officer=me).person
    theirs = SupervisionPeriodFactory(office=office, officer=colleague).person
    elsewhere = SupervisionPeriodFactory(office=other_office).person
    access = person_access(fresh(me), mine)
    assert access.level == Level.FULL and access.own_caseload and "justice.my_caseload" in access.reasons
    access = person_access(fresh(me), theirs)
    assert access.level == Level.SUMMARY and not access.own_caseload
    assert level(me, elsewhere) == Level.NONE
    visible = scope_persons(fresh(me), Person.objects.all())
    assert set(visible) == {mine, theirs}
    assert set(scope_persons(fresh(me), Person.objects.all(), level=Level.FULL)) == {mine}


def test_supervisors_see_their_office_in_full() -> None:
    office = ProbationOfficeFactory()
    supervisor = user_with_role(Role.SUPERVISOR, office)
    person = SupervisionPeriodFactory(office=office, officer=user_with_role(Role.PROBATION_OFFICER, office)).person
    assert level(supervisor, person) == Level.FULL
    assert level(user_with_role(Role.SUPERVISOR, ProbationOfficeFactory()), person) == Level.NONE


def _volunteer_case():
    office = ProbationOfficeFactory()
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    period = SupervisionPeriodFactory(office=office, officer=officer)
    person = period.person
    ChargeFactory(case__person=person, description="stabbed the victim")
    ContactFactory(person=person, name="Secret Sister", phone="555-0199")
    FlagFactory(person=person, description="uses a wheelchair")
    volunteer = user_with_role(Role.VOLUNTEER, office)
    return officer, volunteer, person


def test_volunteers_see_only_assigned_people_until_the_assignment_ends() -> None:
    officer, volunteer, person = _volunteer_case()
    other = SupervisionPeriodFactory(office=person.supervision_periods.first().office).person
    assert level(volunteer, person) == Level.NONE
    assignment = volunteer_assign(actor=fresh(officer), volunteer=volunteer, person=person,
                                  starts_on=dt.date(2024, 7, 1))
    access = person_access(fresh(volunteer), person)
    assert access.level == Level.SUMMARY and access.own_caseload
    assert level(volunteer, other) == Level.NONE
    volunteer_assignment_end(actor=fresh(officer), assignment=assignment, ended_on=dt.date(2024, 8, 1),
                             end_reason="completed")
    assert level(volunteer, person) == Level.NONE


def test_volunteer_page_and_api_show_no_offence_health_or_contact_details(client) -> None:
    officer, volunteer, person = _volunteer_case()
    volunteer_assign(actor=fresh(officer), volunteer=volunteer, person=person, starts_on=dt.date(2024, 7, 1))
    client.force_login(volunteer)
    page = client.get(reverse("people:detail", args=[person.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and person.family_name in body and 'data-access="summary"' in body
    for secret in ("Secret Sister", "555-0199", "wheelchair", "stabbed", "Charge added", "CASE-"):
        assert secret not in body, secret
    from reintegra.audit.models import AuditEvent

    read = AuditEvent.objects.filter(actor_id=volunteer.pk, person_id=person.pk, action="read").latest("id")
    assert "contacts" not in read.fields and "flags" not in read.fields and "identity" in read.fields
    data = client.get(reverse("people-api:person-detail", args=[person.pk])).json()
    assert data["family_name"] == person.family_name
    assert "contacts" not in data and "flags" not in data and "dependent_children" not in data
    assert client.get(reverse("people-api:person-contacts", args=[person.pk])).status_code == 404
    timeline = client.get(reverse("people-api:person-timeline", args=[person.pk])).json()
    assert {event["kind"] for event in timeline["results"]} <= {"person.created", "supervision.started"}
    # the officer sees the full record, charge included
    client.force_login(officer)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Secret Sister" in body and 'data-access="summary"' not in body


def test_restricted_people_are_hidden_from_search_and_404_except_for_the_access_list(client) -> None:
    prison = FacilityFactory()
    manager = user_with_role(Role.PRISON_CASE_MANAGER, prison)
    supervisor = user_with_role(Role.SUPERVISOR, prison)
    person = PersonFactory(given_name="Famosa", family_name="Altoperfil")
    IdentifierFactory(person=person, value="RX-777")
    CustodyEpisodeFactory(person=person, facility=prison)
    services.person_restrict(person=person, actor=fresh(supervisor), reason="high profile")
    for query in ("Famosa Altoperfil", "RX-777", "altop"):
        assert not selectors.person_search(user=fresh(manager), query=query).exists()
        assert selectors.person_search(user=fresh(supervisor), query=query).exists()
    client.force_login(manager)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("people-api:person-detail", args=[person.pk])).status_code == 404
    response = client.get(reverse("people:search"), {"q": "RX-777"})
    assert "Altoperfil" not in response.content.decode()
    restriction = person.restrictions.get()
    services.restriction_access_grant(restriction=restriction, user=manager, actor=fresh(supervisor))
    assert level(manager, person) == Level.FULL
    services.restriction_access_revoke(restriction=restriction, user=manager, actor=fresh(supervisor))
    assert level(manager, person) == Level.NONE
    services.person_unrestrict(person=person, actor=fresh(supervisor), reason="no longer needed")
    assert level(manager, person) == Level.FULL


def test_restricting_needs_the_permission_and_nothing_changes(client) -> None:
    prison = FacilityFactory()
    manager = user_with_role(Role.PRISON_CASE_MANAGER, prison)
    person = CustodyEpisodeFactory(facility=prison).person
    client.force_login(manager)
    response = client.post(reverse("people:restriction", args=[person.pk]), {"action": "restrict", "reason": "x"})
    assert response.status_code == 403 and not person.restrictions.exists()


def test_the_creator_finds_the_record_they_registered_until_custody_takes_over() -> None:
    prison, reception = FacilityFactory(), FacilityFactory()
    clerk = user_with_role(Role.PRISON_CASE_MANAGER, reception)
    colleague = user_with_role(Role.PRISON_CASE_MANAGER, reception)
    person = services.person_create(actor=fresh(clerk), given_name="Nueva", family_name="Persona")
    access = person_access(fresh(clerk), person)
    assert access.level == Level.FULL and access.own_caseload
    assert level(colleague, person) == Level.FULL
    assert level(user_with_role(Role.PRISON_CASE_MANAGER, prison), person) == Level.NONE
    CustodyEpisodeFactory(person=person, facility=prison)
    assert level(clerk, person) == Level.NONE
    assert level(user_with_role(Role.PRISON_CASE_MANAGER, prison), person) == Level.FULL


def test_roles_without_a_relationship_see_nobody() -> None:
    prison = FacilityFactory()
    CustodyEpisodeFactory(facility=prison)
    for role in (Role.ANALYST, Role.AUDITOR, Role.SYSTEM_ADMIN, Role.VOLUNTEER, Role.PARTNER_CASEWORKER):
        assert not scope_persons(user_with_role(role, prison), Person.objects.all()).exists()


def test_scope_and_access_query_counts_stay_bounded(django_assert_max_num_queries) -> None:
    office = ProbationOfficeFactory()
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    people = [SupervisionPeriodFactory(office=office, officer=officer).person for _ in range(5)]
    user = fresh(officer)
    with django_assert_max_num_queries(3):  # rights, organisations, then the list itself
        assert len(list(scope_persons(user, Person.objects.all()))) == 5
    with django_assert_max_num_queries(5):  # one per person, none for a repeat (cached per request)
        for person in people:
            person_access(user, person)
        person_access(user, people[0])


def test_an_import_leaves_the_importing_organisation_able_to_find_the_records() -> None:
    reception = FacilityFactory()
    clerk = user_with_role(Role.PRISON_CASE_MANAGER, reception)
    imported = services.person_bulk_create(actor=fresh(clerk), rows=[
        services.PersonInput(given_name="Uno", family_name="Importado"),
        services.PersonInput(given_name="Dos", family_name="Importado"),
    ])
    assert set(scope_persons(fresh(clerk), Person.objects.all())) == set(imported)
    assert not services.person_bulk_create(actor=None, rows=[]) and not scope_persons(
        user_with_role(Role.PRISON_CASE_MANAGER), Person.objects.all()).exists()
