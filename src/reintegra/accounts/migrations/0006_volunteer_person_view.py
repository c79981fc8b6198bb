"""Volunteers may see people (``person.view``): the access policy limits them to the people
assigned to them, at the volunteer (summary) level. Partner caseworkers do not get it: they see
people only through referrals, limited to the consented and agreed fields (``partners``).

The lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

ROLES = ["volunteer"]


def forwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="accounts", content_type__model="accessright", codename="person_view"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="accounts", content_type__model="accessright", codename="person_view"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_referral_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
