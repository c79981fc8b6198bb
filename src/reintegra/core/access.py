"""How the shared kernel asks the access policy without importing the app that owns it.

``core`` sits below ``accounts`` in the layer order, so it cannot import
``reintegra.accounts.policy``. Pages that core renders (the home dashboard) still must show only
what a user may do, so core looks the policy module up by name from
``settings.REINTEGRA_ACCESS_POLICY``, the way Django finds ``AUTH_USER_MODEL``. The module must
provide ``Action`` (an enum whose values are action names) and ``allowed(user, action)``.
See docs/decisions/0003-core-reaches-the-policy-through-settings.md.
"""
from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings


@cache
def _policy(path: str) -> ModuleType:
    return import_module(path)


def action_allowed(user: Any, action: str) -> bool:
    """Whether ``user`` may perform the action named ``action`` (e.g. ``"person.view"``).

    An action the policy does not define is refused rather than raising, so a renamed action can
    only hide a link, never expose one.
    """
    policy = _policy(settings.REINTEGRA_ACCESS_POLICY)
    try:
        member = policy.Action(action)
    except ValueError:
        return False
    return bool(policy.allowed(user, member))
