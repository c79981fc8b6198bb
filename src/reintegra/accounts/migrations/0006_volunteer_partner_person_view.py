"""Volunteers and partner caseworkers may see people (``person.view``): the access policy limits
them to the people assigned or referred to them, at the volunteer or partner level.

The lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

ROLES = ["volunteer", "partner_caseworker"]


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
