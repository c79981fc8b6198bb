"""Small template helpers for the page shell."""
from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def startswith(value: object, prefix: object) -> bool:
    """``{% if request.path|startswith:url %}``: whether a path lies under a section's URL."""
    return bool(prefix) and str(value).startswith(str(prefix))
