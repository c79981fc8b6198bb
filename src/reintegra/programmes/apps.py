from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "reintegra.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from reintegra.people import panels as people_panels
        from reintegra.people import timeline
        from reintegra.programmes import panels
        from reintegra.programmes.services import TIMELINE_KINDS

        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template)
        people_panels.register_panel(key="programmes", order=35, template="programmes/panels/programmes.html",
                                     context=panels.programmes_context)
