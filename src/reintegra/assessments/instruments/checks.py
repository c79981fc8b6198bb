"""Checks a JSON Schema cannot express, run after the schema on a definition's parsed data.

Each check yields ``(json path, problem)``; the loader turns the first one into a
``DefinitionError`` naming the line. Data here has already passed the schema, so shapes and
types can be trusted.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from .model import RISK_BANDS

Problem = tuple[tuple[Any, ...], str]


def first_problem(data: Mapping[str, Any]) -> Problem | None:
    """The first semantic problem of a definition, in file order; None when there is none."""
    return next(_problems(data), None)


def _names(values: Sequence[str]) -> str:
    return ", ".join(values) if values else _("none")


def _unique(entries: Sequence[Mapping[str, Any]], path: tuple[Any, ...], what: str,
            seen: dict[str, int] | None = None) -> Iterator[Problem]:
    """Duplicate ``code`` values in a list of objects (``seen`` may be shared across lists)."""
    seen = {} if seen is None else seen
    for index, entry in enumerate(entries):
        code = entry["code"]
        if code in seen:
            yield path + (index, "code"), _('the %(what)s code "%(code)s" is used twice') % {"what": what, "code": code}
        seen.setdefault(code, index)


def _problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    domains = data.get("domains") or []
    flags = data.get("flags") or []
    strengths = data.get("strengths") or []
    yield from _unique(domains, ("domains",), _("domain"))
    yield from _unique(data["sections"], ("sections",), _("section"))
    item_seen: dict[str, int] = {}
    for si, section in enumerate(data["sections"]):
        yield from _unique(section["items"], ("sections", si, "items"), _("item"), item_seen)
    yield from _items(data, [d["code"] for d in domains], [f["code"] for f in flags], [s["code"] for s in strengths])
    yield from _unique(data["scales"], ("scales",), _("scale"))
    yield from _scales(data, domains)
    yield from _unique(flags, ("flags",), _("flag"))
    yield from _unique(strengths, ("strengths",), _("strength"))
    yield from _reassessment(data)


def _items(data: Mapping[str, Any], domains: list[str], flags: list[str], strengths: list[str]) -> Iterator[Problem]:
    """Per-item checks: fields that fit the type, references, routing to earlier items."""
    earlier: dict[str, Mapping[str, Any]] = {}
    every = {i["code"] for s in data["sections"] for i in s["items"]}
    for si, section in enumerate(data["sections"]):
        for ii, item in enumerate(section["items"]):
            path = ("sections", si, "items", ii)
            yield from _item_fields(item, path)
            domain = item.get("domain")
            if domain is not None and domain not in domains:
                yield path + ("domain",), _('domain "%(code)s" is not defined under domains (defined: %(names)s)') % {
                    "code": domain, "names": _names(domains)}
            category = item.get("strength_of")
            if category is not None and category not in strengths:
                yield path + ("strength_of",), _(
                    'strength "%(code)s" is not defined under strengths (defined: %(names)s)') % {
                    "code": category, "names": _names(strengths)}
            options = item.get("options") or []
            yield from _unique(options, path + ("options",), _("option"))
            for oi, option in enumerate(options):
                for fi, flag in enumerate(option.get("flags") or []):
                    if flag not in flags:
                        yield path + ("options", oi, "flags", fi), _(
                            'flag "%(code)s" is not defined under flags (defined: %(names)s)') % {
                            "code": flag, "names": _names(flags)}
                if option.get("strength") and domain is None and category is None:
                    yield path + ("options", oi, "strength"), _(
                        "a strength answer needs the item to have a domain or strength_of")
            if "show_if" in item:
                yield from _show_if(item["show_if"], path + ("show_if",), earlier, every)
            earlier[item["code"]] = item


def _item_fields(item: Mapping[str, Any], path: tuple[Any, ...]) -> Iterator[Problem]:
    """The fields an item has must fit its type."""
    kind = item["type"]
    allowed = {"choice": {"options"}, "number": {"min", "max", "integer", "score_bins"}, "text": set(), "date": set()}
    for key in ("options", "min", "max", "integer", "score_bins"):
        if key in item and key not in allowed[kind]:
            yield path + (key,), _('a %(type)s item cannot have "%(key)s"') % {"type": kind, "key": key}
    if kind == "choice" and "options" not in item:
        yield path + ("type",), _("a choice item needs options")
    if kind == "number":
        if "min" not in item or "max" not in item:
            yield path + ("type",), _("a number item needs min and max")
        elif item["min"] > item["max"]:
            yield path + ("min",), _("min (%(min)s) is above max (%(max)s)") % {"min": item["min"], "max": item["max"]}
        yield from _bins(item.get("score_bins") or [], path + ("score_bins",))
    if kind in ("text", "date") and "domain" in item:
        yield path + ("domain",), _("only choice and number items can feed a domain")


def _bins(bins: Sequence[Mapping[str, Any]], path: tuple[Any, ...]) -> Iterator[Problem]:
    """Score bins: every bin but the last has a max, maxima strictly increase."""
    previous: float | None = None
    for index, score_bin in enumerate(bins):
        last = index == len(bins) - 1
        if last and "max" in score_bin:
            yield path + (index, "max"), _("the last score bin must have no max (it takes every higher value)")
        if not last and "max" not in score_bin:
            yield path + (index,), _("every score bin but the last needs a max")
        if "max" in score_bin:
            if previous is not None and score_bin["max"] <= previous:
                yield path + (index, "max"), _("score bin maxima must increase")
            previous = score_bin["max"]


def _show_if(rule: Mapping[str, Any], path: tuple[Any, ...], earlier: Mapping[str, Mapping[str, Any]],
             every: set[str]) -> Iterator[Problem]:
    """Routing refers to an earlier item, with a condition that fits that item's type."""
    target_code = rule["item"]
    target = earlier.get(target_code)
    if target is None:
        if target_code in every:
            yield path + ("item",), _('show_if must refer to an earlier item; "%(code)s" is not earlier') % {
                "code": target_code}
        else:
            yield path + ("item",), _('show_if refers to an unknown item "%(code)s"') % {"code": target_code}
        return
    if target["type"] == "choice":
        codes = [o["code"] for o in target["options"]]
        if "in" not in rule or "min" in rule or "max" in rule:
            yield path, _('show_if on the choice item "%(code)s" needs "in": a list of its option codes') % {
                "code": target_code}
            return
        for index, value in enumerate(rule["in"]):
            if value not in codes:
                yield path + ("in", index), _('"%(value)s" is not an option of "%(code)s" (options: %(names)s)') % {
                    "value": value, "code": target_code, "names": _names(codes)}
    elif target["type"] == "number":
        if "in" in rule or ("min" not in rule and "max" not in rule):
            yield path, _('show_if on the number item "%(code)s" needs min and/or max') % {"code": target_code}
    else:
        yield path + ("item",), _("show_if can refer only to choice or number items")


def _scales(data: Mapping[str, Any], domains: Sequence[Mapping[str, Any]]) -> Iterator[Problem]:
    """Scales: one of sum/calculator, references exist, bands ascending, calculators registered."""
    from .registry import calculator_get, calculator_names

    domain_codes = [d["code"] for d in domains]
    scored = [i["code"] for s in data["sections"] for i in s["items"] if i["type"] in ("choice", "number")]
    for si, scale in enumerate(data["scales"]):
        path = ("scales", si)
        if ("sum" in scale) == ("calculator" in scale):
            yield path + ("calculator" if "calculator" in scale else "code",), _(
                "a scale needs either sum or calculator (not both)")
        summed = scale.get("sum")
        if summed == "domains":
            names = domain_codes
            if not names:
                yield path + ("sum",), _("sum: domains needs at least one domain")
        elif isinstance(summed, list):
            names = list(summed)
            for index, name in enumerate(summed):
                if not (name in domain_codes if summed[0] in domain_codes else name in scored):
                    yield path + ("sum", index), _(
                        '"%(name)s" is not a domain or a scored item (sum names all domains or all items)') % {
                        "name": name}
        else:
            names = []
        for key in scale.get("weights") or {}:
            if key not in names:
                yield path + ("weights", key), _('weight for "%(name)s", which the scale does not sum') % {"name": key}
        if "calculator" in scale:
            try:
                calculator_get(scale["calculator"])
            except KeyError:
                yield path + ("calculator",), _('calculator "%(name)s" is not registered (registered: %(names)s)') % {
                    "name": scale["calculator"], "names": _names(calculator_names())}
        yield from _bands(scale, path, primary=si == 0)


def _bands(scale: Mapping[str, Any], path: tuple[Any, ...], *, primary: bool) -> Iterator[Problem]:
    """Band minima strictly increase; the primary scale and point scales use low/moderate/high/very_high
    in that order. A secondary scale in "scale" or "probability" units (PSA's 1-6, OGRS3's one-year
    probability) may name bands of its own, since it never sets the assessment's band."""
    bands = scale["bands"]
    yield from _unique(bands, path + ("bands",), _("band"))
    if scale["unit"] == "scale" and primary:
        yield path + ("unit",), _('the first (primary) scale gives the risk band, so its unit cannot be "scale"')
    position = -1
    for index, band in enumerate(bands):
        if index and band["min"] <= bands[index - 1]["min"]:
            yield path + ("bands", index, "min"), _("band minimums must increase (%(min)s is not above %(prev)s)") % {
                "min": band["min"], "prev": bands[index - 1]["min"]}
        if primary or scale["unit"] == "points":
            code = band["code"]
            if code not in RISK_BANDS or RISK_BANDS.index(code) <= position:
                yield path + ("bands", index, "code"), _(
                    'bands must be taken from %(names)s, in that order (a secondary scale in "scale" or "probability" units may name its own)') % {
                    "names": _names(list(RISK_BANDS))}
            else:
                position = RISK_BANDS.index(code)


def _reassessment(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Reassessment months are given for bands of the primary scale."""
    block = data.get("reassessment")
    if not block:
        return
    bands = [b["code"] for b in data["scales"][0]["bands"]]
    for key in block["months"]:
        if key not in bands:
            yield ("reassessment", "months", key), _('"%(code)s" is not a band of the primary scale (%(names)s)') % {
                "code": key, "names": _names(bands)}
