"""Number formatting for model cards: localised proportions and percentages."""
from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.4551 -> "45.5%" in the active locale; empty for a missing value."""
    if value is None or value == "":
        return "–"
    return f"{number_format(100 * float(value), decimal_pos=int(digits))}%"


@register.filter
def num(value: Any, digits: int = 3) -> str:
    """A localised number with ``digits`` decimals; a dash when missing."""
    if value is None or value == "":
        return "–"
    return number_format(float(value), decimal_pos=int(digits))


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``mapping[key]`` in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
