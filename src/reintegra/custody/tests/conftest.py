from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.utils import translation

from reintegra.assessments.tests.factories import svc_instruments  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(svc_instruments):  # noqa: F811 (the fixture imported above)
    """A prison case manager of Old, a man in their own caseload held in Old since 2025, assessed (needs
    work, drugs), with a parent at (0, 0) and a restricted ex-partner living next to Far; and four
    described facilities:
      Near  medium, men, at (0, 0), programmes for both needs, 50 of 100 places   -> rank 1
      Old   medium, men, at (0, 3), nothing for the needs                          -> rank 2 or 3
      Far   high (one above), mixed, at (0, 2), a programme for drugs             -> rank 2 or 3
      Low   low security (below medium)                                            -> never ranked
    """
    from reintegra.accounts.choices import Role
    from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
    from reintegra.assessments.tests.factories import completed
    from reintegra.custody.tests.factories import contact_at, profile_for
    from reintegra.justice.tests.factories import CustodyEpisodeFactory
    from reintegra.people.tests.factories import PersonFactory
    from reintegra.programmes.tests.factories import ProgrammeFactory

    facilities = {}
    for name, lat, lon, fields in [("Near", 0.0, 0.0, {}), ("Old", 0.0, 3.0, {}),
                                   ("Far", 0.0, 2.0, {"security_level": "high", "sex_category": "mixed"}),
                                   ("Low", 0.0, 0.0, {"security_level": "low"})]:
        facilities[name] = FacilityFactory(name=name, official_capacity=100, latitude=lat, longitude=lon)
        profile_for(facilities[name], **fields)
    manager = user_with_role(Role.PRISON_CASE_MANAGER, facilities["Old"])
    person = PersonFactory(actor=manager, date_of_birth=dt.date(1990, 5, 1))
    ProgrammeFactory(name="Work ready", venue=facilities["Near"], targeted_needs=["work"])
    ProgrammeFactory(name="Drug recovery", venue=facilities["Near"], targeted_needs=["drugs"])
    ProgrammeFactory(name="Drug recovery (Far)", venue=facilities["Far"], targeted_needs=["drugs"])
    for _i in range(50):
        CustodyEpisodeFactory(facility=facilities["Near"], admitted_on=dt.date(2025, 1, 1))
    episode = CustodyEpisodeFactory(person=person, facility=facilities["Old"], admitted_on=dt.date(2025, 1, 1))
    assessment = completed(person, manager)
    contact_at(person, 0.0, 0.0)
    contact_at(person, 0.0, 2.0, name="Ex", relationship="partner", safety_restriction=True,
               restriction_details="non-molestation order")
    return SimpleNamespace(manager=manager, person=person, episode=episode, assessment=assessment, **facilities)
