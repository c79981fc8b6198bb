from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "reintegra.community"
    label = "community"
    verbose_name = _("Non-custodial measures and restorative justice")
