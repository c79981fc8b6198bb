"""Browser tests need ``transactional_db`` (the live server reads from another thread), and an
earlier transactional test flushes every table, including the role groups a data migration
loaded. Recreate them from the project's defaults before each browser test."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def role_groups(transactional_db: None) -> None:
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
    for role, actions in DEFAULT_ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.add(*(permissions[action] for action in actions))
