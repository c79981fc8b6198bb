"""Factories for person records. They create through the services, so search tokens, history and
timeline events exist exactly as in real use; other apps import these."""
from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from reintegra.people import services
from reintegra.people.choices import AliasKind, FlagCategory, IdentifierKind, Relationship, Sex
from reintegra.people.models import Contact, Identifier, Person, PersonAlias, PersonFlag, TimelineEvent


class _ServiceFactory(factory.Factory):
    """A factory whose ``_create`` calls a service; ``actor`` defaults to None (system)."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("actor", None)
        return model_class(*args, **kwargs)


class PersonFactory(_ServiceFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = factory.Sequence(lambda n: dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000))
    sex = Sex.MALE
    nationality = ""
    identifiers: Any = ()
    actor = None

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("actor", None)
        kwargs.pop("identifiers", None)
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Person:
        return services.person_create(**kwargs)


class IdentifierFactory(_ServiceFactory):
    class Meta:
        model = Identifier

    person = factory.SubFactory(PersonFactory)
    kind = IdentifierKind.NATIONAL_ID
    value = factory.Sequence(lambda n: f"ID{n:07d}")
    actor = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Identifier:
        return services.identifier_add(**kwargs)


class AliasFactory(_ServiceFactory):
    class Meta:
        model = PersonAlias

    person = factory.SubFactory(PersonFactory)
    kind = AliasKind.ALIAS
    given_name = factory.Sequence(lambda n: f"Aka{n}")
    family_name = factory.Sequence(lambda n: f"Other{n}")
    actor = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> PersonAlias:
        return services.alias_add(**kwargs)


class ContactFactory(_ServiceFactory):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    relationship = Relationship.PARENT
    phone = "+1 555 0100"
    actor = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Contact:
        return services.contact_add(**kwargs)


class FlagFactory(_ServiceFactory):
    class Meta:
        model = PersonFlag

    person = factory.SubFactory(PersonFactory)
    category = FlagCategory.PHYSICAL_HEALTH
    description = "Needs ground-floor cell"
    actor = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> PersonFlag:
        return services.flag_add(**kwargs)


class TimelineEventFactory(_ServiceFactory):
    """An event of a registered kind (``person.updated`` by default)."""

    class Meta:
        model = TimelineEvent

    person = factory.SubFactory(PersonFactory)
    kind = "person.updated"
    occurred_on = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    source_app = "people"
    params = factory.LazyFunction(lambda: {"fields": ["nationality"]})
    actor = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> TimelineEvent:
        return services.timeline_record(**kwargs)


__all__ = [
    "AliasFactory", "ContactFactory", "FlagFactory", "IdentifierFactory", "PersonFactory", "TimelineEventFactory",
]
