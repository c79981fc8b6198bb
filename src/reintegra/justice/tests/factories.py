"""Factories for justice records. They create through the services, so history, timeline events
and validation are exactly as in real use; other apps (synth, analytics) import these."""
from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory
from reintegra.justice import services
from reintegra.justice.choices import CustodyKind, DispositionKind, SupervisionKind
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
from reintegra.people.tests.factories import PersonFactory


def iccs_section(code: str = "05") -> OffenceCategory:
    """One of the ICCS level-1 sections shipped by the data migration ("01".."11")."""
    return OffenceCategory.objects.get(code=code, is_national=False)


class CourtFactory(OrganisationFactory):
    kind = OrganisationKind.COURT
    name = factory.Sequence(lambda n: f"Court {n}")
    code = factory.Sequence(lambda n: f"court-{n}")


class ProbationOfficeFactory(OrganisationFactory):
    kind = OrganisationKind.PROBATION_OFFICE
    name = factory.Sequence(lambda n: f"Probation office {n}")
    code = factory.Sequence(lambda n: f"probation-{n}")


class _ServiceFactory(factory.Factory):
    class Meta:
        abstract = True

    actor = None

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("actor", None)
        return model_class(*args, **kwargs)


class NationalOffenceFactory(_ServiceFactory):
    class Meta:
        model = OffenceCategory

    code = factory.Sequence(lambda n: f"N{n:04d}")
    name = factory.Sequence(lambda n: f"National offence {n}")
    iccs_section = factory.LazyFunction(lambda: iccs_section("05"))

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> OffenceCategory:
        return services.offence_category_create(**kwargs)


class CaseFactory(_ServiceFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    reference = factory.Sequence(lambda n: f"CASE-{n:06d}")
    opened_on = dt.date(2024, 1, 10)

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Case:
        return services.case_open(**kwargs)


class ChargeFactory(_ServiceFactory):
    class Meta:
        model = Charge

    case = factory.SubFactory(CaseFactory)
    offence = factory.LazyFunction(lambda: iccs_section("05"))
    offence_date = dt.date(2024, 1, 2)

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Charge:
        return services.charge_add(**kwargs)


class DispositionFactory(_ServiceFactory):
    """A custodial sentence of 365 days by default; pass ``kind`` and the fields it needs."""

    class Meta:
        model = Disposition

    case = factory.SubFactory(CaseFactory)
    kind = DispositionKind.CUSTODIAL
    decided_on = dt.date(2024, 3, 1)
    term_days = 365

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Disposition:
        return services.disposition_record(**kwargs)


class CustodyEpisodeFactory(_ServiceFactory):
    """An open remand stay by default (pass ``kind=CustodyKind.SENTENCED, disposition=...``)."""

    class Meta:
        model = CustodyEpisode

    person = factory.SubFactory(PersonFactory)
    facility = factory.SubFactory(FacilityFactory)
    kind = CustodyKind.REMAND
    admitted_on = dt.date(2024, 1, 10)

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> CustodyEpisode:
        return services.custody_admit(**kwargs)


class SupervisionPeriodFactory(_ServiceFactory):
    class Meta:
        model = SupervisionPeriod

    person = factory.SubFactory(PersonFactory)
    office = factory.SubFactory(ProbationOfficeFactory)
    kind = SupervisionKind.PROBATION
    starts_on = dt.date(2024, 6, 1)

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> SupervisionPeriod:
        return services.supervision_start(**kwargs)


__all__ = [
    "CaseFactory", "ChargeFactory", "CourtFactory", "CustodyEpisodeFactory", "DispositionFactory",
    "NationalOffenceFactory", "ProbationOfficeFactory", "SupervisionPeriodFactory", "iccs_section",
]
