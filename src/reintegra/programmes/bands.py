"""Where a person's risk band comes from, without this app reading assessments.

Assessments sit in the same layer as programmes (they may not import each other), so the layer
above that reads assessments (planning) registers a function that gives a person's current band;
the enrolment form and API use it to fill in the band. With nothing registered the band is ''
(unknown), and a programme limited to some bands then refuses the person with that reason.
"""
from __future__ import annotations

from typing import Any, Callable

_source: Callable[[Any], str] | None = None


def register(source: Callable[[Any], str]) -> None:
    """Make ``source(person) -> band code ('' when unassessed)`` the band everyone here reads."""
    global _source
    _source = source


def band_of(person: Any) -> str:
    """The person's current risk band code, or '' when unknown or nothing is registered."""
    return _source(person) if _source is not None else ""
