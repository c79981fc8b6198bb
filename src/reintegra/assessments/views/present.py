"""What the form and result pages show, built from the instrument definition in the active language.

Stored results hold English labels (stable, auditable); here every label is rendered again from the
definition by its code, so a Spanish-speaking reader sees the instrument's own Spanish wording.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.assessments.forms import item_field
from reintegra.assessments.instruments import Instrument, Item, progress, tr, visible_items


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    answered: int
    visible: int

    @property
    def text(self) -> str:
        if not self.total:
            return ngettext("%(answered)s of %(visible)s question answered (none required)",
                            "%(answered)s of %(visible)s questions answered (none required)",
                            self.visible) % {"answered": self.answered, "visible": self.visible}
        return ngettext("%(done)s of %(total)s required question answered",
                        "%(done)s of %(total)s required questions answered",
                        self.total) % {"done": self.done, "total": self.total}

    def as_dict(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "answered": self.answered, "visible": self.visible,
                "text": self.text}


@dataclass
class ItemRow:
    code: str
    field: str
    text: str
    help: str
    type: str
    required: bool
    hidden: bool
    value: str
    options: list[tuple[str, str, bool, str]] = field(default_factory=list)  # code, label, checked, input id
    min: Any = None
    max: Any = None
    step: str = "1"
    errors: list[str] = field(default_factory=list)
    controls_routing: bool = False
    # Worked out here rather than in the template: a long instrument renders hundreds of them.
    describedby: str = ""
    invalid: str = ""


@dataclass
class SectionRow:
    code: str
    title: str
    help: str
    items: list[ItemRow]
    progress: Progress


def progress_of(instrument: Instrument, answers: dict[str, Any]) -> tuple[dict[str, Progress], Progress]:
    """Progress of each section and overall (visible items only: routing decides what counts)."""
    sections = {
        p.code: Progress(done=p.required_answered, total=p.required_total, answered=p.answered, visible=p.visible_total)
        for p in progress(instrument, answers)
    }
    overall = Progress(
        done=sum(p.done for p in sections.values()), total=sum(p.total for p in sections.values()),
        answered=sum(p.answered for p in sections.values()), visible=sum(p.visible for p in sections.values()),
    )
    return sections, overall


def progress_json(instrument: Instrument, answers: dict[str, Any]) -> dict[str, Any]:
    """The autosave endpoint's progress: each section's and the overall count, with their text."""
    sections, overall = progress_of(instrument, answers)
    return {
        "sections": {code: p.as_dict() for code, p in sections.items()},
        "overall": overall.as_dict(),
        "visible": [item.code for item in visible_items(instrument, answers)],
    }


def _input_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def routing(instrument: Instrument) -> dict[str, dict[str, Any]]:
    """``show_if`` of every routed item, for the page script that shows and hides items."""
    rules: dict[str, dict[str, Any]] = {}
    for item in instrument.items():
        rule = item.show_if
        if rule is None:
            continue
        data: dict[str, Any] = {"item": rule.item}
        if rule.values is not None:
            data["in"] = sorted(rule.values)
        if rule.min is not None:
            data["min"] = rule.min
        if rule.max is not None:
            data["max"] = rule.max
        rules[item.code] = data
    return rules


def form_sections(
    instrument: Instrument, answers: dict[str, Any], *, posted: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> tuple[list[SectionRow], Progress]:
    """The form page's sections and items. ``posted`` (values the user sent that were not saved)
    take the place of the stored answers so nothing typed is lost when the page comes back with errors."""
    shown = {item.code for item in visible_items(instrument, answers)}
    controlling = {item.show_if.item for item in instrument.items() if item.show_if is not None}
    section_progress, overall = progress_of(instrument, answers)
    values = {**answers, **(posted or {})}
    errors = errors or {}
    rows = []
    for section in instrument.sections:
        items = []
        for item in section.items:
            name, value, help_text, problems = item_field(item.code), _input_value(values.get(item.code)), tr(item.help), errors.get(item.code, [])
            described = " ".join(([f"{name}-help"] if help_text else []) + ([f"{name}-error"] if problems else []))
            items.append(ItemRow(
                code=item.code, field=name, text=tr(item.text), help=help_text,
                type=item.type, required=item.required, hidden=item.code not in shown, value=value,
                options=[(option.code, tr(option.label), option.code == value, f"{name}-{n}")
                         for n, option in enumerate(item.options, start=1)],
                describedby=described, invalid=" is-invalid" if problems else "",
                min=_input_value(item.min) if item.min is not None else None,
                max=_input_value(item.max) if item.max is not None else None,
                step="1" if item.integer else "any", errors=problems,
                controls_routing=item.code in controlling,
            ))
        rows.append(SectionRow(code=section.code, title=tr(section.title), help=tr(section.help), items=items,
                               progress=section_progress.get(section.code, Progress(0, 0, 0, 0))))
    return rows, overall


def missing_links(instrument: Instrument, codes: list[str]) -> list[dict[str, str]]:
    """Missing required items as links to their place on the form page."""
    rows = []
    for code in codes:
        try:
            text = tr(instrument.item(code).text)
        except KeyError:
            text = code
        rows.append({"code": code, "field": item_field(code), "text": text})
    return rows


# --- the result page ------------------------------------------------------------------------------

def score_text(value: Any, unit: str = "points") -> str:
    """A score in the active locale: probabilities as a percentage, whole numbers without decimals."""
    if value is None:
        return "—"
    value = float(value)
    if unit == "probability":
        return _("%(value)s%%") % {"value": number_format(value * 100, decimal_pos=0)}
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)


def answer_text(item: Item | None, answer: Any) -> str:
    """An answer as the reader knows it: the option's label in the active language, a localised
    number or date."""
    if answer is None or answer == "":
        return _("not answered")
    if item is not None and item.type == "choice":
        option = item.option_by_code.get(str(answer))
        return tr(option.label) if option is not None else str(answer)
    if item is not None and item.type == "date":
        try:
            return date_format(dt.date.fromisoformat(str(answer)), "DATE_FORMAT")
        except ValueError:
            return str(answer)
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return score_text(answer)
    return str(answer)


def _item(instrument: Instrument, code: str) -> Item | None:
    return instrument.item_by_code.get(code)


def _contribution(instrument: Instrument, row: dict[str, Any]) -> dict[str, Any]:
    """One line of an explanation: what it is, the answer that produced it and its points."""
    kind, code = row.get("kind", "item"), row.get("code") or row.get("item") or ""
    label = row.get("label") or row.get("text") or code
    answer = row.get("answer")
    if kind == "domain" and code in instrument.domain_by_code:
        label = tr(instrument.domain_by_code[code].label)
    elif kind == "item" or "item" in row:
        item = _item(instrument, code)
        if item is not None:
            label = tr(item.text)
            answer = answer_text(item, answer)
    if answer is not None and not isinstance(answer, str):
        answer = answer_text(None, answer)
    return {"label": label, "answer": answer, "points": score_text(row.get("points"))}


def needs_labels(instrument: Instrument, result: dict[str, Any]) -> list[str]:
    return [tr(instrument.domain_by_code[code].label) if code in instrument.domain_by_code else code
            for code in result.get("needs") or []]


def result_sections(instrument: Instrument, result: dict[str, Any]) -> dict[str, Any]:
    """The explained result of a completed assessment, labels in the active language."""
    scales_by_code = {scale.code: scale for scale in instrument.scales}
    scales = []
    for stored in result.get("scales") or []:
        scale = scales_by_code.get(stored.get("code"))
        band = next((b for b in scale.bands if b.code == stored.get("band")), None) if scale else None
        unit = stored.get("unit", "points")
        scales.append({
            "code": stored.get("code"), "label": tr(scale.label) if scale else stored.get("label", ""),
            "score": score_text(stored.get("score"), unit), "max": score_text(stored.get("max"), unit)
            if stored.get("max") is not None else "", "unit": unit,
            "band": stored.get("band") or "", "band_label": tr(band.label) if band else stored.get("band_label", ""),
            "band_explanation": tr(band.explanation) if band else stored.get("band_explanation", ""),
            "contributions": (rows := [_contribution(instrument, row) for row in stored.get("contributions") or []]),
            "with_answers": any(row["answer"] is not None for row in rows),
            "primary": stored.get("code") == result.get("primary"),
        })
    domains = []
    for stored in result.get("domains") or []:
        domain = instrument.domain_by_code.get(stored.get("code"))
        score, top = float(stored.get("score") or 0), float(stored.get("max") or 0)
        domains.append({
            "code": stored.get("code"), "label": tr(domain.label) if domain else stored.get("label", ""),
            "explanation": tr(domain.explanation) if domain else "",
            "score": score_text(score), "max": score_text(top), "value": score, "top": top or 1,
            "need": bool(stored.get("need")),
            "contributions": [_contribution(instrument, {**row, "kind": "item", "code": row.get("item")})
                              for row in stored.get("contributions") or []],
        })
    flags = []
    for stored in result.get("flags") or []:
        flag = instrument.flag_by_code.get(stored.get("code"))
        flags.append({
            "label": tr(flag.label) if flag else stored.get("label", ""),
            "explanation": tr(flag.explanation) if flag else "", "kind": stored.get("kind", ""),
            "because": [tr(item.text) for code in stored.get("because") or [] if (item := _item(instrument, code))],
        })
    strengths = []
    for stored in result.get("strengths") or []:
        category = instrument.strength_by_code.get(stored.get("category") or "")
        item, domain = _item(instrument, stored.get("item") or ""), instrument.domain_by_code.get(stored.get("domain") or "")
        strengths.append({
            "label": tr(category.label) if category else stored.get("label", ""),
            "item": tr(item.text) if item else "", "domain": tr(domain.label) if domain else "",
        })
    return {"scales": scales, "primary": next((s for s in scales if s["primary"]), scales[0] if scales else None),
            "domains": domains, "needs": needs_labels(instrument, result), "flags": flags, "strengths": strengths}
