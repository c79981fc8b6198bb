"""Reassessment dates: months by band, settings overrides, event days and the SQL date arithmetic."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reintegra.assessments import schedule

DEFINITION = {"code": "svc-needs", "reassessment": {"months": {"low": 12, "moderate": 9, "high": 6}}}


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),
    (dt.date(2026, 6, 30), 12, dt.date(2027, 6, 30)),
])
def test_add_months_keeps_to_the_calendar(day: dt.date, months: int, expected: dt.date) -> None:
    assert schedule.add_months(day, months) == expected


def test_months_by_band_and_unscheduled_instruments(settings: Any) -> None:
    settings.REINTEGRA_REASSESSMENT_MONTHS = {}
    on = dt.date(2026, 3, 10)
    assert schedule.next_due_on(definition=DEFINITION, band="high", completed_on=on) == dt.date(2026, 9, 10)
    assert schedule.next_due_on(definition=DEFINITION, band="very_high", completed_on=on) is None
    assert schedule.next_due_on(definition={"code": "x"}, band="high", completed_on=on) is None
    assert schedule.reassessment_months({"code": "x"}) is None


def test_settings_override_for_all_or_one_instrument(settings: Any) -> None:
    on = dt.date(2026, 3, 10)
    settings.REINTEGRA_REASSESSMENT_MONTHS = {"high": 3, "very_high": 1}
    assert schedule.reassessment_months(DEFINITION) == {"low": 12, "moderate": 9, "high": 3, "very_high": 1}
    settings.REINTEGRA_REASSESSMENT_MONTHS = {"svc-needs": {"low": 24}, "other": {"low": 1}}
    assert schedule.next_due_on(definition=DEFINITION, band="low", completed_on=on) == dt.date(2028, 3, 10)
    settings.REINTEGRA_REASSESSMENT_MONTHS = {"high": 3}
    assert schedule.next_due_on(definition={"code": "x"}, band="high", completed_on=on) is None  # still unscheduled


def test_event_days(settings: Any) -> None:
    assert schedule.event_days() == 28
    settings.REINTEGRA_REASSESSMENT_EVENT_DAYS = 7
    assert schedule.event_due_on(dt.date(2026, 12, 28)) == dt.date(2027, 1, 4)


@pytest.mark.django_db
def test_add_days_in_sql() -> None:
    from django.db.models import DateField, Value

    from reintegra.people.models import Person
    from reintegra.people.tests.factories import PersonFactory

    PersonFactory()
    row = Person.objects.annotate(
        later=schedule.AddDays(Value(dt.date(2026, 12, 20), output_field=DateField()), 28),
        earlier=schedule.AddDays(Value(dt.date(2026, 3, 1), output_field=DateField()), -1),
    ).values("later", "earlier").get()
    assert row == {"later": dt.date(2027, 1, 17), "earlier": dt.date(2026, 2, 28)}
