from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "reintegra.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from reintegra.audit.web import log_denied_request
        from reintegra.core.middleware import DENIED_LISTENERS

        if log_denied_request not in DENIED_LISTENERS:
            DENIED_LISTENERS.append(log_denied_request)
