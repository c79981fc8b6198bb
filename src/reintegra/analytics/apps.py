from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "reintegra.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from reintegra.analytics import panels
        from reintegra.people import panels as people_panels

        people_panels.register_panel(
            key="analytics-risk", order=30, template="analytics/panels/risk.html", context=panels.risk_context,
        )
