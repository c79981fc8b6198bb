"""Adding aliases, identifiers, health flags and contacts to a person."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.models import RecordVersion
from reintegra.core.versioning import field_snapshot, record_history
from reintegra.people.choices import AliasKind, FlagCategory, IdentifierKind, Relationship
from reintegra.people.models import Contact, Identifier, NameToken, Person, PersonAlias, PersonFlag
from reintegra.people.services.events import timeline_record
from reintegra.people.services.names import search_name_for, tokens_for_alias
from reintegra.people.services.validation import Errors, add_error, check_identifiers

SOURCE_APP = "people"


def _require_active(person: Person) -> None:
    if person.is_voided:
        raise ValidationError(_("This record is voided and can no longer be changed."))


def _created(instance: Any, actor: Any) -> None:
    record_history(instance, action=RecordVersion.Action.CREATE, actor=actor, version=1, after=field_snapshot(instance))


def _clean(instance: Any, errors: Errors, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def alias_add(
    *, person: Person, actor: Any, given_name: str, family_name: str, kind: str = AliasKind.ALIAS
) -> PersonAlias:
    """Record another name the person is known by; it becomes searchable at once."""
    _require_active(person)
    errors: Errors = {}
    given_name, family_name = " ".join((given_name or "").split()), " ".join((family_name or "").split())
    if not given_name and not family_name:
        add_error(errors, "family_name", _("Enter at least a given name or a family name."))
    alias = PersonAlias(
        person=person, kind=kind, given_name=given_name, family_name=family_name,
        search_name=search_name_for(given_name, family_name),
    )
    _clean(alias, errors, exclude=["person"])
    alias.save()
    NameToken.objects.bulk_create(tokens_for_alias(alias))
    _created(alias, actor)
    timeline_record(
        person=person, kind="alias.added", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"kind": alias.kind}, obj=alias, actor=actor,
    )
    return alias


def identifier_create(*, person: Person, actor: Any, kind: str, value: str, issued_by: str = "",
                      field: str = "identifiers") -> Identifier:
    """Shared by ``identifier_add`` and ``person_create``: errors are reported under ``field``."""
    errors: Errors = {}
    pairs = check_identifiers([(kind, value)], errors, field=field)
    if errors:
        raise ValidationError(errors)
    kind, value = pairs[0]
    identifier = Identifier(person=person, kind=kind, value=value, issued_by=" ".join((issued_by or "").split()))
    _clean(identifier, errors, exclude=["person", "value", "kind"])
    try:
        with transaction.atomic():
            identifier.save()
    except IntegrityError:  # another request took the same number between the check and the insert
        raise ValidationError(
            {field: [_("The %(kind)s %(value)s already belongs to another person's record.")
                     % {"kind": IdentifierKind(kind).label, "value": value}]}
        ) from None
    _created(identifier, actor)
    timeline_record(
        person=person, kind="identifier.added", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"kind": identifier.kind}, obj=identifier, actor=actor,
    )
    return identifier


@transaction.atomic
def identifier_add(*, person: Person, actor: Any, kind: str, value: str, issued_by: str = "") -> Identifier:
    """Add an official number. A (kind, value) already held by an active identifier is refused
    with an error on ``value`` (``kind`` for an unknown kind)."""
    _require_active(person)
    if kind not in IdentifierKind.values:
        raise ValidationError({"kind": [_("Unknown identifier kind: %(kind)s.") % {"kind": kind}]})
    return identifier_create(person=person, actor=actor, kind=kind, value=value, issued_by=issued_by, field="value")


@transaction.atomic
def flag_add(*, person: Person, actor: Any, category: str, description: str = "") -> PersonFlag:
    """Record a health or disability flag (need-to-know: shown only to users allowed to edit)."""
    _require_active(person)
    errors: Errors = {}
    if category not in FlagCategory.values:
        add_error(errors, "category", _("Choose a category from the list."))
    flag = PersonFlag(
        person=person, category=category, description=(description or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _clean(flag, errors, exclude=["person", "recorded_by", *errors])
    flag.save()
    _created(flag, actor)
    # The event names nothing: the flag's category and description are need-to-know.
    timeline_record(
        person=person, kind="flag.added", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        obj=flag, actor=actor,
    )
    return flag


@transaction.atomic
def coordinate_errors(errors: Errors, latitude: float | None, longitude: float | None) -> None:
    """A contact's coordinates come as a pair (the ranges are checked by the model's validators)."""
    if (latitude is None) != (longitude is None):
        add_error(errors, "longitude" if longitude is None else "latitude",
                  _("Give both the latitude and the longitude, or neither."))


def contact_add(
    *,
    person: Person,
    actor: Any,
    name: str,
    relationship: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    may_be_notified: bool = False,
    safety_restriction: bool = False,
    restriction_details: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Contact:
    """Record a significant other. A contact under a safety restriction may not be notified, and
    the restriction needs details so staff know what applies. Coordinates (where the contact
    lives, for keeping people near their family) are optional but come as a pair."""
    _require_active(person)
    errors: Errors = {}
    name = " ".join((name or "").split())
    if not name:
        add_error(errors, "name", _("Enter the contact's name."))
    if relationship not in Relationship.values:
        add_error(errors, "relationship", _("Choose a relationship from the list."))
    if safety_restriction and may_be_notified:
        add_error(
            errors, "may_be_notified",
            _("A contact under a safety restriction cannot be notified; untick one of the two."),
        )
    if safety_restriction and not (restriction_details or "").strip():
        add_error(errors, "restriction_details", _("Describe the restriction (for example the order and its terms)."))
    coordinate_errors(errors, latitude, longitude)
    contact = Contact(
        person=person, name=name, relationship=relationship, phone=(phone or "").strip(),
        email=(email or "").strip(), address=(address or "").strip(), may_be_notified=may_be_notified,
        safety_restriction=safety_restriction, restriction_details=(restriction_details or "").strip(),
        latitude=latitude, longitude=longitude,
    )
    _clean(contact, errors, exclude=["person", *errors])
    contact.save()
    _created(contact, actor)
    timeline_record(
        person=person, kind="contact.added", occurred_on=timezone.localdate(), source_app=SOURCE_APP,
        params={"relationship": contact.relationship}, obj=contact, actor=actor,
    )
    return contact
