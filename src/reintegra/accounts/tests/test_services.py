from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.models import Organisation, User
from reintegra.accounts.services import organisation_create, user_create

pytestmark = pytest.mark.django_db


def test_user_create_with_membership() -> None:
    org = organisation_create(kind=OrganisationKind.PRISON, name="North Prison", code="north", official_capacity=300)
    user = user_create(username="cm1", password="long-enough-pass", organisation=org, role=Role.PRISON_CASE_MANAGER)
    assert user.check_password("long-enough-pass")
    assert list(user.memberships.values_list("role", flat=True)) == [Role.PRISON_CASE_MANAGER]


def test_bad_kind_or_role_is_refused_and_nothing_saved() -> None:
    with pytest.raises(ValidationError) as error:
        organisation_create(kind="castle", name="X", code="x")
    assert "kind" in error.value.message_dict
    org = organisation_create(kind=OrganisationKind.NGO, name="Aid", code="aid")
    with pytest.raises(ValidationError) as error:
        user_create(username="u1", password="long-enough-pass", organisation=org, role="king")
    assert "role" in error.value.message_dict
    assert not User.objects.filter(username="u1").exists()
    assert Organisation.objects.count() == 1


def test_role_groups_ensure_restores_defaults_and_keeps_additions() -> None:
    from django.contrib.auth.models import Group, Permission

    from reintegra.accounts.services import role_groups_ensure

    assert role_groups_ensure() == 0  # the migration loaded everything
    analyst = Group.objects.get(name=Role.ANALYST)
    analyst.permissions.add(Permission.objects.get(codename="audit_view"))
    Group.objects.filter(name=Role.PROBATION_OFFICER).delete()
    assert role_groups_ensure() > 0
    assert Group.objects.get(name=Role.PROBATION_OFFICER).permissions.filter(codename="person_view").exists()
    assert analyst.permissions.filter(codename="audit_view").exists()
