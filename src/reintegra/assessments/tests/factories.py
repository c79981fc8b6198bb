"""Factories for assessments, built through the services (history, audit and timeline as in real
use), and the small test instruments of ``definitions_services/`` (independent of the shipped ones).

Use the ``svc_instruments`` fixture (import it into the test module) to make the registry see only
the test instruments.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.assessments import services
from reintegra.assessments.instruments import registry
from reintegra.assessments.models import Assessment
from reintegra.people.models import Person
from reintegra.people.tests.factories import PersonFactory

DEFINITIONS = Path(__file__).resolve().parent / "definitions_services"
NEEDS = "svc-needs"
SCREEN = "svc-screen"
# svc-needs answers and the band they give (work 0..3 + drugs 0..4; bands at 0/2/4/6).
LOW = {"work_now": "yes", "drugs_use": "no"}  # 0
MODERATE = {"work_now": "no", "work_months": 2, "drugs_use": "no"}  # 2
HIGH = {"work_now": "no", "work_months": 10, "drugs_use": "some"}  # 5
VERY_HIGH = {"work_now": "no", "work_months": 10, "drugs_use": "yes"}  # 7


@pytest.fixture
def svc_instruments(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only the test instruments are registered (not the shipped ones, which other tests cover)."""
    from reintegra.assessments.services import versions

    monkeypatch.setattr(registry, "SHIPPED_DIR", tmp_path / "no-shipped-definitions")
    settings.REINTEGRA_INSTRUMENT_DIRS = [str(DEFINITIONS)]
    settings.REINTEGRA_REASSESSMENT_MONTHS = {}
    registry.clear_caches()
    versions._stored.clear()
    yield
    registry.clear_caches()
    versions._stored.clear()


def officer(role: str = Role.PROBATION_OFFICER, organisation: Any = None) -> Any:
    """A user holding ``role`` (a probation officer by default: assessment.view and .edit)."""
    return user_with_role(role, organisation)


def person_for(user: Any) -> Person:
    """A person ``user`` sees in full, as their own caseload (registered by them)."""
    return PersonFactory(actor=user)


def draft(person: Person, actor: Any, *, code: str = NEEDS, occasion: str = "admission") -> Assessment:
    return services.assessment_start(person=person, instrument_code=code, occasion=occasion, actor=actor)


def answered(person: Person, actor: Any, answers: dict[str, Any] | None = None, **kwargs: Any) -> Assessment:
    assessment = draft(person, actor, **kwargs)
    return services.assessment_answer(assessment=assessment, actor=actor, expected_version=assessment.version,
                                      answers=dict(HIGH if answers is None else answers))


def completed(person: Person, actor: Any, answers: dict[str, Any] | None = None, **kwargs: Any) -> Assessment:
    """A completed assessment (``HIGH`` answers unless given)."""
    assessment = answered(person, actor, answers, **kwargs)
    return services.assessment_complete(assessment=assessment, actor=actor, expected_version=assessment.version)


def reload(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_related("instrument", "person").get(pk=assessment.pk)
