"""Turn checked definition data into the immutable model objects."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import (
    Band, Domain, Flag, Instrument, Item, Option, Reassessment, Scale, ScoreBin, Section, ShowIf,
    StrengthCategory,
)


def _option(data: Mapping[str, Any]) -> Option:
    return Option(code=data["code"], label=data["label"], score=float(data.get("score", 0)),
                  strength=bool(data.get("strength", False)), flags=tuple(data.get("flags") or ()))


def _show_if(data: Mapping[str, Any] | None) -> ShowIf | None:
    if data is None:
        return None
    return ShowIf(item=data["item"], values=frozenset(data["in"]) if "in" in data else None,
                  min=data.get("min"), max=data.get("max"))


def _item(data: Mapping[str, Any], section: str) -> Item:
    kind = data["type"]
    return Item(
        code=data["code"], text=data["text"], type=kind, section=section,
        required=bool(data.get("required", kind in ("choice", "number"))),
        help=data.get("help"), domain=data.get("domain"),
        options=tuple(_option(o) for o in data.get("options") or ()),
        min=data.get("min"), max=data.get("max"), integer=bool(data.get("integer", True)),
        score_bins=tuple(ScoreBin(max=b.get("max"), score=float(b["score"])) for b in data.get("score_bins") or ()),
        show_if=_show_if(data.get("show_if")), strength_of=data.get("strength_of"),
    )


def _scale(data: Mapping[str, Any], domain_codes: set[str]) -> Scale:
    summed = data.get("sum")
    if isinstance(summed, list):
        summed_t: str | tuple[str, ...] | None = tuple(summed)
        sum_of = "domains" if summed and summed[0] in domain_codes else "items"
    else:
        summed_t, sum_of = summed, "domains"
    return Scale(
        code=data["code"], label=data["label"], unit=data["unit"],
        bands=tuple(Band(code=b["code"], min=float(b["min"]), label=b["label"], explanation=b.get("explanation"))
                    for b in data["bands"]),
        sum=summed_t, sum_of=sum_of, weights={k: float(v) for k, v in (data.get("weights") or {}).items()},
        calculator=data.get("calculator"),
    )


def instrument(data: Mapping[str, Any], *, sha256: str, path: str) -> Instrument:
    """Build an Instrument from data that passed the schema and the semantic checks."""
    domains = tuple(
        Domain(code=d["code"], label=d["label"], criminogenic=bool(d.get("criminogenic", False)),
               need_at=float(d.get("need_at", 1)), explanation=d.get("explanation"))
        for d in data.get("domains") or ()
    )
    codes = {d.code for d in domains}
    reassessment = data.get("reassessment")
    return Instrument(
        code=data["code"], version=data["version"], kind=data["kind"], title=data["title"],
        description=data["description"], use=tuple(data.get("use") or ()), source=data.get("source"),
        domains=domains,
        sections=tuple(
            Section(code=s["code"], title=s["title"], help=s.get("help"),
                    items=tuple(_item(i, s["code"]) for i in s["items"]))
            for s in data["sections"]
        ),
        scales=tuple(_scale(s, codes) for s in data["scales"]),
        flags=tuple(Flag(code=f["code"], label=f["label"], kind=f.get("kind", "other"),
                         explanation=f.get("explanation")) for f in data.get("flags") or ()),
        strengths=tuple(StrengthCategory(code=s["code"], label=s["label"]) for s in data.get("strengths") or ()),
        reassessment=Reassessment(months=dict(reassessment["months"]),
                                  after_events=tuple(reassessment.get("after_events") or ()))
        if reassessment else None,
        sha256=sha256, path=path, definition=dict(data),
    )
