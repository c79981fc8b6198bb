from __future__ import annotations

import pytest

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Action, allowed, require, scope_persons
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
        (Role.VOLUNTEER, Action.PERSON_VIEW, False),
        (Role.SYSTEM_ADMIN, Action.PERSON_VIEW, False),
        (Role.ANALYST, Action.ANALYTICS_VIEW, True),
    ],
)
def test_role_actions(role: str, action: Action, expected: bool) -> None:
    assert allowed(user_with_role(role), action) is expected


def test_inactive_membership_gives_nothing() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    user.memberships.update(active=False)
    user.refresh_from_db()
    assert not allowed(user, Action.PERSON_VIEW)
    with pytest.raises(AccessDenied):
        require(user, Action.PERSON_VIEW)


def test_scope_persons_hides_everyone_from_users_without_person_access() -> None:
    Person.objects.create(given_name="A", family_name="B", search_name="a b")
    assert scope_persons(user_with_role(Role.ANALYST), Person.objects.all()).count() == 0
    assert scope_persons(user_with_role(Role.PRISON_CASE_MANAGER), Person.objects.all()).count() == 1


def test_anonymous_user_has_no_roles() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not allowed(AnonymousUser(), Action.PERSON_VIEW)
