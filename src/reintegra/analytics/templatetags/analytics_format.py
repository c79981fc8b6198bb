"""Number formatting for model cards: localised proportions and percentages."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


def round_half_up(value: float, digits: int = 0) -> Decimal:
    """Round as people do (0.5 up), from the number's shortest decimal form."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.4551 -> "45.5%" in the active locale; a dash for a missing value."""
    if value is None or value == "":
        return "–"
    return f"{number_format(round_half_up(100 * float(value), int(digits)), decimal_pos=int(digits))}%"


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
