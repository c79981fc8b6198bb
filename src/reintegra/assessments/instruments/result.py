"""The result of scoring: what is stored on an assessment (``Result.as_dict()``) and read back.

Labels are stored in English (stable and auditable); screens re-render them from the definition
in the active language using the codes. An item's contribution to its domain is stored by its
codes only (item, answer, points): the question and the answer's wording are in the definition the
assessment was made with (``InstrumentVersion.definition``), and ``with_item_texts`` adds them
back in English for readers that want a self-contained result (the API). Results stored before
kept them (``text``, ``answer_label``); both forms read back.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from .model import Contribution, Instrument
from .text import en


def _json_encoder() -> Callable[[Any], str]:
    """``json.dumps`` with its default settings, without building a new C encoder on every call."""
    if c_make_encoder is None:
        return json.dumps
    iterencode = c_make_encoder(
        None, json.JSONEncoder().default, encode_basestring_ascii, None, ": ", ", ", False, False, True,
    )
    return lambda value: "".join(iterencode(value, 0))


_dumps = _json_encoder()
_FRAGMENTS_MAX = 100_000
# JSON text of the parts that repeat from one result to the next (see ``Result.as_json``).
_domain_heads: dict[tuple[str, str], str] = {}
_item_parts: dict[tuple[Any, ...], str] = {}


def _contribution(c: Contribution) -> dict[str, Any]:
    """``Contribution.as_dict()``, without rendering a label that is English text already."""
    label = c.label
    data: dict[str, Any] = {"kind": c.kind, "code": c.code, "label": label if label.__class__ is str else en(label),
                            "points": float(c.points)}
    if c.answer is not None:
        data["answer"] = c.answer
    return data


def _number(value: Any) -> str:
    """A number as ``json.dumps`` writes it (floats by ``float.__repr__``; NaN and infinities as words)."""
    if value.__class__ is float and value - value == 0.0:  # finite
        return float.__repr__(value)
    return _dumps(value)


class ItemContribution(NamedTuple):
    """One answered item's points towards its domain (a tuple: made for every answer of every score)."""

    item: str
    text: str
    answer: Any
    answer_label: str
    points: float


@dataclass(frozen=True)
class DomainResult:
    """A domain's score, maximum, whether it is a need, and the answers behind it."""

    code: str
    label: str
    score: float
    max: float
    need: bool
    contributions: tuple[ItemContribution, ...] = ()


@dataclass(frozen=True)
class ScaleResult:
    """A scale's score, band and contributions (domains, items or calculator factors)."""

    code: str
    label: str
    score: float
    max: float | None
    unit: str
    band: str | None
    band_label: str
    band_explanation: str
    contributions: tuple[Contribution, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FlagResult:
    """A raised flag and the items whose answers raised it."""

    code: str
    label: str
    kind: str
    because: tuple[str, ...]


@dataclass(frozen=True)
class StrengthResult:
    """An answer recorded as a strength."""

    domain: str | None
    item: str
    category: str | None
    label: str


@dataclass(frozen=True)
class Result:
    """Everything ``score()`` works out for one set of answers."""

    instrument: str
    version: str
    primary: str
    total: float
    band: str | None
    scales: tuple[ScaleResult, ...]
    domains: tuple[DomainResult, ...]
    needs: tuple[str, ...]
    flags: tuple[FlagResult, ...]
    strengths: tuple[StrengthResult, ...]

    def scale(self, code: str) -> ScaleResult:
        """The result of one scale (KeyError if none)."""
        for scale in self.scales:
            if scale.code == code:
                return scale
        raise KeyError(code)

    def domain(self, code: str) -> DomainResult:
        """The result of one domain (KeyError if none)."""
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(code)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form stored on the assessment (item contributions by their codes only)."""
        return self._as_dict(with_domains=True)

    def _as_dict(self, *, with_domains: bool) -> dict[str, Any]:
        scales = []
        for s in self.scales:
            data = {"code": s.code, "label": s.label, "score": s.score, "max": s.max, "unit": s.unit,
                    "band": s.band, "band_label": s.band_label, "band_explanation": s.band_explanation,
                    "contributions": [_contribution(c) for c in s.contributions]}
            if s.details:
                data["details"] = dict(s.details)
            scales.append(data)
        return {
            "instrument": self.instrument, "version": self.version, "primary": self.primary,
            "total": self.total, "band": self.band, "scales": scales,
            "domains": [
                {"code": d.code, "label": d.label, "score": d.score, "max": d.max, "need": d.need,
                 "contributions": [{"item": c[0], "answer": c[2], "points": c[4]} for c in d.contributions]}
                for d in self.domains
            ] if with_domains else [],
            "needs": list(self.needs),
            "flags": [{"code": f.code, "label": f.label, "kind": f.kind, "because": list(f.because)}
                      for f in self.flags],
            "strengths": [{"domain": s.domain, "item": s.item, "category": s.category, "label": s.label}
                          for s in self.strengths],
        }

    def as_json(self) -> str:
        """``json.dumps(self.as_dict())``, the same text, made faster for results stored by the
        thousand: a domain's code and label and an item's contribution (item, answer, points) are
        the same in many results, so their JSON is made once and reused."""
        if len(_item_parts) > _FRAGMENTS_MAX:  # numbers answers vary: keep the memory bounded
            _item_parts.clear()
            _domain_heads.clear()
        domains = []
        parts = _item_parts
        for d in self.domains:
            head = _domain_heads.get((d.code, d.label))
            if head is None:
                head = _domain_heads[(d.code, d.label)] = (
                    '{"code": ' + _dumps(d.code) + ', "label": ' + _dumps(d.label) + ', "score": ')
            rows = []
            for c in d.contributions:
                answer = c[2]
                # A choice answer is a string (only equal to strings); 1, 1.0 and True are equal keys.
                key = c if answer.__class__ is str else (c[0], answer.__class__, answer, c[4])
                part = parts.get(key)
                if part is None:
                    part = parts[key] = _dumps({"item": c[0], "answer": answer, "points": c[4]})
                rows.append(part)
            domains.append(f'{head}{_number(d.score)}, "max": {_number(d.max)}, "need": '
                           f'{"true" if d.need else "false"}, "contributions": [{", ".join(rows)}]}}')
        text = _dumps(self._as_dict(with_domains=False))
        # The last '"domains": [], ' outside a string (quotes inside strings are escaped): what
        # follows it (needs, flags, strengths) has fixed keys and cannot hold another one.
        at = text.rindex('"domains": [], "needs": ')
        return text[:at] + '"domains": [' + ", ".join(domains) + "], " + text[at + len('"domains": [], '):]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], instrument: Instrument | None = None) -> Result:
        """Read back a stored result; with the ``instrument`` it was scored with, item contributions
        stored by their codes only get their English text and answer label back."""
        if instrument is not None:
            data = with_item_texts(data, instrument)
        return cls(
            instrument=data["instrument"], version=data["version"], primary=data["primary"],
            total=data["total"], band=data.get("band"),
            scales=tuple(
                ScaleResult(
                    code=s["code"], label=s["label"], score=s["score"], max=s.get("max"), unit=s["unit"],
                    band=s.get("band"), band_label=s.get("band_label", ""),
                    band_explanation=s.get("band_explanation", ""),
                    contributions=tuple(Contribution(kind=c["kind"], code=c["code"], label=c["label"],
                                                     points=c["points"], answer=c.get("answer"))
                                        for c in s.get("contributions", ())),
                    details=dict(s.get("details") or {}),
                )
                for s in data.get("scales", ())
            ),
            domains=tuple(
                DomainResult(code=d["code"], label=d["label"], score=d["score"], max=d["max"], need=d["need"],
                             contributions=tuple(ItemContribution(c["item"], c.get("text", ""), c.get("answer"),
                                                                  c.get("answer_label", ""), c["points"])
                                                 for c in d.get("contributions", ())))
                for d in data.get("domains", ())
            ),
            needs=tuple(data.get("needs", ())),
            flags=tuple(FlagResult(code=f["code"], label=f["label"], kind=f["kind"], because=tuple(f["because"]))
                        for f in data.get("flags", ())),
            strengths=tuple(StrengthResult(**s) for s in data.get("strengths", ())),
        )


def with_item_texts(data: Mapping[str, Any], instrument: Instrument) -> dict[str, Any]:
    """A copy of a stored result whose item contributions carry the item's English text and the
    answer's English label (as results stored them before), taken from ``instrument``, the
    definition the result was scored with. Items the definition does not have are left as stored."""
    from .engine import answer_label_en

    domains = []
    for domain in data.get("domains") or ():
        rows = []
        for row in domain.get("contributions") or ():
            item = instrument.item_by_code.get(row.get("item", ""))
            if item is not None and "text" not in row:
                row = {"item": row["item"], "text": item.text_en, "answer": row.get("answer"),
                       "answer_label": answer_label_en(item, row.get("answer")), "points": row.get("points")}
            rows.append(row)
        domains.append({**domain, "contributions": rows})
    return {**data, "domains": domains}
