from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from reintegra.accounts.tests.factories import OrganisationFactory
from reintegra.justice.models import Case, Charge
from reintegra.synth import history, outcomes, people


def test_fast_instances_equal_ordinary_ones() -> None:
    court = OrganisationFactory.build(pk=7, kind="court")
    fast = history._case(reference="A/1", court=court, opened_on=dt.date(2020, 1, 2))
    slow = Case(reference="A/1", court=court, opened_on=dt.date(2020, 1, 2))
    assert {k: v for k, v in fast.__dict__.items() if k != "_state"} == {
        k: v for k, v in slow.__dict__.items() if k != "_state"}
    assert fast.court is court and fast.court_id == 7
    charge = history._charge(case=fast, offence_date=dt.date(2020, 1, 1))
    assert charge.case is fast and charge.case_id is None  # resolved once the case is inserted
    assert isinstance(charge, Charge) and charge._state.adding


def test_weibull_draw_hits_the_two_year_probability() -> None:
    rng = np.random.default_rng(3)
    for p in (0.2, 0.45, 0.7):
        days = np.array([outcomes.days_to_reoffence(float(u), p) for u in rng.random(20000)])
        assert abs((days <= outcomes.FOLLOW_UP_DAYS).mean() - p) < 0.015


def test_risk_rises_with_history_and_needs_and_falls_with_age() -> None:
    base = dict(age_at_start=30.0, prior_sanctions=2, age_first=20.0, female=False, domains=[1] * 7)
    logit = outcomes.risk_logit(**base)
    assert outcomes.risk_logit(**{**base, "prior_sanctions": 8}) > logit
    assert outcomes.risk_logit(**{**base, "domains": [3] * 7}) > logit
    assert outcomes.risk_logit(**{**base, "age_at_start": 50.0}) < logit
    assert outcomes.risk_logit(**{**base, "female": True}) < logit


def test_identifiers_are_unique_by_construction() -> None:
    rng = np.random.default_rng(1)
    drafts = people.draw_people(rng=rng, seed=1, run=0, first_index=0, count=3000,
                                today=dt.date(2025, 1, 1).toordinal(), regions=["A", "B", "C", "D", "E", "F"])
    values = [pair for d in drafts for pair in people.identifiers(d, in_custody_ever=True, supervised_ever=True)]
    assert len(values) == len(set(values))
    assert {kind for kind, _v in values} >= {"national_id", "prison_number", "probation_ref", "passport"}


@pytest.mark.parametrize("index", [0, 1, 999_999])
def test_stream_is_reproducible_across_refills(index: int) -> None:
    def draw() -> list[float]:
        stream = people.Stream((5, 0, index), [0.5] * 3, [0.0] * 3)
        return [stream.u() for _ in range(people.STREAM_UNIFORMS + 10)] + [stream.normal() for _ in range(50)]

    assert draw() == draw()


def test_models_with_mutable_defaults_are_refused_by_the_fast_constructor() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from reintegra.people.models import Person
    from reintegra.synth.instances import InstanceMaker

    with pytest.raises(ImproperlyConfigured, match="mutable defaults"):
        InstanceMaker(Person)  # languages defaults to a new list per instance
