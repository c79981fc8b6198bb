"""The countdown points before the earliest release date (``REINTEGRA_RELEASE_COUNTDOWN_WEEKS``,
weeks, default ``[12, 4]``) and which of them a person has passed."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "REINTEGRA_RELEASE_COUNTDOWN_WEEKS"
DEFAULT_WEEKS = (12, 4)


def countdown_weeks() -> tuple[int, ...]:
    """The configured points, largest first. A list of whole numbers of weeks between 1 and 520;
    anything else is a configuration error naming the setting."""
    configured: Any = getattr(settings, SETTING, None)
    if configured is None:
        return DEFAULT_WEEKS
    if not isinstance(configured, (list, tuple)) or not configured or any(
            isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= 520 for w in configured):
        raise ImproperlyConfigured(
            f"{SETTING} must be a list of whole numbers of weeks between 1 and 520, such as [12, 4], "
            f"not {configured!r}.")
    return tuple(sorted(set(configured), reverse=True))


def point_passed(days_left: int, weeks: tuple[int, ...] | None = None) -> int | None:
    """The nearest countdown point (in weeks) that ``days_left`` has passed, ``None`` before the first."""
    passed = [w for w in (weeks or countdown_weeks()) if days_left <= w * 7]
    return min(passed) if passed else None
