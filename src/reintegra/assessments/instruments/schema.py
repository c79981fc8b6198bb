"""The JSON Schema of an instrument definition file (``schema: reintegra.instrument/1``).

The schema checks shape and types; ``loader`` then checks what a schema cannot express (unique
codes, references, routing order, ascending bands, registered calculators). Descriptions double as
documentation of each field for people writing definition files.
"""
from __future__ import annotations

from typing import Any

SCHEMA_ID = "reintegra.instrument/1"
OCCASIONS = ["pre_sentence", "admission", "scheduled", "release", "breach", "programme_completion",
             "correction", "other"]
TRIGGER_EVENTS = ["admission", "release", "breach", "programme_completion"]

_CODE = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_]*$"}
_NUMBER = {"type": "number"}
_TEXT: dict[str, Any] = {
    "description": "A plain string, or a mapping of language code to string that includes 'en'.",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": ["en"],
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[a-z0-9]+)*$"},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ],
}
_EXT = {"^x-": {}}  # extension keys (ignored by the engine)


def _obj(required: list[str], properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """An object schema that rejects unknown keys (catching typos), except ``x-`` extensions."""
    schema: dict[str, Any] = {
        "type": "object", "required": required, "properties": properties,
        "patternProperties": _EXT, "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


OPTION = _obj(["code", "label"], {
    "code": {"type": "string", "minLength": 1, "description": "The stored answer; quote yes/no in YAML."},
    "label": _TEXT,
    "score": {**_NUMBER, "description": "Points this answer gives (default 0)."},
    "strength": {"type": "boolean", "description": "This answer records a strength of the item's domain."},
    "flags": {"type": "array", "items": _KEY, "description": "Flag codes this answer raises."},
})

SCORE_BIN = _obj(["score"], {"max": _NUMBER, "score": _NUMBER})

SHOW_IF = _obj(["item"], {
    "item": _KEY,
    "in": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "min": _NUMBER,
    "max": _NUMBER,
}, "Routing: show the item only when an earlier item's answer is in the list (choice) or in range (number).")

ITEM = _obj(["code", "text", "type"], {
    "code": _KEY,
    "text": _TEXT,
    "help": _TEXT,
    "type": {"enum": ["choice", "number", "text", "date"]},
    "required": {"type": "boolean"},
    "domain": _KEY,
    "options": {"type": "array", "items": OPTION, "minItems": 1},
    "min": _NUMBER,
    "max": _NUMBER,
    "integer": {"type": "boolean"},
    "score_bins": {"type": "array", "items": SCORE_BIN, "minItems": 1},
    "show_if": SHOW_IF,
    "strength_of": _KEY,
})

SECTION = _obj(["code", "title", "items"], {
    "code": _KEY,
    "title": _TEXT,
    "help": _TEXT,
    "items": {"type": "array", "items": ITEM, "minItems": 1},
})

DOMAIN = _obj(["code", "label"], {
    "code": _KEY,
    "label": _TEXT,
    "criminogenic": {"type": "boolean"},
    "need_at": {**_NUMBER, "description": "Domain score at or above which it is a need (default 1)."},
    "explanation": _TEXT,
})

BAND = _obj(["code", "min", "label"], {
    "code": _KEY,
    "min": _NUMBER,
    "label": _TEXT,
    "explanation": _TEXT,
})

SCALE = _obj(["code", "label", "unit", "bands"], {
    "code": _KEY,
    "label": _TEXT,
    "sum": {"anyOf": [{"const": "domains"}, {"type": "array", "items": _KEY, "minItems": 1}]},
    "weights": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
    "calculator": {"type": "string", "minLength": 1},
    "unit": {"enum": ["points", "probability", "scale"]},
    "bands": {"type": "array", "items": BAND, "minItems": 1},
})

FLAG = _obj(["code", "label"], {
    "code": _KEY,
    "label": _TEXT,
    "explanation": _TEXT,
    "kind": {"enum": ["responsivity", "safety", "other"]},
})

STRENGTH = _obj(["code", "label"], {"code": _KEY, "label": _TEXT})

REASSESSMENT = _obj(["months"], {
    "months": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
    "after_events": {"type": "array", "items": {"enum": TRIGGER_EVENTS}},
})

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://reintegra.example/schema/reintegra.instrument-1.json",
    "title": "Reintegra assessment instrument definition",
    **_obj(["schema", "code", "version", "kind", "title", "description", "sections", "scales"], {
        "schema": {"const": SCHEMA_ID},
        "code": _CODE,
        "version": {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z.+-]*$",
                    "description": "Must change whenever the content changes."},
        "kind": {"enum": ["needs", "screener", "responsivity", "actuarial"]},
        "title": _TEXT,
        "description": _TEXT,
        "use": {"type": "array", "items": {"enum": OCCASIONS}},
        "source": _TEXT,
        "domains": {"type": "array", "items": DOMAIN},
        "sections": {"type": "array", "items": SECTION, "minItems": 1},
        "scales": {"type": "array", "items": SCALE, "minItems": 1},
        "flags": {"type": "array", "items": FLAG},
        "strengths": {"type": "array", "items": STRENGTH},
        "reassessment": REASSESSMENT,
    }),
}
