from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.people import selectors, services
from reintegra.people.choices import IdentifierKind
from reintegra.people.tests.factories import AliasFactory, FlagFactory, IdentifierFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(Role.PRISON_CASE_MANAGER)


def _names(results) -> list[str]:
    return [f"{p.given_name} {p.family_name}" for p in results]


def test_name_search_ignores_accents_case_and_order(staff) -> None:
    PersonFactory(given_name="José", family_name="García Núñez")
    PersonFactory(given_name="Joseph", family_name="Brown")
    PersonFactory(given_name="Ana", family_name="Josefsson")
    assert _names(selectors.person_search(user=staff, query="jose")) == ["Joseph Brown", "José García Núñez", "Ana Josefsson"]
    assert _names(selectors.person_search(user=staff, query="JOSÉ garcía")) == ["José García Núñez"]
    assert _names(selectors.person_search(user=staff, query="nunez jos")) == ["José García Núñez"]
    assert _names(selectors.person_search(user=staff, query="gar nun")) == ["José García Núñez"]
    assert list(selectors.person_search(user=staff, query="jose smith")) == []


def test_results_sort_by_family_name_ignoring_accents(staff) -> None:
    PersonFactory(given_name="Ana", family_name="Zamora")
    PersonFactory(given_name="Ana", family_name="Álvarez")
    PersonFactory(given_name="Ana", family_name="Benítez")
    assert _names(selectors.person_search(user=staff, query="ana")) == ["Ana Álvarez", "Ana Benítez", "Ana Zamora"]


def test_substring_fallback_when_no_word_starts_with_query(staff) -> None:
    PersonFactory(given_name="José", family_name="García")
    assert _names(selectors.person_search(user=staff, query="arcia")) == ["José García"]
    assert list(selectors.person_search(user=staff, query="ar")) == []  # too short for inside-word matching


def test_alias_search_finds_the_person(staff) -> None:
    person = PersonFactory(given_name="Robert", family_name="Smith")
    AliasFactory(person=person, given_name="Bobby", family_name="Ó Súilleabháin")
    assert [p.pk for p in selectors.person_search(user=staff, query="bobby")] == [person.pk]
    assert [p.pk for p in selectors.person_search(user=staff, query="o suilleabhain")] == [person.pk]


def test_identifier_search_is_exact_ignoring_spaces_and_case(staff) -> None:
    person = PersonFactory()
    IdentifierFactory(person=person, kind=IdentifierKind.PRISON_NUMBER, value="AB1234")
    IdentifierFactory(kind=IdentifierKind.PRISON_NUMBER, value="AB12345")
    assert [p.pk for p in selectors.person_search(user=staff, query="ab 1234")] == [person.pk]
    assert list(selectors.person_search(user=staff, query="AB123")) == []
    found = selectors.person_search(user=staff, query="AB1234")[0]
    assert [i.value for i in found.active_identifiers] == ["AB1234"]


def test_search_excludes_voided_and_merged(staff) -> None:
    voided = PersonFactory(given_name="Marta", family_name="Voided")
    services.person_void(person=voided, actor=staff, expected_version=1, reason="error")
    source, target = PersonFactory(given_name="Marta", family_name="Source"), PersonFactory(given_name="Marta", family_name="Kept")
    services.person_merge(source=source, target=target, actor=staff, reason="dup")
    assert [p.pk for p in selectors.person_search(user=staff, query="marta")] == [target.pk]
    # The merged record's name now finds the record that was kept.
    assert [p.pk for p in selectors.person_search(user=staff, query="marta source")] == [target.pk]


def test_search_and_get_are_scoped(staff) -> None:
    person = PersonFactory(given_name="Lena", family_name="Ito")
    analyst = user_with_role(Role.ANALYST)
    assert list(selectors.person_search(user=analyst, query="lena")) == []
    with pytest.raises(Http404):
        selectors.person_get(user=analyst, pk=person.pk)
    with pytest.raises(Http404):
        selectors.person_get(user=staff, pk=person.pk + 1000)
    with pytest.raises(Http404):
        selectors.person_timeline(user=analyst, person=person)
    assert selectors.person_get(user=staff, pk=person.pk) == person


def test_search_limit_and_empty_query(staff) -> None:
    for n in range(5):
        PersonFactory(given_name="Same", family_name=f"Name{n}")
    assert len(selectors.person_search(user=staff, query="same", limit=3)) == 3
    assert selectors.person_search(user=staff, query="same", limit=None).count() == 5
    assert list(selectors.person_search(user=staff, query="   ")) == []


def test_flags_are_need_to_know() -> None:
    flag = FlagFactory()
    staff = user_with_role(Role.PROBATION_OFFICER)
    programme = user_with_role(Role.PROGRAMME_STAFF)
    assert selectors.person_get(user=staff, pk=flag.person_id).active_flags == [flag]
    assert selectors.person_get(user=programme, pk=flag.person_id).active_flags == []


def test_duplicates_by_fuzzy_name_dob_and_identifier(staff) -> None:
    same = PersonFactory(given_name="José", family_name="Garcia", date_of_birth=dt.date(1990, 5, 17))
    typo = PersonFactory(given_name="Jose", family_name="Garcya", date_of_birth=None)
    swapped = PersonFactory(given_name="Maria", family_name="Lopez", date_of_birth=dt.date(1990, 5, 17))
    other = PersonFactory(given_name="Jose", family_name="Garcia", date_of_birth=dt.date(1950, 1, 1))
    by_id = PersonFactory(given_name="Completely", family_name="Different")
    IdentifierFactory(person=by_id, kind=IdentifierKind.NATIONAL_ID, value="N-77")
    found = selectors.person_duplicates(
        user=staff, given_name="jose", family_name="García", date_of_birth=dt.date(1990, 5, 17),
        identifiers=[(IdentifierKind.NATIONAL_ID, "n-77")],
    )
    by_pk = {c.person.pk: c for c in found}
    assert found[0].person.pk in {same.pk, by_id.pk} and found[0].score == 100
    assert any("Same identifier" in r for r in by_pk[by_id.pk].reasons)
    assert "Same date of birth" in by_pk[same.pk].reasons
    assert typo.pk in by_pk and by_pk[typo.pk].score < by_pk[same.pk].score
    assert swapped.pk not in by_pk  # same birthday, different name
    assert other.pk not in by_pk  # same name, born 40 years apart


def test_duplicates_match_aliases_and_exclude_self(staff) -> None:
    person = PersonFactory(given_name="Robert", family_name="Smith")
    AliasFactory(person=person, given_name="Roberto", family_name="Herrera")
    found = selectors.person_duplicates(user=staff, given_name="Roberto", family_name="Herrera")
    assert [c.person.pk for c in found] == [person.pk]
    assert "alias" in found[0].reasons[0]
    assert selectors.person_duplicates(user=staff, given_name="Robert", family_name="Smith", exclude_pk=person.pk) == []


def test_timeline_pages_newest_first(staff) -> None:
    person = PersonFactory()
    for day in range(1, 31):
        services.timeline_record(person=person, kind="person.updated", occurred_on=dt.date(2024, 1, day),
                                 source_app="people", params={"fields": []})
    page = selectors.person_timeline(user=staff, person=person, page=1, per_page=10)
    assert page.paginator.count == 31 and page.object_list[0].occurred_on >= page.object_list[1].occurred_on
    assert selectors.person_timeline(user=staff, person=person, page="999", per_page=10).number == 4
