"""Registrations and restricted records: who may find a person outside custody and supervision.

Each change to a restriction or its access list is kept (rows are lifted or revoked, never
deleted) and written to the audit log with ids only.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Membership
from reintegra.accounts.policy import Action, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.people.access_models import PersonRegistration, PersonRestriction, RestrictionAccess
from reintegra.people.models import Person
from reintegra.people.services.inserts import fast_path, insert_tuples

_RESTRICTION = "people.personrestriction"


def registration_record(*, person: Person, actor: Any) -> list[PersonRegistration]:
    """Link a new record to the organisations of the user who created it (one row per active
    membership), so they can find it again (``people.scopes``). Nothing for a system actor."""
    return bulk_registrations(persons=[person], actor=actor)


def bulk_registrations(*, persons: list[Person], actor: Any) -> list[PersonRegistration]:
    """``registration_record`` for many new records at once (imports); nothing for a system actor."""
    if not getattr(actor, "pk", None) or not persons:
        return []
    organisation_ids = sorted(set(
        Membership.objects.filter(user=actor, active=True).values_list("organisation_id", flat=True)
    ))
    today = timezone.localdate()
    rows = [
        PersonRegistration(person=person, organisation_id=pk, registered_by=actor, registered_on=today)
        for person in persons for pk in organisation_ids
    ]
    return PersonRegistration.objects.bulk_create(rows, batch_size=2000)


def bulk_registration_rows(*, persons: list[Person], actor: Any) -> int:
    """``bulk_registrations`` for imports and synthetic data: the same rows, inserted as plain
    tuples (``core.bulkinsert``) instead of ORM instances; returns how many."""
    if not fast_path():
        return len(bulk_registrations(persons=persons, actor=actor))
    if not getattr(actor, "pk", None) or not persons:
        return 0
    organisation_ids = sorted(set(
        Membership.objects.filter(user=actor, active=True).values_list("organisation_id", flat=True)
    ))
    today = timezone.localdate()
    now = timezone.now()
    return insert_tuples(PersonRegistration, ("person", "organisation", "registered_by", "registered_on", "created_at"), [
        (person.pk, pk, actor.pk, today, now) for person in persons for pk in organisation_ids
    ])


def _audit(actor: Any, restriction: PersonRestriction, action: str, event: str, **detail: Any) -> None:
    audit_record(
        actor=actor, action=action, object_type=_RESTRICTION, object_id=restriction.pk,
        person_id=restriction.person_id, fields=["restriction"], detail={"event": event, **detail},
    )


def _live_restriction(person: Person) -> PersonRestriction | None:
    return PersonRestriction.objects.select_for_update().filter(person=person, lifted_at__isnull=True).first()


def _grant(restriction: PersonRestriction, user: Any, actor: Any) -> RestrictionAccess:
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": [_("Only an active user can be put on the access list.")]})
    if restriction.access_list.filter(user=user, revoked_at__isnull=True).exists():
        raise ValidationError({"user": [_("This user is already on the access list.")]})
    access = RestrictionAccess.objects.create(restriction=restriction, user=user, granted_by=actor)
    _audit(actor, restriction, AuditAction.UPDATE, "access_granted", user_id=user.pk)
    return access


@transaction.atomic
def person_restrict(*, person: Person, actor: Any, reason: str, access: tuple[Any, ...] = ()) -> PersonRestriction:
    """Restrict a record: from now on only the users on its access list find or open it (the
    user restricting it is always on the list). Needs ``restricted.manage``."""
    require(actor, Action.RESTRICTED_MANAGE)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for restricting this record.")]})
    if person.voided_at is not None or person.merged_into_id is not None:
        raise ValidationError({"person": [_("This record is voided or merged; restrict the current record.")]})
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one restriction at a time
    if _live_restriction(person) is not None:
        raise ValidationError({"person": [_("This record is already restricted.")]})
    restriction = PersonRestriction.objects.create(person=person, reason=reason.strip(), set_by=actor)
    _audit(actor, restriction, AuditAction.CREATE, "restricted")
    users = {actor.pk: actor, **{user.pk: user for user in access}}
    for user in users.values():
        _grant(restriction, user, actor)
    return restriction


@transaction.atomic
def restriction_access_grant(*, restriction: PersonRestriction, user: Any, actor: Any) -> RestrictionAccess:
    """Put ``user`` on the access list of a live restriction."""
    require(actor, Action.RESTRICTED_MANAGE)
    restriction = PersonRestriction.objects.select_for_update().get(pk=restriction.pk)
    if not restriction.live:
        raise ValidationError({"restriction": [_("This restriction has been lifted.")]})
    return _grant(restriction, user, actor)


@transaction.atomic
def restriction_access_revoke(*, restriction: PersonRestriction, user: Any, actor: Any) -> RestrictionAccess:
    """Take ``user`` off the access list (the row is kept with who and when). The last person on
    the list cannot be removed: lift the restriction instead."""
    require(actor, Action.RESTRICTED_MANAGE)
    restriction = PersonRestriction.objects.select_for_update().get(pk=restriction.pk)
    live = list(restriction.access_list.filter(revoked_at__isnull=True))
    entry = next((row for row in live if row.user_id == user.pk), None)
    if entry is None:
        raise ValidationError({"user": [_("This user is not on the access list.")]})
    if len(live) == 1:
        raise ValidationError({"user": [_("The access list cannot be left empty; lift the restriction instead.")]})
    entry.revoked_at, entry.revoked_by = timezone.now(), actor
    entry.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    _audit(actor, restriction, AuditAction.UPDATE, "access_revoked", user_id=user.pk)
    return entry


@transaction.atomic
def person_unrestrict(*, person: Person, actor: Any, reason: str) -> PersonRestriction:
    """Lift the live restriction of a record (kept, with who, when and why); the record is then
    visible again to everyone with a relationship to the person."""
    require(actor, Action.RESTRICTED_MANAGE)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for lifting the restriction.")]})
    restriction = _live_restriction(person)
    if restriction is None:
        raise ValidationError({"person": [_("This record is not restricted.")]})
    now = timezone.now()
    restriction.lifted_at, restriction.lifted_by, restriction.lift_reason = now, actor, reason.strip()
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
    restriction.access_list.filter(revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor, updated_at=now)
    _audit(actor, restriction, AuditAction.UPDATE, "unrestricted")
    return restriction
