from __future__ import annotations

from typing import Any

import factory

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.models import Membership, Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PROBATION_OFFICE
    name = factory.Sequence(lambda n: f"Office {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    region = "North"


class FacilityFactory(OrganisationFactory):
    kind = OrganisationKind.PRISON
    name = factory.Sequence(lambda n: f"Prison {n}")
    code = factory.Sequence(lambda n: f"prison-{n}")
    official_capacity = 500


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``UserFactory(role=Role.PROBATION_OFFICER, organisation=org)`` adds a membership."""
        if not create:
            return
        role = extracted or Role.PRISON_CASE_MANAGER
        organisation = kwargs.get("organisation") or OrganisationFactory()
        Membership.objects.create(user=self, organisation=organisation, role=role)
        self.save()


def user_with_role(role: str, organisation: Organisation | None = None) -> User:
    """A saved user holding ``role`` (in a new organisation unless one is given)."""
    return UserFactory(role=role, role__organisation=organisation or OrganisationFactory())


__all__ = ["OrganisationFactory", "FacilityFactory", "UserFactory", "user_with_role", "Role"]
