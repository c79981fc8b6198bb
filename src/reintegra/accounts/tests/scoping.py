"""A test-only relationship for tests that are not about record scope.

Many tests of the people and analytics pages were written when case staff saw every person;
they test forms, services and rendering, not scope. Their conftest registers this relationship
(case staff see every person in full, as their own caseload) for their directory only; tests
marked ``real_scope`` opt out. Tests of scope itself (``supervision/tests/test_scoping.py``) and
the justice tests build the real relationships (custody, supervision, registrations,
assignments) with the services.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship, unregister

KEY = "tests.case_staff_see_everyone"


def _everyone(user: Any, organisation_ids: frozenset[int]) -> Q:
    return Q(pk__isnull=False)


def case_staff_see_everyone() -> Iterator[None]:
    register_relationship(
        key=KEY, label="tests", persons=_everyone,
        levels={Role.PRISON_CASE_MANAGER: Level.FULL, Role.PROBATION_OFFICER: Level.FULL,
                Role.SUPERVISOR: Level.FULL, Role.PROGRAMME_STAFF: Level.FULL},
        own_caseload=True,  # as if every person were in the user's caseload: no purpose prompt
    )
    try:
        yield
    finally:
        unregister(KEY)
