"""Reads of referrals and consent, scoped by the access policy.

The ``*_person_ids`` selectors are the building blocks of the access policy's "referred to my
organisation with live consent" relationship: they return id querysets (usable as subqueries),
not lists, so a policy can filter a person queryset without loading anything.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from reintegra.accounts.models import Membership, Organisation
from reintegra.accounts.policy import Action, allowed, person_access, scope_persons
from reintegra.core.errors import AccessDenied
from reintegra.partners.choices import LIVE_REFERRAL_STATUSES, PARTNER_KINDS, SharedField
from reintegra.partners.models import Consent, Referral
from reintegra.people.models import Person

# Functions ``(organisation, on) -> set[str] | None`` that narrow what a partner may see beyond
# consent (``privacy`` registers the data-sharing agreements here; None means "no opinion").
FieldLimit = Callable[[Organisation, dt.date], "set[str] | None"]
_FIELD_LIMITS: dict[str, FieldLimit] = {}


def register_field_limit(key: str, limit: FieldLimit) -> None:
    """Add (or replace, by ``key``) a limit on the fields partners may see."""
    _FIELD_LIMITS[key] = limit


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _live_consent_q(on: dt.date) -> Q:
    return Q(withdrawn_at__isnull=True, valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


# --- building blocks for the access policy --------------------------------------------------

def referral_live_person_ids(*, organisation_ids: Iterable[int], on: dt.date | None = None) -> QuerySet[Any]:
    """Ids of people with an open or accepted referral (made on or before ``on``) to any of
    ``organisation_ids``."""
    return (
        Referral.objects.filter(
            organisation_id__in=list(organisation_ids), status__in=LIVE_REFERRAL_STATUSES,
            referred_on__lte=_today(on),
        ).values_list("person_id", flat=True).distinct()
    )


def consent_live_person_ids(*, organisation_ids: Iterable[int], on: dt.date | None = None) -> QuerySet[Any]:
    """Ids of people whose consent to share with any of ``organisation_ids`` is live on ``on``."""
    return (
        Consent.objects.filter(_live_consent_q(_today(on)), organisation_id__in=list(organisation_ids))
        .values_list("person_id", flat=True).distinct()
    )


def partner_person_ids(*, organisation_ids: Iterable[int], on: dt.date | None = None) -> QuerySet[Any]:
    """Ids of people a partner organisation may see: a live referral to it AND live consent to
    share with that same organisation, both on ``on``."""
    on = _today(on)
    consent = Consent.objects.filter(
        _live_consent_q(on), person_id=OuterRef("person_id"), organisation_id=OuterRef("organisation_id")
    )
    return (
        Referral.objects.filter(
            Exists(consent), organisation_id__in=list(organisation_ids), status__in=LIVE_REFERRAL_STATUSES,
            referred_on__lte=on,
        ).values_list("person_id", flat=True).distinct()
    )


def consent_live(*, person: Person, organisation: Organisation, purpose: str | None = None,
                 on: dt.date | None = None) -> Consent | None:
    """The person's newest consent to share with ``organisation`` (for ``purpose`` if given) that
    is live on ``on`` (default today): started, not expired, not withdrawn. ``None`` if there is none."""
    consents = Consent.objects.filter(_live_consent_q(_today(on)), person=person, organisation=organisation)
    if purpose:
        consents = consents.filter(purpose=purpose)
    return consents.order_by("-valid_from", "-id").first()


def consented_fields(*, person: Person, organisation: Organisation, on: dt.date | None = None) -> set[str]:
    """Every field key the person's live consents to ``organisation`` cover."""
    rows = Consent.objects.filter(_live_consent_q(_today(on)), person=person, organisation=organisation)
    return {key for fields in rows.values_list("fields", flat=True) for key in fields}


def partner_visible_fields(*, person: Person, organisation: Organisation, on: dt.date | None = None) -> set[str]:
    """What ``organisation`` may see of ``person``: nothing without a live referral, otherwise the
    fields live consent covers, narrowed by every registered limit (the data-sharing agreements)."""
    on = _today(on)
    if not partner_person_ids(organisation_ids=[organisation.pk], on=on).filter(person_id=person.pk).exists():
        return set()
    fields = consented_fields(person=person, organisation=organisation, on=on)
    for limit in _FIELD_LIMITS.values():
        allowed_fields = limit(organisation, on)
        if allowed_fields is not None:
            fields &= allowed_fields
    return fields & set(SharedField.values)


# --- pages and API ----------------------------------------------------------------------------

def user_organisation_ids(user: Any) -> list[int]:
    """The organisations the user is an active member of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(user=user, active=True).values_list("organisation_id", flat=True))


def _visible_referrals(user: Any) -> QuerySet[Referral]:
    base = Referral.objects.select_related("person", "organisation", "referred_by")
    visible = Q(pk__in=[])
    if allowed(user, Action.REFERRAL_EDIT):  # checked per referral on its own person (indexed), not the whole scope
        visible |= Q(Exists(scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")))))
    if allowed(user, Action.REFERRAL_RESPOND):
        visible |= Q(organisation_id__in=user_organisation_ids(user))
    return base.filter(visible)


def _person_referrals(user: Any, person: Person) -> QuerySet[Referral]:
    """The referrals of one person the user may see, read by the person's id (indexed): all of
    them if the person is in the user's scope and the user refers, else those to the user's own
    organisations. The person's access is usually cached already (the person page loaded it)."""
    referrals = Referral.objects.select_related("person", "organisation", "referred_by").filter(person_id=person.pk)
    if allowed(user, Action.REFERRAL_EDIT) and person_access(user, person).visible:
        return referrals
    if allowed(user, Action.REFERRAL_RESPOND):
        return referrals.filter(organisation_id__in=user_organisation_ids(user))
    return referrals.none()


def referral_list(*, user: Any, person: Person | None = None, status: str | None = None) -> QuerySet[Referral]:
    """Referrals the user may see: of people in their scope (staff who refer) or to their own
    organisation (partner caseworkers); newest first."""
    referrals = _visible_referrals(user) if person is None else _person_referrals(user, person)
    if status:
        referrals = referrals.filter(status=status)
    return referrals


def referral_get(*, user: Any, pk: int) -> Referral:
    """One referral the user may see; ``AccessDenied`` otherwise (also when it does not exist)."""
    referral = _visible_referrals(user).filter(pk=pk).first()
    if referral is None:
        raise AccessDenied(Action.REFERRAL_EDIT.value)
    return referral


def can_respond(*, user: Any, referral: Referral) -> bool:
    """Whether ``user`` answers for the partner organisation the referral was made to."""
    return allowed(user, Action.REFERRAL_RESPOND) and referral.organisation_id in user_organisation_ids(user)


def person_for_referral(*, user: Any, pk: int) -> Person:
    """A person the user may refer or record consent for (staff with the right, person in scope)."""
    if not (allowed(user, Action.REFERRAL_EDIT) or allowed(user, Action.CONSENT_EDIT)):
        raise AccessDenied(Action.REFERRAL_EDIT.value)
    person = scope_persons(user, Person.objects.filter(pk=pk, voided_at__isnull=True)).first()
    if person is None:
        raise AccessDenied(Action.REFERRAL_EDIT.value)
    return person


def consent_list(*, user: Any, person: Person) -> QuerySet[Consent]:
    """Every consent of ``person`` (live, ended and withdrawn), for staff who may see the person."""
    if not person_access(user, person).visible:  # cached when the page has loaded the person
        raise AccessDenied(Action.PERSON_VIEW.value)
    return Consent.objects.filter(person=person).select_related("organisation", "recorded_by", "withdrawn_by")


def consent_get(*, user: Any, pk: int) -> Consent:
    """One consent, for users who may record consent for the person; ``AccessDenied`` otherwise."""
    consent = Consent.objects.select_related("person", "organisation").filter(pk=pk).first()
    if (
        consent is None or not allowed(user, Action.CONSENT_EDIT)
        or not scope_persons(user, Person.objects.filter(pk=consent.person_id)).exists()
    ):
        raise AccessDenied(Action.CONSENT_EDIT.value)
    return consent


def partner_organisations() -> QuerySet[Organisation]:
    """Active organisations a person can be referred to."""
    return Organisation.objects.filter(kind__in=PARTNER_KINDS, active=True).order_by("name")
