"""Who reaches people through their measures, registered with ``accounts.policy`` from
``CommunityConfig.ready``:

- facilitators reach the person responsible of each restorative justice case they facilitate while
  it is open, at the summary level (who the person is, status, key dates, responsible staff):
  enough to prepare the process, nothing of the record beyond it;
- the responsible officer of an active community service order keeps the person in their own
  caseload, in full, for as long as the order runs (a community sentence often outlasts, or comes
  without, a supervision period)."""
from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship
from reintegra.community.choices import OrderStatus, RestorativeStatus
from reintegra.community.models import CommunityServiceOrder, RestorativeCase

KEY = "community.facilitated_by_me"
ORDER_KEY = "community.order_officer"


def facilitated_by_me(user: Any, organisation_ids: frozenset[int]) -> Q:
    cases = RestorativeCase.objects.filter(person_id=OuterRef("pk"), facilitator=user, voided_at__isnull=True).exclude(
        status=RestorativeStatus.CLOSED)
    return Q(Exists(cases))


def my_active_orders(user: Any, organisation_ids: frozenset[int]) -> Q:
    orders = CommunityServiceOrder.objects.filter(person_id=OuterRef("pk"), officer=user, status=OrderStatus.ACTIVE,
                                                  voided_at__isnull=True)
    return Q(Exists(orders))


def register() -> None:
    register_relationship(
        key=KEY, label=_("Restorative justice case I facilitate"), persons=facilitated_by_me,
        levels={Role.RJ_FACILITATOR: Level.SUMMARY}, own_caseload=True,
    )
    register_relationship(
        key=ORDER_KEY, label=_("Community service order I am responsible for"), persons=my_active_orders,
        levels={Role.PROBATION_OFFICER: Level.FULL, Role.SUPERVISOR: Level.FULL}, own_caseload=True,
    )
