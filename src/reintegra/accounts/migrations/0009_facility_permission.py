"""The permission to see facility figures (occupancy, unsentenced detainees), granted to the roles
that run or plan custody.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

from reintegra.accounts.migrations._grants import grant

PERMISSIONS = [
    ("facility.view", "See facility figures: occupancy and unsentenced detainees (aggregates only)"),
]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["facility.view"],
    "supervisor": ["facility.view"],
    "analyst": ["facility.view"],
    "system_admin": ["facility.view"],
}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_assessment_permissions")]

    operations = [grant(PERMISSIONS, ROLE_PERMISSIONS)]
