from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.models import ApiToken, TotpDevice
from reintegra.accounts.security import totp
from reintegra.accounts.security.tokens import api_token_create
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.choices import AuditAction
from reintegra.audit.models import AuditEvent

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize(("unix_time", "expected"), [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924")])
def test_totp_matches_rfc6238_vectors(unix_time: int, expected: str) -> None:
    assert totp.code_at(RFC_SECRET, unix_time // 30, digits=8) == expected


def test_totp_accepts_one_step_of_clock_drift_only() -> None:
    secret = totp.new_secret()
    now = 1_700_000_000.0
    assert totp.matching_step(secret, totp.code_at(secret, totp.current_step(now) - 1), now=now) is not None
    assert totp.matching_step(secret, totp.code_at(secret, totp.current_step(now) - 3), now=now) is None
    assert totp.matching_step(secret, "12ab56", now=now) is None


@pytest.mark.django_db
@override_settings(REINTEGRA_LOGIN_MAX_FAILURES=3)
def test_lockout_after_repeated_failures_even_with_the_right_password() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    client = Client()
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_id=str(user.pk)).count() == 4


@pytest.mark.django_db
def test_successful_login_is_audited_and_resets_failures() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).count() == 1


@pytest.mark.django_db
@override_settings(REINTEGRA_REQUIRE_2FA=True)
def test_staff_must_set_up_and_pass_two_factor() -> None:
    user = user_with_role(Role.PRISON_CASE_MANAGER)
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    client.get("/accounts/2fa/setup/")
    device = TotpDevice.objects.get(user=user)
    bad = client.post("/accounts/2fa/setup/", {"code": "000000"})
    assert bad.status_code == 200 and client.get("/").status_code == 302
    good = client.post("/accounts/2fa/setup/", {"code": totp.code_at(device.secret, totp.current_step())})
    assert good.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@override_settings(REINTEGRA_REQUIRE_2FA=True)
def test_a_code_cannot_be_used_twice() -> None:
    user = user_with_role(Role.SUPERVISOR)
    device = TotpDevice.objects.create(user=user, secret=totp.new_secret(), confirmed_at=timezone.now())
    code = totp.code_at(device.secret, totp.current_step())
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    assert first.post("/accounts/2fa/verify/", {"code": code}).status_code == 302
    replay = second.post("/accounts/2fa/verify/", {"code": code})
    assert replay.status_code == 200 and "already used" in replay.content.decode()


@pytest.mark.django_db
@override_settings(REINTEGRA_REQUIRE_2FA=True)
def test_the_person_role_needs_no_second_factor() -> None:
    client = Client()
    client.force_login(user_with_role(Role.PERSON))
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_read_token_reads_but_cannot_write_and_revocation_is_immediate() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    token, key = api_token_create(user=user, name="script", scope=ApiToken.Scope.READ, days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/accounts/me/").json()["username"] == user.username
    assert client.post("/api/accounts/me/", {}).status_code == 403
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/accounts/me/").status_code == 401


@pytest.mark.django_db
def test_expired_or_unknown_tokens_are_refused() -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    token, key = api_token_create(user=user, name="old", scope=ApiToken.Scope.WRITE, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/accounts/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer rk_not-a-real-key")
    assert client.get("/api/accounts/me/").status_code == 401


@pytest.mark.django_db
def test_token_page_creates_shows_key_once_and_revokes_only_own_tokens() -> None:
    user, other = user_with_role(Role.PROBATION_OFFICER), user_with_role(Role.PROBATION_OFFICER)
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/tokens/", {"name": "stats", "scope": "read", "days": "400"})
    assert "1 to 365" in response.content.decode() or "less than or equal to 365" in response.content.decode()
    assert not ApiToken.objects.exists()
    response = client.post("/accounts/tokens/", {"name": "stats", "scope": "read", "days": "30"})
    token = ApiToken.objects.get()
    assert response.context["new_key"].startswith(token.prefix)
    assert token.prefix in client.get("/accounts/tokens/").content.decode()
    assert client.get("/accounts/tokens/").context["new_key"] is None
    intruder = Client()
    intruder.force_login(other)
    assert intruder.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
