"""Eligibility rules as data: each rule names its population (``supervised`` periods or people in
``custody``), the criteria it tests over named facts (``eligibility.facts``) and what acting on it
means. Shipped rules are in ``shipped.json``; ``settings.REINTEGRA_ELIGIBILITY_RULES`` changes them
per jurisdiction (docs/supervision.md, "Eligibility")::

    {"shipped": true,                 # keep the shipped rules (the default)
     "disable": ["lower_level"],      # leave these out
     "rules": [{...}, ...]}           # add rules, or replace a shipped rule of the same key

(a bare list is read as ``{"rules": [...]}``). Everything is checked when the app starts
(``register``): a wrong value stops start-up with a message naming the setting and the problem.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from reintegra.assessments.instruments import tr
from reintegra.supervision.eligibility.facts import BOOLEAN, CHOICE, FACTS, NUMBER, POPULATIONS

SETTING = "REINTEGRA_ELIGIBILITY_RULES"
SHIPPED = Path(__file__).resolve().parent / "shipped.json"
DEFAULT_RECONSIDER_DAYS = 90

# What acting on a flag does besides recording the decision (docs/supervision.md).
ACTIONS = ("record", "early_discharge", "lower_level")
OPERATORS = {
    NUMBER: (">=", ">", "<=", "<", "==", "!="),
    BOOLEAN: ("==", "!="),
    CHOICE: ("==", "!=", "in", "not_in"),
}
_RULE_KEYS = {"key", "label", "description", "population", "action", "criteria", "reconsider_after_days"}
_CRITERION_KEYS = {"fact", "op", "value", "reason", "near_miss"}


@dataclass(frozen=True)
class Criterion:
    """``fact op value``; ``reason`` replaces the fact's own sentence (``{value}`` is the value);
    ``near_miss`` false: failing it alone does not make a near miss (a new arrest, say)."""

    fact: str
    op: str
    value: Any
    reason: Any = None
    near_miss: bool = True


@dataclass(frozen=True)
class Rule:
    key: str
    label: Any
    population: str
    criteria: tuple[Criterion, ...]
    description: Any = ""
    action: str = "record"
    reconsider_after_days: int = DEFAULT_RECONSIDER_DAYS

    @property
    def title(self) -> str:
        return tr(self.label)

    @property
    def explanation(self) -> str:
        return tr(self.description)


class RuleError(ValueError):
    """A rule is invalid; the message says which rule and what is wrong."""


def _text(value: Any) -> bool:
    return (isinstance(value, str) and value.strip() != "") or (
        isinstance(value, Mapping) and bool(value) and all(isinstance(v, str) for v in value.values()))


def _check_value(where: str, kind: str, op: str, value: Any, choices: tuple[str, ...]) -> None:
    if kind == NUMBER and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise RuleError(f"{where}: value must be a number, not {value!r}.")
    if kind == BOOLEAN and not isinstance(value, bool):
        raise RuleError(f"{where}: value must be true or false, not {value!r}.")
    if kind == CHOICE:
        values = value if op in ("in", "not_in") else [value]
        if op in ("in", "not_in") and (not isinstance(value, list) or not value):
            raise RuleError(f"{where}: {op} needs a non-empty list of values.")
        wrong = [v for v in values if v not in choices]
        if wrong:
            raise RuleError(f"{where}: unknown value(s) {wrong!r}; use {', '.join(choices)}.")


def parse_criterion(data: Any, where: str, population: str) -> Criterion:
    if not isinstance(data, Mapping):
        raise RuleError(f"{where}: a criterion is an object with fact, op and value.")
    unknown = sorted(set(data) - _CRITERION_KEYS)
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}; use {', '.join(sorted(_CRITERION_KEYS))}.")
    missing = [key for key in ("fact", "op", "value") if key not in data]
    if missing:
        raise RuleError(f"{where}: missing {', '.join(missing)}.")
    fact = FACTS.get(data["fact"])
    if fact is None or population not in fact.populations:
        known = ", ".join(name for name, f in FACTS.items() if population in f.populations)
        raise RuleError(f"{where}: unknown fact {data['fact']!r} for population {population}; the facts are {known}.")
    if data["op"] not in OPERATORS[fact.kind]:
        raise RuleError(f"{where}: operator {data['op']!r} does not apply to {fact.name}; use "
                        f"{', '.join(OPERATORS[fact.kind])}.")
    _check_value(f"{where} ({fact.name})", fact.kind, data["op"], data["value"], fact.choices)
    if "reason" in data and not _text(data["reason"]):
        raise RuleError(f"{where}: reason must be text (or an object of texts by language code).")
    if not isinstance(data.get("near_miss", True), bool):
        raise RuleError(f"{where}: near_miss must be true or false.")
    return Criterion(fact=fact.name, op=data["op"], value=data["value"], reason=data.get("reason"),
                     near_miss=data.get("near_miss", True))


def parse_rule(data: Any, where: str = "rule") -> Rule:
    """Check one rule and build it; ``RuleError`` names the rule and the problem."""
    if not isinstance(data, Mapping):
        raise RuleError(f"{where}: a rule is an object with key, label, population and criteria.")
    key = data.get("key")
    if not isinstance(key, str) or not key or not key.replace("_", "").replace("-", "").isalnum() or len(key) > 64:
        raise RuleError(f"{where}: key must be letters, digits, - or _ (up to 64), not {key!r}.")
    where = f"{where} {key!r}"
    unknown = sorted(set(data) - _RULE_KEYS)
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}; use {', '.join(sorted(_RULE_KEYS))}.")
    if not _text(data.get("label")):
        raise RuleError(f"{where}: label is required (text, or an object of texts by language code).")
    if "description" in data and not _text(data["description"]):
        raise RuleError(f"{where}: description must be text (or an object of texts by language code).")
    population = data.get("population")
    if population not in POPULATIONS:
        raise RuleError(f"{where}: population must be one of {', '.join(POPULATIONS)}, not {population!r}.")
    action = data.get("action", "record")
    if action not in ACTIONS or (action != "record" and population != "supervised"):
        raise RuleError(f"{where}: action must be one of {', '.join(ACTIONS)} (only record for custody), "
                        f"not {action!r}.")
    days = data.get("reconsider_after_days", DEFAULT_RECONSIDER_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise RuleError(f"{where}: reconsider_after_days must be a whole number of days (1 or more).")
    criteria = data.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise RuleError(f"{where}: criteria must be a non-empty list.")
    return Rule(
        key=key, label=data["label"], description=data.get("description", ""), population=population,
        action=action, reconsider_after_days=days,
        criteria=tuple(parse_criterion(c, f"{where} criterion {n}", population) for n, c in enumerate(criteria, 1)),
    )


def shipped_rules() -> dict[str, Rule]:
    """The rules shipped in ``shipped.json``, by key."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return {rule.key: rule for rule in (parse_rule(item, f"{SHIPPED.name}") for item in data)}


def build_rules(raw: Any) -> dict[str, Rule]:
    """The rules in force for a value of the setting (``None``: the shipped rules), in order:
    shipped ones first (replaced in place), added ones after. ``ImproperlyConfigured`` names the
    setting and the problem."""
    if raw is None or raw == "":
        raw = {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{SETTING} must be JSON ({exc}).") from exc
    if isinstance(raw, list):
        raw = {"rules": raw}
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured(f'{SETTING} must be an object such as {{"disable": [...], "rules": [...]}}.')
    unknown = sorted(set(raw) - {"shipped", "disable", "rules"})
    if unknown:
        raise ImproperlyConfigured(f"{SETTING}: unknown key(s) {', '.join(unknown)}; use shipped, disable, rules.")
    keep = raw.get("shipped", True)
    disable = raw.get("disable", [])
    added = raw.get("rules", [])
    if not isinstance(keep, bool):
        raise ImproperlyConfigured(f"{SETTING}: shipped must be true or false.")
    if not isinstance(disable, list) or not all(isinstance(k, str) for k in disable):
        raise ImproperlyConfigured(f"{SETTING}: disable must be a list of rule keys.")
    if not isinstance(added, list):
        raise ImproperlyConfigured(f"{SETTING}: rules must be a list of rules.")
    rules = dict(shipped_rules()) if keep else {}
    seen: set[str] = set()
    for number, item in enumerate(added, 1):
        try:
            rule = parse_rule(item, f"rules[{number}]")
        except RuleError as exc:
            raise ImproperlyConfigured(f"{SETTING}: {exc}") from None
        if rule.key in seen:
            raise ImproperlyConfigured(f"{SETTING}: rule {rule.key!r} is given twice.")
        seen.add(rule.key)
        rules[rule.key] = rule
    missing = sorted(set(disable) - set(rules))
    if missing:
        raise ImproperlyConfigured(f"{SETTING}: disable names unknown rule(s) {', '.join(missing)}; the rules are "
                                   f"{', '.join(rules)}.")
    return {key: rule for key, rule in rules.items() if key not in disable}


# The rules for the setting as last read: (repr of the setting, rules); a changed setting
# (tests override it) is read and checked again.
_cache: tuple[str, dict[str, Rule]] | None = None


def active_rules(population: str | None = None) -> dict[str, Rule]:
    """The rules in force (of ``population`` when given), by key."""
    global _cache
    raw = getattr(settings, SETTING, None)
    key = repr(raw)
    if _cache is None or _cache[0] != key:
        _cache = (key, build_rules(raw))
    rules = _cache[1]
    return rules if population is None else {k: r for k, r in rules.items() if r.population == population}


def rule_get(key: str) -> Rule | None:
    return active_rules().get(key)


def register() -> None:
    """Check the shipped rules and the setting when the app starts."""
    active_rules()
