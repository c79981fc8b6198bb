from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _status_label(code: str) -> str:
    from reintegra.partners.choices import ReferralStatus

    return str(ReferralStatus(code).label) if code in ReferralStatus.values else code


class PartnersConfig(AppConfig):
    name = "reintegra.partners"
    label = "partners"
    verbose_name = _("Partners and consent")

    def ready(self) -> None:
        from reintegra.partners import panels
        from reintegra.partners.services import TIMELINE_KINDS
        from reintegra.people import panels as people_panels
        from reintegra.people import timeline

        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template, formatters={"status": _status_label})
        people_panels.register_panel(
            key="partners-referrals", order=40, template="partners/panels/referrals.html",
            context=panels.referrals_context,
        )
