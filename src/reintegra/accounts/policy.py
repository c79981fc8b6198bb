"""The access policy: the one place that decides what a user may see and do.

Every view and endpoint asks ``allowed(user, action)`` (and selectors scope querysets with
``scope_persons``) instead of checking roles itself, so tightening the rules happens here only.

What a role may do is data: each role is a Django group holding permissions (defaults in
``accounts.permissions``, loaded by migration, editable in the admin). A user's actions are the
permissions of the groups named by their active memberships' roles, plus any granted to the user
directly (for example a need-to-know category for one officer).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import Value

from reintegra.accounts.choices import Role
from reintegra.accounts.permissions import PERMISSIONS, codename
from reintegra.core.errors import AccessDenied

Q = TypeVar("Q", bound=models.QuerySet[Any])

Action = enum.Enum(  # type: ignore[misc]
    "Action",
    {action.replace(".", "_").upper(): action for action, _label in PERMISSIONS},
    type=str,
    module=__name__,
)
Action.__doc__ = "Every action the policy knows, named like the permission it needs (e.g. ``person.view``)."

# Roles whose staff currently see every person (at the level their permissions give). Volunteers,
# partner caseworkers and others see only people linked to them, and no such link exists yet, so
# they see nobody; record-level scoping by caseload, office and consent narrows this list.
_BROAD_PERSON_SCOPE = {Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.PROGRAMME_STAFF}


def user_roles(user: Any) -> set[str]:
    """The roles of the user's active memberships (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_reintegra_roles", None)
    if cached is None:
        cached = set(user.memberships.filter(active=True).values_list("role", flat=True))
        user._reintegra_roles = cached
    return cached


def _load_rights(user: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(roles that have a group, actions) for the user, in one query, cached on the user object."""
    cached = getattr(user, "_reintegra_rights", None)
    if cached is not None:
        return cached
    from reintegra.accounts.models import Membership

    active_roles = Membership.objects.filter(user=user, active=True).values("role")
    via_roles = (
        Group.objects.filter(name__in=active_roles).values_list("name", "permissions__codename").order_by()
    )
    direct = Permission.objects.filter(user=user).values_list(Value(""), "codename").order_by()
    by_codename = {codename(action): action for action, _label in PERMISSIONS}
    roles: set[str] = set()
    actions: set[str] = set()
    for role, permission in via_roles.union(direct, all=True):
        if role:
            roles.add(role)
        if permission in by_codename:
            actions.add(by_codename[permission])
    cached = (frozenset(roles), frozenset(actions))
    user._reintegra_rights = cached
    return cached


def user_actions(user: Any) -> frozenset[str]:
    """Every action the user may perform: their roles' group permissions and any granted to them directly."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return frozenset()
    return _load_rights(user)[1]


def allowed(user: Any, action: Any) -> bool:
    """Whether ``user`` may perform ``action`` at all (record scope is applied by selectors)."""
    return getattr(action, "value", action) in user_actions(user)


def require(user: Any, action: Any) -> None:
    """Raise ``AccessDenied`` unless ``allowed(user, action)``."""
    if not allowed(user, action):
        raise AccessDenied(getattr(action, "value", str(action)))


def scope_persons(user: Any, queryset: Q) -> Q:
    """The people of ``queryset`` that ``user`` may see."""
    if allowed(user, Action.PERSON_VIEW) and _load_rights(user)[0] & _BROAD_PERSON_SCOPE:
        return queryset
    return queryset.none()


class Level(enum.IntEnum):
    """How much of a person's record a user may see."""

    NONE = 0
    SUMMARY = 1  # identity, status and responsible staff: enough to know who the person is
    FULL = 2


@dataclass(frozen=True)
class PersonAccess:
    """What ``user`` may see of one person, and why."""

    level: Level
    own_caseload: bool
    reasons: tuple[str, ...] = ()

    @property
    def visible(self) -> bool:
        return self.level > Level.NONE


def person_access(user: Any, person: Any) -> PersonAccess:
    """The level at which ``user`` may see ``person``, and whether the person is in the user's own
    caseload (outside it, a purpose is asked before the record opens)."""
    if not scope_persons(user, type(person).objects.filter(pk=person.pk)).exists():
        return PersonAccess(Level.NONE, own_caseload=False)
    return PersonAccess(Level.FULL, own_caseload=False, reasons=("role",))
