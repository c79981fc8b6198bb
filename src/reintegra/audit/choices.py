from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Change")
    VOID = "void", _("Void")
    MERGE = "merge", _("Merge")
    EXPORT = "export", _("Export")
    DISCLOSE = "disclose", _("Disclosure to a partner")
    DENIED = "denied", _("Access denied")
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login_failed", _("Failed log in")
    RETENTION = "retention", _("Retention action")


class ReadPurpose(models.TextChoices):
    """Why someone opens a record outside their own caseload (asked once per person per session)."""

    SUPERVISION = "supervision", _("Supervision")
    CASE_MANAGEMENT = "case_management", _("Case management")
    COURT_REPORT = "court_report", _("Court or parole report")
    QUALITY_ASSURANCE = "quality_assurance", _("Quality assurance")
    OTHER = "other", _("Other (say what)")
