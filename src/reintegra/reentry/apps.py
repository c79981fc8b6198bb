from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReentryConfig(AppConfig):
    name = "reintegra.reentry"
    label = "reentry"
    verbose_name = _("Release preparation")

    def ready(self) -> None:
        from reintegra.justice import hooks
        from reintegra.people import timeline
        from reintegra.reentry import countdown, panels, scopes
        from reintegra.reentry.services import TIMELINE_KINDS, open_on_admission, release_guard

        for kind, template in TIMELINE_KINDS.items():
            timeline.register_kind(kind, template)
        # A sentenced admission opens the record; a release into the community needs the checklist.
        hooks.register_admission_hook("reentry.open_preparation", open_on_admission)
        hooks.register_release_guard("reentry.pre_release_checklist", release_guard)
        scopes.register()  # the receiving officer sees the person they take over
        panels.register()  # "Release preparation" on the person page
        countdown.countdown_weeks()  # a wrong REINTEGRA_RELEASE_COUNTDOWN_WEEKS stops start-up with its message
