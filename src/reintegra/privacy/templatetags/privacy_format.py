"""Filters for rendering subject access rows generically (each row is a dict of JSON values)."""
from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every key used by any row, in first-seen order."""
    seen: dict[str, None] = {}
    for item in rows:
        for key in item:
            seen.setdefault(key, None)
    return list(seen)


@register.filter
def cell(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None or value == "":
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
