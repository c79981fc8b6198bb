"""Permissions for programmes, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

from reintegra.accounts.migrations._grants import grant

PERMISSIONS = [
    ("programme.manage", "Manage the programme catalogue, cohorts and labour-market tables"),
    ("enrolment.edit", "Put people on programme waiting lists, admit them, record attendance and completion"),
]
ROLE_PERMISSIONS = {
    "programme_staff": ["programme.manage", "enrolment.edit"],
    "supervisor": ["programme.manage", "enrolment.edit"],
    "prison_case_manager": ["enrolment.edit"],
    "probation_officer": ["enrolment.edit"],
}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_facility_permission")]

    operations = [grant(PERMISSIONS, ROLE_PERMISSIONS)]
