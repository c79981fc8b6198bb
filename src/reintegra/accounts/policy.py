"""The access policy: the one place that decides what a user may see and do.

Every view and endpoint asks ``allowed(user, action)`` (and selectors scope querysets with
``scope_persons``) instead of checking roles itself, so tightening the rules happens here only.
"""
from __future__ import annotations

import enum
from typing import Any, TypeVar

from django.db import models

from reintegra.accounts.choices import Role
from reintegra.core.errors import AccessDenied

Q = TypeVar("Q", bound=models.QuerySet[Any])


class Action(str, enum.Enum):
    PERSON_VIEW = "person.view"
    PERSON_EDIT = "person.edit"
    PERSON_MERGE = "person.merge"
    JUSTICE_VIEW = "justice.view"
    JUSTICE_EDIT = "justice.edit"
    REFERENCE_EDIT = "reference.edit"  # national offence codes and other reference lists
    ANALYTICS_VIEW = "analytics.view"
    MODEL_MANAGE = "model.manage"


_CASE_STAFF = {Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR}

ROLE_ACTIONS: dict[str, set[Action]] = {
    Role.SYSTEM_ADMIN: {Action.REFERENCE_EDIT},
    Role.PRISON_CASE_MANAGER: {
        Action.PERSON_VIEW, Action.PERSON_EDIT, Action.JUSTICE_VIEW, Action.JUSTICE_EDIT,
    },
    Role.PROBATION_OFFICER: {
        Action.PERSON_VIEW, Action.PERSON_EDIT, Action.JUSTICE_VIEW, Action.JUSTICE_EDIT,
    },
    Role.SUPERVISOR: {
        Action.PERSON_VIEW, Action.PERSON_EDIT, Action.PERSON_MERGE, Action.JUSTICE_VIEW,
        Action.JUSTICE_EDIT,
    },
    Role.PROGRAMME_STAFF: {Action.PERSON_VIEW},
    Role.VOLUNTEER: set(),
    Role.PARTNER_CASEWORKER: set(),
    Role.ANALYST: {Action.ANALYTICS_VIEW, Action.MODEL_MANAGE},
    Role.AUDITOR: set(),
    Role.PERSON: set(),
}


def user_roles(user: Any) -> set[str]:
    """The roles of the user's active memberships (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_reintegra_roles", None)
    if cached is None:
        cached = set(user.memberships.filter(active=True).values_list("role", flat=True))
        user._reintegra_roles = cached
    return cached


def allowed(user: Any, action: Action) -> bool:
    """Whether ``user`` may perform ``action`` at all (record scope is applied by selectors)."""
    return any(action in ROLE_ACTIONS.get(role, set()) for role in user_roles(user))


def require(user: Any, action: Action) -> None:
    """Raise ``AccessDenied`` unless ``allowed(user, action)``."""
    if not allowed(user, action):
        raise AccessDenied(action.value)


def scope_persons(user: Any, queryset: Q) -> Q:
    """The people of ``queryset`` that ``user`` may see. Case staff see everyone for now;
    caseload and organisation scoping is added here (and only here)."""
    if allowed(user, Action.PERSON_VIEW):
        return queryset
    return queryset.none()
