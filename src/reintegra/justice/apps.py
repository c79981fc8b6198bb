from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "reintegra.justice"
    label = "justice"
    verbose_name = _("Justice record")

    def ready(self) -> None:
        from reintegra.justice import checks, panels  # noqa: F401 - checks registers itself
        from reintegra.justice import scopes; scopes.register()  # noqa: E702 - who reaches a person, at which level
        from reintegra.justice.services.events import TIMELINE_KINDS
        from reintegra.people import panels as people_panels
        from reintegra.people import timeline

        for kind, (template, formatters) in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template, formatters=formatters)
        people_panels.register_panel(
            key="justice-status", order=10, template="justice/panels/status.html", context=panels.status_context,
        )
        people_panels.register_panel(
            key="justice-record", order=20, template="justice/panels/record.html", context=panels.record_context,
        )
