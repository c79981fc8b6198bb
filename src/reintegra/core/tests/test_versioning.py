from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.core.errors import StaleEditError
from reintegra.core.models import RecordVersion
from reintegra.core.versioning import history_for, versioned_create, versioned_update, versioned_void
from reintegra.people.models import Person

pytestmark = pytest.mark.django_db


def _person() -> Person:
    person = Person.objects.create(given_name="Ana", family_name="Ruiz", search_name="ana ruiz")
    return versioned_create(person, actor=None)


def test_update_bumps_version_and_keeps_before_and_after() -> None:
    actor = user_with_role(Role.PROBATION_OFFICER)
    person = _person()
    versioned_update(person, actor=actor, expected_version=1, changes={"given_name": "Anna"}, reason="spelling")
    assert person.version == 2
    last = history_for(person).last()
    assert last is not None
    assert (last.before, last.after, last.changed_by, last.reason) == (
        {"given_name": "Ana"}, {"given_name": "Anna"}, actor, "spelling",
    )


def test_stale_edit_is_refused_and_changes_nothing() -> None:
    person = _person()
    versioned_update(person, actor=None, expected_version=1, changes={"given_name": "Anna"})
    stale_copy = Person.objects.get(pk=person.pk)
    stale_copy.version = 1
    with pytest.raises(StaleEditError):
        versioned_update(stale_copy, actor=None, expected_version=1, changes={"family_name": "Diaz"})
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Ruiz", 2)
    assert RecordVersion.objects.filter(object_id=str(person.pk)).count() == 2


def test_invalid_change_is_refused_and_changes_nothing() -> None:
    person = _person()
    with pytest.raises(ValidationError):
        versioned_update(person, actor=None, expected_version=1, changes={"sex": "Q"})
    assert Person.objects.get(pk=person.pk).sex == "U"


def test_void_requires_reason_and_keeps_the_row() -> None:
    actor = user_with_role(Role.SUPERVISOR)
    person = _person()
    with pytest.raises(ValidationError):
        versioned_void(person, actor=actor, expected_version=1, reason="  ")
    versioned_void(person, actor=actor, expected_version=1, reason="created twice")
    stored = Person.objects.get(pk=person.pk)
    assert stored.is_voided and stored.voided_by == actor and stored.void_reason == "created twice"
