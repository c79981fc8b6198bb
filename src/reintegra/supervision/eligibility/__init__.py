"""Eligibility flags: rules as data (``rules``, ``shipped.json``) over named facts (``facts``)
computed for a whole population in a fixed number of queries (``gather``), evaluated with the
plain-language reason for every criterion (``engine``). See docs/supervision.md, "Eligibility"."""
from reintegra.supervision.eligibility.engine import Check, Flag, Outcome, evaluate, flags_for
from reintegra.supervision.eligibility.facts import CUSTODY, FACTS, SUPERVISED
from reintegra.supervision.eligibility.rules import Criterion, Rule, active_rules, rule_get

__all__ = [
    "CUSTODY", "Check", "Criterion", "FACTS", "Flag", "Outcome", "Rule", "SUPERVISED", "active_rules", "evaluate",
    "flags_for", "rule_get",
]
