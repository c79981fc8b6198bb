from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reintegra.core.bulkinsert import (
    EMPTY, db_value, insert_dicts, insert_instances, insert_tuples, json_text, reserve_ids,
)
from reintegra.core.models import RecordVersion
from reintegra.people.models import Identifier, Person, TimelineEvent

pytestmark = pytest.mark.django_db

HISTORY = ("content_type", "object_id", "version", "action", "changed_at", "changed_by", "reason", "before", "after")


def _person(name: str = "Ana") -> Person:
    return Person.objects.create(given_name=name, family_name="Ruiz", search_name=f"{name.lower()} ruiz")


def test_reserved_ids_are_above_every_stored_id_and_refused_outside_a_transaction() -> None:
    stored = _person()
    with transaction.atomic():
        ids = reserve_ids(Person, 3)
    assert len(ids) == 3 and len(set(ids)) == 3 and min(ids) > stored.pk
    assert reserve_ids(Person, 0) == []
    if not connection.in_atomic_block:  # pytest-django wraps tests in a transaction on most set-ups
        with pytest.raises(RuntimeError):
            reserve_ids(Person, 1)


def test_insert_tuples_converts_dates_times_and_json_as_the_orm_would() -> None:
    content_type = ContentType.objects.get_for_model(Person)
    now = timezone.now()
    after = {"given_name": "Ana", "date_of_birth": "1990-01-02"}
    with transaction.atomic():
        count = insert_tuples(RecordVersion, HISTORY, [
            (content_type.pk, "7", 1, RecordVersion.Action.CREATE, now, None, "", EMPTY, after),
            (content_type.pk, "8", 1, RecordVersion.Action.CREATE, now, None, "why", EMPTY, {"n": [1, 2]}),
        ])
    assert count == 2
    rows = list(RecordVersion.objects.filter(object_id__in=["7", "8"]).order_by("object_id"))
    assert [(r.object_id, r.before, r.after, r.reason, r.changed_at) for r in rows] == [
        ("7", {}, after, "", now), ("8", {}, {"n": [1, 2]}, "why", now),
    ]


def test_converted_rows_store_the_same_values_as_python_rows() -> None:
    person = _person()
    occurred = dt.date(2020, 5, 17)
    now = timezone.now()
    fields = ("person", "occurred_on", "recorded_at", "kind", "params", "source_app", "object_type", "object_id", "actor")
    params = {"reference": "C-1", "facility": "Ñandú"}
    with transaction.atomic():
        insert_tuples(TimelineEvent, fields, [(person.pk, occurred, now, "a", params, "core", "", "1", None)])
        encode = json_text(TimelineEvent, "params")
        insert_tuples(TimelineEvent, fields, [(
            person.pk, db_value(TimelineEvent, "occurred_on", occurred), db_value(TimelineEvent, "recorded_at", now),
            "b", encode(params), "core", "", "1", None,
        )], converted=True)
    python, converted = TimelineEvent.objects.filter(person=person).order_by("kind")
    assert (python.occurred_on, python.recorded_at, python.params) == (occurred, now, params)
    assert (converted.occurred_on, converted.recorded_at, converted.params) == (occurred, now, params)
    with pytest.raises(TypeError):
        json_text(TimelineEvent, "kind")


def test_rows_from_a_generator_that_queries_are_read_before_inserting() -> None:
    """On PostgreSQL nothing may run on the connection while COPY is open."""
    person = _person()
    content_type = ContentType.objects.get_for_model(Person)

    def rows():
        for n in range(3):
            # A query per row, as a lazy caller might run.
            name = Person.objects.values_list("given_name", flat=True).get(pk=person.pk)
            yield (content_type.pk, str(n), 1, "create", timezone.now(), None, "", EMPTY, {"name": name})

    with transaction.atomic():
        assert insert_tuples(RecordVersion, HISTORY, rows()) == 3
    assert list(RecordVersion.objects.values_list("after", flat=True)) == [{"name": "Ana"}] * 3


def test_insert_instances_gives_keys_resolves_parents_and_stamps_times() -> None:
    before = timezone.now()
    persons = [Person(given_name=f"P{n}", family_name="X", search_name=f"p{n} x") for n in range(3)]
    with transaction.atomic():
        insert_instances(Person, persons)
        identifiers = [Identifier(person=p, kind="national_id", value=f"ID{n}") for n, p in enumerate(persons)]
        insert_instances(Identifier, identifiers)
    assert all(p.pk and not p._state.adding for p in persons)
    stored = {p.pk: p for p in Person.objects.filter(pk__in=[p.pk for p in persons])}
    assert [stored[p.pk].given_name for p in persons] == ["P0", "P1", "P2"]
    assert all(stored[p.pk].created_at >= before for p in persons)
    assert [(i.person_id, i.value) for i in Identifier.objects.filter(pk__in=[i.pk for i in identifiers]).order_by("pk")] == [
        (p.pk, f"ID{n}") for n, p in enumerate(persons)
    ]


def test_insert_dicts_fills_defaults_and_returns_keys() -> None:
    person = _person()
    rows = [{"person_id": person.pk, "kind": "national_id", "value": "A1"}]
    with transaction.atomic():
        insert_dicts(Identifier, rows)
    stored = Identifier.objects.get(pk=rows[0]["id"])
    assert (stored.person_id, stored.value, stored.issued_by) == (person.pk, "A1", "")


def test_a_failed_insert_raises_djangos_integrity_error() -> None:
    content_type = ContentType.objects.get_for_model(Person)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_tuples(RecordVersion, HISTORY, [  # object_id may not be null
            (content_type.pk, None, 1, "create", timezone.now(), None, "", EMPTY, EMPTY),
        ])
    assert not RecordVersion.objects.exists()


@pytest.mark.parametrize("value", [
    {}, {"a": 1, "b": None, "c": True, "d": 1.5, "e": "Ñandú \"q\"\n", "f": [1, "x", {"g": False}]},
    "text", 3, None, [], {"nan": float("nan"), "inf": float("inf")},
])
def test_json_text_is_the_text_django_stores(value: object) -> None:
    import json

    assert json_text(RecordVersion, "after")(value) == json.dumps(value)


def test_json_text_refuses_unknown_types_like_json_dumps() -> None:
    with pytest.raises(TypeError):
        json_text(RecordVersion, "after")({"when": dt.date(2020, 1, 1)})


# -- pipelined() ------------------------------------------------------------------------------

NUL = "\x00" if connection.vendor == "sqlite" else ""  # PostgreSQL text cannot hold NUL
TIMELINE = ("person", "occurred_on", "recorded_at", "kind", "params", "source_app", "object_type", "object_id", "actor")


def _write_some(tag: str, count: int) -> list[Person]:
    persons = [Person(given_name=f"{tag}{i}", family_name=f"Núñez{NUL}x", search_name=f"{tag}{i}", languages=["es"],
                      needs_interpreter=i % 2 == 0, date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=i))
               for i in range(count)]
    insert_instances(Person, persons)
    insert_tuples(TimelineEvent, TIMELINE, [
        (p.pk, dt.date(2020, 1, 1), timezone.now(), "person.created", {"n": i, "s": "ñ"}, "core", "", str(p.pk), None)
        for i, p in enumerate(persons)
    ])
    return persons


def _stored(tag: str) -> list[tuple[object, ...]]:
    persons = Person.objects.filter(given_name__startswith=tag).order_by("pk")
    return [
        (p.pk, p.given_name, p.family_name, p.date_of_birth, p.languages, p.needs_interpreter,
         [(e.occurred_on, e.params, e.object_id) for e in p.timeline_events.order_by("pk")])
        for p in persons
    ]


def test_pipelined_inserts_store_the_same_rows_and_are_visible_to_later_queries() -> None:
    from reintegra.core.bulkinsert import pipelined

    with transaction.atomic():
        plain = _write_some("plain", 5000)  # more rows than one statement holds
    with transaction.atomic():
        with pipelined():
            piped = _write_some("piped", 5000)
            # A query reads what was sent before it, whether or not the writer thread has run it.
            assert Person.objects.filter(given_name__startswith="piped").count() == 5000
            more = _write_some("pipedmore", 3)
    assert [p.pk for p in more] == list(range(piped[-1].pk + 1, piped[-1].pk + 4))
    expected = [(row[1].replace("plain", "piped"), *row[2:6], [(d, params, "") for d, params, _id in row[6]])
                for row in _stored("plain")]
    got = [(row[1], *row[2:6], [(d, params, "") for d, params, _id in row[6]]) for row in _stored("piped")
           if not row[1].startswith("pipedmore")]
    assert got == expected
    assert all(row[2] == f"Núñez{NUL}x" for row in _stored("piped"))
    assert len(plain) == len(piped)


def test_pipelined_savepoints_keep_their_order_and_errors_reach_the_caller() -> None:
    from reintegra.core.bulkinsert import pipelined

    with transaction.atomic():
        with pipelined():
            _write_some("kept", 10)
            with pytest.raises(ValueError), transaction.atomic():
                _write_some("undone", 10)
                raise ValueError("refused")
            _write_some("after", 10)
    assert (len(_stored("kept")), len(_stored("undone")), len(_stored("after"))) == (10, 0, 10)

    taken = _person("Dup")
    with pytest.raises(IntegrityError), transaction.atomic():
        with pipelined():
            insert_tuples(Person, ("id", "given_name", "family_name", "search_name", "sort_name", "languages",
                                   "sex", "literacy_level", "dependent_children", "needs_interpreter",
                                   "gender_identity", "nationality", "version", "created_at", "updated_at"),
                          [(taken.pk, "X", "Y", "x y", "y x", [], "U", "unknown", 0, False, "", "", 1,
                            timezone.now(), timezone.now())])
    assert Person.objects.filter(given_name="X").count() == 0
