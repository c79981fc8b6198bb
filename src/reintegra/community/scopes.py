"""Facilitators reach the person responsible of each restorative justice case they facilitate
while it is open, at the summary level (who the person is, status, key dates, responsible staff):
enough to prepare the process, nothing of the record beyond it. Registered with
``accounts.policy`` from ``CommunityConfig.ready``."""
from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship
from reintegra.community.choices import RestorativeStatus
from reintegra.community.models import RestorativeCase

KEY = "community.facilitated_by_me"


def facilitated_by_me(user: Any, organisation_ids: frozenset[int]) -> Q:
    cases = RestorativeCase.objects.filter(person_id=OuterRef("pk"), facilitator=user, voided_at__isnull=True).exclude(
        status=RestorativeStatus.CLOSED)
    return Q(Exists(cases))


def register() -> None:
    register_relationship(
        key=KEY, label=_("Restorative justice case I facilitate"), persons=facilitated_by_me,
        levels={Role.RJ_FACILITATOR: Level.SUMMARY}, own_caseload=True,
    )
