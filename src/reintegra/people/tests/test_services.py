from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.core.errors import StaleEditError
from reintegra.core.models import RecordVersion
from reintegra.core.versioning import history_for
from reintegra.people import services
from reintegra.people.choices import FlagCategory, IdentifierKind, Relationship
from reintegra.people.models import Identifier, NameToken, Person, PersonAlias, TimelineEvent
from reintegra.people.services import PersonInput
from reintegra.people.tests.factories import (
    AliasFactory, ContactFactory, FlagFactory, IdentifierFactory, PersonFactory, TimelineEventFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return user_with_role(Role.PROBATION_OFFICER)


def _kinds(person: Person) -> list[str]:
    return list(TimelineEvent.objects.filter(person=person).order_by("id").values_list("kind", flat=True))


def test_create_folds_search_name_records_history_timeline_and_identifiers(officer) -> None:
    person = services.person_create(
        actor=officer, given_name="  José ", family_name="Núñez  García", date_of_birth=dt.date(1990, 5, 17),
        nationality="mx", languages=["ES", "en"], identifiers=[(IdentifierKind.NATIONAL_ID, "ab 123 45")],
    )
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.search_name) == ("José", "Núñez García", "jose nunez garcia")
    assert (person.nationality, person.languages) == ("MX", ["es", "en"])
    assert person.identifiers.get().value == "AB12345"
    assert set(NameToken.objects.filter(person=person).values_list("token", flat=True)) == {"jose", "nunez", "garcia"}
    entry = history_for(person).get()
    assert (entry.action, entry.changed_by, entry.after["given_name"]) == ("create", officer, "José")
    assert _kinds(person) == ["person.created", "identifier.added"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": timezone.localdate() + dt.timedelta(days=1)}, "date_of_birth"),
        ({"date_of_birth": dt.date(1850, 1, 1)}, "date_of_birth"),
        ({"nationality": "MEX"}, "nationality"),
        ({"nationality": "1x"}, "nationality"),
        ({"given_name": "   "}, "given_name"),
        ({"family_name": ""}, "family_name"),
        ({"sex": "Q"}, "sex"),
        ({"languages": ["spanish"]}, "languages"),
        ({"dependent_children": -1}, "dependent_children"),
        ({"literacy_level": "great"}, "literacy_level"),
        ({"identifiers": [("shoe_size", "42")]}, "identifiers"),
        ({"identifiers": [(IdentifierKind.PASSPORT, "P1"), (IdentifierKind.PASSPORT, "p 1")]}, "identifiers"),
    ],
)
def test_create_refuses_bad_input_naming_the_field_and_saves_nothing(officer, changes, field) -> None:
    values = {"given_name": "Ana", "family_name": "Ruiz", **changes}
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(actor=officer, **values)
    assert field in excinfo.value.message_dict
    assert not Person.objects.exists() and not RecordVersion.objects.exists() and not TimelineEvent.objects.exists()


def test_create_refuses_an_identifier_held_by_another_record(officer) -> None:
    IdentifierFactory(kind=IdentifierKind.PRISON_NUMBER, value="A1234")
    before = Person.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(actor=officer, given_name="Ana", family_name="Ruiz",
                               identifiers=[(IdentifierKind.PRISON_NUMBER, "a1234")])
    assert "already belongs" in excinfo.value.message_dict["identifiers"][0]
    assert Person.objects.count() == before


def test_identifier_add_refuses_duplicate_on_value_and_unknown_kind(officer) -> None:
    existing = IdentifierFactory(kind=IdentifierKind.PASSPORT, value="X999")
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.identifier_add(person=person, actor=officer, kind=IdentifierKind.PASSPORT, value=" x999 ")
    assert "value" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.identifier_add(person=person, actor=officer, kind="library_card", value="1")
    assert "kind" in excinfo.value.message_dict
    assert list(Identifier.objects.values_list("pk", flat=True)) == [existing.pk]
    # The same value under another kind is a different identifier.
    services.identifier_add(person=person, actor=officer, kind=IdentifierKind.NATIONAL_ID, value="X999")
    assert person.identifiers.count() == 1


def test_update_changes_names_tokens_history_and_timeline(officer) -> None:
    person = PersonFactory(given_name="Ana", family_name="Ruiz")
    updated = services.person_update(person=person, actor=officer, expected_version=1, reason="spelling",
                                     family_name="Ruíz-Pérez")
    assert (updated.version, updated.search_name) == (2, "ana ruiz-perez")
    assert set(NameToken.objects.filter(person=person).values_list("token", flat=True)) == {
        "ana", "ruiz", "perez", "ruizperez",
    }
    entry = history_for(person).last()
    assert (entry.before, entry.reason) == (
        {"family_name": "Ruiz", "search_name": "ana ruiz", "sort_name": "ruiz ana"}, "spelling",
    )
    assert updated.sort_name == "ruiz-perez ana"
    event = TimelineEvent.objects.filter(person=person, kind="person.updated").get()
    assert event.params == {"fields": ["family_name"]}


def test_update_keeps_alias_tokens(officer) -> None:
    alias = AliasFactory(given_name="Nena", family_name="Ruiz")
    person = alias.person
    services.person_update(person=person, actor=officer, expected_version=person.version, given_name="Nora")
    assert NameToken.objects.filter(person=person, alias=alias, token="nena").exists()


def test_stale_update_is_refused_and_changes_nothing(officer) -> None:
    person = PersonFactory(given_name="Ana")
    services.person_update(person=person, actor=officer, expected_version=1, given_name="Anna")
    stale = Person.objects.get(pk=person.pk)
    with pytest.raises(StaleEditError):
        services.person_update(person=stale, actor=officer, expected_version=1, given_name="Hannah")
    person.refresh_from_db()
    assert (person.given_name, person.version) == ("Anna", 2)
    assert not NameToken.objects.filter(token="hannah").exists()


def test_update_refuses_fields_it_does_not_own(officer) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(person=person, actor=officer, expected_version=1, search_name="x")
    assert "search_name" in excinfo.value.message_dict


def test_update_without_changes_keeps_version(officer) -> None:
    person = PersonFactory(given_name="Ana")
    services.person_update(person=person, actor=officer, expected_version=1, given_name="Ana")
    assert Person.objects.get(pk=person.pk).version == 1
    assert _kinds(person) == ["person.created"]


def test_void_needs_reason_and_records_event(officer) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_void(person=person, actor=officer, expected_version=1, reason=" ")
    services.person_void(person=person, actor=officer, expected_version=1, reason="created in error")
    person.refresh_from_db()
    assert person.is_voided and person.void_reason == "created in error"
    assert _kinds(person)[-1] == "person.voided"
    with pytest.raises(ValidationError):
        services.person_update(person=person, actor=officer, expected_version=person.version, given_name="X")


def test_alias_contact_flag_record_history_and_events(officer) -> None:
    person = PersonFactory()
    alias = services.alias_add(person=person, actor=officer, given_name="Pepe", family_name="")
    contact = services.contact_add(person=person, actor=officer, name="Rosa", relationship=Relationship.PARENT,
                                   may_be_notified=True)
    flag = services.flag_add(person=person, actor=officer, category=FlagCategory.DISABILITY, description="wheelchair")
    assert NameToken.objects.filter(alias=alias, token="pepe").exists()
    assert flag.recorded_by == officer
    for record in (alias, contact, flag):
        assert history_for(record).get().action == "create"
    assert _kinds(person)[-3:] == ["alias.added", "contact.added", "flag.added"]
    # The flag's event reveals nothing need-to-know.
    assert TimelineEvent.objects.get(kind="flag.added").params == {}


def test_contact_validation(officer) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.contact_add(person=person, actor=officer, name="", relationship="enemy", email="not-an-email",
                             may_be_notified=True, safety_restriction=True)
    assert {"name", "relationship", "email", "may_be_notified", "restriction_details"} <= set(
        excinfo.value.message_dict
    )
    assert not person.contacts.exists()


def test_alias_and_flag_validation(officer) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.alias_add(person=person, actor=officer, given_name=" ", family_name="")
    assert "family_name" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.flag_add(person=person, actor=officer, category="hair_colour")
    assert "category" in excinfo.value.message_dict
    assert not person.aliases.exists() and not person.flags.exists()


def test_bulk_create_writes_everything_and_checks_identifiers_in_batch(officer) -> None:
    rows = [
        PersonInput(given_name="Zoë", family_name="Martín", date_of_birth=dt.date(1985, 1, 2),
                    identifiers=[(IdentifierKind.NATIONAL_ID, "N1")]),
        PersonInput(given_name="Li", family_name="Wei", identifiers=[(IdentifierKind.NATIONAL_ID, "N2"),
                                                                   (IdentifierKind.PRISON_NUMBER, "P2")]),
    ]
    persons = services.person_bulk_create(actor=officer, rows=rows)
    assert all(p.pk for p in persons)
    assert Person.objects.get(pk=persons[0].pk).search_name == "zoe martin"
    assert Identifier.objects.count() == 3
    assert NameToken.objects.filter(token="zoe").count() == 1
    assert history_for(persons[1]).get().changed_by == officer
    assert _kinds(persons[1]) == ["person.created", "identifier.added", "identifier.added"]

    clash = [
        PersonInput(given_name="A", family_name="B", identifiers=[(IdentifierKind.NATIONAL_ID, "N9")]),
        PersonInput(given_name="C", family_name="D", identifiers=[(IdentifierKind.NATIONAL_ID, "n9")]),
        PersonInput(given_name="E", family_name="F", identifiers=[(IdentifierKind.NATIONAL_ID, "N1")]),
        PersonInput(given_name="G", family_name="", date_of_birth=dt.date(3000, 1, 1)),
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.person_bulk_create(actor=officer, rows=clash)
    messages = " ".join(excinfo.value.message_dict["rows"])
    assert "row 2" in messages and "row 3" in messages and "row 4: family_name" in messages
    assert "row 4: date_of_birth" in messages and "row 1" not in messages
    assert Person.objects.count() == 2


def test_timeline_record_refuses_unregistered_kinds() -> None:
    person = PersonFactory()
    with pytest.raises(ValueError):
        services.timeline_record(person=person, kind="nobody.registered.this", occurred_on=dt.date(2020, 1, 1),
                                 source_app="people")
    with pytest.raises(ValueError):
        services.timeline_record_many([TimelineEvent(person=person, kind="nope", occurred_on=dt.date(2020, 1, 1),
                                                     source_app="x")])


def test_timeline_record_many_and_object_link() -> None:
    person = PersonFactory()
    alias = AliasFactory(person=person)
    services.timeline_record_many([
        TimelineEvent(person=person, kind="person.updated", occurred_on=dt.date(2021, 1, d), source_app="synth",
                      params={"fields": []})
        for d in (1, 2, 3)
    ])
    event = services.timeline_record(person=person, kind="alias.added", occurred_on=dt.date(2022, 1, 1),
                                     source_app="people", obj=alias)
    assert (event.object_type, event.object_id) == ("people.personalias", str(alias.pk))
    assert TimelineEvent.objects.filter(person=person, source_app="synth").count() == 3


class TestMerge:
    def test_moves_every_link_and_voids_source(self, officer) -> None:
        source = PersonFactory(given_name="Jose", family_name="Garcia")
        target = PersonFactory(given_name="José", family_name="García López")
        identifier = IdentifierFactory(person=source)
        alias = AliasFactory(person=source, given_name="Pepe")
        contact = ContactFactory(person=source)
        flag = FlagFactory(person=source)
        event = TimelineEventFactory(person=source)
        merged = services.person_merge(source=source, target=target, actor=officer, reason="same person")
        assert merged.pk == target.pk
        for record in (identifier, alias, contact, flag, event):
            record.refresh_from_db()
            assert record.person_id == target.pk, record
        source.refresh_from_db()
        assert source.merged_into_id == target.pk and source.is_voided and source.void_reason == "same person"
        assert merged.version == 2
        assert history_for(source).last().action == "merge" and history_for(target).last().action == "merge"
        assert history_for(target).last().after["merged_from"] == source.pk
        assert merged.merge_report.moved["people.identifier.person"] == 1
        # The source's name stays findable, as an alias of the target.
        assert PersonAlias.objects.filter(person=target, given_name="Jose", family_name="Garcia").exists()
        assert not NameToken.objects.filter(person=source).exists()
        assert set(NameToken.objects.filter(person=target, alias__isnull=True).values_list("token", flat=True)) == {
            "jose", "garcia", "lopez",
        }
        assert TimelineEvent.objects.filter(person=target, kind="person.merged").exists()
        assert TimelineEvent.objects.filter(person=source, kind="person.merged_away").exists()

    def test_refuses_self_merged_and_voided_targets(self, officer) -> None:
        person, other, third = PersonFactory(), PersonFactory(), PersonFactory()
        with pytest.raises(ValidationError) as excinfo:
            services.person_merge(source=person, target=person, actor=officer, reason="x")
        assert "target" in excinfo.value.message_dict
        services.person_merge(source=other, target=third, actor=officer, reason="dup")
        with pytest.raises(ValidationError):
            services.person_merge(source=person, target=other, actor=officer, reason="x")
        with pytest.raises(ValidationError):
            services.person_merge(source=other, target=person, actor=officer, reason="x")
        voided = PersonFactory()
        services.person_void(person=voided, actor=officer, expected_version=1, reason="error")
        with pytest.raises(ValidationError):
            services.person_merge(source=person, target=voided, actor=officer, reason="x")
        with pytest.raises(ValidationError) as excinfo:
            services.person_merge(source=person, target=third, actor=officer, reason=" ")
        assert "reason" in excinfo.value.message_dict
        person.refresh_from_db()
        assert person.merged_into_id is None and not person.is_voided

    def test_walks_every_relation_pointing_at_person(self) -> None:
        from reintegra.people.services.merge import _reverse_relations

        labels = {f"{rel.related_model._meta.label_lower}.{rel.field.name}" for rel in _reverse_relations()}
        assert {"people.identifier.person", "people.personalias.person", "people.contact.person",
                "people.personflag.person", "people.timelineevent.person"} <= labels
        assert "people.person.merged_into" not in labels


def test_merge_moves_links_of_apps_people_does_not_import_and_keeps_one_to_one_of_target() -> None:
    from reintegra.justice.models import Case
    from reintegra.synth.models import SyntheticProfile
    from reintegra.synth.services import synth_run

    synth_run(persons=3, seed=11, today=dt.date(2025, 3, 31))
    first, second, third = (profile.person for profile in SyntheticProfile.objects.order_by("index"))
    cases = Case.objects.filter(person=first).count()
    kept_on_target = SyntheticProfile.objects.get(person=second).pk

    merged = services.person_merge(source=first, target=second, actor=None, reason="same person")
    # Both have a synthetic profile: the target keeps its own and the merge says so.
    assert SyntheticProfile.objects.get(person=second).pk == kept_on_target
    assert SyntheticProfile.objects.filter(person=first).exists()
    assert "synth.syntheticprofile.person" in merged.merge_report.kept_on_source
    assert not Case.objects.filter(person=first).exists()
    assert Case.objects.filter(person=second).count() >= cases

    # A target without one receives the source's.
    fresh = PersonFactory()
    services.person_merge(source=third, target=fresh, actor=None, reason="same person")
    assert SyntheticProfile.objects.filter(person=fresh).exists()
