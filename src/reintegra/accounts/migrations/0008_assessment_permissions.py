"""Permissions for assessments, granted to the roles that use them.

Lists are copied here, not imported, so this migration keeps meaning what it meant when written.
"""
from django.db import migrations

from reintegra.accounts.migrations._grants import grant

PERMISSIONS = [
    ("assessment.view", "See assessment results"),
    ("assessment.edit", "Carry out assessments, propose overrides and correct assessments"),
    ("assessment.countersign", "Countersign or refuse a proposed override of an assessment band"),
]
ROLE_PERMISSIONS = {
    "prison_case_manager": ["assessment.view", "assessment.edit"],
    "probation_officer": ["assessment.view", "assessment.edit"],
    "supervisor": ["assessment.view", "assessment.edit", "assessment.countersign"],
    "programme_staff": ["assessment.view"],
    "volunteer": ["assessment.view"],
}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_auditor_without_subject_access")]

    operations = [grant(PERMISSIONS, ROLE_PERMISSIONS)]
