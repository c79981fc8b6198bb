"""The JSON Schema of definition files: itself valid, and accepting the test definition."""
from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from reintegra.assessments.instruments import SCHEMA, SCHEMA_ID
from reintegra.assessments.instruments.loader import describe

DATA = yaml.safe_load((Path(__file__).parent / "definitions" / "test-needs.yaml").read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema"] == {"const": SCHEMA_ID}


def test_the_test_definition_fits_the_schema() -> None:
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(DATA)) == []


def test_extension_keys_are_allowed_and_typos_are_not() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not list(validator.iter_errors({**DATA, "x-notes": {"anything": [1]}}))
    assert list(validator.iter_errors({**DATA, "domians": []}))


def test_texts_are_strings_or_language_mappings_with_english() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for title, ok in [("T", True), ({"en": "T", "pt-br": "T"}, True), ({"es": "T"}, False), ({"en": 3}, False),
                      ({"EN": "T", "en": "T"}, False), ("", False)]:
        assert (not list(validator.iter_errors({**DATA, "title": title}))) is ok, title


def test_places_are_described_by_their_codes() -> None:
    assert describe(DATA, ("sections", 0, "items", 0, "options", 2, "score")) == 'item "sub_any", option "yes": score'
    assert describe(DATA, ("scales", 0, "bands", 1, "min")) == 'scale "total", band "moderate": min'
    assert describe(DATA, ("sections", 1)) == 'section "work"'
    assert describe(DATA, ("version",)) == "version"
