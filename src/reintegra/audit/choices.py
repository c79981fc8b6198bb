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
