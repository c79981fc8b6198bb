"""The whole API's OpenAPI 3 schema generates, validates and has no warnings."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    assert {"/api/people/", "/api/accounts/me/"} <= set(schema["paths"])
