"""Supervision levels from assessment bands, and the contact standard of each level.

Both are configuration read from settings (JSON in the environment, see ``docs/supervision.md``):

- ``REINTEGRA_SUPERVISION_LEVELS`` maps an assessment band to a supervision level. Bands left out
  keep their default (low -> low, moderate -> medium, high -> high, very_high -> intensive).
- ``REINTEGRA_CONTACT_STANDARDS`` maps a level to its standard: a number of days (``{"low": 28}``)
  or ``{"every_days": 7, "types": [...], "attendance": [...]}`` naming which contact types and
  which attendance count towards it. Levels left out keep their default.

A wrong value stops start-up (``register()``, run when the app is ready) with a message naming the
setting. ``contact_due`` is the pure function behind every due date the caseload shows.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from reintegra.assessments.choices import Band
from reintegra.supervision.choices import Attendance, ContactType, SupervisionLevel

LEVELS_SETTING = "REINTEGRA_SUPERVISION_LEVELS"
STANDARDS_SETTING = "REINTEGRA_CONTACT_STANDARDS"

DEFAULT_LEVELS: dict[str, str] = {"low": "low", "moderate": "medium", "high": "high", "very_high": "intensive"}

# Contacts with the professional officer count; a volunteer's meeting supports the person but is
# not a supervision contact. Only an attended contact counts (a missed one is a compliance matter).
PROFESSIONAL_TYPES: frozenset[str] = frozenset({"office", "home_visit", "phone", "video"})
IN_PERSON_OR_VIDEO: frozenset[str] = frozenset({"office", "home_visit", "video"})
ATTENDED: frozenset[str] = frozenset({"attended"})

# Days between contacts, most intensive first; the two highest levels are not met by a phone call.
DEFAULT_STANDARDS: dict[str, tuple[int, frozenset[str], frozenset[str]]] = {
    "intensive": (7, IN_PERSON_OR_VIDEO, ATTENDED),
    "high": (7, IN_PERSON_OR_VIDEO, ATTENDED),
    "medium": (14, PROFESSIONAL_TYPES, ATTENDED),
    "low": (30, PROFESSIONAL_TYPES, ATTENDED),
}
_KEYS = ("every_days", "types", "attendance")


@dataclass(frozen=True)
class ContactStandard:
    """How often a person at ``level`` is to be seen, and which contacts count."""

    level: str
    every_days: int
    contact_types: frozenset[str]
    attendance: frozenset[str]

    def counts(self, contact_type: str, attendance: str) -> bool:
        return contact_type in self.contact_types and attendance in self.attendance

    @property
    def rule(self) -> tuple[frozenset[str], frozenset[str]]:
        """What makes a contact count: levels sharing it share one "last contact" column."""
        return self.contact_types, self.attendance


@dataclass(frozen=True)
class Due:
    """Where a period stands against its contact standard on ``today``."""

    standard: ContactStandard
    last_contact_on: dt.date | None
    next_due_on: dt.date
    overdue: bool
    days_overdue: int
    unseen_days: int

    @property
    def never_seen(self) -> bool:
        return self.last_contact_on is None


# ---- reading and checking the settings ---------------------------------------------------------

def _raw(name: str) -> Any:
    raw = getattr(settings, name, None)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured(f"{name} must be a JSON object as in docs/supervision.md, not {type(raw).__name__}.")
    return raw


def supervision_levels() -> dict[str, str]:
    """Band -> level: the defaults with ``REINTEGRA_SUPERVISION_LEVELS`` over them."""
    levels = dict(DEFAULT_LEVELS)
    for band, level in _raw(LEVELS_SETTING).items():
        if band not in Band.values:
            raise ImproperlyConfigured(
                f"{LEVELS_SETTING}: unknown band {band!r}; the bands are {', '.join(Band.values)}.")
        if level not in SupervisionLevel.values:
            raise ImproperlyConfigured(
                f"{LEVELS_SETTING}[{band!r}] must be one of {', '.join(SupervisionLevel.values)}, not {level!r}.")
        levels[band] = str(level)
    return levels


def level_for_band(band: str | None) -> str:
    """The supervision level an assessment band gives ('' for no band or a band not mapped)."""
    return supervision_levels().get(band or "", "")


def _choices(value: Any, allowed: Iterable[str], level: str, key: str) -> frozenset[str]:
    allowed = tuple(allowed)
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not value:
        raise ImproperlyConfigured(
            f"{STANDARDS_SETTING}[{level!r}].{key} must be a non-empty list drawn from {', '.join(allowed)}.")
    unknown = sorted(str(item) for item in value if item not in allowed)
    if unknown:
        raise ImproperlyConfigured(
            f"{STANDARDS_SETTING}[{level!r}].{key}: unknown {', '.join(unknown)}; use {', '.join(allowed)}.")
    return frozenset(str(item) for item in value)


def _days(value: Any, level: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 366:
        raise ImproperlyConfigured(
            f"{STANDARDS_SETTING}[{level!r}].every_days must be a whole number of days between 1 and 366, "
            f"not {value!r}.")
    return value


def _standard(level: str, value: Any) -> ContactStandard:
    every, types, attendance = DEFAULT_STANDARDS[level]
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - set(_KEYS))
        if unknown:
            raise ImproperlyConfigured(
                f"{STANDARDS_SETTING}[{level!r}]: unknown key(s) {', '.join(unknown)}; use {', '.join(_KEYS)}.")
        every = _days(value.get("every_days", every), level)
        if "types" in value:
            types = _choices(value["types"], ContactType.values, level, "types")
        if "attendance" in value:
            attendance = _choices(value["attendance"], Attendance.values, level, "attendance")
    else:
        every = _days(value, level)
    return ContactStandard(level=level, every_days=every, contact_types=types, attendance=attendance)


# Checked standards for the setting as last read, keyed by its repr (a changed setting is read again).
_cache: tuple[str, dict[str, ContactStandard]] | None = None


def contact_standards() -> dict[str, ContactStandard]:
    """Level -> its contact standard: the defaults with ``REINTEGRA_CONTACT_STANDARDS`` over them."""
    global _cache
    key = repr(getattr(settings, STANDARDS_SETTING, None))
    if _cache is not None and _cache[0] == key:
        return _cache[1]
    raw = _raw(STANDARDS_SETTING)
    unknown = sorted(str(level) for level in raw if level not in SupervisionLevel.values)
    if unknown:
        raise ImproperlyConfigured(
            f"{STANDARDS_SETTING}: unknown level(s) {', '.join(unknown)}; the levels are "
            f"{', '.join(SupervisionLevel.values)}.")
    standards = {level: _standard(level, raw.get(level, DEFAULT_STANDARDS[level][0])) for level in DEFAULT_STANDARDS}
    _cache = (key, standards)
    return standards


def standard_for(level: str | None) -> ContactStandard:
    """The standard of ``level``. A period with no level yet is held to the most frequent standard
    (the most intensive level's rules) until one is set: nobody goes unseen for want of a decision."""
    standards = contact_standards()
    if level in standards:
        return standards[level]  # type: ignore[index]
    return standards["intensive"]


def counting_rules() -> list[tuple[frozenset[str], frozenset[str]]]:
    """The distinct "what counts" rules across levels (usually one or two), in a fixed order."""
    rules: list[tuple[frozenset[str], frozenset[str]]] = []
    for standard in contact_standards().values():
        if standard.rule not in rules:
            rules.append(standard.rule)
    return rules


# ---- the due date --------------------------------------------------------------------------------

def contact_due(*, level: str | None, period_starts_on: dt.date, last_contact_on: dt.date | None,
                today: dt.date) -> Due:
    """When the next contact is due: the last counting contact (or, never seen, the period's start)
    plus the level's interval. Due on that day itself; overdue from the day after. ``unseen_days``
    counts from the last counting contact, or from the start of the period for someone never seen
    (0 for a period that starts in the future)."""
    standard = standard_for(level)
    since = last_contact_on if last_contact_on is not None else period_starts_on
    next_due_on = since + dt.timedelta(days=standard.every_days)
    late = (today - next_due_on).days
    return Due(
        standard=standard, last_contact_on=last_contact_on, next_due_on=next_due_on, overdue=late > 0,
        days_overdue=max(late, 0), unseen_days=max((today - since).days, 0),
    )


def register() -> None:
    """Check both settings when the app is ready, so a wrong value stops start-up with its message."""
    supervision_levels()
    contact_standards()
