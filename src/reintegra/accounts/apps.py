from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "reintegra.accounts"
    label = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from reintegra.accounts import schema  # noqa: F401  (registers the OpenAPI auth extension)
