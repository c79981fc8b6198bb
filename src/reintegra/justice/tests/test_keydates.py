"""Key dates: the worked examples of docs/key-dates.md, rule-set validation, and properties."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.justice.keydates import (
    RuleSet, RuleSetError, compute_key_dates, get_ruleset, load_ruleset, parse_ruleset, remand_days,
    shipped_rulesets,
)

D = dt.date.fromisoformat
EW = get_ruleset("england-wales")
PT = get_ruleset("parole-thirds")


@pytest.mark.parametrize(
    ("rules", "start", "term", "remand", "on", "parole", "release", "end", "days_left"),
    [
        (EW, "2025-01-01", 365, 0, "2025-03-01", None, "2025-07-02", "2025-12-31", 123),
        (EW, "2025-01-01", 365, 40, "2025-03-01", None, "2025-05-23", "2025-11-21", 83),
        (EW, "2025-06-02", 30, 45, "2025-06-02", None, "2025-06-02", "2025-06-02", 0),
        (EW, "2025-01-01", 7, 0, "2025-01-01", None, "2025-01-04", "2025-01-07", 3),
        (PT, "2025-01-01", 900, 0, "2025-03-01", "2025-10-27", "2026-08-23", "2027-06-19", 540),
        (PT, "2025-01-01", 900, 100, "2025-03-01", "2025-07-19", "2026-05-15", "2027-03-11", 440),
        (PT, "2025-03-01", 60, 0, "2025-03-01", "2025-03-30", "2025-04-09", "2025-04-29", 39),
        (PT, "2025-03-01", 60, 25, "2025-03-01", "2025-03-05", "2025-03-15", "2025-04-04", 14),
    ],
    ids=["E1", "E2", "E3", "E4", "P1", "P2", "P3", "P4"],
)
def test_worked_examples(rules, start, term, remand, on, parole, release, end, days_left) -> None:
    dates = compute_key_dates(rules=rules, sentence_start=D(start), term_days=term, remand_days=remand, on=D(on))
    assert dates.parole_eligibility == (D(parole) if parole else None)
    assert (dates.conditional_release, dates.sentence_end, dates.days_left) == (D(release), D(end), days_left)
    assert dates.remand_days_credited == min(term, remand)


def test_worked_remand_example() -> None:
    spans = [(D("2024-11-01"), D("2024-12-01")), (D("2024-12-01"), None)]
    assert remand_days(spans, until=D("2025-01-01")) == 61


def test_remand_days_count_overlaps_once_and_ignore_days_after_the_sentence() -> None:
    spans = [(D("2024-01-01"), D("2024-01-11")), (D("2024-01-05"), D("2024-01-15")), (D("2024-03-01"), None)]
    assert remand_days(spans, until=D("2024-02-01")) == 14


def test_shipped_rule_sets_load() -> None:
    assert set(shipped_rulesets()) >= {"england-wales", "parole-thirds"}
    assert (EW.release_fraction, EW.parole_fraction) == (Fraction(1, 2), None)
    assert (PT.parole_fraction, PT.release_fraction, PT.parole_minimum_days) == (Fraction(1, 3), Fraction(2, 3), 30)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("key: x\nname: X\n", "'conditional_release' is a required property"),
        ("key: x\nname: X\nconditional_release: {fraction: '3/2'}\n", "conditional_release.fraction must be above 0"),
        ("key: x\nname: X\nconditional_release: {fraction: half}\n", "conditional_release.fraction is not a number"),
        ("key: x\nname: X\nconditional_release: {fraction: '1/2'}\nparole_eligibility: {fraction: '2/3'}\n",
         "parole_eligibility.fraction must be above 0 and not above"),
        ("key: x\nname: X\nconditional_release: {fraction: 1}\nextra: 1\n", "Additional properties are not allowed"),
        ("key: [\n", "not valid YAML"),
    ],
)
def test_invalid_rule_sets_name_the_file_and_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_unknown_rule_set_names_the_shipped_ones() -> None:
    with pytest.raises(RuleSetError, match="england-wales"):
        get_ruleset("atlantis")


def test_a_local_rule_set_file_can_be_used(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text("key: local\nname: Local\nconditional_release: {fraction: 0.75}\nremand_credit: {days_per_day: 2}\n")
    rules = get_ruleset(str(path))
    dates = compute_key_dates(rules=rules, sentence_start=D("2025-01-01"), term_days=100, remand_days=5, on=D("2025-01-01"))
    assert (dates.remand_days_credited, dates.conditional_release) == (10, D("2025-01-01") + dt.timedelta(days=64))


# --- properties --------------------------------------------------------------------------------

fractions = st.fractions(min_value=Fraction(1, 12), max_value=1, max_denominator=12)


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    release = draw(fractions)
    parole = draw(st.none() | fractions.filter(lambda f: f <= release))
    return parse_ruleset({
        "key": "generated", "name": "Generated",
        "conditional_release": {"fraction": str(release)},
        "parole_eligibility": None if parole is None else {
            "fraction": str(parole), "minimum_days_served": draw(st.integers(0, 400)),
        },
        "remand_credit": {"days_per_day": str(draw(st.fractions(min_value=0, max_value=3, max_denominator=4)))},
    })


starts = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1))
terms = st.integers(min_value=1, max_value=20_000)
remands = st.integers(min_value=0, max_value=5_000)


def _dates(rules: RuleSet, start: dt.date, term: int, remand: int):
    return compute_key_dates(rules=rules, sentence_start=start, term_days=term, remand_days=remand, on=start)


@settings(max_examples=300, deadline=None)
@given(rules=rule_sets(), start=starts, term=terms, remand=remands)
def test_release_never_after_sentence_end_and_parole_never_after_release(rules, start, term, remand) -> None:
    dates = _dates(rules, start, term, remand)
    assert start <= dates.conditional_release <= dates.sentence_end
    if dates.parole_eligibility is not None:
        assert start <= dates.parole_eligibility <= dates.conditional_release
    assert dates.sentence_end <= start + dt.timedelta(days=term - 1)


@settings(max_examples=300, deadline=None)
@given(rules=rule_sets(), start=starts, term=terms, remand=remands, more=st.integers(1, 2_000))
def test_more_remand_credit_never_makes_a_date_later(rules, start, term, remand, more) -> None:
    less, extra = _dates(rules, start, term, remand), _dates(rules, start, term, remand + more)
    assert extra.sentence_end <= less.sentence_end
    assert extra.conditional_release <= less.conditional_release
    if less.parole_eligibility is not None:
        assert extra.parole_eligibility <= less.parole_eligibility


@settings(max_examples=300, deadline=None)
@given(rules=rule_sets(), start=starts, term=terms, remand=remands, longer=st.integers(1, 2_000))
def test_a_longer_term_never_gives_an_earlier_date(rules, start, term, remand, longer) -> None:
    short, long = _dates(rules, start, term, remand), _dates(rules, start, term + longer, remand)
    assert long.sentence_end >= short.sentence_end
    assert long.conditional_release >= short.conditional_release
    if short.parole_eligibility is not None:
        assert long.parole_eligibility >= short.parole_eligibility


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(st.tuples(starts, st.none() | st.integers(0, 400)), max_size=6), until=starts)
def test_remand_days_never_exceed_the_calendar(spans, until) -> None:
    pairs = [(s, None if n is None else s + dt.timedelta(days=n)) for s, n in spans]
    total = remand_days(pairs, until=until)
    earliest = min((s for s, _e in pairs), default=until)
    assert 0 <= total <= max(0, (until - earliest).days)


def test_a_broken_configured_rule_set_fails_the_system_check(tmp_path: Path, settings) -> None:
    from reintegra.justice.checks import check_key_date_rules

    assert check_key_date_rules() == []
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: broken\nname: Broken\n", encoding="utf-8")
    settings.REINTEGRA_KEY_DATE_RULES = str(broken)
    (error,) = check_key_date_rules()
    assert error.id == "justice.E001" and str(broken) in error.msg
