"""How users prove who they are: password with lock-out (UI) and scoped API tokens (API)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from reintegra.accounts.models import ApiToken, User
from reintegra.accounts.security.lockout import login_failure_record, login_locked_until, login_success_record
from reintegra.accounts.security.tokens import api_token_for_key


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (REMOTE_ADDR; a proxy must be configured to set it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


class LockoutModelBackend(ModelBackend):
    """Django's username/password check, refusing locked accounts and counting failures."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username:
            return None
        if login_locked_until(username=username):
            if request is not None:
                request.reintegra_locked = True  # type: ignore[attr-defined]
            login_failure_record(username=username, source_ip=client_ip(request))
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username, source_ip=client_ip(request))
            return None
        login_success_record(user=user, source_ip=client_ip(request))
        return user


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer rk_...`` (or ``Token rk_...``): a scoped, expiring, revocable token."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as 'Authorization: Bearer <key>'."))
        token = api_token_for_key(key=header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked."))
        if request.method not in permissions.SAFE_METHODS and token.scope != ApiToken.Scope.WRITE:
            # Checked here, not only as a permission class, so a view that sets its own
            # permission_classes cannot forget it.
            raise exceptions.PermissionDenied(TokenScopePermission.message)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class TokenScopePermission(permissions.BasePermission):
    """A read-scoped token may only read (also enforced by ``ApiTokenAuthentication``)."""

    message = _("This token may only read. Create a token with the write scope to change records.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in permissions.SAFE_METHODS:
            return token.scope == ApiToken.Scope.WRITE
        return True
