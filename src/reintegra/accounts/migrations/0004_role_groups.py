"""Roles become groups holding the project's permissions (defaults; editable in the admin afterwards).

The lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

PERMISSIONS = [('person.view', "See people in one's scope"),
 ('person.edit', 'Create and change people'),
 ('person.merge', 'Merge duplicate records'),
 ('justice.view', 'See the justice record'),
 ('justice.edit', 'Record cases, sentences, custody and supervision'),
 ('reference.edit', 'Edit reference lists such as national offence codes'),
 ('analytics.view', 'See statistics, models and de-identified extracts'),
 ('model.manage', 'Train and approve risk models'),
 ('audit.view', 'Search the audit log'),
 ('audit.export', 'Export the audit log'),
 ('subject_access.run', 'Produce a subject access report'),
 ('retention.run', 'Run retention rules'),
 ('consent.edit', 'Record and withdraw consent'),
 ('sharing.edit', 'Manage data-sharing agreements'),
 ('restricted.manage', 'Restrict records and manage their access lists'),
 ('need.health', 'Need to know: health and disability'),
 ('need.substance', 'Need to know: substance use'),
 ('need.sexual_offence', 'Need to know: sexual-offence details'),
 ('need.victim_safety', 'Need to know: victim and safety information')]

ROLE_PERMISSIONS = {'system_admin': ['reference.edit', 'restricted.manage', 'retention.run', 'sharing.edit'],
 'prison_case_manager': ['consent.edit',
                         'justice.edit',
                         'justice.view',
                         'need.health',
                         'need.sexual_offence',
                         'need.substance',
                         'need.victim_safety',
                         'person.edit',
                         'person.view'],
 'probation_officer': ['consent.edit',
                       'justice.edit',
                       'justice.view',
                       'need.health',
                       'need.sexual_offence',
                       'need.substance',
                       'need.victim_safety',
                       'person.edit',
                       'person.view'],
 'supervisor': ['consent.edit',
                'justice.edit',
                'justice.view',
                'need.health',
                'need.sexual_offence',
                'need.substance',
                'need.victim_safety',
                'person.edit',
                'person.merge',
                'person.view',
                'restricted.manage',
                'subject_access.run'],
 'programme_staff': ['person.view'],
 'volunteer': [],
 'partner_caseworker': [],
 'analyst': ['analytics.view', 'model.manage'],
 'auditor': ['audit.export', 'audit.view', 'subject_access.run'],
 'person': []}


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
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()
    Permission.objects.filter(content_type__app_label="accounts", content_type__model="accessright").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_access_right"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
