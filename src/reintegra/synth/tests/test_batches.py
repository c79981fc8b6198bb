"""Drawing a batch, and the garbage collector's settings around a run."""
from __future__ import annotations

import gc
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from reintegra.people.models import Person
from reintegra.synth import batches, jurisdiction, services
from reintegra.synth.tests.test_services import TODAY

pytestmark = pytest.mark.django_db


def test_a_batch_is_drawn_the_same_way_twice_and_touches_no_database(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    j = jurisdiction.ensure(seed=2, persons=200)
    spec = dict(j=j, seed=2, run_number=0, batch_no=1, first_index=60, count=40, today=TODAY.toordinal())
    with django_assert_num_queries(0):
        first = batches.draw_batch(**spec)
    second = batches.draw_batch(**spec)
    assert first.rows == second.rows and len(first.rows) == 40
    assert [h.risk_logit for h in first.histories] == [h.risk_logit for h in second.histories]
    persons = [Person(pk=1000 + i, given_name="A", family_name="B") for i in range(40)]
    records = first.justice(persons)
    assert len(records.cases) == sum(len(h.cases) for h in first.histories) >= 40
    assert all(case.person is persons[0] for case in first.histories[0].cases)


def test_the_collector_is_back_as_it_was_after_a_run_and_after_a_failed_one() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    services.synth_run(persons=30, seed=1, today=TODAY, batch_size=20)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    refused = ValidationError({"rows": ["row 1: family_name: bad"]})
    with mock.patch.object(services, "person_bulk_create", side_effect=refused), pytest.raises(ValidationError):
        services.synth_run(persons=30, seed=1, today=TODAY, append=True)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert Person.objects.count() == 30


def test_cycles_made_during_a_batch_do_not_outlive_it() -> None:
    class Node:
        pass

    made: list[int] = []
    real = services.person_bulk_create

    def create(**kwargs):  # type: ignore[no-untyped-def]
        node = Node()
        node.me = node  # type: ignore[attr-defined]  # a cycle only the collector can free
        made.append(id(node))
        return real(**kwargs)

    with mock.patch.object(services, "person_bulk_create", create):
        services.synth_run(persons=40, seed=1, today=TODAY, batch_size=20)
    alive = {id(obj) for obj in gc.get_objects() if type(obj) is Node}  # type(): weak proxies may be dead
    assert len(made) == 2 and not alive.intersection(made)
