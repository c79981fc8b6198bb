from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustodyConfig(AppConfig):
    name = "reintegra.custody"
    label = "custody"
    verbose_name = _("Facilities and occupancy")
