"""Permissions for assessments, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

PERMISSIONS = [
    ("assessment.view", "See assessment results"),
    ("assessment.edit", "Carry out assessments, propose overrides and correct assessments"),
    ("assessment.countersign", "Countersign or refuse a proposed override of an assessment band"),
]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["assessment.view", "assessment.edit"],
    "probation_officer": ["assessment.view", "assessment.edit"],
    "supervisor": ["assessment.view", "assessment.edit", "assessment.countersign"],
    "programme_staff": ["assessment.view"],
    "volunteer": ["assessment.view"],
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
    dependencies = [("accounts", "0007_auditor_without_subject_access")]

    operations = [migrations.RunPython(forwards, backwards)]
