from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules with a ``register()`` run when the app is ready (person-page panels, timeline kinds,
# settings checks). Each area adds its module here; a missing one is an error, not skipped.
READY_MODULES = ("scopes", "standards", "panels")
READY_MODULES += ("responses", "services.compliance")  # graduated responses; compliance timeline kinds
READY_MODULES += ("eligibility.rules",)  # eligibility rules and REINTEGRA_ELIGIBILITY_RULES checked at start-up


class SupervisionConfig(AppConfig):
    name = "reintegra.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        for module in READY_MODULES:
            import_module(f"{self.name}.{module}").register()
