"""Permissions for referrals to partner organisations, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

PERMISSIONS = [
    ("referral.edit", "Refer people to partner organisations"),
    ("referral.respond", "Accept, decline and close referrals to one's own organisation"),
]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["referral.edit"],
    "probation_officer": ["referral.edit"],
    "supervisor": ["referral.edit"],
    "partner_caseworker": ["referral.respond"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="accessright")
    by_action = {}
    for action, label in PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=action.replace(".", "_"), defaults={"name": label}
        )
        by_action[action] = permission
    for role, actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*(by_action[action] for action in actions))


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="accounts", content_type__model="accessright",
        codename__in=[action.replace(".", "_") for action, _label in PERMISSIONS],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_role_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
