"""Loading definition files: every problem names the file, the line and what is wrong."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from reintegra.assessments.instruments import DefinitionError, instrument_from_dict, load_definition

DEFINITION = Path(__file__).parent / "definitions" / "test-needs.yaml"
TEXT = DEFINITION.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "test-needs.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_test_definition_loads_with_its_parts() -> None:
    instrument = load_definition(DEFINITION)
    assert (instrument.code, instrument.version, instrument.kind) == ("test-needs", "1.0", "needs")
    assert [d.code for d in instrument.domains] == ["substance", "work", "history"]
    assert instrument.item("sub_days").score_bins[-1].max is None
    assert instrument.item("work_notes").required is False  # text items are optional by default
    assert instrument.item("work_now").required is True
    assert instrument.primary_scale.code == "total"
    assert instrument.reassessment is not None and instrument.reassessment.months["high"] == 6
    assert len(instrument.sha256) == 64 and instrument.path == str(DEFINITION)
    json.dumps(instrument.definition)  # the stored definition is JSON-able


def test_the_hash_is_of_the_content_so_comments_and_format_do_not_change_it(tmp_path: Path) -> None:
    reformatted = _write(tmp_path, "# a comment\n" + yaml.safe_dump(yaml.safe_load(TEXT), allow_unicode=True))
    as_json = _write(tmp_path, json.dumps(yaml.safe_load(TEXT), indent=2), "test-needs.json")
    sha = load_definition(DEFINITION).sha256
    assert load_definition(reformatted).sha256 == sha
    assert load_definition(as_json).sha256 == sha
    changed = _write(tmp_path, TEXT.replace("min: 8", "min: 9"), "changed.yaml")
    assert load_definition(changed).sha256 != sha


# (text to replace, replacement, expected problem; the line is where the replacement starts)
BROKEN = [
    ("code: sub_days", "code: sub_any", 'item "sub_any": code: the item code "sub_any" is used twice'),
    ('show_if: {item: sub_any, in: [some, "yes"]}', 'show_if: {item: sub_days, in: ["yes"]}',
     'show_if must refer to an earlier item; "sub_days" is not earlier'),
    ('show_if: {item: sub_any, in: [some, "yes"]}', "show_if: {item: nothing, in: [x]}",
     'show_if refers to an unknown item "nothing"'),
    ('show_if: {item: sub_any, in: [some, "yes"]}', 'show_if: {item: sub_any, in: [some, "maybe"]}',
     '"maybe" is not an option of "sub_any" (options: no, some, yes)'),
    ('show_if: {item: sub_any, in: [some, "yes"]}', "show_if: {item: sub_any, min: 1}",
     'show_if on the choice item "sub_any" needs "in"'),
    ("show_if: {item: hist_priors, min: 1}", 'show_if: {item: hist_priors, in: ["1"]}',
     'show_if on the number item "hist_priors" needs min and/or max'),
    ("show_if: {item: hist_priors, min: 1}", "show_if: {item: work_notes, min: 1}",
     "show_if can refer only to choice or number items"),
    ("domain: work\n        options:\n          - {code: \"yes\", label: \"Yes\", score: 0, strength: true}",
     "domain: jobs\n        options:\n          - {code: \"yes\", label: \"Yes\", score: 0, strength: true}",
     'item "work_now": domain: domain "jobs" is not defined under domains (defined: substance, work, history)'),
    ("flags: [treatment]", "flags: [treat]", 'flag "treat" is not defined under flags (defined: interpreter, treatment)'),
    ("strength_of: human_capital", "strength_of: social", 'strength "social" is not defined under strengths'),
    ("{code: moderate, min: 4", "{code: moderate, min: 0", "band minimums must increase (0 is not above 0)"),
    ("{code: high, min: 8", "{code: medium, min: 8", "bands must be taken from low, moderate, high, very_high"),
    ("min: 0\n        max: 31", "min: 40\n        max: 31", 'item "sub_days": min: min (40) is above max (31)'),
    ("sum: [sub_any, sub_current]", "calculator: nope", 'scale "substance_only": calculator: calculator "nope" is '
     "not registered"),
    ("sum: [sub_any, sub_current]", "sum: [sub_any, work_notes]", '"work_notes" is not a domain or a scored item'),
    ("weights: {history: 2}", "weights: {histories: 2}", 'weight for "histories", which the scale does not sum'),
    ('version: "1.0"', "version: 1.0", 'version: must be text; write it in quotes'),
    ('{code: "no", label: {en: "No", es: "No"}, score: 0}', '{code: no, label: {en: "No", es: "No"}, score: 0}',
     'item "sub_any", option 1: code: must be text; write it in quotes'),
    ("{code: some, label: {en: Some, es: Algo}, score: 1}", "{code: some, label: {en: Some, es: Algo}, score: lots}",
     'item "sub_any", option "some": score: must be a number'),
    ("criminogenic: false", "criminal: false", 'domain "history": unknown field "criminal" (allowed: code, '),
    ("type: text", "type: essay", 'item "work_notes": type: must be one of: choice, number, text, date'),
    ("title: {en: Test needs, es: Necesidades de prueba}", "title: {es: Necesidades de prueba}",
     "title: needs an English version (en)"),
    ("code: test-needs", "code: Test_Needs", '"Test_Needs" may use only lower-case letters, digits and -'),
    ("  months: {low: 12,", "  months: {lowest: 12,", '"lowest" is not a band of the primary scale'),
    ("      - code: work_notes\n        text: Notes\n        type: text",
     "      - code: work_notes\n        text: Notes\n        type: text\n        domain: work",
     "only choice and number items can feed a domain"),
    ("score_bins: [{max: 0, score: 0}, {max: 10, score: 1}, {score: 2}]",
     "score_bins: [{max: 0, score: 0}, {max: 10, score: 1}, {max: 20, score: 2}]", "the last score bin must have no max"),
    ("score_bins: [{max: 0, score: 0}, {max: 3, score: 1}, {score: 3}]",
     "score_bins: [{max: 3, score: 0}, {max: 3, score: 1}, {score: 3}]", "score bin maxima must increase"),
    ("      - code: work_notes\n", "      - code: work_notes\n        options: [{code: a, label: A}]\n",
     'a text item cannot have "options"'),
    ("    unit: points\n    bands:\n      - {code: low, min: 0, label: Low, explanation",
     "    unit: scale\n    bands:\n      - {code: low, min: 0, label: Low, explanation",
     'the first (primary) scale gives the risk band, so its unit cannot be "scale"'),
    ("sum: domains", "sum: domains\n    calculator: nope", "a scale needs either sum or calculator (not both)"),
    ("kind: needs", "kind: needs\nkind: screener", 'field "kind" appears twice'),
    ("code: work\n    title: Work", "code: work\n    title: Work: more", "not valid YAML"),
]


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN, ids=[case[2][:40] for case in BROKEN])
def test_each_problem_names_the_file_and_the_line(tmp_path: Path, old: str, new: str, problem: str) -> None:
    assert TEXT.count(old) == 1, old
    text = TEXT.replace(old, new)
    path = _write(tmp_path, text)
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    error = caught.value
    assert problem in error.problem
    changed_line = TEXT[: TEXT.index(old)].count("\n") + 1
    assert changed_line <= (error.line or 0) <= changed_line + new.count("\n"), str(error)
    assert str(error).startswith(f"test-needs.yaml, line {error.line}: ")


def test_a_missing_field_names_the_object_it_is_missing_from(tmp_path: Path) -> None:
    text = TEXT.replace("      - code: work_notes\n        text: Notes\n", "      - code: work_notes\n")
    with pytest.raises(DefinitionError) as caught:
        load_definition(_write(tmp_path, text))
    assert caught.value.line == _line_of(text, "- code: work_notes")
    assert caught.value.problem == 'item "work_notes": missing field "text"'


def test_a_json_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = json.dumps(yaml.safe_load(TEXT), indent=2).replace('"kind": "needs",', '"kind": "needs"')
    with pytest.raises(DefinitionError) as caught:
        load_definition(_write(tmp_path, text, "broken.json"))
    assert str(caught.value).startswith("broken.json, line ")
    assert caught.value.line == _line_of(text, '"title"')
    assert "not valid JSON" in caught.value.problem


def test_json_schema_errors_name_the_line_too(tmp_path: Path) -> None:
    text = json.dumps(yaml.safe_load(TEXT), indent=2).replace('"kind": "needs"', '"kind": "feelings"')
    with pytest.raises(DefinitionError) as caught:
        load_definition(_write(tmp_path, text, "mine.json"))
    assert caught.value.line == _line_of(text, '"kind"')
    assert "kind: must be one of" in caught.value.problem


def test_other_files_that_are_not_definitions(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="must be a mapping"):
        load_definition(_write(tmp_path, "- a\n- b\n", "list.yaml"))
    with pytest.raises(DefinitionError, match="file not found"):
        load_definition(tmp_path / "absent.yaml")
    (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DefinitionError, match="not UTF-8"):
        load_definition(tmp_path / "latin1.yaml")


def test_instrument_from_dict_runs_the_same_checks() -> None:
    data = yaml.safe_load(TEXT)
    assert instrument_from_dict(data).sha256 == load_definition(DEFINITION).sha256
    data["sections"][0]["items"][1]["show_if"]["item"] = "sub_days"
    with pytest.raises(DefinitionError) as caught:
        instrument_from_dict(data, source="api")
    assert caught.value.file == "api" and caught.value.line is None
    assert str(caught.value).startswith("api: ")
