"""Reads for organisations and users."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from reintegra.accounts.models import Membership, Organisation


def organisation_list(*, kinds: list[str] | None = None, active: bool = True) -> QuerySet[Organisation]:
    """Organisations, optionally of the given kinds, by name."""
    queryset = Organisation.objects.filter(active=active).select_related("parent")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.order_by("name")


def membership_list(*, user: Any) -> QuerySet[Membership]:
    """The user's active memberships with their organisations."""
    return Membership.objects.filter(user=user, active=True).select_related("organisation").order_by("organisation__name")
