from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _current_band(person: object) -> str:
    """A person's current band (``planning.inputs.current_band``), read when it is asked for."""
    from reintegra.planning.inputs import current_band

    return current_band(person)


class PlanningConfig(AppConfig):
    name = "reintegra.planning"
    label = "planning"
    verbose_name = _("Case plans")

    def ready(self) -> None:
        from reintegra.people import timeline
        from reintegra.planning.services import TIMELINE_KINDS, review_days
        from reintegra.programmes import bands

        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template)
        # Programmes (a lower layer) read the band planning derives from the latest assessment.
        bands.register(_current_band)
        from reintegra.planning import panels

        panels.register()  # the plan panel on the person page
        review_days()  # a wrong REINTEGRA_PLAN_REVIEW_DAYS stops start-up with its message
