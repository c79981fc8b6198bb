from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "reintegra.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from reintegra.supervision import scopes

        scopes.register()
