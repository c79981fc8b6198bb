"""Writes for organisations, users and memberships."""
from __future__ import annotations

from typing import Any

from django.db import transaction

from reintegra.accounts.models import Membership, Organisation, User


@transaction.atomic
def organisation_create(
    *, kind: str, name: str, code: str, parent: Organisation | None = None, region: str = "",
    official_capacity: int | None = None, latitude: float | None = None, longitude: float | None = None,
) -> Organisation:
    """Create an organisation after validating it."""
    organisation = Organisation(
        kind=kind, name=name, code=code, parent=parent, region=region,
        official_capacity=official_capacity, latitude=latitude, longitude=longitude,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_create(
    *, username: str, password: str | None, organisation: Organisation, role: str,
    first_name: str = "", last_name: str = "", email: str = "", **extra: Any,
) -> User:
    """Create a user with one membership. ``password=None`` leaves the account unusable until reset."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, **extra)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    membership_create(user=user, organisation=organisation, role=role)
    return user


@transaction.atomic
def membership_create(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` a role in ``organisation``."""
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def role_groups_ensure() -> int:
    """Make sure every role's group exists with at least its default permissions.

    The defaults are loaded by migration; this repairs a database whose groups were removed (for
    example by a test flush) without taking away anything an administrator added. Returns the
    number of permissions granted.
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from reintegra.accounts.permissions import DEFAULT_ROLE_PERMISSIONS, PERMISSIONS, codename

    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="accessright")
    permissions = {
        action: Permission.objects.get_or_create(
            content_type=content_type, codename=codename(action), defaults={"name": str(label)[:255]},
        )[0]
        for action, label in PERMISSIONS
    }
    granted = 0
    for role, actions in DEFAULT_ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        missing = [permissions[a] for a in actions if not group.permissions.filter(pk=permissions[a].pk).exists()]
        group.permissions.add(*missing)
        granted += len(missing)
    return granted
