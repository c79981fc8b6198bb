"""Scoped, expiring, revocable API tokens. The key is shown once; only its SHA-256 is stored."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import ApiToken, User

KEY_PREFIX = "rk_"
MAX_DAYS = 365


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Create a token; returns it and the key, which is never shown again."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the token a name, for example the script that will use it.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read or write.")
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:10], key_hash=_hash(key), scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token at once. Users revoke their own; nothing else may."""
    if token.user_id != actor.pk:
        raise ValidationError(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The live token for ``key`` (not revoked, not expired), or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or token.revoked_at is not None or token.expires_at <= timezone.now():
        return None
    if not token.user.is_active:
        return None
    return token


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
