"""Load a definition file (YAML or JSON) into an ``Instrument``, or say exactly what is wrong.

Every problem raises ``DefinitionError`` whose message is ``<file name>, line N: <problem>``: the
file is parsed into a YAML node tree alongside the data, so each JSON path (from a JSON-Schema error
or a semantic check) maps back to the line it was written on.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.translation import gettext as _

from . import build, checks
from .model import DefinitionError, Instrument
from .schema import SCHEMA

JsonPath = tuple[Any, ...]
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
# what a list of coded objects is called in messages: sections[3] -> section "code"
_ENTITY = {"sections": "section", "items": "item", "options": "option", "domains": "domain",
           "scales": "scale", "bands": "band", "flags": "flag", "strengths": "strength"}


class Lines:
    """Line numbers of a parsed file, by JSON path; a path without its own line takes its parent's."""

    def __init__(self, node: yaml.Node | None) -> None:
        self._lines: dict[JsonPath, int] = {}
        self.duplicate: tuple[JsonPath, str] | None = None
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: JsonPath) -> None:
        self._lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen and self.duplicate is None:
                    self.duplicate = (path + (key,), key)
                seen.add(key)
                self._lines.setdefault(path + (key,), key_node.start_mark.line + 1)
                self._walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                self._walk(child, path + (index,))

    def line(self, path: Sequence[Any]) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            line = self._lines.get(path)
            if line is not None or not path:
                return line
            path = path[:-1]


def _parse(text: str, name: str, is_json: bool) -> tuple[Any, Lines]:
    """Parse the file text; syntax errors name their line."""
    if is_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DefinitionError(name, exc.lineno, _("not valid JSON: %(problem)s") % {"problem": exc.msg}) from None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:  # valid JSON that YAML 1.1 cannot read (rare): no line numbers
            node = None
        return data, Lines(node)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise DefinitionError(name, line, _("not valid YAML: %(problem)s") % {"problem": problem}) from None
    except yaml.YAMLError as exc:
        raise DefinitionError(name, None, _("not valid YAML: %(problem)s") % {"problem": exc}) from None
    finally:
        loader.dispose()
    return data, Lines(node)


def describe(data: Any, path: Sequence[Any]) -> str:
    """Name the place ``path`` points at: 'item "x", option "yes": score' style."""
    owners: list[str] = []
    fields: list[str] = []
    node = data
    for index, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and index and path[index - 1] in _ENTITY:
            entity = _ENTITY[path[index - 1]]
            code = node.get("code") if isinstance(node, Mapping) else None
            owners.append(f'{entity} "{code}"' if isinstance(code, str) else f"{entity} {part + 1}")
            fields = []
        elif isinstance(part, int):
            fields.append(f"[{part + 1}]")
        elif part not in _ENTITY or index == len(path) - 1:
            fields.append(str(part))
    if len(owners) > 1 and owners[0].startswith("section"):
        owners = owners[1:]  # item codes are unique across the instrument: the section adds nothing
    where = ", ".join(owners)
    field = " ".join(fields)
    if where and field:
        return f"{where}: {field}"
    return where or field


def _schema_problem(error: jsonschema.ValidationError) -> tuple[JsonPath, str]:
    """A plain-English problem for one schema error, and the path it is about."""
    path: JsonPath = tuple(error.absolute_path)
    instance = error.instance
    validator = error.validator
    if validator == "additionalProperties" and isinstance(instance, Mapping):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in instance if k not in allowed and not str(k).startswith("x-"))
        key = extra[0] if extra else "?"
        return path + (key,), _('unknown field "%(key)s" (allowed: %(allowed)s)') % {
            "key": key, "allowed": ", ".join(sorted(allowed))}
    if validator == "required" and error.validator_value == ["en"]:
        return path, _("needs an English version (en): it is shown when a language is missing")
    if validator == "required":
        missing = [k for k in error.validator_value if not isinstance(instance, Mapping) or k not in instance]
        return path, _('missing field "%(key)s"') % {"key": missing[0] if missing else "?"}
    if validator == "type" and error.validator_value == "string" and isinstance(instance, (bool, int, float)):
        return path, _('must be text; write it in quotes (YAML reads 1.0 as a number and yes/no/on/off as '
                       'true/false), e.g. "%(value)s"') % {"value": _yaml_spelling(instance)}
    if validator == "type":
        kind = {"number": _("a number"), "integer": _("a whole number"), "string": _("text"),
                "boolean": _("true or false"), "array": _("a list"), "object": _("a mapping")}
        return path, _("must be %(kind)s") % {"kind": kind.get(str(error.validator_value), error.validator_value)}
    if validator == "enum":
        return path, _("must be one of: %(allowed)s (got %(value)s)") % {
            "allowed": ", ".join(map(str, error.validator_value)), "value": json.dumps(instance, default=str)}
    if validator == "const":
        return path, _("must be %(value)s") % {"value": error.validator_value}
    if validator == "pattern":
        return path, _('"%(value)s" may use only lower-case letters, digits and %(sep)s, starting with a letter '
                       "or digit") % {"value": instance, "sep": "-" if "-" in error.validator_value else "_"}
    if validator == "anyOf" and "en" in json.dumps(error.schema):
        return path, _("must be a text: a string, or a mapping of language code to string that includes en")
    if validator in ("minItems", "minLength"):
        return path, _("must not be empty")
    if validator == "minimum":
        return path, _("must be at least %(min)s") % {"min": error.validator_value}
    return path, error.message


def _yaml_spelling(value: Any) -> str:
    """How a YAML scalar probably looked before YAML typed it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _schema_error(data: Any, lines: Lines, name: str) -> DefinitionError | None:
    """The first schema error (by line), as a DefinitionError; None when the file fits the schema."""
    errors = list(_VALIDATOR.iter_errors(data))
    if not errors:
        return None
    first = min(errors, key=lambda e: (lines.line(e.absolute_path) or 0, -len(e.absolute_path)))
    best = jsonschema.exceptions.best_match([first])
    if best.validator == "anyOf" and "en" not in json.dumps(best.schema):
        best = first
    path, problem = _schema_problem(best)
    where = describe(data, path[:-1] if best.validator == "additionalProperties" else path)
    return DefinitionError(name, lines.line(path), f"{where}: {problem}" if where else problem)


def content_sha256(data: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of the parsed content: formatting and comments do not count."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _instrument(data: Any, lines: Lines, name: str, path: str) -> Instrument:
    """Validate parsed data (schema, then semantic checks) and build the instrument."""
    if lines.duplicate is not None:
        dup_path, key = lines.duplicate
        raise DefinitionError(name, lines.line(dup_path), _('field "%(key)s" appears twice') % {"key": key})
    if not isinstance(data, Mapping):
        raise DefinitionError(name, 1, _("the file must be a mapping of fields (schema, code, version, ...)"))
    error = _schema_error(data, lines, name)
    if error is not None:
        raise error
    problem = checks.first_problem(data)
    if problem is not None:
        bad_path, message = problem
        where = describe(data, bad_path)
        raise DefinitionError(name, lines.line(bad_path), f"{where}: {message}" if where else message)
    definition = json.loads(json.dumps(data, default=str))
    return build.instrument(definition, sha256=content_sha256(definition), path=path)


def load_definition(path: str | Path) -> Instrument:
    """Load and check one definition file (``.yaml``, ``.yml`` or ``.json``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError(path.name, None, _("file not found")) from None
    except UnicodeDecodeError as exc:
        raise DefinitionError(path.name, None, _("not UTF-8 text (%(problem)s)") % {"problem": exc.reason}) from None
    data, lines = _parse(text, path.name, path.suffix.lower() == ".json")
    return _instrument(data, lines, path.name, str(path))


def instrument_from_dict(data: Mapping[str, Any], *, source: str = "<memory>") -> Instrument:
    """Build an instrument from already-parsed data, with the same checks (lines are unknown)."""
    return _instrument(data, Lines(None), source, source)
