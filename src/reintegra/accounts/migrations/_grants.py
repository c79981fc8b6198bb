"""The one way the permission migrations grant new permissions to role groups.

Not a migration itself (the loader skips names starting with "_"). Past migrations run this code,
so its behaviour must never change: a different way of granting gets a new function here. It
imports nothing from the app; each migration passes its own copied lists of permissions and roles.
"""
from django.db import migrations


def grant(permissions, role_permissions):
    """A reversible operation creating ``permissions`` [(action, label)] and adding them to the role
    groups named in ``role_permissions`` {role: [action]}; reversing deletes those permissions."""
    codenames = [action.replace(".", "_") for action, _label in permissions]

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        Group = apps.get_model("auth", "Group")
        content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="accessright")
        by_action = {}
        for action, label in permissions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=action.replace(".", "_"), defaults={"name": label}
            )
            by_action[action] = permission
        for role, actions in role_permissions.items():
            group, _ = Group.objects.get_or_create(name=role)
            group.permissions.add(*(by_action[action] for action in actions))

    def backwards(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        Permission.objects.filter(
            content_type__app_label="accounts", content_type__model="accessright", codename__in=codenames,
        ).delete()

    return migrations.RunPython(forwards, backwards)
