from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _band_label(code: str) -> str:
    from reintegra.assessments.choices import Band

    return str(Band(code).label) if code in Band.values else str(code)


def _instrument_title(title: object) -> str:
    from reintegra.assessments.instruments import tr

    return tr(title) if isinstance(title, (str, dict)) else str(title)  # type: ignore[arg-type]


class AssessmentsConfig(AppConfig):
    name = "reintegra.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        self._register_timeline_kinds()
        self._register_panel()

    @staticmethod
    def _register_timeline_kinds() -> None:
        from reintegra.assessments.services.events import TIMELINE_KINDS
        from reintegra.people import timeline

        formatters = {"band": _band_label, "instrument": _instrument_title}
        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template, formatters=formatters)

    @staticmethod
    def _register_panel() -> None:
        from reintegra.assessments import panels
        from reintegra.people import panels as people_panels

        people_panels.register_panel(
            key="assessments", order=25, template="assessments/panels/assessments.html",
            context=panels.assessments_context,
        )
