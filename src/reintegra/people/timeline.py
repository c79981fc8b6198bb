"""The registry of timeline event kinds and how to word them.

Each app registers the kinds it records in its ``AppConfig.ready()``::

    register_kind("case.opened", _("Case %(reference)s opened"))

``describe(event)`` fills the template from the event's ``params`` in the active language, so
events are stored language-neutral and ``people`` never imports the apps that write them.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext


class _Event(Protocol):
    kind: str
    params: Any


@dataclass(frozen=True)
class EventKind:
    kind: str
    template: Any  # a lazy translatable string with %(name)s placeholders
    formatters: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


_KINDS: dict[str, EventKind] = {}


class _Params(dict):  # type: ignore[type-arg]
    """Missing placeholders show as "?" instead of breaking the page for an older event."""

    def __missing__(self, key: str) -> str:
        return "?"


def register_kind(
    kind: str, template: Any, *, formatters: Mapping[str, Callable[[Any], str]] | None = None
) -> None:
    """Declare an event kind. ``formatters`` optionally turn stored codes into display labels
    (e.g. an identifier kind code into its translated name) when the event is described."""
    if not kind or len(kind) > 64:
        raise ValueError("An event kind is a non-empty string of at most 64 characters.")
    _KINDS[kind] = EventKind(kind=kind, template=template, formatters=dict(formatters or {}))


def is_registered(kind: str) -> bool:
    return kind in _KINDS


def registered_kinds() -> list[str]:
    return sorted(_KINDS)


def describe(event: _Event) -> str:
    """The event in words, in the active language."""
    entry = _KINDS.get(event.kind)
    if entry is None:
        return gettext("Event: %(kind)s") % {"kind": event.kind}
    params = _Params(event.params or {})
    for name, formatter in entry.formatters.items():
        if name in params:
            params[name] = formatter(params[name])
    try:
        return str(entry.template) % params
    except (TypeError, ValueError):
        return str(entry.template)
