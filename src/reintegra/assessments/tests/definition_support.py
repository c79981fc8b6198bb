"""Shared checks for the shipped definition files (test_definitions_*.py).

The shipped instruments promise English and Spanish for every text, an explanation for every band,
domain and flag, and answer sets that pick one option per item. These helpers state those promises
once; each test module applies them to its own file.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from reintegra.assessments.instruments import Instrument, load_definition

DEFINITIONS = Path(__file__).resolve().parents[1] / "instruments" / "definitions"
LANGUAGES = ("en", "es")
# Keys whose values are user-facing texts in a definition file.
TEXT_KEYS = {"title", "description", "source", "label", "explanation", "text", "help"}


def path_of(code: str) -> Path:
    return DEFINITIONS / f"{code}.yaml"


def load(code: str) -> Instrument:
    return load_definition(path_of(code))


def raw(code: str) -> dict[str, Any]:
    """The file as PyYAML reads it (independent of the engine)."""
    with path_of(code).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def texts(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every (location, value) under a text key, anywhere in the parsed definition."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            if key in TEXT_KEYS and not isinstance(value, list):
                yield here, value
            else:
                yield from texts(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            code = value.get("code") if isinstance(value, Mapping) else None
            yield from texts(value, f"{where}[{code or index}]")


def untranslated(definition: Mapping[str, Any]) -> list[str]:
    """Locations of texts that are not a mapping with a non-empty en and es."""
    bad = []
    for where, value in texts(definition):
        if not isinstance(value, Mapping) or any(
            not isinstance(value.get(lang), str) or not value[lang].strip() for lang in LANGUAGES
        ):
            bad.append(where)
    return bad


def lowest(instrument: Instrument) -> dict[str, str]:
    """Answer every item (including routed ones) with its lowest-scoring option, the first on ties."""
    return {
        item.code: min(item.options, key=lambda o: o.score).code
        for item in instrument.items() if item.type == "choice"
    }


def highest(instrument: Instrument) -> dict[str, str]:
    """Answer every item with its highest-scoring option; on ties the last one (opens routed items)."""
    answers = {}
    for item in instrument.items():
        if item.type == "choice":
            top = max(o.score for o in item.options)
            answers[item.code] = [o for o in item.options if o.score == top][-1].code
    return answers
