"""Routing, progress, answer cleaning and scoring with explanations, on a small test instrument."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from reintegra.assessments.instruments import (
    CalculatorResult, Contribution, Instrument, Result, clean_answer, load_definition, missing_required,
    progress, register_calculator, score, tr, unregister_calculator, visible_items, with_item_texts,
)

DEFINITION = Path(__file__).parent / "definitions" / "test-needs.yaml"
FULL = {"sub_any": "yes", "sub_current": "yes", "sub_days": 12, "work_now": "no", "work_skills": "yes",
        "hist_priors": 5, "hist_first": "2001-02-03", "lang_interp": "yes", "work_notes": "Looking for work."}


@pytest.fixture(scope="module")
def inst() -> Instrument:
    return load_definition(DEFINITION)


def codes(items: list[Any]) -> list[str]:
    return [i.code for i in items]


def test_routing_shows_follow_up_items_only_for_matching_earlier_answers(inst: Instrument) -> None:
    assert "sub_current" not in codes(visible_items(inst, {}))
    assert "sub_current" not in codes(visible_items(inst, {"sub_any": "no"}))
    assert "sub_days" not in codes(visible_items(inst, {"sub_any": "some", "sub_current": "no"}))
    assert {"sub_current", "sub_days"} <= set(codes(visible_items(inst, {"sub_any": "some", "sub_current": "yes"})))
    # hiding an item hides what depends on it, even with a stale answer left behind
    assert "sub_days" not in codes(visible_items(inst, {"sub_any": "no", "sub_current": "yes"}))
    # number routing, with answers as a form posts them
    assert "hist_first" in codes(visible_items(inst, {"hist_priors": "2"}))
    assert "hist_first" not in codes(visible_items(inst, {"hist_priors": 0}))
    assert "hist_first" not in codes(visible_items(inst, {"hist_priors": "lots"}))


def test_missing_required_counts_visible_required_items_only(inst: Instrument) -> None:
    assert missing_required(inst, {}) == ["sub_any", "work_now", "hist_priors", "lang_interp"]
    assert missing_required(inst, {"sub_any": "yes"})[:2] == ["sub_current", "work_now"]
    assert missing_required(inst, FULL) == []
    assert missing_required(inst, {**FULL, "work_now": ""}) == ["work_now"]


def test_progress_per_section(inst: Instrument) -> None:
    first, work, history = progress(inst, {"sub_any": "some", "work_notes": "x"})
    assert (first.code, tr(first.title, "es"), first.answered, first.required_total, first.visible_total) == (
        "substance", "Consumo", 1, 2, 2)
    assert (work.answered, work.required_total, work.visible_total, work.required_answered) == (1, 1, 3, 0)
    assert (history.answered, history.visible_total) == (0, 2)


@pytest.mark.parametrize(("item", "value", "clean"), [
    ("sub_any", "yes", "yes"), ("sub_any", " some ", "some"), ("sub_any", None, None), ("sub_any", "", None),
    ("sub_days", "4", 4), ("sub_days", 4.0, 4), ("sub_days", 31, 31), ("hist_first", "2001-02-03", "2001-02-03"),
    ("hist_first", dt.date(2001, 2, 3), "2001-02-03"), ("work_notes", "  note ", "note"), ("work_notes", " ", None),
])
def test_clean_answer_normalises(inst: Instrument, item: str, value: Any, clean: Any) -> None:
    assert clean_answer(inst, item, value) == clean


@pytest.mark.parametrize(("item", "value", "message"), [
    ("sub_any", "maybe", "Choose one of: no, some, yes."),
    ("sub_any", True, "Choose one of: no, some, yes."),
    ("sub_days", 2.5, "Enter a whole number."),
    ("sub_days", "two", "Enter a number."),
    ("sub_days", 32, "Enter a number from 0 to 31."),
    ("sub_days", -1, "Enter a number from 0 to 31."),
    ("sub_days", float("nan"), "Enter a number."),
    ("work_notes", "x" * 2001, "Enter at most 2000 characters"),
    ("hist_first", "03/02/2001", "Enter a date as YYYY-MM-DD."),
    ("hist_first", "2001-02-30", "Enter a real date"),
    ("hist_first", (dt.date.today() + dt.timedelta(days=2)).isoformat(), "cannot be in the future"),
    ("nothing", "x", "no such question"),
])
def test_clean_answer_refuses_with_a_message_for_the_item(inst: Instrument, item: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_answer(inst, item, value)
    assert message in caught.value.message_dict[item][0]


def test_score_explains_domains_scales_needs_flags_and_strengths(inst: Instrument) -> None:
    result = score(inst, FULL)
    substance = result.domain("substance")
    assert (substance.score, substance.max, substance.need) == (6.0, 6.0, True)
    assert [(c.item, c.answer, c.answer_label, c.points) for c in substance.contributions] == [
        ("sub_any", "yes", "Yes", 2.0), ("sub_current", "yes", "Yes", 2.0), ("sub_days", 12, "12", 2.0)]
    assert (result.domain("work").score, result.domain("history").score) == (2.0, 3.0)
    total = result.scale("total")
    assert [(c.kind, c.code, c.points) for c in total.contributions] == [
        ("domain", "substance", 6.0), ("domain", "work", 2.0), ("domain", "history", 6.0)]  # history weighs 2
    assert (result.total, total.max, result.band, total.band_label) == (14.0, 15.0, "very_high", "Very high")
    assert result.scale("substance_only").score == 4.0
    assert result.needs == ("substance", "work")  # history is not criminogenic; ranked by score/max
    assert [(f.code, f.kind, f.because) for f in result.flags] == [
        ("interpreter", "responsivity", ("lang_interp",)), ("treatment", "other", ("sub_current",))]
    assert [(s.domain, s.item, s.category, s.label) for s in result.strengths] == [
        ("work", "work_skills", "human_capital", "Human capital")]


def test_hidden_and_missing_answers_score_nothing(inst: Instrument) -> None:
    result = score(inst, {"sub_any": "no", "sub_current": "yes", "sub_days": 30, "work_now": "yes"})
    assert result.domain("substance").score == 0.0
    assert result.flags == ()  # the hidden answer raises no flag
    assert (result.total, result.band) == (0.0, "low")
    assert result.strengths[0].item == "work_now" and result.strengths[0].label == "Working now?"
    assert score(inst, {}).needs == ()


def test_needs_need_the_threshold_and_rank_by_share_of_the_maximum(inst: Instrument) -> None:
    result = score(inst, {"sub_any": "some", "sub_current": "no", "work_now": "no"})
    assert result.domain("substance").score == 1.0  # need_at 2: not a need yet
    assert result.needs == ("work",)
    result = score(inst, {"sub_any": "yes", "work_now": "no", "work_skills": "no"})
    assert result.needs == ("work", "substance")  # 3/3 before 2/6


def test_score_refuses_invalid_answers_but_not_incomplete_ones(inst: Instrument) -> None:
    with pytest.raises(ValidationError) as caught:
        score(inst, {"sub_any": "maybe", "sub_days": 99, "unknown": 1})
    assert set(caught.value.message_dict) == {"sub_any", "sub_days", "unknown"}
    assert score(inst, {"sub_any": "yes"}).domain("substance").score == 2.0


def test_the_stored_form_round_trips_with_english_labels(inst: Instrument) -> None:
    result = score(inst, FULL)
    data = result.as_dict()
    assert Result.from_dict(data, inst) == result
    assert data["domains"][0]["label"] == "Substance use"
    # Item contributions are stored by code: the wording is in the definition.
    assert data["domains"][0]["contributions"][0] == {"item": "sub_any", "answer": "yes", "points": 2.0}
    assert Result.from_dict(data).domain("substance").contributions[0].points == 2.0
    assert data["scales"][0]["contributions"][0] == {"kind": "domain", "code": "substance", "label": "Substance use",
                                                     "points": 6.0}
    assert {"instrument", "version", "primary", "total", "band", "scales", "domains", "needs", "flags",
            "strengths"} == set(data)


@pytest.fixture()
def toy_calculator() -> Iterator[list[Mapping[str, Any]]]:
    seen: list[Mapping[str, Any]] = []

    def calculate(answers: Mapping[str, Any]) -> CalculatorResult:
        seen.append(dict(answers))
        priors = answers.get("hist_priors", 0)
        return CalculatorResult(
            score=min(priors / 10, 1.0), max=1.0, details={"model": "toy"},
            contributions=[Contribution("factor", "priors", {"en": "Prior convictions", "es": "Condenas"}, priors / 10,
                                        answer=priors)],
        )

    register_calculator("toy", calculate)
    yield seen
    unregister_calculator("toy")


def test_a_calculator_scale_takes_its_score_and_contributions_from_the_calculator(
    tmp_path: Path, toy_calculator: list[Mapping[str, Any]]
) -> None:
    calls = toy_calculator
    text = DEFINITION.read_text(encoding="utf-8").replace(
        "    sum: [sub_any, sub_current]\n    unit: points\n", "    calculator: toy\n    unit: probability\n")
    path = tmp_path / "toy.yaml"
    path.write_text(text, encoding="utf-8")
    inst = load_definition(path)
    result = score(inst, {"sub_any": "no", "sub_current": "yes", "hist_priors": "4"})
    toy = result.scale("substance_only")
    assert (toy.score, toy.max, toy.unit, toy.band, dict(toy.details)) == (0.4, 1.0, "probability", "low",
                                                                           {"model": "toy"})
    assert calls[-1] == {"sub_any": "no", "hist_priors": 4}  # clean, visible answers only
    stored = result.as_dict()["scales"][1]
    assert stored["contributions"] == [{"kind": "factor", "code": "priors", "label": "Prior convictions",
                                        "points": 0.4, "answer": 4}]
    assert Result.from_dict(result.as_dict(), inst) == result


def test_item_texts_come_back_from_the_definition_and_old_stored_results_still_read(inst: Instrument) -> None:
    result = score(inst, FULL)
    explained = with_item_texts(result.as_dict(), inst)
    assert explained["domains"][0]["contributions"][2] == {
        "item": "sub_days", "text": inst.item("sub_days").text_en, "answer": 12, "answer_label": "12", "points": 2.0}
    # A result stored with the texts (as results were before) reads back as it is.
    assert with_item_texts(explained, inst) == explained
    assert Result.from_dict(explained) == result
