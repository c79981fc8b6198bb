"""The permission to see facility figures (occupancy, unsentenced detainees), granted to the roles
that run or plan custody.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

PERMISSIONS = [
    ("facility.view", "See facility figures: occupancy and unsentenced detainees (aggregates only)"),
]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["facility.view"],
    "supervisor": ["facility.view"],
    "analyst": ["facility.view"],
    "system_admin": ["facility.view"],
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
    dependencies = [("accounts", "0008_assessment_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
