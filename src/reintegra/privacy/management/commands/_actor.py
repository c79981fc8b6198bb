"""The ``--actor`` option shared by the privacy commands: who the audit log names."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def resolve_actor(username: str | None) -> Any:
    """The user named ``username``, or None (the audit log then records the system)."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user named {username!r}.")
    return user
