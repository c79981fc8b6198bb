"""Permissions for programmes, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

PERMISSIONS = [
    ("programme.manage", "Manage the programme catalogue, cohorts and labour-market tables"),
    ("enrolment.edit", "Put people on programme waiting lists, admit them, record attendance and completion"),
]
ROLE_PERMISSIONS = {
    "programme_staff": ["programme.manage", "enrolment.edit"],
    "supervisor": ["programme.manage", "enrolment.edit"],
    "prison_case_manager": ["enrolment.edit"],
    "probation_officer": ["enrolment.edit"],
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
    dependencies = [("accounts", "0009_facility_permission")]

    operations = [migrations.RunPython(forwards, backwards)]
