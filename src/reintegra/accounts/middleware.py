"""Staff must pass two-factor authentication before reaching any page."""
from __future__ import annotations

from typing import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from reintegra.accounts.policy import user_roles
from reintegra.accounts.choices import Role

SESSION_KEY = "reintegra_2fa_verified"


def two_factor_required(user: object) -> bool:
    """Every staff role needs a second factor; the person's own self-service account does not."""
    if not getattr(settings, "REINTEGRA_REQUIRE_2FA", True):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(user_roles(user) - {Role.PERSON})


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not self._exempt(request.path)
            and two_factor_required(user)
        ):
            has_device = hasattr(user, "totp_device") and user.totp_device.confirmed_at is not None
            target = "accounts:2fa-verify" if has_device else "accounts:2fa-setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = ("/accounts/2fa/", "/accounts/logout/", "/accounts/login/", "/i18n/", "/api/", settings.STATIC_URL)
        return path.startswith(exempt)
