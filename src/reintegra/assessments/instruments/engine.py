"""Answers in, scores out: validation, routing, progress and scoring with explanations.

Everything is a pure function of an ``Instrument`` and a mapping of item code to answer. Answers
are stored in their clean form (``clean_answer``): choice -> option code, number -> int/float,
text -> stripped string, date -> ISO ``YYYY-MM-DD``. A missing answer is absent, None or "".
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .model import Contribution, Instrument, Item, Scale, SectionProgress
from .registry import calculator_get
from .text import en
from .result import DomainResult, FlagResult, ItemContribution, Result, ScaleResult, StrengthResult

TEXT_MAX_LENGTH = 2000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _today() -> dt.date:
    """Today in the configured time zone (the system date when Django is not configured)."""
    try:
        from django.utils import timezone

        return timezone.localdate()
    except Exception:  # settings not configured: pure-Python use
        return dt.date.today()


def _num(value: float | None) -> str:
    """A number as people write it (2, not 2.0)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _clean(item: Item, value: Any) -> Any:
    """The clean form of a non-empty answer, or ValueError with the message for the person."""
    kind = item.type
    if kind == "choice":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = value.strip()
            if value in item.option_by_code:
                return value
        raise ValueError(_("Choose one of: %(options)s.") % {"options": ", ".join(item.option_by_code)})
    if kind == "number":
        return _clean_number(item, value)
    if kind == "text":
        if not isinstance(value, str):
            raise ValueError(_("Enter text."))
        value = value.strip()
        if len(value) > TEXT_MAX_LENGTH:
            raise ValueError(_("Enter at most %(max)d characters (this has %(n)d).") % {
                "max": TEXT_MAX_LENGTH, "n": len(value)})
        return value or None
    return _clean_date(value)


def _clean_number(item: Item, value: Any) -> int | float:
    """Numbers: whole numbers only for integer items, within min..max."""
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    if isinstance(value, str):
        text = value.strip()
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise ValueError(_("Enter a number.")) from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(_("Enter a number."))
    if item.integer:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(_("Enter a whole number."))
            value = int(value)
    else:
        value = float(value)
    if (item.min is not None and value < item.min) or (item.max is not None and value > item.max):
        raise ValueError(_("Enter a number from %(min)s to %(max)s.") % {"min": _num(item.min), "max": _num(item.max)})
    return value


def _clean_date(value: Any) -> str:
    """Dates: a date or an ISO ``YYYY-MM-DD`` string, not in the future."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(_("Enter a real date as YYYY-MM-DD.")) from None
    if not isinstance(value, dt.date):
        raise ValueError(_("Enter a date as YYYY-MM-DD."))
    if value > _today():
        raise ValueError(_("The date cannot be in the future."))
    return value.isoformat()


def clean_answer(instrument: Instrument, item_code: str, value: Any) -> Any:
    """The normalised answer, None for None/"" (clear the answer), or ValidationError({item: [message]})."""
    item = instrument.item_by_code.get(item_code)
    if item is None:
        raise ValidationError({item_code: [_("There is no such question in this instrument.")]})
    if value is None or value == "":
        return None
    try:
        return _clean(item, value)
    except ValueError as exc:
        raise ValidationError({item_code: [str(exc)]}) from None


def clean_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every non-empty answer in clean form; one ValidationError listing every invalid answer."""
    choices = _choice_table(instrument)
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for code, value in answers.items():
        if value is None or value == "":
            continue
        options = choices.get(code)
        if options is not None and value.__class__ is str and value in options:
            clean[code] = value  # fast path: stored answers are already clean
            continue
        try:
            cleaned = clean_answer(instrument, code, value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if cleaned is not None:
            clean[code] = cleaned
    if errors:
        raise ValidationError(errors)
    return clean


def _routing_answers(instrument: Instrument, answers: Mapping[str, Any]) -> Mapping[str, Any]:
    """Answers of routing items in clean form (an invalid answer routes like no answer)."""
    if not instrument.routed:
        return answers
    values = dict(answers)
    for code in instrument.routing_targets:
        value = answers.get(code)
        try:
            values[code] = clean_answer(instrument, code, value) if value is not None else None
        except ValidationError:
            values[code] = None
    return values


def _visible(instrument: Instrument, clean: Mapping[str, Any]) -> list[Item]:
    """Items shown for these (clean) answers: routing refers to earlier items, hidden hides its dependents."""
    if not instrument.routed:
        return list(instrument.item_list)
    shown: set[str] = set()
    visible: list[Item] = []
    for item in instrument.item_list:
        rule = item.show_if
        if rule is None or (rule.item in shown and rule.matches(clean.get(rule.item))):
            shown.add(item.code)
            visible.append(item)
    return visible


def visible_items(instrument: Instrument, answers: Mapping[str, Any]) -> list[Item]:
    """Items shown (and counted) for these answers, in definition order."""
    return _visible(instrument, _routing_answers(instrument, answers))


def _answered(value: Any) -> bool:
    return value is not None and value != ""


def missing_required(instrument: Instrument, answers: Mapping[str, Any]) -> list[str]:
    """Codes of visible required items without an answer (a hidden item is never required)."""
    return [i.code for i in visible_items(instrument, answers) if i.required and not _answered(answers.get(i.code))]


def progress(instrument: Instrument, answers: Mapping[str, Any]) -> list[SectionProgress]:
    """Per section: answered, required and visible item counts (visible items only)."""
    shown = {i.code for i in visible_items(instrument, answers)}
    result = []
    for section in instrument.sections:
        items = [i for i in section.items if i.code in shown]
        answered = [i for i in items if _answered(answers.get(i.code))]
        result.append(SectionProgress(
            code=section.code, title=section.title, answered=len(answered),
            required_total=sum(1 for i in items if i.required), visible_total=len(items),
            required_answered=sum(1 for i in answered if i.required),
        ))
    return result


def score(instrument: Instrument, answers: Mapping[str, Any]) -> Result:
    """Score visible answers (missing ones score 0); ValidationError if any answer is invalid."""
    clean = clean_answers(instrument, answers)
    return _score(instrument, clean, _visible(instrument, clean))


def score_completed(instrument: Instrument, answers: Mapping[str, Any]) -> tuple[list[str], Result | None]:
    """``missing_required`` and ``score`` in one pass, for completing an assessment: the codes of
    visible required items without an answer and no result, or ``[]`` and the result.
    ValidationError if any answer is invalid (check ``missing_required`` first when both matter)."""
    clean = clean_answers(instrument, answers)
    visible = _visible(instrument, clean)  # valid answers route as missing_required's do
    given = answers.get
    missing = [i.code for i in visible if i.required and ((value := given(i.code)) is None or value == "")]
    if missing:
        return missing, None
    return [], _score(instrument, clean, visible)


_Choice = tuple[ItemContribution, float, tuple[str, ...], "StrengthResult | None"]
_choice_tables: dict[tuple[str, str, str], dict[str, dict[str, _Choice]]] = {}


def _choice_table(instrument: Instrument) -> dict[str, dict[str, _Choice]]:
    """Per choice item, per option: its contribution, points, flags and strength, built once per
    instrument (the parts of a result are immutable, so every result shares them)."""
    key = (instrument.code, instrument.version, instrument.sha256)
    table = _choice_tables.get(key)
    if table is None:
        table = {}
        for item in instrument.item_list:
            if item.type != "choice":
                continue
            table[item.code] = {
                o.code: (ItemContribution(item.code, item.text_en, o.code, item.option_labels_en[o.code],
                                          item.option_scores[o.code]),
                         item.option_scores[o.code], o.flags, _strength(instrument, item) if o.strength else None)
                for o in item.options
            }
        _choice_tables[key] = table
    return table


def _score(instrument: Instrument, clean: Mapping[str, Any], visible: list[Item]) -> Result:
    points: dict[str, float] = {}
    per_domain: dict[str, list[ItemContribution]] = {d.code: [] for d in instrument.domains}
    flags: dict[str, list[str]] = {}
    strengths: list[StrengthResult] = []
    answers_used: dict[str, Any] = {}
    choices = _choice_table(instrument)
    for item in visible:
        code = item.code
        value = clean.get(code)
        if value is None:
            continue
        answers_used[code] = value
        kind = item.type
        if kind == "choice":
            contribution, got, raised, strength = choices[code][value]
            if raised:
                for flag in raised:
                    flags.setdefault(flag, []).append(code)
            if strength is not None:
                strengths.append(strength)
        elif kind == "number":
            got = item.points(value)
            contribution = ItemContribution(code, item.text_en, value, _num(value), got)
        else:
            continue
        points[code] = got
        if item.domain is not None:
            per_domain[item.domain].append(contribution)
    domains = _domains(instrument, per_domain)
    scales = tuple(_scale(instrument, scale, domains, points, answers_used) for scale in instrument.scales)
    for scale_result in scales:  # a calculator may raise declared flags (PSA's violence flag)
        for flag in scale_result.details.get("flags", ()):
            flags.setdefault(flag, []).append(scale_result.code)
    primary = scales[0]
    ranked = sorted((d for d in domains if d.need), key=lambda d: -(d.score / d.max if d.max else 0.0))
    return Result(
        instrument=instrument.code, version=instrument.version, primary=primary.code,
        total=primary.score, band=primary.band, scales=scales, domains=domains,
        needs=tuple(d.code for d in ranked),
        flags=tuple(
            FlagResult(f.code, f.label_en, f.kind, tuple(flags[f.code])) for f in instrument.flags if f.code in flags
        ),
        strengths=tuple(strengths),
    )


def answer_label_en(item: Item, value: Any) -> str:
    """The English label of an answer as a scored result gives it: the option's label, or the number."""
    if item.type == "choice":
        return item.option_labels_en.get(value, "" if value is None else str(value))
    if item.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _num(value)
    return "" if value is None else str(value)


def _strength(instrument: Instrument, item: Item) -> StrengthResult:
    """The strength recorded by an answer: its category's label, else the item's text."""
    category = instrument.strength_by_code.get(item.strength_of) if item.strength_of else None
    label = category.label_en if category is not None else item.text_en
    return StrengthResult(domain=item.domain, item=item.code, category=item.strength_of, label=label)


def _domains(instrument: Instrument, per_domain: Mapping[str, list[ItemContribution]]) -> tuple[DomainResult, ...]:
    """Domain scores (sum of their visible items' points) and whether each is a need."""
    result = []
    for domain in instrument.domains:
        contributions = per_domain[domain.code]
        total: float = 0
        for c in contributions:
            total += c[4]  # points, added in order as sum() adds them
        total = float(total)
        result.append(DomainResult(
            code=domain.code, label=domain.label_en, score=total, max=instrument.domain_max[domain.code],
            need=domain.criminogenic and total >= domain.need_at, contributions=tuple(contributions),
        ))
    return tuple(result)


def _scale(instrument: Instrument, scale: Scale, domains: tuple[DomainResult, ...], points: Mapping[str, float],
           answers: Mapping[str, Any]) -> ScaleResult:
    """One scale: a weighted sum of domains or items, or a calculator's score."""
    details: dict[str, Any] = {}
    if scale.calculator is not None:
        outcome = calculator_get(scale.calculator)(answers)
        total, top = float(outcome.score), outcome.max
        contributions = tuple(Contribution(c.kind, c.code, en(c.label), float(c.points), c.answer)
                              for c in outcome.contributions)  # stored labels are English
        details = dict(outcome.details)
    else:
        weights = scale.weights
        parts: list[Contribution] = []
        top = 0.0
        if scale.sum_of == "domains":
            wanted = None if scale.sum == "domains" else set(scale.sum or ())
            for d in domains:
                if wanted is None or d.code in wanted:
                    w = weights.get(d.code, 1.0)
                    parts.append(Contribution("domain", d.code, d.label, d.score * w))
                    top += d.max * w
        else:
            for code in scale.sum or ():
                item = instrument.item_by_code[code]
                w = weights.get(code, 1.0)
                parts.append(Contribution("item", code, item.text_en, points.get(code, 0.0) * w))
                top += item.max_points * w
        total = float(sum(p.points for p in parts))
        contributions = tuple(parts)
    band = scale.band_for(total)
    return ScaleResult(
        code=scale.code, label=scale.label_en, score=total, max=top, unit=scale.unit,
        band=band.code if band else None, band_label=band.label_en if band else "",
        band_explanation=band.explanation_en if band else "", contributions=contributions, details=details,
    )
