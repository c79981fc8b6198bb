"""The result of scoring: what is stored on an assessment (``Result.as_dict()``) and read back.

Labels are stored in English (stable and auditable); screens re-render them from the definition
in the active language using the codes.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .model import Contribution


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
        """The JSON form stored on the assessment."""
        scales = []
        for s in self.scales:
            data = {"code": s.code, "label": s.label, "score": s.score, "max": s.max, "unit": s.unit,
                    "band": s.band, "band_label": s.band_label, "band_explanation": s.band_explanation,
                    "contributions": [c.as_dict() for c in s.contributions]}
            if s.details:
                data["details"] = dict(s.details)
            scales.append(data)
        return {
            "instrument": self.instrument, "version": self.version, "primary": self.primary,
            "total": self.total, "band": self.band, "scales": scales,
            "domains": [
                {"code": d.code, "label": d.label, "score": d.score, "max": d.max, "need": d.need,
                 "contributions": [{"item": c.item, "text": c.text, "answer": c.answer,
                                    "answer_label": c.answer_label, "points": c.points} for c in d.contributions]}
                for d in self.domains
            ],
            "needs": list(self.needs),
            "flags": [{"code": f.code, "label": f.label, "kind": f.kind, "because": list(f.because)}
                      for f in self.flags],
            "strengths": [{"domain": s.domain, "item": s.item, "category": s.category, "label": s.label}
                          for s in self.strengths],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Read back a stored result."""
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
                             contributions=tuple(ItemContribution(**c) for c in d.get("contributions", ())))
                for d in data.get("domains", ())
            ),
            needs=tuple(data.get("needs", ())),
            flags=tuple(FlagResult(code=f["code"], label=f["label"], kind=f["kind"], because=tuple(f["because"]))
                        for f in data.get("flags", ())),
            strengths=tuple(StrengthResult(**s) for s in data.get("strengths", ())),
        )
