from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustodyConfig(AppConfig):
    name = "reintegra.custody"
    label = "custody"
    verbose_name = _("Facilities and occupancy")

    def ready(self) -> None:
        from reintegra.custody import panels
        from reintegra.custody.services import TIMELINE_FORMATTERS, TIMELINE_KINDS
        from reintegra.people import panels as people_panels
        from reintegra.people import timeline

        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template, formatters=TIMELINE_FORMATTERS)
        people_panels.register_panel(key="custody-allocation", order=15, template="custody/panels/allocation.html",
                                     context=panels.allocation_context)
