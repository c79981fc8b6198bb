"""How people reach a person through the people app itself, registered with the access policy
(``accounts.policy``) in ``PeopleConfig.ready``:

- "registered by me" and "registered by my organisation": whoever creates a record (a reception
  desk, a court liaison officer) can find it again until a custody or supervision relationship
  takes over, and for ``REINTEGRA_REGISTRATION_DAYS`` days (default 30) at most;
- restricted records are hidden from everyone not on their access list.

It also keeps the two small registries that higher apps fill: the timeline kinds that a summary
view may show, and the facts that take over from a registration (custody, supervision).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_exclusion, register_relationship
from reintegra.people.access_models import PersonRegistration, PersonRestriction, RestrictionAccess

DEFAULT_REGISTRATION_DAYS = 30

# Timeline kinds whose wording reveals nothing beyond identity, status and key dates.
_SUMMARY_KINDS: set[str] = {
    "person.created", "person.updated", "person.voided", "person.merged", "person.merged_away",
    "identifier.added", "alias.added",
}
# key -> () -> Q over Person: people whose care an organisation has taken over.
_TAKEOVERS: dict[str, Callable[[], Q]] = {}


def register_summary_kinds(kinds: Iterable[str]) -> None:
    """Timeline kinds a summary view may show (they reveal no offence, health or contact details)."""
    _SUMMARY_KINDS.update(kinds)


def summary_kinds() -> frozenset[str]:
    return frozenset(_SUMMARY_KINDS)


def register_takeover(*, key: str, persons: Callable[[], Q]) -> None:
    """People for whom a real relationship now exists (e.g. any custody stay or supervision
    period): the registration link no longer gives access to them."""
    _TAKEOVERS[key] = persons


def registration_days() -> int:
    return int(getattr(settings, "REINTEGRA_REGISTRATION_DAYS", DEFAULT_REGISTRATION_DAYS))


def _registrations(**filters: Any) -> Q:
    since = timezone.localdate() - dt.timedelta(days=registration_days())
    rows = PersonRegistration.objects.filter(person_id=OuterRef("pk"), registered_on__gte=since, **filters)
    condition = Q(Exists(rows))  # correlated: one person is checked on their own rows only
    for persons in _TAKEOVERS.values():
        condition &= ~persons()
    return condition


def registered_by_me(user: Any, organisation_ids: frozenset[int]) -> Q:
    return _registrations(registered_by=user)


def registered_by_my_organisation(user: Any, organisation_ids: frozenset[int]) -> Q:
    return _registrations(organisation_id__in=organisation_ids)


def restricted_from(user: Any) -> Q:
    """Live restrictions whose access list does not name ``user``."""
    listed = RestrictionAccess.objects.filter(user=user, revoked_at__isnull=True).values("restriction_id")
    hidden = PersonRestriction.objects.filter(person_id=OuterRef("pk"), lifted_at__isnull=True).exclude(pk__in=listed)
    return Q(Exists(hidden))


_REGISTERING_ROLES = (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR)


def register() -> None:
    register_relationship(
        key="people.registered_by_me", label=_("Registered by me"), persons=registered_by_me,
        levels={role: Level.FULL for role in _REGISTERING_ROLES}, own_caseload=True,
    )
    register_relationship(
        key="people.registered_by_my_organisation", label=_("Registered by my organisation"),
        persons=registered_by_my_organisation,
        levels={**{role: Level.FULL for role in _REGISTERING_ROLES}, Role.PROGRAMME_STAFF: Level.SUMMARY},
    )
    register_exclusion(key="people.restricted", hidden=restricted_from)

    from reintegra.people import panels, restriction_views

    panels.register_panel(key="people-restriction", order=95, template="people/panels/restriction.html",
                          context=restriction_views.restriction_panel_context)
