"""The access policy: the one place that decides what a user may see and do.

Every view and endpoint asks ``allowed(user, action)`` (and selectors scope querysets with
``scope_persons``) instead of checking roles itself, so tightening the rules happens here only.

What a role may do is data: each role is a Django group holding permissions (defaults in
``accounts.permissions``, loaded by migration, editable in the admin). A user's actions are the
permissions of the groups named by their active memberships' roles, plus any granted to the user
directly (for example a need-to-know category for one officer).

Which people a user may see is decided by relationships (see ``register_relationship``): the apps
that hold the facts (custody, supervision, volunteer assignments, referrals) register, in their
``AppConfig.ready``, how a user reaches a person and at which ``Level`` each role sees them. The
people app registers exclusions (restricted records) the same way. ``docs/access-control.md``
describes the whole model.
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone

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




class Level(enum.IntEnum):
    """How much of a person's record a user may see."""

    NONE = 0
    SUMMARY = 1  # identity, status, key dates and responsible staff: enough to know who the person is
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

    @property
    def full(self) -> bool:
        return self.level >= Level.FULL


NO_ACCESS = PersonAccess(Level.NONE, own_caseload=False)

# (user, ids of the organisations where the user holds a role that this relationship serves,
# including their child organisations) -> a ``Q`` over Person, best written as a correlated
# ``Exists(<rows>.filter(person_id=OuterRef("pk"), ...))`` on rows indexed by person: checking one
# person (the person page) or a few candidates (search) then reads only their own rows, where
# ``pk__in=<subquery>`` would first build the relationship's whole population (every registration
# of a busy organisation) on SQLite.
PersonsFor = Callable[[Any, frozenset[int]], models.Q]


@dataclass(frozen=True)
class Relationship:
    """A way a user reaches a person, and how much each role sees through it."""

    key: str
    label: Any
    persons: PersonsFor
    levels: Mapping[str, Level]
    own_caseload: bool = False


@dataclass(frozen=True)
class _Grant:
    relationship: Relationship
    level: Level
    condition: models.Q


_RELATIONSHIPS: dict[str, Relationship] = {}
# Bumped whenever a relationship or exclusion is (un)registered, so grants cached on a user object
# are rebuilt after a change.
_REGISTRY_VERSION = [0]
# key -> (user) -> Q over Person of the people hidden from this user whatever the relationships.
_EXCLUSIONS: dict[str, Callable[[Any], models.Q]] = {}


def register_relationship(
    *, key: str, label: Any, persons: PersonsFor, levels: Mapping[str, Level], own_caseload: bool = False
) -> None:
    """Register (or replace, by ``key``) a relationship. ``levels`` maps a role to the level that
    role sees through it; roles not named get nothing from it. ``own_caseload`` marks the person
    as part of the user's own caseload (no purpose is asked before their record opens)."""
    _RELATIONSHIPS[key] = Relationship(
        key=key, label=label, persons=persons, levels=dict(levels), own_caseload=own_caseload
    )
    _REGISTRY_VERSION[0] += 1


def register_exclusion(*, key: str, hidden: Callable[[Any], models.Q]) -> None:
    """Register people hidden from a user whatever their relationships (e.g. restricted records
    the user is not on the access list of): ``hidden(user)`` is a ``Q`` over Person."""
    _EXCLUSIONS[key] = hidden
    _REGISTRY_VERSION[0] += 1


def unregister(key: str) -> None:
    """Remove a relationship or exclusion (tests)."""
    _RELATIONSHIPS.pop(key, None)
    _EXCLUSIONS.pop(key, None)
    _REGISTRY_VERSION[0] += 1


def relationships() -> list[Relationship]:
    return sorted(_RELATIONSHIPS.values(), key=lambda relationship: relationship.key)


def role_organisations(user: Any) -> dict[str, frozenset[int]]:
    """role -> ids of the organisations of the user's active memberships in that role and of their
    children and grandchildren (a service, its regions, their facilities), in one query, cached on
    the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_reintegra_role_organisations", None)
    if cached is not None:
        return cached
    from reintegra.accounts.models import Membership

    rows = Membership.objects.filter(user=user, active=True).values_list(
        "role", "organisation_id", "organisation__children__id", "organisation__children__children__id",
    )
    found: dict[str, set[int]] = {}
    for role, *ids in rows:
        found.setdefault(role, set()).update(pk for pk in ids if pk is not None)
    cached = {role: frozenset(ids) for role, ids in found.items()}
    user._reintegra_role_organisations = cached
    return cached


def _grants(user: Any) -> list[_Grant]:
    """Each (relationship, level) the user holds, with its condition over Person. A relationship
    giving different levels to two of the user's roles yields one grant per level, each over the
    organisations of the roles giving it. Built once per user object and day (a request asks
    for them several times: the person's access, the scope filter, the panels)."""
    key = (_REGISTRY_VERSION[0], timezone.localdate())
    cached = getattr(user, "_reintegra_grants", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    grants = _build_grants(user)
    if getattr(user, "is_authenticated", False):
        user._reintegra_grants = (key, grants)
    return grants


def _build_grants(user: Any) -> list[_Grant]:
    if not allowed(user, Action.PERSON_VIEW):
        return []
    by_role = role_organisations(user)
    grants = []
    for relationship in relationships():
        organisations: dict[Level, set[int]] = {}
        for role, level in relationship.levels.items():
            if role in by_role and level > Level.NONE:
                organisations.setdefault(Level(level), set()).update(by_role[role])
        for level, ids in sorted(organisations.items(), reverse=True):
            grants.append(_Grant(relationship, level, relationship.persons(user, frozenset(ids))))
    return grants


def _hidden(user: Any) -> models.Q | None:
    condition = None
    for hidden in _EXCLUSIONS.values():
        condition = hidden(user) if condition is None else condition | hidden(user)
    return condition


def scope_persons(user: Any, queryset: Q, level: Level = Level.SUMMARY) -> Q:
    """The people of ``queryset`` that ``user`` may see at ``level`` or more: those reached through
    a registered relationship that gives one of the user's roles at least that level, minus the
    people an exclusion hides from them (restricted records). Runs no query of its own beyond
    the user's rights and organisations (cached per request)."""
    condition = None
    for grant in _grants(user):
        if grant.level >= level:
            condition = grant.condition if condition is None else condition | grant.condition
    if condition is None:
        return queryset.none()
    queryset = queryset.filter(condition)
    hidden = _hidden(user)
    return queryset.exclude(hidden) if hidden is not None else queryset


def _access_cache(user: Any) -> dict[int, PersonAccess]:
    cache = getattr(user, "_reintegra_person_access", None)
    if cache is None:
        cache = {}
        user._reintegra_person_access = cache
    return cache


def annotate_access(user: Any, queryset: Q) -> Q:
    """``queryset`` (of Person) limited to what ``user`` may see, with one boolean column per grant,
    so a page loads the person and the user's access to them in one query (``access_of``)."""
    grants = _grants(user)
    if not grants:
        return queryset.none()
    annotations = {
        f"_grant_{index}": Case(When(grant.condition, then=Value(True)), default=Value(False),
                                output_field=BooleanField())
        for index, grant in enumerate(grants)
    }
    return scope_persons(user, queryset).annotate(**annotations)


def access_of(user: Any, person: Any) -> PersonAccess:
    """The access of ``user`` to a person loaded through ``annotate_access`` (cached for the request)."""
    level, own, reasons = Level.NONE, False, []
    for index, grant in enumerate(_grants(user)):
        if getattr(person, f"_grant_{index}", False):
            level = max(level, grant.level)
            own = own or grant.relationship.own_caseload
            if grant.relationship.key not in reasons:
                reasons.append(grant.relationship.key)
    access = PersonAccess(level, own_caseload=own, reasons=tuple(reasons)) if level else NO_ACCESS
    if getattr(user, "is_authenticated", False):
        _access_cache(user)[person.pk] = access
    return access


def person_access(user: Any, person: Any) -> PersonAccess:
    """The level at which ``user`` may see ``person`` (the highest any relationship gives), the
    relationships that give it, and whether the person is in the user's own caseload (outside it,
    a purpose is asked before the record opens). One query, cached per user object (request)."""
    if not getattr(user, "is_authenticated", False) or person is None or person.pk is None:
        return NO_ACCESS
    cached = _access_cache(user).get(person.pk)
    if cached is not None:
        return cached
    loaded = annotate_access(user, type(person)._default_manager.filter(pk=person.pk)).first()
    if loaded is None:
        _access_cache(user)[person.pk] = NO_ACCESS
        return NO_ACCESS
    return access_of(user, loaded)


def person_load(user: Any, queryset: Q, pk: Any, level: Level = Level.SUMMARY) -> Any:
    """The person ``pk`` of ``queryset`` if ``user`` sees them at ``level`` or more (else ``None``),
    loaded together with the user's access in one query; the access is set as ``person.access``
    and cached, so a later ``person_access`` for them costs nothing."""
    person = annotate_access(user, queryset).filter(pk=pk).first()
    if person is None:
        return None
    person.access = access_of(user, person)
    return person if person.access.level >= level else None
