"""Levels from bands and contact standards: the defaults, the settings over them (and the messages
naming the setting when wrong), and the due dates, overdue flag and days unseen at their boundaries."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from reintegra.supervision import standards
from reintegra.supervision.standards import contact_due, contact_standards, level_for_band, standard_for

START = dt.date(2025, 1, 1)


def test_default_levels_by_band() -> None:
    assert [level_for_band(band) for band in ("low", "moderate", "high", "very_high")] == [
        "low", "medium", "high", "intensive"]
    assert level_for_band("") == "" and level_for_band(None) == "" and level_for_band("unknown") == ""


def test_levels_setting_overrides_some_bands(settings) -> None:
    settings.REINTEGRA_SUPERVISION_LEVELS = {"very_high": "high"}
    assert level_for_band("very_high") == "high" and level_for_band("low") == "low"


@pytest.mark.parametrize("value, words", [
    ({"extreme": "high"}, "unknown band 'extreme'"),
    ({"low": "minimal"}, "REINTEGRA_SUPERVISION_LEVELS['low'] must be one of"),
    (["low"], "must be a JSON object"),
])
def test_levels_setting_errors_name_the_setting(settings, value, words) -> None:
    settings.REINTEGRA_SUPERVISION_LEVELS = value
    with pytest.raises(ImproperlyConfigured, match="REINTEGRA_SUPERVISION_LEVELS") as error:
        standards.register()
    assert words in str(error.value)


def test_default_standards() -> None:
    found = {level: (s.every_days, "phone" in s.contact_types, s.attendance) for level, s in contact_standards().items()}
    assert found == {
        "intensive": (7, False, frozenset({"attended"})), "high": (7, False, frozenset({"attended"})),
        "medium": (14, True, frozenset({"attended"})), "low": (30, True, frozenset({"attended"})),
    }
    assert all("volunteer_meeting" not in s.contact_types for s in contact_standards().values())


def test_standards_setting_takes_days_or_objects(settings) -> None:
    settings.REINTEGRA_CONTACT_STANDARDS = {
        "low": 28, "medium": {"every_days": 21, "types": ["office", "phone"], "attendance": ["attended", "excused"]},
    }
    found = contact_standards()
    assert found["low"].every_days == 28 and "phone" in found["low"].contact_types
    assert found["medium"].every_days == 21 and found["medium"].contact_types == frozenset({"office", "phone"})
    assert found["medium"].counts("phone", "excused") and not found["medium"].counts("video", "attended")
    assert found["high"].every_days == 7
    assert len(standards.counting_rules()) == 3


@pytest.mark.parametrize("value, words", [
    ({"maximum": 7}, "unknown level(s) maximum"),
    ({"low": 0}, "['low'].every_days must be a whole number of days between 1 and 366"),
    ({"low": True}, "every_days must be a whole number"),
    ({"low": {"every_days": "7"}}, "every_days must be a whole number"),
    ({"low": {"days": 7}}, "unknown key(s) days"),
    ({"high": {"types": ["carrier pigeon"]}}, "['high'].types: unknown carrier pigeon"),
    ({"high": {"types": "office"}}, "['high'].types must be a non-empty list"),
    ({"high": {"attendance": []}}, "['high'].attendance must be a non-empty list"),
    ("weekly", "must be a JSON object"),
])
def test_standards_setting_errors_name_the_setting(settings, value, words) -> None:
    settings.REINTEGRA_CONTACT_STANDARDS = value
    with pytest.raises(ImproperlyConfigured, match="REINTEGRA_CONTACT_STANDARDS") as error:
        standards.register()
    assert words in str(error.value)


def test_a_corrected_setting_is_read_again(settings) -> None:
    settings.REINTEGRA_CONTACT_STANDARDS = {"low": 0}
    with pytest.raises(ImproperlyConfigured):
        contact_standards()
    settings.REINTEGRA_CONTACT_STANDARDS = {"low": 60}
    assert contact_standards()["low"].every_days == 60


def test_a_period_without_a_level_is_held_to_the_most_frequent_standard() -> None:
    assert standard_for(None) == standard_for("intensive")


def test_never_seen_is_due_from_the_start_of_the_period() -> None:
    due = contact_due(level="medium", period_starts_on=START, last_contact_on=None, today=START)
    assert (due.next_due_on, due.overdue, due.unseen_days, due.never_seen) == (dt.date(2025, 1, 15), False, 0, True)


def test_due_on_the_day_itself_is_not_overdue_the_day_after_is() -> None:
    last = dt.date(2025, 3, 1)
    on_the_day = contact_due(level="high", period_starts_on=START, last_contact_on=last, today=dt.date(2025, 3, 8))
    assert (on_the_day.next_due_on, on_the_day.overdue, on_the_day.days_overdue, on_the_day.unseen_days) == (
        dt.date(2025, 3, 8), False, 0, 7)
    day_after = contact_due(level="high", period_starts_on=START, last_contact_on=last, today=dt.date(2025, 3, 9))
    assert (day_after.overdue, day_after.days_overdue, day_after.unseen_days) == (True, 1, 8)


def test_low_level_month_crosses_the_year_and_a_leap_day() -> None:
    due = contact_due(level="low", period_starts_on=START, last_contact_on=dt.date(2024, 2, 15), today=dt.date(2024, 3, 16))
    assert (due.next_due_on, due.overdue) == (dt.date(2024, 3, 16), False)
    due = contact_due(level="low", period_starts_on=START, last_contact_on=dt.date(2024, 12, 20), today=dt.date(2025, 1, 20))
    assert (due.next_due_on, due.overdue, due.days_overdue) == (dt.date(2025, 1, 19), True, 1)


def test_a_period_starting_in_the_future_is_unseen_for_zero_days() -> None:
    due = contact_due(level="low", period_starts_on=dt.date(2025, 2, 1), last_contact_on=None, today=START)
    assert (due.unseen_days, due.overdue, due.next_due_on) == (0, False, dt.date(2025, 3, 3))


@given(level=st.sampled_from(["intensive", "high", "medium", "low", None]),
       seen=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
       today=st.integers(min_value=0, max_value=800))
def test_overdue_exactly_when_unseen_longer_than_the_interval(level, seen, today) -> None:
    last = None if seen is None else START + dt.timedelta(days=seen)
    on = START + dt.timedelta(days=today)
    if last is not None and last > on:
        return  # contacts are never in the future
    due = contact_due(level=level, period_starts_on=START, last_contact_on=last, today=on)
    every = standard_for(level).every_days
    assert due.overdue == (due.unseen_days > every)
    assert due.days_overdue == max(due.unseen_days - every, 0)
    assert due.next_due_on == (last or START) + dt.timedelta(days=every)
