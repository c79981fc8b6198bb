"""A small world for the volunteer tests: an office with an officer and a supervised person,
volunteers with profiles and training, built through the services."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.accounts.models import User
from reintegra.accounts.tests.factories import user_with_role
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision.services.volunteer_profiles import volunteer_profile_create, volunteer_training_add


@pytest.fixture
def english() -> Iterator[None]:
    """Pages and messages in English, whatever the test machine's language."""
    with translation.override("en"):
        yield


def fresh(user: User) -> User:
    """The user as a new request loads them (per-request access caches start empty)."""
    return User.objects.get(pk=user.pk)


@dataclass
class World:
    office: Any
    officer: Any
    period: Any
    person: Any


def world(region: str = "Centro", languages: tuple[str, ...] = ("es",)) -> World:
    office = ProbationOfficeFactory(region=region)
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    period = SupervisionPeriodFactory(office=office, officer=officer, person__languages=list(languages))
    return World(office=office, officer=officer, period=period, person=period.person)


def volunteer(w: World, *, name: str = "Vol", area: str = "Centro", languages: tuple[str, ...] = ("es",),
              gender: str = "", max_people: int = 3, trained: bool = True, expires_on: dt.date | None = None) -> Any:
    """A volunteer of ``w``'s office with a profile and (unless ``trained`` is false) a training."""
    user = user_with_role(Role.VOLUNTEER, w.office)
    user.first_name, user.last_name = name, "Volunteer"
    user.save(update_fields=["first_name", "last_name"])
    profile = volunteer_profile_create(actor=fresh(w.officer), volunteer=user, office=w.office, area=area,
                                       languages=list(languages), gender=gender, max_people=max_people)
    if trained:
        volunteer_training_add(actor=fresh(w.officer), profile=profile, course="Induction",
                               completed_on=timezone.localdate() - dt.timedelta(days=30), expires_on=expires_on)
    return profile
