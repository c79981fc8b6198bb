"""The bulk services write what the single-record services write, and refuse what they refuse."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.core.models import RecordVersion
from reintegra.core.versioning import history_for
from reintegra.people import services
from reintegra.people.choices import AliasKind, IdentifierKind, Relationship, Sex
from reintegra.people.models import Contact, Identifier, NameToken, Person, PersonAlias, TimelineEvent
from reintegra.people.services import AliasInput, ContactInput, PersonInput
from reintegra.people.tests.factories import IdentifierFactory, PersonFactory

pytestmark = pytest.mark.django_db

SKIP = {"id", "created_at", "updated_at", "person"}


@pytest.fixture
def officer():
    return user_with_role(Role.PROBATION_OFFICER)


def _fields(obj: Any, skip: set[str] = SKIP) -> dict[str, Any]:
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in skip}


def _history(obj: Any) -> list[tuple[Any, ...]]:
    return [(h.version, h.action, h.changed_by_id, h.reason, h.before, h.after) for h in history_for(obj)]


def _events(person: Person) -> list[tuple[Any, ...]]:
    return [
        (e.kind, e.occurred_on, e.params, e.source_app, e.object_type, e.actor_id)
        for e in TimelineEvent.objects.filter(person=person).order_by("id")
    ]


def _tokens(person: Person) -> list[tuple[str, bool]]:
    return sorted((token, alias_id is None)
                  for token, alias_id in NameToken.objects.filter(person=person).values_list("token", "alias_id"))


ROW = {
    "given_name": "  José ", "family_name": "Núñez  García", "date_of_birth": dt.date(1990, 5, 17),
    "sex": Sex.MALE, "nationality": "mx", "languages": ["ES", "en"], "needs_interpreter": True,
    "dependent_children": 2,
}


def test_bulk_and_single_person_paths_write_the_same_rows(officer) -> None:
    single = services.person_create(actor=officer, **ROW, identifiers=[(IdentifierKind.NATIONAL_ID, "ab 1")])
    [bulk] = services.person_bulk_create(actor=officer, rows=[
        PersonInput(**ROW, identifiers=[(IdentifierKind.NATIONAL_ID, "ab 2")]),
    ])
    assert isinstance(bulk.pk, int) and Person.objects.get(pk=bulk.pk).search_name == "jose nunez garcia"
    assert _fields(bulk) == _fields(single)
    assert _history(bulk) == _history(single)
    assert _events(bulk) == _events(single)
    assert _tokens(bulk) == _tokens(single)
    [single_id], [bulk_id] = single.identifiers.all(), bulk.identifiers.all()
    assert bulk_id.value == "AB2"
    assert _fields(bulk_id, SKIP | {"value"}) == _fields(single_id, SKIP | {"value"})
    assert [h[:4] for h in _history(bulk_id)] == [h[:4] for h in _history(single_id)]
    assert {k: v for k, v in _history(bulk_id)[0][5].items() if k not in {"person", "value"}} == \
        {k: v for k, v in _history(single_id)[0][5].items() if k not in {"person", "value"}}
    # The history snapshot is the one field_snapshot takes (dates as ISO text, lists copied).
    assert _history(bulk)[0][5]["date_of_birth"] == "1990-05-17"
    assert _history(bulk)[0][5]["languages"] == ["es", "en"]
    # Each event points at its record.
    objects = set(TimelineEvent.objects.filter(person=bulk).values_list("object_type", "object_id"))
    assert objects == {("people.person", str(bulk.pk)), ("people.identifier", str(bulk_id.pk))}


def test_bulk_rows_get_distinct_ids_after_existing_rows(officer) -> None:
    before = PersonFactory()
    persons = services.person_bulk_create(actor=officer, rows=[
        PersonInput(given_name=f"Ana{i}", family_name="Ruiz", identifiers=[(IdentifierKind.NATIONAL_ID, f"X{i}")])
        for i in range(30)
    ])
    ids = [p.pk for p in persons]
    assert len(set(ids)) == 30 and min(ids) > before.pk
    assert list(Person.objects.filter(pk__in=ids).order_by("pk").values_list("given_name", flat=True)) == \
        [f"Ana{i}" for i in range(30)]
    for person in persons[::7]:
        assert list(person.identifiers.values_list("value", flat=True)) == [f"X{person.given_name[3:]}"]
        assert _tokens(person) == [("ana" + person.given_name[3:], True), ("ruiz", True)]
    # A row created afterwards through the ORM does not collide with the reserved ids.
    assert PersonFactory().pk > max(ids)


def test_a_bad_row_writes_nothing_and_the_error_names_row_and_field(officer) -> None:
    counts = _counts()
    rows = [
        PersonInput(given_name="Ok", family_name="Row", identifiers=[(IdentifierKind.NATIONAL_ID, "G1")]),
        PersonInput(given_name="Bad", family_name="Row", nationality="Mexico", dependent_children=99),
        PersonInput(given_name="Also", family_name="Ok"),
        PersonInput(given_name="Bad", family_name="Kind", identifiers=[("shoe_size", "42")]),
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.person_bulk_create(actor=officer, rows=rows)
    messages = excinfo.value.message_dict["rows"]
    assert "row 2: nationality: Use the two-letter ISO 3166 country code, e.g. MX." in messages
    assert any(m.startswith("row 2: dependent_children: ") for m in messages)
    assert "row 4: identifiers: Unknown identifier kind: shoe_size." in messages
    assert not any(m.startswith(("row 1", "row 3")) for m in messages)
    assert _counts() == counts


def test_duplicate_identifiers_within_batch_and_against_database_are_refused(officer) -> None:
    IdentifierFactory(kind=IdentifierKind.NATIONAL_ID, value="HELD1")
    counts = _counts()
    rows = [
        PersonInput(given_name="A", family_name="B", identifiers=[(IdentifierKind.NATIONAL_ID, "N9")]),
        PersonInput(given_name="C", family_name="D", identifiers=[(IdentifierKind.NATIONAL_ID, "n 9")]),
        PersonInput(given_name="E", family_name="F", identifiers=[(IdentifierKind.NATIONAL_ID, "held1"),
                                                                   (IdentifierKind.PRISON_NUMBER, "HELD1")]),
        PersonInput(given_name="G", family_name="H", identifiers=[(IdentifierKind.PRISON_NUMBER, "P1"),
                                                                   (IdentifierKind.PRISON_NUMBER, "p1")]),
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.person_bulk_create(actor=officer, rows=rows)
    national, prison = IdentifierKind.NATIONAL_ID.label, IdentifierKind.PRISON_NUMBER.label
    assert excinfo.value.message_dict["rows"] == [
        f"row 2: identifiers: The {national} N9 is given twice.",
        f"row 3: identifiers: The {national} HELD1 already belongs to another person's record.",
        f"row 4: identifiers: The {prison} P1 is given twice.",
    ]
    assert _counts() == counts
    # The same message as the single-record service gives.
    with pytest.raises(ValidationError) as single:
        services.person_create(actor=officer, given_name="E", family_name="F",
                               identifiers=[(IdentifierKind.NATIONAL_ID, "held1")])
    assert single.value.message_dict["identifiers"] == [
        f"The {national} HELD1 already belongs to another person's record."
    ]


def test_identifier_check_is_one_query_per_batch(officer, django_assert_max_num_queries) -> None:
    rows = [PersonInput(given_name=f"P{i}", family_name="Q", identifiers=[(IdentifierKind.NATIONAL_ID, f"Q{i}"),
                                                                          (IdentifierKind.PRISON_NUMBER, f"R{i}")])
            for i in range(1200)]
    # Validation (2,400 identifiers in chunks of 500 values: 5 queries) plus a fixed number of
    # inserts; the old path ran one identifier query per row.
    with django_assert_max_num_queries(40):
        persons = services.person_bulk_create(actor=officer, rows=rows)
    assert Identifier.objects.filter(person__in=persons).count() == 2400
    assert RecordVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(Identifier), object_id__in=[
            str(pk) for pk in Identifier.objects.filter(person__in=persons).values_list("pk", flat=True)
        ]).count() == 2400


def test_bulk_and_single_alias_and_contact_paths_write_the_same_rows(officer) -> None:
    one, two = PersonFactory(), PersonFactory()
    alias = {"given_name": " Pepe ", "family_name": "O'Brien", "kind": AliasKind.BIRTH_NAME}
    contact = {"name": " Rosa  Núñez", "relationship": Relationship.PARENT, "phone": " 555 ", "email": "r@example.org",
               "address": "Calle 1", "may_be_notified": True}
    single_alias = services.alias_add(person=one, actor=officer, **alias)
    single_contact = services.contact_add(person=one, actor=officer, **contact)
    [bulk_alias] = services.alias_bulk_add(actor=officer, rows=[AliasInput(person=two, **alias)])
    [bulk_contact] = services.contact_bulk_add(actor=officer, rows=[ContactInput(person=two, **contact)])
    assert _fields(bulk_alias) == _fields(single_alias)
    assert _fields(bulk_contact) == _fields(single_contact)
    strip = lambda rows: [row[:5] + ({k: v for k, v in row[5].items() if k != "person"},) for row in rows]  # noqa: E731
    assert strip(_history(bulk_alias)) == strip(_history(single_alias))
    assert strip(_history(bulk_contact)) == strip(_history(single_contact))
    assert _events(two)[-2:] == _events(one)[-2:]
    assert [t for t in _tokens(two) if not t[1]] == [t for t in _tokens(one) if not t[1]]
    assert set(NameToken.objects.filter(alias=bulk_alias).values_list("person_id", flat=True)) == {two.pk}


def test_bulk_alias_and_contact_refuse_bad_rows_and_write_nothing(officer) -> None:
    person, voided = PersonFactory(), PersonFactory()
    voided = services.person_void(person=voided, actor=officer, expected_version=voided.version, reason="duplicate")
    counts = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.alias_bulk_add(actor=officer, rows=[
            AliasInput(person=person, given_name="Fine", family_name=""),
            AliasInput(person=person, given_name=" ", family_name=""),
            AliasInput(person=voided, given_name="X", family_name="Y"),
        ])
    assert excinfo.value.message_dict["rows"] == [
        "row 2: family_name: Enter at least a given name or a family name.",
        "row 3: person: This record is voided and can no longer be changed.",
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.contact_bulk_add(actor=officer, rows=[
            ContactInput(person=person, name="Fine", relationship=Relationship.PARENT),
            ContactInput(person=person, name="", relationship="enemy", email="not-an-email",
                         safety_restriction=True, may_be_notified=True),
        ])
    messages = excinfo.value.message_dict["rows"]
    assert "row 2: name: Enter the contact's name." in messages
    assert "row 2: relationship: Choose a relationship from the list." in messages
    assert any(m.startswith("row 2: may_be_notified: ") for m in messages)
    assert any(m.startswith("row 2: restriction_details: ") for m in messages)
    assert any(m.startswith("row 2: email: ") for m in messages)
    assert not any(m.startswith("row 1") for m in messages)
    assert _counts() == counts


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (
        Person, Identifier, NameToken, PersonAlias, Contact, RecordVersion, TimelineEvent,
    ))


def test_an_identifier_taken_between_check_and_insert_refuses_the_batch(officer, monkeypatch) -> None:
    # Simulates another transaction storing the number after the check: the check sees nothing.
    IdentifierFactory(kind=IdentifierKind.NATIONAL_ID, value="RACE1")
    counts = _counts()
    monkeypatch.setattr("reintegra.people.services.bulk.identifiers_in_use", lambda pairs: set())
    with pytest.raises(ValidationError) as excinfo:
        services.person_bulk_create(actor=officer, rows=[
            PersonInput(given_name="A", family_name="B", identifiers=[(IdentifierKind.NATIONAL_ID, "R2")]),
            PersonInput(given_name="C", family_name="D", identifiers=[(IdentifierKind.NATIONAL_ID, "race1")]),
        ])
    assert "nothing was saved" in excinfo.value.message_dict["rows"][0]
    assert _counts() == counts


@pytest.mark.parametrize("changes", [
    {}, {"given_name": "x" * 121}, {"family_name": ""}, {"sex": "Q"}, {"sex": ""}, {"literacy_level": "fluent"},
    {"gender_identity": "g" * 61}, {"nationality": "MEX"}, {"languages": ["es", 3]}, {"languages": "es"},
    {"needs_interpreter": "yes"}, {"dependent_children": -1}, {"dependent_children": 40000},
    {"dependent_children": True}, {"date_of_birth": dt.datetime(1990, 1, 1)}, {"date_of_birth": "1990-01-01"},
    {"search_name": ""}, {"sort_name": "s" * 251}, {"version": 2}, {"void_reason": "x"},
])
def test_the_bulk_fast_check_only_vouches_for_rows_full_clean_accepts(changes: dict[str, Any]) -> None:
    from reintegra.people.services.persons import _plain_checker

    check = _plain_checker()
    assert check is not None  # Person still has the fields the check knows; otherwise every row uses full_clean
    person = Person(given_name="Ana", family_name="Ruiz", search_name="ana ruiz", sort_name="ruiz ana",
                    date_of_birth=dt.date(1990, 1, 1), sex=Sex.FEMALE, languages=["es"], nationality="MX")
    for name, value in changes.items():
        setattr(person, name, value)
    try:
        person.full_clean()
        accepted = True
    except ValidationError:
        accepted = False
    # It may be stricter than full_clean (such rows just go through full_clean), never looser.
    vouched = check(person)
    assert not vouched or accepted
    if not changes:
        assert vouched and accepted


def test_bulk_rows_failing_the_fast_check_get_full_cleans_messages(officer) -> None:
    with pytest.raises(ValidationError) as exc:
        services.person_bulk_create(actor=officer, rows=[
            PersonInput(given_name="Ana", family_name="Ruiz"),
            PersonInput(given_name="Luz", family_name="Paz", sex="Q", gender_identity="g" * 61),
        ])
    messages = exc.value.message_dict["rows"]
    assert any(m.startswith("row 2: sex:") for m in messages)
    assert any(m.startswith("row 2: gender_identity:") for m in messages)
    assert not any(m.startswith("row 1") for m in messages)
    assert not Person.objects.filter(given_name__in=["Ana", "Luz"]).exists()
