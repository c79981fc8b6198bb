"""Reads of restrictions, for the users who manage them (``restricted.manage``)."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, QuerySet

from reintegra.accounts.policy import Action, require
from reintegra.people.access_models import PersonRestriction, RestrictionAccess
from reintegra.people.models import Person


def restriction_list(*, user: Any, person: Person) -> QuerySet[PersonRestriction]:
    """The person's restrictions, the live one first, each with its access list (current and past
    entries) prefetched as ``entries``. The caller has loaded ``person`` through ``person_get``."""
    require(user, Action.RESTRICTED_MANAGE)
    entries = RestrictionAccess.objects.select_related("user", "granted_by", "revoked_by").order_by(
        "revoked_at", "user__username"
    )
    return (
        PersonRestriction.objects.filter(person=person)
        .select_related("set_by", "lifted_by")
        .prefetch_related(Prefetch("access_list", queryset=entries, to_attr="entries"))
        .order_by(F("lifted_at").desc(nulls_first=True), "-created_at")
    )


def active_user_get(*, username: str) -> Any:
    """An active user by username (``DoesNotExist`` otherwise), to name on an access list."""
    return get_user_model().objects.get(username=username, is_active=True)


def restriction_is_live(*, person: Any) -> bool:
    return PersonRestriction.objects.filter(person=person, lifted_at__isnull=True).exists()
