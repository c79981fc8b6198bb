"""Hooks that higher apps add to custody admission and release without justice importing them.

- Release guards: release preparation (``reentry``) registers one that refuses a release into the
  community while the pre-release checklist is neither complete nor waived. A guard receives the
  episode, the release date and type, and returns ``{field: [message]}`` (empty when it has nothing
  to say); ``custody_release`` merges them into its errors, so a refused release writes nothing.
- Admission hooks: called inside ``custody_admit``'s transaction with the new episode and the
  actor, e.g. to open the release-preparation record from the first day.

Apps register from ``AppConfig.ready``; a key registered again replaces the earlier function.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Guard = Callable[[Any, dt.date, str], dict[str, list[str]]]
AdmissionHook = Callable[[Any, Any], None]

_GUARDS: dict[str, Guard] = {}
_ADMISSION_HOOKS: dict[str, AdmissionHook] = {}


def register_release_guard(key: str, guard: Guard) -> None:
    _GUARDS[key] = guard


def register_admission_hook(key: str, hook: AdmissionHook) -> None:
    _ADMISSION_HOOKS[key] = hook


def release_guard_errors(episode: Any, released_on: dt.date, release_type: str) -> dict[str, list[str]]:
    """Every registered guard's errors for this release, merged by field."""
    errors: dict[str, list[str]] = {}
    for guard in _GUARDS.values():
        for field, messages in guard(episode, released_on, release_type).items():
            errors.setdefault(field, []).extend(messages)
    return errors


def run_admission_hooks(episode: Any, actor: Any) -> None:
    for hook in _ADMISSION_HOOKS.values():
        hook(episode, actor)
