from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "reintegra.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from reintegra.people import timeline
        from reintegra.people.choices import AliasKind, IdentifierKind, Relationship

        def label(choices: type) -> object:
            def format_code(code: object) -> str:
                try:
                    return str(choices(code).label)
                except ValueError:
                    return str(code)
            return format_code

        def field_names(names: object) -> str:
            from reintegra.people.models import Person

            labels = []
            for name in names if isinstance(names, list) else []:
                try:
                    labels.append(str(Person._meta.get_field(name).verbose_name))
                except Exception:  # a field renamed since the event was recorded
                    labels.append(str(name))
            return ", ".join(labels)

        timeline.register_kind("person.created", _("Record created"))
        timeline.register_kind("person.updated", _("Details changed: %(fields)s"), formatters={"fields": field_names})
        timeline.register_kind("person.voided", _("Record voided: %(reason)s"))
        timeline.register_kind("person.merged", _("Record %(source)s merged into this record"))
        timeline.register_kind("person.merged_away", _("Merged into record %(target)s"))
        timeline.register_kind("identifier.added", _("Identifier added: %(kind)s"),
                               formatters={"kind": label(IdentifierKind)})
        timeline.register_kind("alias.added", _("Other name added: %(kind)s"), formatters={"kind": label(AliasKind)})
        timeline.register_kind("contact.added", _("Contact added: %(relationship)s"),
                               formatters={"relationship": label(Relationship)})
        # Flags are need-to-know, so the timeline (seen by everyone who may view the person) names no category.
        timeline.register_kind("flag.added", _("Health or disability flag added"))

        from reintegra.audit.selectors import register_person_lookup
        from reintegra.people import access_log, panels

        panels.register_panel(key="audit-reads", order=90, template="people/panels/who_looked.html",
                              context=access_log.who_looked_context)
        register_person_lookup(access_log.person_ids_by_identifier)

        from reintegra.people import scopes

        scopes.register()  # who reaches a person through the people app; restricted records
