from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "reintegra.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from reintegra.partners.selectors import register_field_limit
        from reintegra.people import timeline
        from reintegra.privacy import selectors

        # Partners see no more than their live data-sharing agreements list (see docs/data-protection.md).
        register_field_limit("privacy.agreements", lambda organisation, on: selectors.sharing_fields(
            organisation=organisation, on=on))
        timeline.register_kind("person.pseudonymised", _("Record pseudonymised under a retention rule"))
