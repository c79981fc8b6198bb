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
        from reintegra.planning import panels, receivers
        from reintegra.programmes.signals import enrolment_completed

        panels.register()  # the plan panel on the person page
        # A completed programme makes the person due a reassessment (assessments cannot hear programmes).
        enrolment_completed.connect(receivers.programme_completed, dispatch_uid="planning.programme_completed")
        review_days()  # a wrong REINTEGRA_PLAN_REVIEW_DAYS stops start-up with its message
