"""Key dates of a custodial sentence, computed from a jurisdiction's rule set.

Rule sets are data (``justice/rulesets/<key>.yaml``, or a local file named by path) validated on
load; ``settings.REINTEGRA_KEY_DATE_RULES`` picks the one in use. The computation is a pure
function of plain values (dates, term in days, remand days) so it can be tested exhaustively;
``justice.selectors.key_dates`` gathers those values for a person. Conventions (see
docs/key-dates.md, with worked examples):

* day 1 of a sentence is its start date; a term of N days ends on day N (``start + N - 1``);
* a release point at fraction f is the day on which ``ceil(N × f)`` days have been served;
* remand days credited (``floor(remand × rate)``, at most N) count as days already served, and
  no date falls before the sentence start (a sentence fully served on remand ends the day it starts);
* a remand stay counts from the day of admission up to, not including, the day it ended.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"

_FRACTION = {"type": ["string", "number"]}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name", "conditional_release"],
    "properties": {
        "key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "remand_credit": {
            "type": "object", "additionalProperties": False,
            "properties": {"days_per_day": _FRACTION},
        },
        "conditional_release": {
            "type": "object", "additionalProperties": False, "required": ["fraction"],
            "properties": {"fraction": _FRACTION},
        },
        "parole_eligibility": {
            "type": ["object", "null"], "additionalProperties": False, "required": ["fraction"],
            "properties": {"fraction": _FRACTION, "minimum_days_served": {"type": "integer", "minimum": 0}},
        },
    },
}


class RuleSetError(ValueError):
    """A rule set file is missing or invalid; the message names the file and the problem."""


@dataclass(frozen=True)
class RuleSet:
    key: str
    name: str
    description: str
    release_fraction: Fraction
    parole_fraction: Fraction | None = None
    parole_minimum_days: int = 0
    remand_credit_rate: Fraction = Fraction(1)


@dataclass(frozen=True)
class KeyDates:
    """The computed dates of one sentence, as of ``on``."""

    rules: str
    rules_name: str
    on: dt.date
    sentence_start: dt.date
    term_days: int
    remand_days: int
    remand_days_credited: int
    sentence_end: dt.date
    conditional_release: dt.date
    parole_eligibility: dt.date | None
    days_left: int  # days from ``on`` to the conditional release date (0 once it is reached)
    days_to_sentence_end: int


def _fraction(value: Any, where: str, path: Path | str) -> Fraction:
    try:
        result = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise RuleSetError(f"{path}: {where} is not a number or fraction like \"2/3\" (got {value!r}).") from None
    return result


def parse_ruleset(data: Any, path: Path | str = "<rule set>") -> RuleSet:
    """Validate loaded YAML data and build a ``RuleSet``; ``RuleSetError`` names what is wrong."""
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise RuleSetError(f"{path}: {where}: {exc.message}") from None
    release = _fraction(data["conditional_release"]["fraction"], "conditional_release.fraction", path)
    if not 0 < release <= 1:
        raise RuleSetError(f"{path}: conditional_release.fraction must be above 0 and at most 1.")
    parole_data = data.get("parole_eligibility") or None
    parole = None
    minimum = 0
    if parole_data is not None:
        parole = _fraction(parole_data["fraction"], "parole_eligibility.fraction", path)
        minimum = int(parole_data.get("minimum_days_served", 0))
        if not 0 < parole <= release:
            raise RuleSetError(
                f"{path}: parole_eligibility.fraction must be above 0 and not above conditional_release.fraction."
            )
    rate = _fraction((data.get("remand_credit") or {}).get("days_per_day", 1), "remand_credit.days_per_day", path)
    if rate < 0:
        raise RuleSetError(f"{path}: remand_credit.days_per_day cannot be negative.")
    return RuleSet(
        key=data["key"], name=data["name"], description=(data.get("description") or "").strip(),
        release_fraction=release, parole_fraction=parole, parole_minimum_days=minimum, remand_credit_rate=rate,
    )


def load_ruleset(path: Path | str) -> RuleSet:
    """Load and validate one rule set file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleSetError(f"{path}: rule set file not found.") from None
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{path}: not valid YAML ({exc}).") from None
    ruleset = parse_ruleset(data, path)
    if path.parent == RULESET_DIR and ruleset.key != path.stem:
        raise RuleSetError(f"{path}: key {ruleset.key!r} does not match the file name.")
    return ruleset


def shipped_rulesets() -> dict[str, RuleSet]:
    """Every rule set shipped in ``justice/rulesets``, by key."""
    return {path.stem: load_ruleset(path) for path in sorted(RULESET_DIR.glob("*.yaml"))}


@functools.lru_cache(maxsize=8)
def get_ruleset(name: str) -> RuleSet:
    """A shipped rule set by key, or a local file by path (``.yaml``/``.yml``)."""
    if name.endswith((".yaml", ".yml")):
        return load_ruleset(name)
    path = RULESET_DIR / f"{name}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in RULESET_DIR.glob("*.yaml")))
        raise RuleSetError(f"{path}: no shipped rule set named {name!r} (shipped: {known}).")
    return load_ruleset(path)


def active_ruleset() -> RuleSet:
    """The rule set named by ``settings.REINTEGRA_KEY_DATE_RULES``."""
    return get_ruleset(settings.REINTEGRA_KEY_DATE_RULES)


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def remand_days(spans: Iterable[tuple[dt.date, dt.date | None]], *, until: dt.date) -> int:
    """Days on remand before ``until``: each stay from admission up to (not including) its end,
    an open stay up to ``until``; days covered twice count once."""
    clipped = sorted(
        (start, min(end or until, until)) for start, end in spans if start < until
    )
    total = 0
    covered_to: dt.date | None = None
    for start, end in clipped:
        if covered_to is not None and start < covered_to:
            start = covered_to
        if end > start:
            total += (end - start).days
            covered_to = end
    return total


def compute_key_dates(
    *, rules: RuleSet, sentence_start: dt.date, term_days: int, remand_days: int = 0, on: dt.date,
) -> KeyDates:
    """The key dates of a sentence of ``term_days`` starting on ``sentence_start``."""
    if term_days < 1:
        raise ValueError("term_days must be at least 1")
    if remand_days < 0:
        raise ValueError("remand_days cannot be negative")
    credited = min(term_days, int(remand_days * rules.remand_credit_rate))

    def day(served: int) -> dt.date:
        # The date on which ``served`` days (counting the credit) have been served.
        return sentence_start + dt.timedelta(days=max(0, served - credited - 1))

    sentence_end = day(term_days)
    release = day(_ceil(term_days * rules.release_fraction))
    parole = None
    if rules.parole_fraction is not None:
        served = max(_ceil(term_days * rules.parole_fraction), min(rules.parole_minimum_days, term_days))
        parole = min(day(served), release)
    return KeyDates(
        rules=rules.key, rules_name=rules.name, on=on, sentence_start=sentence_start, term_days=term_days,
        remand_days=remand_days, remand_days_credited=credited, sentence_end=sentence_end,
        conditional_release=release, parole_eligibility=parole,
        days_left=max(0, (release - on).days), days_to_sentence_end=max(0, (sentence_end - on).days),
    )
