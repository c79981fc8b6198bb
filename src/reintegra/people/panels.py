"""Panels that other apps add to the person page without ``people`` importing them.

An app registers a panel in its ``AppConfig.ready()``::

    register_panel(key="justice-status", order=10, template="justice/panels/status.html",
                   context=lambda request, person: {...} or None)

The person page renders every registered panel in ``order``; a ``None`` context hides the panel
(for example when the user may not see it). Panel templates receive ``person``, ``request`` and
their own context.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from reintegra.people.models import Person

PanelContext = Callable[[HttpRequest, "Person"], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: PanelContext


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    html: SafeString


_PANELS: dict[str, Panel] = {}


def register_panel(*, key: str, order: int, template: str, context: PanelContext) -> None:
    """Add (or replace, by ``key``) a panel on the person page."""
    _PANELS[key] = Panel(key=key, order=order, template=template, context=context)


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def registered_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def render_panels(request: HttpRequest, person: Person) -> list[RenderedPanel]:
    """Every visible panel for ``person``, rendered in order."""
    rendered = []
    for panel in registered_panels():
        extra = panel.context(request, person)
        if extra is None:
            continue
        html = render_to_string(panel.template, {**extra, "person": person}, request=request)
        rendered.append(RenderedPanel(key=panel.key, html=html))
    return rendered
