from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from reintegra.accounts.choices import Role
from reintegra.accounts.permissions import DEFAULT_ROLE_PERMISSIONS, PERMISSIONS
from reintegra.accounts.policy import Action, allowed, require, scope_persons, user_actions
from reintegra.accounts.tests.factories import user_with_role
from reintegra.core.errors import AccessDenied
from reintegra.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        (Role.PRISON_CASE_MANAGER, Action.PERSON_VIEW, True),
        (Role.PROBATION_OFFICER, Action.JUSTICE_EDIT, True),
        (Role.SUPERVISOR, Action.PERSON_MERGE, True),
        (Role.PRISON_CASE_MANAGER, Action.PERSON_MERGE, False),
        (Role.ANALYST, Action.PERSON_VIEW, False),
        (Role.SYSTEM_ADMIN, Action.PERSON_VIEW, False),
        (Role.ANALYST, Action.ANALYTICS_VIEW, True),
        (Role.AUDITOR, Action.AUDIT_VIEW, True),
        (Role.VOLUNTEER, Action.NEED_HEALTH, False),
    ],
)
def test_role_actions(role: str, action: Action, expected: bool) -> None:
    assert allowed(user_with_role(role), action) is expected


def test_every_role_is_a_group_with_its_default_permissions() -> None:
    for role, actions in DEFAULT_ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        assert set(group.permissions.values_list("codename", flat=True)) == {a.replace(".", "_") for a in actions}
    assert {a.value for a in Action} == {action for action, _ in PERMISSIONS}


def test_an_admin_extends_a_role_without_code() -> None:
    analyst = user_with_role(Role.ANALYST)
    assert not allowed(analyst, Action.AUDIT_VIEW)
    Group.objects.get(name=Role.ANALYST).permissions.add(Permission.objects.get(codename="audit_view"))
    analyst = type(analyst).objects.get(pk=analyst.pk)  # a new request: the cache is per user object
    assert allowed(analyst, Action.AUDIT_VIEW)


def test_need_to_know_can_be_granted_to_one_user() -> None:
    staff = user_with_role(Role.PROGRAMME_STAFF)
    assert not allowed(staff, Action.NEED_HEALTH)
    staff.user_permissions.add(Permission.objects.get(codename="need_health"))
    staff = type(staff).objects.get(pk=staff.pk)
    assert allowed(staff, Action.NEED_HEALTH)


def test_inactive_membership_or_user_gives_nothing() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    user.memberships.update(active=False)
    user = type(user).objects.get(pk=user.pk)
    assert user_actions(user) == frozenset()
    with pytest.raises(AccessDenied):
        require(user, Action.PERSON_VIEW)


def test_scope_persons_hides_everyone_from_users_without_a_link() -> None:
    Person.objects.create(given_name="A", family_name="B", search_name="a b")
    for role in (Role.ANALYST, Role.VOLUNTEER, Role.PARTNER_CASEWORKER, Role.AUDITOR, Role.SYSTEM_ADMIN):
        assert scope_persons(user_with_role(role), Person.objects.all()).count() == 0
    # case staff too: without custody, supervision or a registration nobody sees the person
    assert scope_persons(user_with_role(Role.PRISON_CASE_MANAGER), Person.objects.all()).count() == 0


def test_anonymous_user_has_no_roles() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not allowed(AnonymousUser(), Action.PERSON_VIEW)


def test_person_access_reports_level_and_caseload() -> None:
    from reintegra.accounts.policy import Level, person_access

    person = Person.objects.create(given_name="A", family_name="B", search_name="a b")
    assert person_access(user_with_role(Role.ANALYST), person).level == Level.NONE
    assert person_access(user_with_role(Role.PRISON_CASE_MANAGER), person).level == Level.NONE
    # levels, reasons and own caseload through real relationships: supervision/tests/test_scoping.py


def test_grants_built_once_per_request_and_rebuilt_after_a_registration_change(django_assert_num_queries) -> None:
    from reintegra.accounts.policy import Level, register_relationship, unregister
    from reintegra.accounts.tests.scoping import _everyone

    Person.objects.create(given_name="A", family_name="B", search_name="a b")
    user = user_with_role(Role.PRISON_CASE_MANAGER)
    assert scope_persons(user, Person.objects.all()).count() == 0
    with django_assert_num_queries(1):  # rights and organisations are cached: only the count itself
        assert scope_persons(user, Person.objects.all()).count() == 0
    register_relationship(key="tests.grant_cache", label="tests", persons=_everyone,
                          levels={Role.PRISON_CASE_MANAGER: Level.SUMMARY})
    try:  # the same user object (the same request) sees the new relationship at once
        assert scope_persons(user, Person.objects.all()).count() == 1
    finally:
        unregister("tests.grant_cache")
    assert scope_persons(user, Person.objects.all()).count() == 0
