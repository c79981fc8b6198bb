"""When a plan is next reviewed: a set interval by risk band (``REINTEGRA_PLAN_REVIEW_DAYS``), and
after events that change the picture (a new assessment, admission or transfer, release, a
programme completed or dropped; see ``selectors.reviews_due``)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Days between reviews by band: the higher the risk, the closer the plan is followed. "" is a plan
# whose person has no band yet.
DEFAULT_REVIEW_DAYS: dict[str, int] = {"very_high": 60, "high": 90, "moderate": 120, "low": 180, "": 90}

# Timeline kinds after which an active plan is due a review (the event's date is the due date).
REVIEW_EVENT_KINDS: dict[str, str] = {
    "assessment.completed": "assessment",
    "custody.admitted": "admission",
    "custody.transferred": "admission",
    "custody.released": "release",
    "programme.completed": "programme",
    "programme.dropped": "programme",
}


def review_days() -> dict[str, int]:
    """The configured days per band over the defaults. The setting is a number of days for every
    band or a mapping ``{band: days}``; anything else is a configuration error."""
    configured: Any = getattr(settings, "REINTEGRA_PLAN_REVIEW_DAYS", None)
    days = dict(DEFAULT_REVIEW_DAYS)
    if configured is None:
        return days
    if isinstance(configured, bool) or not isinstance(configured, (int, dict)):
        raise ImproperlyConfigured(
            "REINTEGRA_PLAN_REVIEW_DAYS must be a number of days or a mapping of risk band to days, "
            f"not {configured!r}.")
    if isinstance(configured, int):
        configured = {band: configured for band in days}
    for band, value in configured.items():
        if band not in DEFAULT_REVIEW_DAYS:
            raise ImproperlyConfigured(
                f"REINTEGRA_PLAN_REVIEW_DAYS: unknown band {band!r}; use one of "
                f"{', '.join(repr(b) for b in DEFAULT_REVIEW_DAYS)}.")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3660:
            raise ImproperlyConfigured(
                f"REINTEGRA_PLAN_REVIEW_DAYS[{band!r}] must be a whole number of days between 1 and 3660, "
                f"not {value!r}.")
        days[band] = value
    return days


def next_review_on(*, band: str, on: dt.date) -> dt.date:
    """The date of the next scheduled review of a plan of ``band`` reviewed (or countersigned) on ``on``."""
    days = review_days()
    return on + dt.timedelta(days=days.get(band or "", days[""]))
