"""Auditors keep the audit log but no longer produce subject access reports: a report holds the
whole record, which an inspector's need (who accessed and changed what) does not require."""
from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="accounts", content_type__model="accessright", codename="subject_access_run"
    ).first()
    group = Group.objects.filter(name="auditor").first()
    if permission and group:
        group.permissions.remove(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="accounts", content_type__model="accessright", codename="subject_access_run"
    ).first()
    group = Group.objects.filter(name="auditor").first()
    if permission and group:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_volunteer_person_view")]

    operations = [migrations.RunPython(forwards, backwards)]
