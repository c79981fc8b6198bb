"""The ICCS level-1 sections shipped by the data migration, and that the migration reverses."""
from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from reintegra.justice.iccs import ICCS_SECTIONS
from reintegra.justice.models import OffenceCategory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("reintegra.justice.migrations.0003_iccs_level1_sections")


def test_the_eleven_sections_exist_and_map_to_themselves() -> None:
    sections = OffenceCategory.objects.filter(is_national=False, level=1).order_by("code")
    assert [s.code for s in sections] == [f"{n:02d}" for n in range(1, 12)]
    assert all(s.iccs_section_id == s.pk for s in sections)
    assert sections.get(code="06").name == "Acts involving controlled drugs or other psychoactive substances"
    assert set(ICCS_SECTIONS) == {s.code for s in sections}
    assert {s.code: str(ICCS_SECTIONS[s.code]) for s in sections} == {s.code: s.name for s in sections}


def test_the_data_migration_reverses_and_reapplies() -> None:
    migration.remove_sections(apps, None)
    assert not OffenceCategory.objects.filter(code__in=migration.CODES).exists()
    migration.add_sections(apps, None)
    migration.add_sections(apps, None)  # idempotent
    assert OffenceCategory.objects.filter(code__in=migration.CODES).count() == 11


def test_the_data_migration_does_not_import_app_code() -> None:
    source = importlib.util.find_spec(migration.__name__).origin
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    assert "reintegra" not in text.replace("# ", "")
