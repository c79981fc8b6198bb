"""Conditions: standard and additional, from a date until an optional end; ended and voided with
a reason; never outside the period; on the timeline and audited."""
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
from reintegra.supervision.models import Condition
from reintegra.supervision.services.conditions import condition_add, condition_end, condition_void
from reintegra.supervision.tests.test_appointments import supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=90)


@pytest.fixture
def world():
    return supervised(starts_on=START)


def test_add_standard_and_additional(world) -> None:
    standard = condition_add(actor=world.officer, period=world.period, kind="standard", text="Keep in touch",
                             starts_on=START)
    additional = condition_add(actor=world.officer, period=world.period, kind="additional", code="curfew",
                               text="Curfew 22:00-06:00", ends_on=TODAY + dt.timedelta(days=60))
    assert (standard.starts_on, standard.ends_on) == (START, None)
    assert (additional.starts_on, additional.code) == (TODAY, "curfew")
    assert list(Condition.objects.values_list("kind", flat=True)) == ["additional", "standard"]
    assert TimelineEvent.objects.filter(person=world.person, kind="supervision.condition_added").count() == 2
    assert AuditEvent.objects.filter(object_type="supervision.condition", action="create").count() == 2


def test_add_refuses_missing_text_bad_kind_and_dates(world) -> None:
    with pytest.raises(ValidationError) as error:
        condition_add(actor=world.officer, period=world.period, kind="optional", text=" ",
                      starts_on=START - dt.timedelta(days=1))
    assert set(error.value.message_dict) == {"kind", "text", "starts_on"}
    with pytest.raises(ValidationError) as error:
        condition_add(actor=world.officer, period=world.period, kind="standard", text="x", starts_on=TODAY,
                      ends_on=TODAY - dt.timedelta(days=1))
    assert set(error.value.message_dict) == {"ends_on"}
    with pytest.raises(AccessDenied):
        condition_add(actor=user_with_role(Role.PROBATION_OFFICER, world.office), period=world.period,
                      kind="standard", text="x")
    assert not Condition.objects.exists()


def test_end_only_earlier_and_not_before_the_start(world) -> None:
    condition = condition_add(actor=world.officer, period=world.period, kind="additional", text="No alcohol",
                              starts_on=START + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as error:
        condition_end(actor=world.officer, condition=condition, ends_on=START)
    assert "ends_on" in error.value.message_dict
    condition = condition_end(actor=world.officer, condition=condition, ends_on=TODAY - dt.timedelta(days=3))
    assert condition.ends_on == TODAY - dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        condition_end(actor=world.officer, condition=condition, ends_on=TODAY)
    assert condition_end(actor=world.officer, condition=condition, ends_on=TODAY - dt.timedelta(days=5)).ends_on == (
        TODAY - dt.timedelta(days=5))
    assert TimelineEvent.objects.filter(kind="supervision.condition_ended").count() == 2


def test_void_needs_a_reason_and_keeps_the_row(world) -> None:
    condition = condition_add(actor=world.officer, period=world.period, kind="standard", text="Keep in touch")
    with pytest.raises(ValidationError) as error:
        condition_void(actor=world.officer, condition=condition, reason="")
    assert "reason" in error.value.message_dict
    condition = condition_void(actor=world.officer, condition=condition, reason="Entered on the wrong period")
    assert condition.is_voided and Condition.objects.filter(pk=condition.pk).exists()
    with pytest.raises(ValidationError):
        condition_end(actor=world.officer, condition=condition)
    with pytest.raises(ValidationError):
        condition_void(actor=world.officer, condition=condition, reason="Again")
