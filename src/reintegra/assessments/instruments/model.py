"""The in-memory form of an instrument definition (immutable dataclasses).

Objects are built once by the loader; lookup tables the engine needs on every ``score()`` call
(option -> score, item -> domain, English labels, routing) are precomputed in ``__post_init__`` so
scoring is dictionary look-ups and additions only.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .text import Text, en

ITEM_TYPES = ("choice", "number", "text", "date")
KINDS = ("needs", "screener", "responsivity", "actuarial")
RISK_BANDS = ("low", "moderate", "high", "very_high")
UNITS = ("points", "probability", "scale")
FLAG_KINDS = ("responsivity", "safety", "other")


class DefinitionError(Exception):
    """A definition file is malformed; ``str()`` is ``<file name>, line N: <problem>``."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Option:
    """One answer of a choice item."""

    code: str
    label: Text
    score: float = 0.0
    strength: bool = False
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreBin:
    """Number items: the first bin whose ``max`` is at or above the value gives the score."""

    max: float | None
    score: float


@dataclass(frozen=True)
class ShowIf:
    """Routing: the item is shown only when an earlier item's answer matches."""

    item: str
    values: frozenset[str] | None = None  # choice items: answer in this set
    min: float | None = None  # number items: answer >= min
    max: float | None = None  # number items: answer <= max

    def matches(self, answer: Any) -> bool:
        """Whether ``answer`` (already clean, possibly None) of the referenced item shows the item."""
        if answer is None:
            return False
        if self.values is not None:
            return answer in self.values
        if self.min is not None and answer < self.min:
            return False
        if self.max is not None and answer > self.max:
            return False
        return True


@dataclass(frozen=True)
class Item:
    """One question."""

    code: str
    text: Text
    type: str
    required: bool
    section: str
    help: Text = None
    domain: str | None = None
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    integer: bool = True
    score_bins: tuple[ScoreBin, ...] = ()
    show_if: ShowIf | None = None
    strength_of: str | None = None
    # precomputed
    option_by_code: Mapping[str, Option] = field(init=False, repr=False, compare=False)
    option_scores: Mapping[str, float] = field(init=False, repr=False, compare=False)
    option_labels_en: Mapping[str, str] = field(init=False, repr=False, compare=False)
    text_en: str = field(init=False, repr=False, compare=False)
    max_points: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "option_by_code", {o.code: o for o in self.options})
        setattr_(self, "option_scores", {o.code: float(o.score) for o in self.options})
        setattr_(self, "option_labels_en", {o.code: en(o.label) for o in self.options})
        setattr_(self, "text_en", en(self.text))
        if self.type == "choice" and self.options:
            top = max(float(o.score) for o in self.options)
        elif self.type == "number" and self.score_bins:
            top = max(float(b.score) for b in self.score_bins)
        else:
            top = 0.0
        setattr_(self, "max_points", max(top, 0.0))

    def points(self, answer: Any) -> float:
        """Points this (clean, non-None) answer scores."""
        if self.type == "choice":
            return self.option_scores.get(answer, 0.0)
        if self.type == "number" and self.score_bins:
            for b in self.score_bins:
                if b.max is None or answer <= b.max:
                    return float(b.score)
        return 0.0


@dataclass(frozen=True)
class Section:
    """A group of items shown together."""

    code: str
    title: Text
    items: tuple[Item, ...]
    help: Text = None


@dataclass(frozen=True)
class Domain:
    """What item scores feed; criminogenic domains at or above ``need_at`` are needs."""

    code: str
    label: Text
    criminogenic: bool = False
    need_at: float = 1.0
    explanation: Text = None
    label_en: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label_en", en(self.label))


@dataclass(frozen=True)
class Band:
    """A score range of a scale, from ``min`` up to the next band's ``min``."""

    code: str
    min: float
    label: Text
    explanation: Text = None
    label_en: str = field(init=False, repr=False, compare=False)
    explanation_en: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label_en", en(self.label))
        object.__setattr__(self, "explanation_en", en(self.explanation))


@dataclass(frozen=True)
class Scale:
    """A score: a (weighted) sum of domains or items, or a registered calculator."""

    code: str
    label: Text
    unit: str
    bands: tuple[Band, ...]
    sum: str | tuple[str, ...] | None = None  # "domains" or domain codes or item codes
    sum_of: str = "domains"  # "domains" | "items": what the names in ``sum`` are
    weights: Mapping[str, float] = field(default_factory=dict)
    calculator: str | None = None

    label_en: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label_en", en(self.label))

    def band_for(self, score: float) -> Band | None:
        """The band ``score`` falls in (the first band below its minimum); None without bands."""
        chosen = self.bands[0] if self.bands else None
        for band in self.bands:
            if score >= band.min:
                chosen = band
            else:
                break
        return chosen


@dataclass(frozen=True)
class Flag:
    """A named flag (responsivity, safety, other) raised by answers."""

    code: str
    label: Text
    kind: str = "other"
    explanation: Text = None
    label_en: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label_en", en(self.label))


@dataclass(frozen=True)
class StrengthCategory:
    """A category of recorded strengths (e.g. human capital)."""

    code: str
    label: Text
    label_en: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label_en", en(self.label))


@dataclass(frozen=True)
class Reassessment:
    """When an instrument is due again: months by band, and events that call for it."""

    months: Mapping[str, int]
    after_events: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionProgress:
    """How far a section is answered, counting visible items only."""

    code: str
    title: Text
    answered: int
    required_total: int
    visible_total: int
    required_answered: int = 0


@dataclass(frozen=True)
class Contribution:
    """One part of a scale score: a domain, an item or a calculator factor, and its points.

    ``label`` is a Text (rendered in English in stored results); ``answer`` optionally shows the
    value that produced the points (calculators: e.g. the age used).
    """

    kind: str  # "domain" | "item" | "factor"
    code: str
    label: Text
    points: float
    answer: Any = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form stored in a result."""
        data: dict[str, Any] = {"kind": self.kind, "code": self.code, "label": en(self.label), "points": float(self.points)}
        if self.answer is not None:
            data["answer"] = self.answer
        return data


@dataclass(frozen=True)
class CalculatorResult:
    """What a calculator returns: the score in the scale's unit, its contributions and details.

    ``max`` (optional) is the highest possible score, shown with the score (e.g. 1.0 for a
    probability); ``details`` is JSON-able extra information stored with the scale result.
    """

    score: float
    contributions: list[Contribution] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    max: float | None = None


Calculator = Callable[[Mapping[str, Any]], CalculatorResult]


@dataclass(frozen=True)
class Instrument:
    """One version of an instrument, loaded from a definition file."""

    code: str
    version: str
    kind: str
    title: Text
    description: Text
    use: tuple[str, ...]
    source: Text
    domains: tuple[Domain, ...]
    sections: tuple[Section, ...]
    scales: tuple[Scale, ...]
    flags: tuple[Flag, ...]
    strengths: tuple[StrengthCategory, ...]
    reassessment: Reassessment | None
    sha256: str
    path: str
    definition: dict[str, Any] = field(repr=False, compare=False)
    # precomputed
    item_list: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    item_by_code: Mapping[str, Item] = field(init=False, repr=False, compare=False)
    domain_by_code: Mapping[str, Domain] = field(init=False, repr=False, compare=False)
    domain_items: Mapping[str, tuple[Item, ...]] = field(init=False, repr=False, compare=False)
    domain_max: Mapping[str, float] = field(init=False, repr=False, compare=False)
    flag_by_code: Mapping[str, Flag] = field(init=False, repr=False, compare=False)
    strength_by_code: Mapping[str, StrengthCategory] = field(init=False, repr=False, compare=False)
    routed: bool = field(init=False, repr=False, compare=False)
    routing_targets: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        items = tuple(item for section in self.sections for item in section.items)
        setattr_(self, "item_list", items)
        setattr_(self, "item_by_code", {item.code: item for item in items})
        setattr_(self, "domain_by_code", {d.code: d for d in self.domains})
        by_domain: dict[str, list[Item]] = {d.code: [] for d in self.domains}
        for item in items:
            if item.domain in by_domain:
                by_domain[item.domain].append(item)
        setattr_(self, "domain_items", {code: tuple(lst) for code, lst in by_domain.items()})
        setattr_(self, "domain_max", {code: sum(i.max_points for i in lst) for code, lst in by_domain.items()})
        setattr_(self, "flag_by_code", {f.code: f for f in self.flags})
        setattr_(self, "strength_by_code", {s.code: s for s in self.strengths})
        setattr_(self, "routed", any(item.show_if is not None for item in items))
        setattr_(self, "routing_targets", frozenset(i.show_if.item for i in items if i.show_if is not None))

    def item(self, code: str) -> Item:
        """The item with this code (KeyError if none)."""
        return self.item_by_code[code]

    def items(self) -> list[Item]:
        """Every item, in definition order."""
        return list(self.item_list)

    @property
    def primary_scale(self) -> Scale:
        """The first scale: it gives the assessment's band."""
        return self.scales[0]

    @property
    def key(self) -> tuple[str, str]:
        """(code, version): identifies this version."""
        return (self.code, self.version)
