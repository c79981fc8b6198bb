from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_token_then_me() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    client = APIClient()
    response = client.post("/api/accounts/token/", {"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/accounts/me/").json()
    assert me["username"] == user.username
    assert me["memberships"][0]["role"] == Role.PROBATION_OFFICER


def test_wrong_password_gets_no_token() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    response = APIClient().post("/api/accounts/token/", {"username": user.username, "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_me_requires_authentication() -> None:
    assert APIClient().get("/api/accounts/me/").status_code in {401, 403}
