"""Multilingual texts of a definition file.

A "text" is either a plain string (the same in every language) or a mapping of language code to
string, e.g. ``{en: "Employment", es: "Empleo"}``. Rendering picks the requested (or active Django)
language, then its base language (``es`` for ``es-mx``), then English, then any language given.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Union

Text = Union[str, Mapping[str, str], None]

FALLBACK_LANGUAGE = "en"


def _active_language() -> str:
    """The active Django language, or English when Django is not configured (pure-Python use)."""
    try:
        from django.utils.translation import get_language

        return get_language() or FALLBACK_LANGUAGE
    except Exception:  # settings not configured: the engine is usable without Django set up
        return FALLBACK_LANGUAGE


def tr(text: Text, language: str | None = None) -> str:
    """Render ``text`` in ``language`` (default: the active language), falling back to English."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    lang = (language or _active_language()).lower()
    value = text.get(lang)
    if value is None and "-" in lang:
        value = text.get(lang.split("-", 1)[0])
    if value is None:
        value = text.get(FALLBACK_LANGUAGE)
    if value is None:
        value = next(iter(text.values()), "")
    return value


def en(text: Text) -> str:
    """Render ``text`` in English: the stable, auditable form stored in results."""
    return tr(text, FALLBACK_LANGUAGE)


def languages(text: Text) -> frozenset[str]:
    """The languages a text is written in (empty for a plain string, which serves every language)."""
    if isinstance(text, Mapping):
        return frozenset(text)
    return frozenset()
