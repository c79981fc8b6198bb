"""Volunteers reach the people assigned to them (open assignments only), at the volunteer level:
a summary (identity, status, key dates, responsible staff), never offence details beyond a
summary, health or contacts. Registered with ``accounts.policy`` when the app is ready."""
from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship
from reintegra.supervision.models import VolunteerAssignment
from reintegra.supervision.selectors import open_on


def assigned_to_me(user: Any, organisation_ids: frozenset[int]) -> Q:
    rows = VolunteerAssignment.objects.filter(open_on(), person_id=OuterRef("pk"), volunteer=user)
    return Q(Exists(rows))


def register() -> None:
    register_relationship(
        key="supervision.assigned_volunteer", label=_("Assigned to me as a volunteer"), persons=assigned_to_me,
        levels={Role.VOLUNTEER: Level.SUMMARY}, own_caseload=True,
    )
