from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "reintegra.community"
    label = "community"
    verbose_name = _("Non-custodial measures and restorative justice")

    def ready(self) -> None:
        from reintegra.community import panels, scopes
        from reintegra.community.services import TIMELINE_KINDS
        from reintegra.people import timeline

        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template)
        scopes.register()  # facilitators reach the people of the cases they facilitate
        panels.register()  # "Community measures" on the person page
