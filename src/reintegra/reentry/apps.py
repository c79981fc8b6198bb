from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReentryConfig(AppConfig):
    name = "reintegra.reentry"
    label = "reentry"
    verbose_name = _("Release preparation")
