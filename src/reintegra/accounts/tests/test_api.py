from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_me_lists_roles_for_a_session_user() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    client = APIClient()
    client.force_authenticate(user)
    me = client.get("/api/accounts/me/").json()
    assert me["username"] == user.username
    assert me["memberships"][0]["role"] == Role.PROBATION_OFFICER


def test_me_requires_authentication() -> None:
    assert APIClient().get("/api/accounts/me/").status_code in {401, 403}
