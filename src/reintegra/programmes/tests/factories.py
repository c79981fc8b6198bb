"""Factories for programmes and cohorts (reference data, created directly) and a person in custody."""
from __future__ import annotations

import datetime as dt

import factory

from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory
from reintegra.programmes.choices import DeliverySetting, ProgrammeType
from reintegra.programmes.models import Cohort, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    type = ProgrammeType.COGNITIVE_BEHAVIOURAL
    targeted_needs = factory.LazyFunction(lambda: ["attitudes"])
    hours = 40
    sessions = 20
    weeks = 10
    delivery = DeliverySetting.FACILITY
    venue = factory.SubFactory(FacilityFactory)
    provider = factory.SubFactory(OrganisationFactory)
    capacity = 10


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    starts_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=60))
    capacity = factory.LazyAttribute(lambda cohort: cohort.programme.capacity)
