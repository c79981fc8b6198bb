"""Permissions for release preparation, community supervision, volunteers and non-custodial
measures, and the restorative justice facilitator role.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations, models

from reintegra.accounts.migrations._grants import grant

PERMISSIONS = [
    ("release.view", "See release preparation, handovers and family notifications"),
    ("release.edit", "Prepare release across the resettlement pathways, hand over and record release"),
    ("supervision.view", "See supervision periods, contacts, compliance and caseloads"),
    ("supervision.edit", "Record conditions, supervision levels, contacts, compliance, responses and eligibility reviews"),
    ("recall.decide", "Decide a recall or revocation"),
    ("volunteer.manage", "Manage volunteer probation officers: profiles, training, matching and oversight"),
    ("volunteer.meet", "Record meetings with the people one supports as a volunteer"),
    ("measure.view", "See community service orders, diversion and restorative justice cases"),
    ("measure.edit", "Record community service orders, diversion and restorative justice referrals"),
    ("restorative.facilitate", "Facilitate restorative justice: consent, sessions, agreements and victim contact details"),
]
_COMMUNITY = ["supervision.view", "supervision.edit", "volunteer.manage", "measure.view", "measure.edit"]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["release.view", "release.edit"],
    "probation_officer": ["release.view", "release.edit", *_COMMUNITY],
    "supervisor": ["release.view", "release.edit", *_COMMUNITY, "recall.decide"],
    "volunteer": ["volunteer.meet"],
    "rj_facilitator": ["measure.view", "restorative.facilitate"],
}
ROLES = [
    ("system_admin", "System administrator"),
    ("prison_case_manager", "Prison case manager"),
    ("programme_staff", "Programme staff"),
    ("probation_officer", "Probation officer"),
    ("supervisor", "Supervisor"),
    ("volunteer", "Volunteer probation officer"),
    ("partner_caseworker", "Partner caseworker"),
    ("analyst", "Analyst"),
    ("auditor", "Inspector / auditor"),
    ("person", "The person (self-service)"),
    ("rj_facilitator", "Restorative justice facilitator"),
]


def facilitator_sees_people(apps, schema_editor):
    """The new facilitator role also sees people (those of the cases it facilitates): an existing
    permission, so it is granted here rather than by ``grant`` (whose reversal deletes what it made)."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="rj_facilitator")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="accounts", content_type__model="accessright", codename="person_view",
    ))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_plan_and_allocation_permissions")]

    operations = [
        migrations.AlterField(
            model_name="membership", name="role",
            field=models.CharField(choices=ROLES, max_length=32, verbose_name="role"),
        ),
        grant(PERMISSIONS, ROLE_PERMISSIONS),
        migrations.RunPython(facilitator_sees_people, migrations.RunPython.noop),
    ]
