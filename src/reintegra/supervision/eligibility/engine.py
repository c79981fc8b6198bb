"""Evaluating rules over facts: which criteria hold, the plain-language reason for each ("on
supervision 14 months (rule: at least 12)"), and for a near miss (every criterion but one holds,
and that one may be missed) what is missing. Pure: no database."""
from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from reintegra.assessments.instruments import tr
from reintegra.supervision.eligibility.facts import BOOLEAN, FACTS, NUMBER
from reintegra.supervision.eligibility.rules import Criterion, Rule

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
    "!=": operator.ne, "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
}


def _threshold(criterion: Criterion) -> str:
    fact = FACTS[criterion.fact]
    value = criterion.value
    if fact.kind == NUMBER:
        shown = f"{value:.0%}" if isinstance(value, float) and 0 < value < 1 else str(value)
    elif isinstance(value, list):
        shown = ", ".join(fact.value_label(v) for v in value)
    else:
        shown = fact.value_label(value)
    words = {
        ">=": _("at least %(v)s"), ">": _("more than %(v)s"), "<=": _("at most %(v)s"), "<": _("less than %(v)s"),
        "==": _("%(v)s"), "!=": _("not %(v)s"), "in": _("one of: %(v)s"), "not_in": _("none of: %(v)s"),
    }
    return words[criterion.op] % {"v": shown}


def _sentence(criterion: Criterion, value: Any) -> str:
    fact = FACTS[criterion.fact]
    if value is None:
        return str(fact.unknown)
    if criterion.reason:
        return tr(criterion.reason).replace("{value}", str(value))
    return fact.said(value)


class Check:
    """One criterion against one person's facts. Whether it is met is worked out at once; the
    sentences only when read (a whole population is evaluated, a page of it is shown)."""

    __slots__ = ("criterion", "value", "met")

    def __init__(self, criterion: Criterion, value: Any) -> None:
        self.criterion = criterion
        self.value = value
        self.met = value is not None and _COMPARE[criterion.op](value, criterion.value)

    @property
    def fact(self) -> str:
        return self.criterion.fact

    @property
    def text(self) -> str:
        """"on supervision 14 months (rule: at least 12)"."""
        if FACTS[self.fact].kind == BOOLEAN:  # "no new arrest during this period" says the rule already
            return _sentence(self.criterion, self.value)
        return _("%(fact)s (rule: %(rule)s)") % {"fact": _sentence(self.criterion, self.value),
                                                   "rule": _threshold(self.criterion)}

    @property
    def missing(self) -> str:
        """For a criterion not met: what would meet it."""
        return "" if self.met else _missing(self.criterion, self.value)

    def stored(self) -> dict[str, Any]:
        """As kept with a review (the reasons at the moment of the decision)."""
        return {"fact": self.fact, "value": self.value, "met": self.met, "text": self.text}


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def near_miss(self) -> bool:
        failed = [(criterion, check) for criterion, check in zip(self.rule.criteria, self.checks) if not check.met]
        return len(failed) == 1 and failed[0][0].near_miss and len(self.checks) > 1

    @property
    def reasons(self) -> list[str]:
        return [check.text for check in self.checks]

    @property
    def missing(self) -> list[str]:
        return [check.missing for check in self.checks if not check.met]


def _missing(criterion: Criterion, value: Any) -> str:
    if value is None:
        return _("record what is unknown: %(what)s") % {"what": FACTS[criterion.fact].unknown}
    if FACTS[criterion.fact].kind == NUMBER and criterion.op in (">=", ">", "<=", "<"):
        gap = criterion.value - value if criterion.op in (">=", ">") else value - criterion.value
        if isinstance(gap, float) and abs(gap) < 1:
            shown = f"{abs(gap):.0%}"
        else:
            shown = f"{abs(gap):g}" if isinstance(gap, float) else str(abs(gap))
        return _("%(label)s: %(gap)s short of the rule (%(rule)s)") % {
            "label": FACTS[criterion.fact].label, "gap": shown, "rule": _threshold(criterion)}
    fact = FACTS[criterion.fact]
    if fact.kind == BOOLEAN:
        wanted = criterion.value if criterion.op == "==" else not criterion.value
        return _("required: %(what)s") % {"what": fact.said(wanted)}
    return _("%(label)s must be %(rule)s") % {"label": fact.label, "rule": _threshold(criterion)}


def evaluate(rule: Rule, facts: Mapping[str, Any]) -> Outcome:
    """The rule against one person's facts (a missing fact never meets a criterion)."""
    return Outcome(rule=rule, checks=tuple(Check(c, facts.get(c.fact)) for c in rule.criteria))


def stable_facts(rule: Rule, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's facts that do not drift with the calendar, as they are now (kept with a review
    so a declined flag comes back when one of them changes)."""
    return {c.fact: facts.get(c.fact) for c in rule.criteria if FACTS[c.fact].stable}


@dataclass(frozen=True)
class Flag:
    """A rule met (or, with ``near_miss``, all but one criterion met) by one member of a population:
    ``row`` is ``eligibility.gather.Row`` (the period or custody stay, whose it is, the facts)."""

    rule: Rule
    row: Any
    outcome: Outcome

    @property
    def near_miss(self) -> bool:
        return not self.outcome.eligible


def flags_for(rows: list[Any], rules: Mapping[str, Rule], *, near_misses: bool = False) -> list[Flag]:
    """Every rule of ``rules`` against every row: the flags raised (and near misses when asked)."""
    found = []
    for rule in rules.values():
        for row in rows:
            outcome = evaluate(rule, row.facts)
            if outcome.eligible or (near_misses and outcome.near_miss):
                found.append(Flag(rule=rule, row=row, outcome=outcome))
    return found
