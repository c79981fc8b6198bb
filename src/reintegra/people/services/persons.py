"""Creating, changing and voiding person records."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.versioning import versioned_create, versioned_update, versioned_void
from reintegra.people.choices import LiteracyLevel, Sex
from reintegra.people.models import Identifier, NameToken, Person, TimelineEvent
from reintegra.people.services.access import bulk_registration_rows
from reintegra.people.services.events import timeline_record
from reintegra.people.services.inserts import EMPTY, insert_tuples
from reintegra.people.services.names import (
    name_tokens, rebuild_person_tokens, search_name_for, sort_name_for, tokens_for_person,
)
from reintegra.people.services.validation import (
    Errors, check_identifiers, check_person_fields, normalise_identifier,
)

SOURCE_APP = "people"

# The fields a person edit may change; everything else moves only through its own service.
EDITABLE_FIELDS = (
    "given_name", "family_name", "date_of_birth", "sex", "gender_identity", "nationality", "languages",
    "needs_interpreter", "literacy_level", "dependent_children",
)


@dataclass
class PersonInput:
    """One person to create in bulk: the same fields as ``person_create``."""

    given_name: str
    family_name: str
    date_of_birth: dt.date | None = None
    sex: str = Sex.UNKNOWN
    gender_identity: str = ""
    nationality: str = ""
    languages: Sequence[str] = ()
    needs_interpreter: bool = False
    literacy_level: str = LiteracyLevel.UNKNOWN
    dependent_children: int = 0
    identifiers: list[tuple[str, str]] = field(default_factory=list)


def _build_person(values: dict[str, Any], errors: Errors, *, plain_check: Callable[[Person], bool] | None = None,
                  ) -> Person:
    """An unsaved, validated person from ``values`` (errors are added to ``errors``).

    ``plain_check`` (bulk creation: ``_plainly_valid``) may vouch for a row that ``full_clean``
    would accept; any row it does not vouch for, and any row with errors already, goes through
    ``full_clean``, which gives the messages."""
    check_person_fields(values, errors)
    person = Person(**values)
    person.search_name = search_name_for(person.given_name, person.family_name)
    person.sort_name = sort_name_for(person.given_name, person.family_name)
    if not errors and plain_check is not None and plain_check(person):
        return person
    try:
        person.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    return person


_PLAIN_FIELDS = (
    "id", "created_at", "updated_at", "version", "voided_at", "voided_by_id", "void_reason", "given_name",
    "family_name", "search_name", "sort_name", "date_of_birth", "sex", "gender_identity", "nationality", "languages",
    "needs_interpreter", "literacy_level", "dependent_children", "merged_into_id",
)


def _plain_checker() -> Callable[[Person], bool] | None:
    """A check that a new person passes ``Person.full_clean``, for the common case, without it.

    ``full_clean`` of each row was about 40% of ``person_bulk_create``. For the fields Person has
    (listed in ``_PLAIN_FIELDS``; if the model changes, every row goes through ``full_clean``
    again) it applies the same rules: required names within their lengths, lengths of the other
    texts, the choices, a date, a list of texts, a boolean, the children's range, and no
    voiding, merging, id or version set yet. It only vouches: a row it does not pass is checked
    by ``full_clean`` itself, so the messages are Django's. Person has no ``clean``, unique fields
    (other than its id) or constraints for ``full_clean`` to add."""
    from django.db.models import Model

    meta = Person._meta
    if (tuple(f.attname for f in meta.concrete_fields) != _PLAIN_FIELDS or Person.clean is not Model.clean
            or meta.constraints or meta.unique_together or len(meta.total_unique_constraints) > 0):
        return None
    length = {f.attname: f.max_length for f in meta.concrete_fields}
    sexes = frozenset(str(value) for value, _label in meta.get_field("sex").flatchoices)
    literacy = frozenset(str(value) for value, _label in meta.get_field("literacy_level").flatchoices)
    children_max = min(v.limit_value for v in meta.get_field("dependent_children").validators
                       if hasattr(v, "limit_value") and v.code == "max_value")
    given_max, family_max, search_max, sort_max = (length["given_name"], length["family_name"], length["search_name"],
                                                   length["sort_name"])
    gender_max, nationality_max = length["gender_identity"], length["nationality"]

    def plainly_valid(person: Person) -> bool:
        v = person.__dict__
        given, family, search, sort = v["given_name"], v["family_name"], v["search_name"], v["sort_name"]
        gender, nationality, languages = v["gender_identity"], v["nationality"], v["languages"]
        born, children = v["date_of_birth"], v["dependent_children"]
        return (
            isinstance(given, str) and 0 < len(given) <= given_max
            and isinstance(family, str) and 0 < len(family) <= family_max
            and isinstance(search, str) and 0 < len(search) <= search_max
            and isinstance(sort, str) and 0 < len(sort) <= sort_max
            and isinstance(gender, str) and len(gender) <= gender_max
            and isinstance(nationality, str) and len(nationality) <= nationality_max
            and type(languages) is list and all(isinstance(code, str) for code in languages)
            and (born is None or type(born) is dt.date)
            and isinstance(v["sex"], str) and v["sex"] in sexes  # choices may come as TextChoices members
            and isinstance(v["literacy_level"], str) and v["literacy_level"] in literacy
            and type(v["needs_interpreter"]) is bool
            and type(children) is int and 0 <= children <= children_max
            and v["id"] is None and v["version"] == 1 and v["voided_at"] is None and v["voided_by_id"] is None
            and v["void_reason"] == "" and v["merged_into_id"] is None
            and v["created_at"] is None and v["updated_at"] is None
        )

    return plainly_valid


@transaction.atomic
def person_create(
    *,
    actor: Any,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    sex: str = Sex.UNKNOWN,
    gender_identity: str = "",
    nationality: str = "",
    languages: Iterable[str] = (),
    needs_interpreter: bool = False,
    literacy_level: str = LiteracyLevel.UNKNOWN,
    dependent_children: int = 0,
    identifiers: Iterable[tuple[str, ...]] = (),
) -> Person:
    """Create a person with their identifiers; records history and a ``person.created`` event.

    Raises ``ValidationError`` naming each bad field (``identifiers`` for identifier problems,
    including one already held by another record) and saves nothing in that case.
    """
    from reintegra.people.services.access import registration_record
    from reintegra.people.services.details import identifier_create

    errors: Errors = {}
    person = _build_person(
        {
            "given_name": given_name, "family_name": family_name, "date_of_birth": date_of_birth, "sex": sex,
            "gender_identity": gender_identity, "nationality": nationality, "languages": list(languages),
            "needs_interpreter": needs_interpreter, "literacy_level": literacy_level,
            "dependent_children": dependent_children,
        },
        errors,
    )
    # Each identifier is (kind, value), or (kind, value, issued_by).
    items = [tuple(item) for item in identifiers]
    issued_by = {(item[0], normalise_identifier(item[1])): (item[2] if len(item) > 2 else "") for item in items}
    pairs = check_identifiers([(item[0], item[1]) for item in items], errors)
    if errors:
        raise ValidationError(errors)
    person.save()
    versioned_create(person, actor=actor)
    NameToken.objects.bulk_create(tokens_for_person(person))
    timeline_record(
        person=person, kind="person.created", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        obj=person, actor=actor,
    )
    registration_record(person=person, actor=actor)  # the creator can find the new record (people.scopes)
    for kind, value in pairs:
        identifier_create(person=person, actor=actor, kind=kind, value=value, issued_by=issued_by[(kind, value)] or "")
    return person


@transaction.atomic
def person_bulk_create(*, actor: Any, rows: list[PersonInput]) -> list[Person]:
    """Create many people at once (synthetic data, imports): each row is validated like
    ``person_create`` and identifiers must be unique within the batch and against the database
    (one query for the whole batch).

    Errors are reported as ``{"rows": ["row 3: family_name: ..."]}`` and nothing is saved.
    Persons, identifiers, name tokens, history and ``person.created`` / ``identifier.added``
    events are written with multi-row inserts (``services.inserts``), not one ORM save each.
    """
    from reintegra.people.services.bulk import (
        TIMELINE_FIELDS, actor_id_of, check_identifier_rows, insert_dicts_with_history, insert_with_history,
        require_kinds, row_errors_into, timeline_row,
    )

    require_kinds("person.created", "identifier.added")
    row_errors: list[Errors] = [{} for _row in rows]
    persons: list[Person] = []
    plain_check = _plain_checker()
    for row, errors_of_row in zip(rows, row_errors):
        values = {name: getattr(row, name) for name in EDITABLE_FIELDS}
        values["languages"] = list(values["languages"] or ())
        persons.append(_build_person(values, errors_of_row, plain_check=plain_check))
    pairs_per_row = check_identifier_rows([list(row.identifiers) for row in rows], row_errors)
    errors: Errors = {}
    for index, errors_of_row in enumerate(row_errors, start=1):
        row_errors_into(errors, index, errors_of_row)
    if errors:
        raise ValidationError(errors)
    if not persons:
        return []
    now = timezone.now()
    today = timezone.localdate()
    actor_id = actor_id_of(actor)
    insert_with_history(Person, persons, actor_id, now)
    # Plain rows, not Identifier instances: the caller gets the persons, and building ~2.6 model
    # instances per person cost more than inserting them.
    identifiers = [
        {"person_id": person.pk, "kind": kind, "value": value}
        for person, pairs in zip(persons, pairs_per_row)
        for kind, value in pairs
    ]
    try:
        insert_dicts_with_history(Identifier, identifiers, actor_id, now)
    except IntegrityError:
        # Another transaction stored one of these numbers after the check (PostgreSQL; SQLite holds
        # the write lock throughout). The whole batch is rolled back.
        raise ValidationError({"rows": [_(
            "An identifier in this batch was recorded for another person while the batch was being saved; "
            "nothing was saved. Try again."
        )]}) from None
    insert_tuples(NameToken, ("person", "alias", "token"), [
        (person.pk, None, token) for person in persons
        for token in name_tokens(f"{person.given_name} {person.family_name}")
    ])
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, [
        timeline_row(person.pk, "person.created", today, now, EMPTY, "people.person", person.pk, actor_id)
        for person in persons
    ] + [
        timeline_row(row["person_id"], "identifier.added", today, now, {"kind": row["kind"]}, "people.identifier",
                     row["id"], actor_id)
        for row in identifiers
    ])
    bulk_registration_rows(persons=persons, actor=actor)  # an importing user can find what they imported
    return persons


@transaction.atomic
def person_update(
    *, person: Person, actor: Any, expected_version: int, reason: str = "", **changes: Any
) -> Person:
    """Change a person's details if nobody saved the record since ``expected_version``.

    Keeps ``search_name`` and the search tokens in step with the names, records history and a
    ``person.updated`` event naming the changed fields. Raises ``StaleEditError`` for a stale edit
    and ``ValidationError`` naming the field for bad input; nothing is saved then.
    """
    errors: Errors = {}
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    for name in unknown:
        errors.setdefault(name, []).append(_("This field cannot be changed here."))
    if person.is_voided:
        errors.setdefault("__all__", []).append(_("This record is voided and can no longer be changed."))
    check_person_fields(changes, errors)
    if errors:
        raise ValidationError(errors)
    names_changed = any(
        name in changes and changes[name] != getattr(person, name) for name in ("given_name", "family_name")
    )
    if names_changed:
        given, family = changes.get("given_name", person.given_name), changes.get("family_name", person.family_name)
        changes["search_name"] = search_name_for(given, family)
        changes["sort_name"] = sort_name_for(given, family)
    changed = [name for name in EDITABLE_FIELDS if name in changes and changes[name] != getattr(person, name)]
    before_version = person.version
    person = versioned_update(
        person, actor=actor, expected_version=expected_version, changes=changes, reason=reason.strip()
    )
    if person.version == before_version:
        return person  # nothing actually changed
    if names_changed:
        rebuild_person_tokens([person])
    timeline_record(
        person=person, kind="person.updated", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"fields": changed}, obj=person, actor=actor,
    )
    return person


@transaction.atomic
def person_void(*, person: Person, actor: Any, expected_version: int, reason: str) -> Person:
    """Void a record created in error (it stays, with who, when and why, but leaves search)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("This record was merged into another one and is already voided."))
    person = versioned_void(person, actor=actor, expected_version=expected_version, reason=reason)
    timeline_record(
        person=person, kind="person.voided", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"reason": person.void_reason}, obj=person, actor=actor,
    )
    return person
