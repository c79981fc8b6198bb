"""Bulk writes for synthetic data and imports: the single-record rules, in set form.

Each service validates every row the way its single-record counterpart does (same checks, same
messages), reports problems as ``{"rows": ["row 3: family_name: ..."]}`` and writes nothing if any
row is bad; otherwise it inserts the rows, their history (version 1, "created", the snapshot
``core.versioning.field_snapshot`` takes) and their timeline events with ``services.inserts``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.models import RecordVersion
from reintegra.people import timeline
from reintegra.people.choices import AliasKind, IdentifierKind, Relationship
from reintegra.people.models import Contact, NameToken, Person, PersonAlias, TimelineEvent
from reintegra.people.services.details import coordinate_errors
from reintegra.people.services.inserts import EMPTY, insert_dicts, insert_instances, insert_tuples
from reintegra.people.services.names import search_name_for, tokens_for_alias
from reintegra.people.services.validation import (
    Errors, add_error, identifiers_in_use, normalise_identifier,
)

SOURCE_APP = "people"
HISTORY_FIELDS = (
    "content_type", "object_id", "version", "action", "changed_at", "changed_by", "reason", "before", "after",
)
TIMELINE_FIELDS = (
    "person", "occurred_on", "recorded_at", "kind", "params", "source_app", "object_type", "object_id", "actor",
)


@dataclass
class AliasInput:
    """One alias for ``alias_bulk_add``: the arguments of ``alias_add``."""

    person: Person
    given_name: str
    family_name: str
    kind: str = AliasKind.ALIAS


@dataclass
class ContactInput:
    """One contact for ``contact_bulk_add``: the arguments of ``contact_add``."""

    person: Person
    name: str
    relationship: str
    phone: str = ""
    email: str = ""
    address: str = ""
    may_be_notified: bool = False
    safety_restriction: bool = False
    restriction_details: str = ""
    latitude: float | None = None
    longitude: float | None = None


def row_errors_into(errors: Errors, index: int, row_errors: Errors) -> None:
    """Add one row's field errors to the batch's ``rows`` list, naming the row (from 1) and field."""
    for name, messages in row_errors.items():
        for message in messages:
            errors.setdefault("rows", []).append(
                _("row %(row)s: %(field)s: %(message)s") % {"row": index, "field": name, "message": message}
            )


def check_identifier_rows(
    rows: Sequence[Sequence[tuple[str, str]]], row_errors: list[Errors],
) -> list[list[tuple[str, str]]]:
    """``validation.check_identifiers`` for a batch: the same checks and messages for each row,
    duplicates within the batch refused, and one query (chunked) against stored identifiers for
    the whole batch instead of one per row."""
    taken: set[tuple[str, str]] = set()
    cleaned_rows: list[list[tuple[str, str]]] = []
    field = "identifiers"
    kinds = frozenset(IdentifierKind.values)  # the property builds a new list on every access
    for pairs, errors in zip(rows, row_errors):
        cleaned: list[tuple[str, str]] = []
        for kind, value in pairs:
            value = normalise_identifier(value)
            if kind not in kinds:
                add_error(errors, field, _("Unknown identifier kind: %(kind)s.") % {"kind": kind})
                continue
            if not value:
                add_error(errors, field, _("Enter the identifier's value."))
                continue
            if len(value) > 64:
                add_error(errors, field, _("An identifier has at most 64 characters."))
                continue
            if (kind, value) in cleaned or (kind, value) in taken:
                add_error(errors, field, _("The %(kind)s %(value)s is given twice.")
                          % {"kind": IdentifierKind(kind).label, "value": value})
                continue
            cleaned.append((kind, value))
        taken.update(cleaned)
        cleaned_rows.append(cleaned)
    in_use = identifiers_in_use(taken)  # chunked IN lists inside
    if in_use:
        for cleaned, errors in zip(cleaned_rows, row_errors):
            for kind, value in sorted(in_use.intersection(cleaned)):
                add_error(errors, field, _("The %(kind)s %(value)s already belongs to another person's record.")
                          % {"kind": IdentifierKind(kind).label, "value": value})
    return cleaned_rows


def full_clean_into(instance: models.Model, errors: Errors, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)


def snapshotter(model: type[models.Model]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``core.versioning.field_snapshot`` for many rows of one model: the same dict, with each
    field's conversion chosen once instead of per value."""
    skip = {"id", "created_at", "updated_at", "version"}
    plain: list[tuple[str, str]] = []
    dated: list[tuple[str, str]] = []
    texted: list[tuple[str, str]] = []
    listed: list[tuple[str, str]] = []
    for field in model._meta.concrete_fields:
        if field.name in skip:
            continue
        kind = field.get_internal_type()
        target = (dated if kind in {"DateField", "DateTimeField"} else texted if kind in {"DecimalField", "UUIDField"}
                  else listed if kind == "JSONField" else plain)
        target.append((field.name, field.attname))

    def snapshot(values: dict[str, Any]) -> dict[str, Any]:
        """The snapshot of one row, given its ``{attname: value}`` (an instance's ``__dict__``)."""
        result = {name: values[attname] for name, attname in plain}
        for name, attname in dated:
            value = values[attname]
            result[name] = None if value is None else value.isoformat()
        for name, attname in texted:
            value = values[attname]
            result[name] = None if value is None else str(value)
        for name, attname in listed:
            value = values[attname]
            # field_snapshot copies lists (of JSON-ready values here); dicts pass through.
            result[name] = list(value) if isinstance(value, (list, tuple)) else value
        return result

    return snapshot


def insert_with_history(model: type[models.Model], objs: list[models.Model], actor_id: int | None,
                        now: dt.datetime) -> None:
    """Insert ``objs`` (giving each its id) and one "created" history entry for each."""
    insert_instances(model, objs)
    _history(model, [obj.__dict__ for obj in objs], actor_id, now)


def insert_dicts_with_history(model: type[models.Model], rows: list[dict[str, Any]], actor_id: int | None,
                              now: dt.datetime) -> None:
    """``insert_with_history`` for rows given as ``{attname: value}`` (``inserts.insert_dicts``)."""
    insert_dicts(model, rows)
    _history(model, rows, actor_id, now)


def _history(model: type[models.Model], rows: list[dict[str, Any]], actor_id: int | None, now: dt.datetime) -> None:
    content_type_id = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    snapshot = snapshotter(model)
    pk = model._meta.pk.attname
    create = RecordVersion.Action.CREATE
    insert_tuples(RecordVersion, HISTORY_FIELDS, [
        (content_type_id, str(values[pk]), 1, create, now, actor_id, "", EMPTY, snapshot(values)) for values in rows
    ])


def timeline_row(person_id: int, kind: str, occurred_on: dt.date, now: dt.datetime, params: dict[str, Any],
                 object_type: str, object_id: int, actor_id: int | None) -> tuple[Any, ...]:
    """One ``TimelineEvent`` as a row of ``TIMELINE_FIELDS`` (what ``timeline_record`` writes);
    ``object_type`` is the record's ``_meta.label_lower``. Pass ``inserts.EMPTY`` for no params."""
    return (person_id, occurred_on, now, kind, params, SOURCE_APP, object_type, str(object_id), actor_id)


def require_kinds(*kinds: str) -> None:
    for kind in kinds:
        if not timeline.is_registered(kind):
            raise ValueError(f"Timeline event kind {kind!r} is not registered (people.timeline.register_kind).")


def actor_id_of(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "pk", None) else None


def _active_person(person: Person, errors: Errors) -> None:
    if person.pk is None:
        add_error(errors, "person", _("Save the person first."))
    elif person.is_voided:
        add_error(errors, "person", _("This record is voided and can no longer be changed."))


@transaction.atomic
def alias_bulk_add(*, actor: Any, rows: list[AliasInput]) -> list[PersonAlias]:
    """Add many aliases at once (synthetic data, imports), each validated like ``alias_add`` and
    recorded with its search tokens, history and an ``alias.added`` event.

    Errors name the row (from 1) and field under ``rows``; one bad row saves nothing.
    """
    require_kinds("alias.added")
    errors: Errors = {}
    aliases: list[PersonAlias] = []
    for index, row in enumerate(rows, start=1):
        row_errors: Errors = {}
        _active_person(row.person, row_errors)
        given_name = " ".join((row.given_name or "").split())
        family_name = " ".join((row.family_name or "").split())
        if not given_name and not family_name:
            add_error(row_errors, "family_name", _("Enter at least a given name or a family name."))
        alias = PersonAlias(person=row.person, kind=row.kind, given_name=given_name, family_name=family_name)
        alias.search_name = search_name_for(given_name, family_name)
        full_clean_into(alias, row_errors, exclude=["person"])
        aliases.append(alias)
        row_errors_into(errors, index, row_errors)
    if errors:
        raise ValidationError(errors)
    if not aliases:
        return []
    now, today, actor_id = timezone.now(), timezone.localdate(), actor_id_of(actor)
    insert_with_history(PersonAlias, aliases, actor_id, now)
    insert_tuples(NameToken, ("person", "alias", "token"), [
        (token.person_id, alias.pk, token.token) for alias in aliases for token in tokens_for_alias(alias)
    ])
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, [
        timeline_row(alias.person_id, "alias.added", today, now, {"kind": alias.kind}, "people.personalias", alias.pk,
                     actor_id)
        for alias in aliases
    ])
    return aliases


@transaction.atomic
def contact_bulk_add(*, actor: Any, rows: list[ContactInput]) -> list[Contact]:
    """Add many contacts at once (synthetic data, imports), each validated like ``contact_add``
    (a restricted contact may not be notified and needs details) and recorded with history and a
    ``contact.added`` event. Errors name the row (from 1) and field under ``rows``; one bad row
    saves nothing."""
    require_kinds("contact.added")
    errors: Errors = {}
    contacts: list[Contact] = []
    for index, row in enumerate(rows, start=1):
        row_errors: Errors = {}
        _active_person(row.person, row_errors)
        name = " ".join((row.name or "").split())
        if not name:
            add_error(row_errors, "name", _("Enter the contact's name."))
        if row.relationship not in Relationship.values:
            add_error(row_errors, "relationship", _("Choose a relationship from the list."))
        if row.safety_restriction and row.may_be_notified:
            add_error(row_errors, "may_be_notified",
                      _("A contact under a safety restriction cannot be notified; untick one of the two."))
        if row.safety_restriction and not (row.restriction_details or "").strip():
            add_error(row_errors, "restriction_details",
                      _("Describe the restriction (for example the order and its terms)."))
        coordinate_errors(row_errors, row.latitude, row.longitude)
        contact = Contact(
            person=row.person, name=name, relationship=row.relationship, phone=(row.phone or "").strip(),
            email=(row.email or "").strip(), address=(row.address or "").strip(), may_be_notified=row.may_be_notified,
            safety_restriction=row.safety_restriction, restriction_details=(row.restriction_details or "").strip(),
            latitude=row.latitude, longitude=row.longitude,
        )
        full_clean_into(contact, row_errors, exclude=["person", *row_errors])
        contacts.append(contact)
        row_errors_into(errors, index, row_errors)
    if errors:
        raise ValidationError(errors)
    if not contacts:
        return []
    now, today, actor_id = timezone.now(), timezone.localdate(), actor_id_of(actor)
    insert_with_history(Contact, contacts, actor_id, now)
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, [
        timeline_row(contact.person_id, "contact.added", today, now, {"relationship": contact.relationship},
                     "people.contact", contact.pk, actor_id)
        for contact in contacts
    ])
    return contacts


__all__ = ["AliasInput", "ContactInput", "alias_bulk_add", "contact_bulk_add"]
