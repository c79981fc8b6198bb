"""Supervision levels: derived from the latest completed assessment's band, overridden only with a
reason, history kept as superseded decisions; ``current_level`` reads the current one."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.people.models import TimelineEvent
from reintegra.supervision.models import LevelDecision
from reintegra.supervision.selectors.periods import current_level, period_get
from reintegra.supervision.services.levels import level_set
from reintegra.supervision.tests.test_appointments import assessed, supervised

pytestmark = pytest.mark.django_db


def test_level_is_derived_from_the_latest_band() -> None:
    world = supervised()
    assessed(world.person, "low", days_ago=40)
    assessment = assessed(world.person, "very_high", days_ago=5)
    decision = level_set(actor=world.officer, period=world.period)
    assert (decision.level, decision.derived_level, decision.band, decision.assessment) == (
        "intensive", "intensive", "very_high", assessment)
    assert decision.override_reason == "" and decision.effective_on == timezone.localdate()
    assert current_level(world.period) == "intensive"
    assert TimelineEvent.objects.filter(person=world.person, kind="supervision.level_set").exists()
    event = AuditEvent.objects.get(object_type="supervision.leveldecision", object_id=str(decision.pk))
    assert event.detail["override"] is False


def test_level_map_follows_the_setting(settings) -> None:
    settings.REINTEGRA_SUPERVISION_LEVELS = {"moderate": "high"}
    world = supervised()
    assessed(world.person, "moderate")
    assert level_set(actor=world.officer, period=world.period).level == "high"


def test_override_needs_a_reason_and_nothing_is_written_without() -> None:
    world = supervised()
    assessed(world.person, "high")
    with pytest.raises(ValidationError) as error:
        level_set(actor=world.officer, period=world.period, level="low", override_reason="   ")
    assert set(error.value.message_dict) == {"override_reason"}
    assert not LevelDecision.objects.exists()
    assert AuditEvent.objects.filter(object_type="supervision.leveldecision", action="denied").count() == 1
    decision = level_set(actor=world.officer, period=world.period, level="low",
                         override_reason="Stable housing and work; protective factors outweigh the score.")
    assert (decision.level, decision.derived_level) == ("low", "high")
    assert decision.override_reason.startswith("Stable housing")


def test_no_assessment_needs_a_chosen_level_and_a_reason() -> None:
    world = supervised()
    with pytest.raises(ValidationError) as error:
        level_set(actor=world.officer, period=world.period)
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        level_set(actor=world.officer, period=world.period, level="medium")
    assert "override_reason" in error.value.message_dict
    decision = level_set(actor=world.officer, period=world.period, level="medium", override_reason="Not yet assessed.")
    assert (decision.level, decision.derived_level, decision.assessment) == ("medium", "", None)


def test_history_is_kept_and_only_one_decision_is_current() -> None:
    world = supervised()
    assessed(world.person, "moderate")
    first = level_set(actor=world.officer, period=world.period, effective_on=dt.date(2024, 6, 1))
    second = level_set(actor=world.officer, period=world.period, level="high", override_reason="New arrest.")
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert LevelDecision.objects.filter(period=world.period).count() == 2
    assert current_level(world.period) == "high"
    loaded = period_get(user=world.officer, pk=world.period.pk)
    assert current_level(loaded) == "high"


def test_dates_level_value_and_access_are_checked() -> None:
    world = supervised(starts_on=dt.date(2024, 6, 1))
    assessed(world.person, "low")
    with pytest.raises(ValidationError) as error:
        level_set(actor=world.officer, period=world.period, effective_on=dt.date(2024, 5, 1))
    assert "effective_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        level_set(actor=world.officer, period=world.period, effective_on=timezone.localdate() + dt.timedelta(days=1))
    assert "effective_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        level_set(actor=world.officer, period=world.period, level="maximum", override_reason="x")
    assert "level" in error.value.message_dict
    with pytest.raises(AccessDenied):
        level_set(actor=user_with_role(Role.PROBATION_OFFICER, world.office), period=world.period)
    with pytest.raises(AccessDenied):
        level_set(actor=user_with_role(Role.PRISON_CASE_MANAGER), period=world.period)
    assert not LevelDecision.objects.exists()
    assert level_set(actor=world.supervisor, period=world.period).decided_by == world.supervisor
