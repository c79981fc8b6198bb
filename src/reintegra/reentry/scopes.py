"""The receiving officer reaches the person: a probation officer (or supervisor) named as community
officer on a release handover sees the person's full record while the release is prepared and
until they acknowledge the handover (before release there is no supervision period yet to give
them the person). Registered with ``accounts.policy`` when the app is ready."""
from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship
from reintegra.reentry.choices import PreparationStatus
from reintegra.reentry.models import ReleaseHandover


def receiving_officer(user: Any, organisation_ids: frozenset[int]) -> Q:
    rows = ReleaseHandover.objects.filter(
        Q(preparation__status=PreparationStatus.PREPARING) | Q(acknowledged_at__isnull=True,
                                                                 preparation__status=PreparationStatus.RELEASED),
        preparation__person_id=OuterRef("pk"), preparation__voided_at__isnull=True, community_officer=user,
    )
    return Q(Exists(rows))


def register() -> None:
    register_relationship(
        key="reentry.receiving_officer", label=_("Release handed over to me"), persons=receiving_officer,
        levels={Role.PROBATION_OFFICER: Level.FULL, Role.SUPERVISOR: Level.FULL}, own_caseload=True,
    )
