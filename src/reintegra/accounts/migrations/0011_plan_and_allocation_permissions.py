"""Permissions for case plans and facility allocation, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

from reintegra.accounts.migrations._grants import grant

PERMISSIONS = [
    ("plan.view", "See case plans"),
    ("plan.edit", "Write case plans with the person, record their agreement and review plans"),
    ("plan.countersign", "Countersign case plans"),
    ("allocation.decide", "Rank facilities for a person, decide allocations and record transfers"),
]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["plan.view", "plan.edit", "allocation.decide"],
    "probation_officer": ["plan.view", "plan.edit"],
    "supervisor": ["plan.view", "plan.edit", "plan.countersign", "allocation.decide"],
}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_programme_permissions")]

    operations = [grant(PERMISSIONS, ROLE_PERMISSIONS)]
