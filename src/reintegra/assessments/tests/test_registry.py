"""Finding instruments in folders (a country adds one by dropping in a file) and calculators by name."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reintegra.assessments.instruments import (
    CalculatorResult, DefinitionError, calculator_get, clear_caches, instrument_dirs, instrument_get,
    instruments_all, register_calculator, score, unregister_calculator, version_key,
)
from reintegra.assessments.instruments.registry import SHIPPED_DIR

HERE = Path(__file__).parent / "definitions"
TEXT = (HERE / "test-needs.yaml").read_text(encoding="utf-8")

# A made-up third country's short screener: nothing in the code knows about it.
ATLANTIS = """\
schema: reintegra.instrument/1
code: atlantis-screener
version: "2.1"
kind: screener
title: {en: Atlantis screener, es: Cribado de Atlántida}
description: {en: Three questions asked at court., es: Tres preguntas en el tribunal.}
use: [pre_sentence]
domains:
  - {code: housing, label: Housing, criminogenic: true}
sections:
  - code: main
    title: Main
    items:
      - code: homeless
        text: Without stable housing?
        type: choice
        domain: housing
        options:
          - {code: "no", label: "No", score: 0}
          - {code: "yes", label: "Yes", score: 3}
      - code: nights
        text: Nights without shelter in the last month
        type: number
        min: 0
        max: 31
        domain: housing
        show_if: {item: homeless, in: ["yes"]}
        score_bins: [{max: 5, score: 0}, {score: 2}]
scales:
  - code: total
    label: Total
    sum: domains
    unit: points
    bands:
      - {code: low, min: 0, label: Low}
      - {code: high, min: 3, label: High}
"""


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


def test_a_country_adds_an_instrument_by_dropping_a_file_into_a_configured_folder(
    tmp_path: Path, settings: Any
) -> None:
    (tmp_path / "atlantis-screener.yaml").write_text(ATLANTIS, encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a definition", encoding="utf-8")
    settings.REINTEGRA_INSTRUMENT_DIRS = [str(tmp_path)]
    assert instrument_dirs() == [SHIPPED_DIR, tmp_path]
    assert "atlantis-screener" in [i.code for i in instruments_all()]
    inst = instrument_get("atlantis-screener")
    assert inst.version == "2.1" and inst.path == str(tmp_path / "atlantis-screener.yaml")
    result = score(inst, {"homeless": "yes", "nights": 10})
    assert (result.total, result.band, result.needs) == (5.0, "high", ("housing",))


def test_the_folders_setting_may_be_a_pathsep_string(tmp_path: Path, settings: Any) -> None:
    other = tmp_path / "other"
    settings.REINTEGRA_INSTRUMENT_DIRS = f"{tmp_path}{os.pathsep}{other}{os.pathsep}"
    assert instrument_dirs() == [SHIPPED_DIR, tmp_path, other]
    settings.REINTEGRA_INSTRUMENT_DIRS = []
    assert instrument_dirs() == [SHIPPED_DIR]


def test_the_highest_version_wins_compared_numerically(tmp_path: Path, settings: Any) -> None:
    for version in ("1.9", "1.10", "1.2"):
        (tmp_path / f"test-needs-{version}.yaml").write_text(
            TEXT.replace('version: "1.0"', f'version: "{version}"').replace("en: Test needs,", f"en: Test needs {version},"),
            encoding="utf-8")
    settings.REINTEGRA_INSTRUMENT_DIRS = [str(tmp_path)]
    assert instrument_get("test-needs").version == "1.10"
    assert instrument_get("test-needs", "1.2").version == "1.2"
    assert [i.version for i in instruments_all() if i.code == "test-needs"] == ["1.2", "1.9", "1.10"]
    with pytest.raises(KeyError):
        instrument_get("test-needs", "7")
    with pytest.raises(KeyError):
        instrument_get("no-such-instrument")
    assert version_key("2") < version_key("10") and version_key("1.0") < version_key("1.0.1")


def test_same_code_and_version_with_different_content_names_both_files(
    tmp_path: Path, settings: Any
) -> None:
    (tmp_path / "a.yaml").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(TEXT.replace("# A small", "# Same content, other comment"), encoding="utf-8")
    settings.REINTEGRA_INSTRUMENT_DIRS = [str(tmp_path)]
    assert len([i for i in instruments_all() if i.code == "test-needs"]) == 1  # identical content is fine
    (tmp_path / "b.yaml").write_text(TEXT.replace("min: 8", "min: 9"), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        instruments_all()
    message = str(caught.value)
    assert message.startswith("b.yaml: ") and str(tmp_path / "a.yaml") in message
    assert "test-needs version 1.0" in message and "new version" in message


def test_files_are_cached_until_they_change(tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "atlantis.yaml"
    path.write_text(ATLANTIS, encoding="utf-8")
    settings.REINTEGRA_INSTRUMENT_DIRS = [str(tmp_path)]
    first = instrument_get("atlantis-screener")
    assert instrument_get("atlantis-screener") is first
    path.write_text(ATLANTIS.replace('version: "2.1"', 'version: "2.2"'), encoding="utf-8")
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns + 10**9, first_ns))
    assert instrument_get("atlantis-screener").version == "2.2"


def test_a_broken_file_in_a_folder_is_reported_with_its_line(tmp_path: Path, settings: Any) -> None:
    (tmp_path / "broken.yaml").write_text(ATLANTIS.replace("kind: screener", "kind: guess"), encoding="utf-8")
    settings.REINTEGRA_INSTRUMENT_DIRS = [str(tmp_path)]
    with pytest.raises(DefinitionError, match=r"^broken\.yaml, line 4: kind: must be one of"):
        instruments_all()


def test_calculators_are_registered_by_name() -> None:
    def calc(answers: object) -> CalculatorResult:
        return CalculatorResult(score=1.0)

    register_calculator("test-calc", calc)
    try:
        assert calculator_get("test-calc") is calc
    finally:
        unregister_calculator("test-calc")
    with pytest.raises(KeyError):
        calculator_get("test-calc")
    with pytest.raises(TypeError):
        register_calculator("bad", "not callable")  # type: ignore[arg-type]
