"""Answers to any instrument definition from latent domain levels (0..3), drawn in vectors.

The generator knows nothing about a particular instrument. For a person whose level in a domain
is ``L`` it draws a target fraction ``t = L / 3 + person-domain noise + item noise`` (clipped to
0..1) for each item of the domain, and picks the option whose score, as a fraction of the item's
maximum, has expectation ``t``: between the two options whose fractions bracket ``t`` it takes
the upper one with probability ``(t - lower) / (upper - lower)`` (randomised rounding). So item
scores rise with the level, and two people with the same level still answer differently.

* Options with the same score: the first in the definition is taken 90% of the time (definitions
  list "no problem" answers first), except that an option marked as a strength is taken with a
  probability that falls with the level (85% at level 0, 10% at level 3).
* Unscored choice items that open later items (routing) open them with probability
  ``0.15 + 0.8 t``; other unscored choice items take their first option 80% of the time.
* Number items with score bins pick a bin the same way, then a value inside it.
* Routing is respected: an item whose ``show_if`` does not match is left unanswered.
* Known facts (``facts``: item code -> the answer per person, or None) replace the draw for
  that item, e.g. whether the person has children.
* Text and date items are left empty.

Every random number is drawn for every person and item whether or not it is used, so a change in
one person's routing never shifts another person's answers.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reintegra.assessments.instruments import Instrument, Item

LEVEL_MAX = 3
PERSON_DOMAIN_SD = 0.10
ITEM_SD = 0.20
FIRST_OF_TIES = 0.90
STRENGTH_BY_LEVEL = np.array([0.85, 0.50, 0.20, 0.10])
UNSCORED_FIRST = 0.80


@dataclass(frozen=True)
class _Plan:
    code: str
    kind: str                      # "choice" | "number" | "skip"
    column: int                    # level column (domain index); -1: the mean of all domains
    options: tuple[Any, ...]       # choice: option codes; number: ()
    fractions: np.ndarray          # sorted distinct score fractions (choice: of options; number: of bins)
    groups: tuple[tuple[int, ...], ...]  # per fraction: option (or bin) indices with that fraction
    strength: tuple[int, ...]      # per group: index of a strength option in it, or -1
    scored: bool
    opens: np.ndarray | None       # unscored routing items: per option, whether it opens a later item
    ref: int                       # show_if: index of the earlier item, or -1
    show: np.ndarray | None        # show_if on a choice item: per option of that item, shown or not
    show_min: float | None
    show_max: float | None
    bins: tuple[tuple[float, float], ...]  # number: value range (low, high) of each bin
    integer: bool


def _number_bins(item: Item) -> tuple[tuple[float, float], ...]:
    low = item.min if item.min is not None else 0.0
    top = item.max if item.max is not None else low + 10
    ranges = []
    for b in item.score_bins:
        high = top if b.max is None else min(top, b.max)
        ranges.append((low, max(low, high)))
        low = (b.max + (1 if item.integer else 0.1)) if b.max is not None else low
    return tuple(ranges) or ((item.min or 0.0, top),)


class AnswerModel:
    """The per-item tables of one instrument, built once and reused for every batch."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.domain_codes: tuple[str, ...] = tuple(d.code for d in instrument.domains)
        items = list(instrument.item_list)
        self.codes = tuple(item.code for item in items)
        position = {item.code: i for i, item in enumerate(items)}
        dependents: dict[str, list[Item]] = {}
        for item in items:
            if item.show_if is not None:
                dependents.setdefault(item.show_if.item, []).append(item)
        self.plans = tuple(self._plan(item, position, dependents.get(item.code, []), instrument) for item in items)

    def _plan(self, item: Item, position: Mapping[str, int], dependents: list[Item], instrument: Instrument) -> _Plan:
        column = self.domain_codes.index(item.domain) if item.domain in self.domain_codes else -1
        rule = item.show_if
        ref = position[rule.item] if rule is not None else -1
        show = None
        if rule is not None and rule.values is not None:
            earlier = instrument.item_by_code[rule.item]
            show = np.array([o.code in rule.values for o in earlier.options], dtype=bool)
        common = dict(code=item.code, column=column, ref=ref, show=show,
                      show_min=rule.min if rule is not None else None, show_max=rule.max if rule is not None else None,
                      integer=item.integer)
        if item.type == "choice" and item.options:
            top = item.max_points
            scores = [float(o.score) / top if top > 0 else 0.0 for o in item.options]
            fractions = np.array(sorted(set(scores)))
            groups = tuple(tuple(i for i, s in enumerate(scores) if s == f) for f in fractions)
            strength = tuple(next((i for i in g if item.options[i].strength), -1) for g in groups)
            opens = None
            if top <= 0 and dependents:
                opens = np.array([any(d.show_if is not None and d.show_if.values is not None and o.code in d.show_if.values
                                      for d in dependents) for o in item.options], dtype=bool)
            return _Plan(kind="choice", options=tuple(o.code for o in item.options), fractions=fractions,
                         groups=groups, strength=strength, scored=top > 0, opens=opens, bins=(), **common)
        if item.type == "number":
            bins = item.score_bins
            top = max((float(b.score) for b in bins), default=0.0)
            scores = [float(b.score) / top if top > 0 else 0.0 for b in bins] or [0.0]
            fractions = np.array(sorted(set(scores)))
            groups = tuple(tuple(i for i, s in enumerate(scores) if s == f) for f in fractions)
            return _Plan(kind="number", options=(), fractions=fractions, groups=groups, strength=(-1,) * len(groups),
                         scored=top > 0, opens=None, bins=_number_bins(item), **common)
        return _Plan(kind="skip", options=(), fractions=np.zeros(1), groups=((0,),), strength=(-1,), scored=False,
                     opens=None, bins=(), **common)

    def draw(self, levels: np.ndarray, rng: np.random.Generator,
             facts: Mapping[str, Sequence[Any]] | None = None) -> list[dict[str, Any]]:
        """Answers for each row of ``levels`` (shape ``(n, len(domain_codes))``, values 0..3)."""
        levels = np.asarray(levels, dtype=float).reshape(len(levels), len(self.domain_codes))
        n = len(levels)
        facts = facts or {}
        mean_level = levels.mean(axis=1) if levels.shape[1] else np.full(n, 1.0)
        tendency = levels / LEVEL_MAX + rng.normal(0.0, PERSON_DOMAIN_SD, size=levels.shape)
        general = mean_level / LEVEL_MAX + rng.normal(0.0, PERSON_DOMAIN_SD, size=n)
        chosen: list[np.ndarray] = []     # choice: option index (-1 unanswered); number: value (nan unanswered)
        columns: list[list[Any]] = []
        for plan in self.plans:
            u, u2, noise = rng.random(n), rng.random(n), rng.normal(0.0, ITEM_SD, size=n)
            level = levels[:, plan.column] if plan.column >= 0 else mean_level
            t = np.clip((tendency[:, plan.column] if plan.column >= 0 else general) + noise, 0.0, 1.0)
            visible = self._visible(plan, chosen, n)
            if plan.kind == "skip":
                chosen.append(np.full(n, -1))
                columns.append([None] * n)
                continue
            group = _round_to(plan.fractions, t, u)
            if plan.kind == "choice":
                pick = self._choice(plan, group, level, t, u, u2)
                fact = facts.get(plan.code)
                if fact is not None:
                    index = {code: i for i, code in enumerate(plan.options)}
                    known = np.array([index.get(v, -1) if v is not None else -1 for v in fact])
                    pick = np.where(known >= 0, known, pick)
                pick = np.where(visible, pick, -1)
                chosen.append(pick)
                lookup = np.array([*plan.options, None], dtype=object)
                columns.append(lookup[pick].tolist())
            else:
                value = self._number(plan, group, u2)
                fact = facts.get(plan.code)
                if fact is not None:
                    value = np.array([float(v) if v is not None else value[i] for i, v in enumerate(fact)])
                value = np.where(visible, value, np.nan)
                chosen.append(value)
                columns.append([None if np.isnan(v) else (int(v) if plan.integer else float(v)) for v in value.tolist()])
        codes = self.codes
        return [{c: v for c, v in zip(codes, row) if v is not None} for row in zip(*columns)]

    def _visible(self, plan: _Plan, chosen: list[np.ndarray], n: int) -> np.ndarray:
        if plan.ref < 0:
            return np.ones(n, dtype=bool)
        earlier = self.plans[plan.ref]
        answer = chosen[plan.ref]
        if earlier.kind == "choice" and plan.show is not None:
            return (answer >= 0) & plan.show[np.maximum(answer, 0)]
        if earlier.kind == "number":
            shown = ~np.isnan(answer)
            with np.errstate(invalid="ignore"):
                if plan.show_min is not None:
                    shown &= answer >= plan.show_min
                if plan.show_max is not None:
                    shown &= answer <= plan.show_max
            return shown
        return np.zeros(n, dtype=bool)

    @staticmethod
    def _choice(plan: _Plan, group: np.ndarray, level: np.ndarray, t: np.ndarray, u: np.ndarray,
                u2: np.ndarray) -> np.ndarray:
        if not plan.scored:
            options = len(plan.options)
            if plan.opens is not None and plan.opens.any() and not plan.opens.all():
                first_open = int(np.flatnonzero(plan.opens)[0])
                first_closed = int(np.flatnonzero(~plan.opens)[0])
                return np.where(u < np.clip(0.15 + 0.8 * t, 0.0, 1.0), first_open, first_closed)
            other = 1 + np.minimum((u2 * max(options - 1, 1)).astype(int), max(options - 2, 0))
            return np.where((u < UNSCORED_FIRST) | (options == 1), 0, other)
        first = np.array([g[0] for g in plan.groups])
        pick = first[group]
        for g, members in enumerate(plan.groups):
            if len(members) < 2:
                continue
            mask = group == g
            strength = plan.strength[g]
            if strength >= 0:
                plain = [m for m in members if m != strength]
                p = STRENGTH_BY_LEVEL[np.clip(np.rint(level), 0, LEVEL_MAX).astype(int)]
                pick = np.where(mask, np.where(u2 < p, strength, plain[0]), pick)
            else:
                rest = members[1:]
                other = np.array(rest)[np.minimum(((u2 - FIRST_OF_TIES) / (1 - FIRST_OF_TIES) * len(rest)).astype(int),
                                                  len(rest) - 1).clip(0)]
                pick = np.where(mask, np.where(u2 < FIRST_OF_TIES, members[0], other), pick)
        return pick

    @staticmethod
    def _number(plan: _Plan, group: np.ndarray, u2: np.ndarray) -> np.ndarray:
        first = np.array([g[0] for g in plan.groups])
        bins = np.array(plan.bins, dtype=float)
        low, high = bins[first[group], 0], bins[first[group], 1]
        if plan.integer:
            return low + np.minimum(np.floor(u2 * (high - low + 1)), high - low)
        return np.round(low + u2 * (high - low), 1)


def _round_to(fractions: np.ndarray, t: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Randomised rounding of ``t`` onto the sorted ``fractions``: the expected fraction is ``t``
    (within the range of the fractions). Returns the index of the chosen fraction."""
    k = len(fractions)
    if k == 1:
        return np.zeros(len(t), dtype=int)
    j = np.clip(np.searchsorted(fractions, t, side="right") - 1, 0, k - 2)
    lower, upper = fractions[j], fractions[j + 1]
    p_up = np.clip((t - lower) / (upper - lower), 0.0, 1.0)
    return j + (u < p_up)


_models: dict[tuple[str, str, str], AnswerModel] = {}


def answer_model(instrument: Instrument) -> AnswerModel:
    """The answer model of ``instrument`` (cached by code, version and content hash)."""
    key = (instrument.code, instrument.version, instrument.sha256)
    model = _models.get(key)
    if model is None:
        model = _models[key] = AnswerModel(instrument)
    return model
