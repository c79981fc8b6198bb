"""Checks that higher apps add to ``custody_release`` without justice importing them.

Release preparation (``reentry``) registers a guard that refuses a release into the community
while the pre-release checklist is neither complete nor waived. A guard receives the episode, the
release date and type, and returns ``{field: [message]}`` (empty when it has nothing to say).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Guard = Callable[[Any, dt.date, str], dict[str, list[str]]]

_GUARDS: dict[str, Guard] = {}


def register(key: str, guard: Guard) -> None:
    """Add (or replace, by ``key``) a guard; apps call this from ``AppConfig.ready``."""
    _GUARDS[key] = guard


def release_guard_errors(episode: Any, released_on: dt.date, release_type: str) -> dict[str, list[str]]:
    """Every registered guard's errors for this release, merged by field."""
    errors: dict[str, list[str]] = {}
    for guard in _GUARDS.values():
        for field, messages in guard(episode, released_on, release_type).items():
            errors.setdefault(field, []).extend(messages)
    return errors
