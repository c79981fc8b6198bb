"""Permissions for referrals to partner organisations, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

from reintegra.accounts.migrations._grants import grant

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


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_role_groups")]

    operations = [grant(PERMISSIONS, ROLE_PERMISSIONS)]
