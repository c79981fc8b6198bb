"""Panels that other apps add to the person page without ``people`` importing them.

An app registers a panel in its ``AppConfig.ready()``::

    register_panel(key="justice-status", order=10, template="justice/panels/status.html",
                   context=lambda request, person: {...} or None)

The person page renders every registered panel in ``order``; a ``None`` context hides the panel
(for example when the user may not see it). Panel templates receive ``person``, ``request`` and
their own context.

A context function that takes an ``access`` keyword receives the viewer's
``accounts.policy.PersonAccess`` and decides what to show at each level (summary-level viewers
must not see offence details beyond a summary, health or contacts). A panel whose function does
not take ``access`` is shown only to viewers of the full record.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from reintegra.accounts.policy import person_access

if TYPE_CHECKING:
    from reintegra.people.models import Person

PanelContext = Callable[..., "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: PanelContext
    takes_access: bool = False


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    html: SafeString


_PANELS: dict[str, Panel] = {}


def register_panel(*, key: str, order: int, template: str, context: PanelContext) -> None:
    """Add (or replace, by ``key``) a panel on the person page."""
    try:
        takes_access = "access" in inspect.signature(context).parameters
    except (TypeError, ValueError):
        takes_access = False
    _PANELS[key] = Panel(key=key, order=order, template=template, context=context, takes_access=takes_access)


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def registered_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def render_panels(request: HttpRequest, person: Person) -> list[RenderedPanel]:
    """Every visible panel for ``person``, rendered in order, for the viewer's level of access."""
    access = getattr(person, "access", None) or person_access(request.user, person)
    rendered = []
    for panel in registered_panels():
        if panel.takes_access:
            extra = panel.context(request, person, access=access)
        elif access.full:
            extra = panel.context(request, person)
        else:
            continue
        if extra is None:
            continue
        html = render_to_string(panel.template, {**extra, "person": person, "access": access}, request=request)
        rendered.append(RenderedPanel(key=panel.key, html=html))
    return rendered
