"""Each shipped eligibility rule with people who meet it and people who miss it (one criterion at
a time), facts read from the database in bulk, configuration errors, and query counts that stay
the same whatever the population's size. The helpers here build the worlds the other eligibility
tests use."""
from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.justice.choices import CustodyKind
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.justice.tests.factories import CustodyEpisodeFactory, DispositionFactory, ProbationOfficeFactory
from reintegra.justice.tests.factories import SupervisionPeriodFactory
from reintegra.supervision.choices import Attendance, EventKind, Severity
from reintegra.supervision.eligibility import active_rules, evaluate, flags_for
from reintegra.supervision.eligibility.gather import custody_facts, months_between, supervised_facts
from reintegra.supervision.eligibility.rules import build_rules
from reintegra.supervision.models import ComplianceEvent, LevelDecision, SupervisionContact
from reintegra.supervision.tests.test_appointments import assessed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


class World(NamedTuple):
    office: Any
    officer: Any
    period: Any
    person: Any


def level(period: Any, value: str, actor: Any) -> LevelDecision:
    return LevelDecision.objects.create(period=period, person=period.person, level=value, derived_level=value,
                                        effective_on=period.starts_on, decided_by=actor)


def contacts(period: Any, actor: Any, attended: int = 5, missed: int = 0) -> None:
    for n in range(attended + missed):
        SupervisionContact.objects.create(
            period=period, person=period.person, contact_type="office", occurred_on=TODAY - dt.timedelta(days=10 + n * 7),
            attendance=Attendance.ATTENDED if n < attended else Attendance.MISSED, held_by=actor, recorded_by=actor)


def event(period: Any, actor: Any, kind: str = EventKind.CONDITION_BREACH, severity: str = Severity.SERIOUS,
          days_ago: int = 30) -> ComplianceEvent:
    return ComplianceEvent.objects.create(period=period, person=period.person, kind=kind, severity=severity,
                                          occurred_on=TODAY - dt.timedelta(days=days_ago), recorded_by=actor)


def supervised(*, months: int = 14, length_months: int = 24, band: str | None = "low", level_: str | None = "high",
               attended: int = 5, missed: int = 0, office: Any = None, officer: Any = None) -> World:
    """An open period ``months`` old (of ``length_months``), the person assessed ``band``, supervised
    at ``level_``, with recent contacts: by default someone every supervised rule flags."""
    office = office or ProbationOfficeFactory()
    officer = officer or user_with_role(Role.PROBATION_OFFICER, office)
    starts = TODAY - dt.timedelta(days=round(months * 30.5) + 1)
    period = SupervisionPeriodFactory(office=office, officer=officer, starts_on=starts,
                                      expected_end_on=starts + dt.timedelta(days=round(length_months * 30.5)))
    if band:
        assessed(period.person, band)
    if level_:
        level(period, level_, officer)
    contacts(period, officer, attended, missed)
    return World(office, officer, period, period.person)


def sentenced(*, term_days: int = 900, served_days: int = 280, band: str | None = "moderate",
              facility: Any = None) -> CustodyEpisode:
    """An open sentenced stay ``served_days`` into a sentence of ``term_days``."""
    start = TODAY - dt.timedelta(days=served_days)
    disposition = DispositionFactory(term_days=term_days, decided_on=start)
    episode = CustodyEpisodeFactory(person=disposition.person, facility=facility or FacilityFactory(),
                                    kind=CustodyKind.SENTENCED, disposition=disposition, admitted_on=start)
    if band:
        assessed(episode.person, band)
    return episode


def facts_of(period: Any) -> dict[str, Any]:
    return supervised_facts(SupervisionPeriod.objects.filter(pk=period.pk), TODAY)[0].facts


def outcome(rule: str, target: Any):
    if isinstance(target, CustodyEpisode):
        facts = custody_facts(CustodyEpisode.objects.filter(pk=target.pk), TODAY)[0].facts
    else:
        facts = facts_of(target)
    return evaluate(active_rules()[rule], facts)


@pytest.fixture(autouse=True)
def parole_rules(settings) -> None:
    settings.REINTEGRA_KEY_DATE_RULES = "parole-thirds"


# ---- facts ---------------------------------------------------------------------------------------

def test_facts_of_a_period_are_read_from_its_records() -> None:
    world = supervised(months=14, band="low", level_="high", attended=4, missed=1)
    event(world.period, world.officer, severity=Severity.MINOR, days_ago=20)  # minor: does not count
    event(world.period, world.officer, severity=Severity.MODERATE, days_ago=100)
    facts = facts_of(world.period)
    assert facts["months_on_supervision"] == 14
    assert 0.55 < facts["fraction_of_period_served"] < 0.6
    assert facts["months_since_noncompliance"] == months_between(TODAY - dt.timedelta(days=100), TODAY) == 3
    assert facts["serious_events_12_months"] == 1 and facts["new_arrest"] is False
    assert facts["attendance_rate"] == 0.8
    assert (facts["band"], facts["level"], facts["level_from_band"], facts["levels_above_band"]) == (
        "low", "high", "low", 2)


def test_facts_when_nothing_is_known() -> None:
    world = supervised(months=2, band=None, level_=None, attended=0)
    SupervisionPeriod.objects.filter(pk=world.period.pk).update(expected_end_on=None)
    facts = facts_of(world.period)
    assert facts["fraction_of_period_served"] is None and facts["attendance_rate"] is None
    assert facts["band"] is None and facts["level"] is None and facts["levels_above_band"] is None
    assert facts["months_since_noncompliance"] == 2  # compliant since the start


# ---- early discharge ----------------------------------------------------------------------------

def test_early_discharge_flags_a_compliant_person_past_half_their_period() -> None:
    result = outcome("early_discharge", supervised().period)
    assert result.eligible
    assert result.reasons[0] == "on supervision 14 months (rule: at least 12)"
    assert "no new arrest during this period" in result.reasons


@pytest.mark.parametrize("change, missing", [
    ({"months": 10, "length_months": 18}, "Months on supervision"),
    ({"length_months": 36}, "Share of the supervision period served"),
    ({"attended": 3, "missed": 2}, "Contacts attended"),
])
def test_early_discharge_is_missed_for_one_criterion_with_what_is_missing(change: dict, missing: str) -> None:
    result = outcome("early_discharge", supervised(**change).period)
    assert not result.eligible and result.near_miss
    assert len(result.missing) == 1 and result.missing[0].startswith(missing)


def test_early_discharge_is_not_given_after_recent_serious_non_compliance_or_an_arrest() -> None:
    world = supervised()
    event(world.period, world.officer, severity=Severity.SERIOUS, days_ago=60)
    result = outcome("early_discharge", world.period)
    assert not result.eligible and "no moderate or serious non-compliance for 1 months (rule: at least 6)" in result.reasons
    other = supervised()
    event(other.period, other.officer, kind=EventKind.NEW_ARREST, days_ago=300)
    result = outcome("early_discharge", other.period)
    assert not result.eligible and not result.near_miss  # an arrest is never "nearly" eligible
    assert "a new arrest during this period" in result.reasons


# ---- lower level --------------------------------------------------------------------------------

def test_lower_level_flags_someone_supervised_above_their_band() -> None:
    result = outcome("lower_level", supervised(months=5, band="low", level_="medium").period)
    assert result.eligible
    assert result.reasons[0] == "supervised 1 level(s) above what the assessed band calls for (rule: at least 1)"


@pytest.mark.parametrize("change", [
    {"band": "high", "level_": "high"},  # at the level the band calls for
    {"band": "very_high", "level_": "high"},  # below it
    {"band": None},  # not assessed: nothing to compare with
    {"level_": None},  # no level set
    {"months": 2},  # too soon
    {"attended": 2, "missed": 3},  # not attending
])
def test_lower_level_is_not_flagged(change: dict) -> None:
    assert not outcome("lower_level", supervised(**{"months": 5, **change}).period).eligible


def test_lower_level_is_not_flagged_after_recent_non_compliance() -> None:
    world = supervised(months=5)
    event(world.period, world.officer, severity=Severity.MODERATE, days_ago=20)
    assert not outcome("lower_level", world.period).eligible


# ---- custody rules ------------------------------------------------------------------------------

def test_parole_review_flags_someone_near_their_parole_eligibility_date() -> None:
    # 900 days: parole at day 300, conditional release at day 600; 280 served -> 20 days to go.
    result = outcome("parole_review", sentenced(term_days=900, served_days=280))
    assert result.eligible
    assert result.reasons[0] == "parole eligibility date in 19 days (rule: at most 90)"


@pytest.mark.parametrize("served", [100, 580])  # too early; too close to conditional release
def test_parole_review_is_not_flagged_too_early_or_too_late(served: int) -> None:
    assert not outcome("parole_review", sentenced(term_days=900, served_days=served)).eligible


def test_parole_review_needs_a_parole_date_under_the_rules(settings) -> None:
    settings.REINTEGRA_KEY_DATE_RULES = "england-wales"
    result = outcome("parole_review", sentenced(term_days=900, served_days=280))
    assert not result.eligible and "no parole eligibility date" in result.reasons[0]


def test_conditional_release_flags_the_last_120_days_only() -> None:
    assert outcome("conditional_release", sentenced(term_days=900, served_days=500)).eligible
    assert not outcome("conditional_release", sentenced(term_days=900, served_days=400)).eligible


def test_remand_counts_towards_the_custody_dates() -> None:
    episode = sentenced(term_days=900, served_days=200)
    CustodyEpisode.objects.create(person=episode.person, facility=episode.facility, kind=CustodyKind.REMAND,
                                  case=episode.disposition.case, admitted_on=TODAY - dt.timedelta(days=300),
                                  released_on=TODAY - dt.timedelta(days=200))
    facts = custody_facts(CustodyEpisode.objects.filter(pk=episode.pk), TODAY)[0].facts
    # Parole after 300 days served; 100 days of remand credited: reached yesterday (99 days from now without).
    assert facts["days_to_parole_eligibility"] == -1
    assert facts["fraction_of_sentence_served"] > 0.33


# ---- configuration ------------------------------------------------------------------------------

def test_setting_adds_replaces_and_disables_rules(settings) -> None:
    settings.REINTEGRA_ELIGIBILITY_RULES = {
        "disable": ["conditional_release"],
        "rules": [
            {"key": "early_discharge", "label": "Early discharge (local)", "population": "supervised",
             "action": "early_discharge", "criteria": [{"fact": "months_on_supervision", "op": ">=", "value": 24}]},
            {"key": "low_band_watch", "label": {"en": "Low band"}, "population": "supervised",
             "criteria": [{"fact": "band", "op": "in", "value": ["low"]}]},
        ],
    }
    rules = active_rules()
    assert list(rules) == ["early_discharge", "lower_level", "parole_review", "low_band_watch"]
    assert rules["early_discharge"].title == "Early discharge (local)"
    assert not outcome("early_discharge", supervised(months=14).period).eligible


def test_setting_can_leave_out_the_shipped_rules() -> None:
    rules = build_rules({"shipped": False, "rules": [
        {"key": "x", "label": "X", "population": "custody",
         "criteria": [{"fact": "days_to_conditional_release", "op": "<", "value": 10}]}]})
    assert list(rules) == ["x"]


@pytest.mark.parametrize("value, message", [
    ("[not json", "must be JSON"),
    (42, "must be an object"),
    ({"disable": ["nope"]}, "disable names unknown rule(s) nope"),
    ({"rules": [{"key": "x", "label": "X", "population": "prison", "criteria": []}]}, "population must be one of"),
    ({"rules": [{"key": "x", "label": "X", "population": "supervised",
                 "criteria": [{"fact": "shoe_size", "op": ">", "value": 1}]}]}, "unknown fact 'shoe_size'"),
    ({"rules": [{"key": "x", "label": "X", "population": "supervised",
                 "criteria": [{"fact": "new_arrest", "op": ">", "value": 1}]}]}, "operator '>' does not apply"),
    ({"rules": [{"key": "x", "label": "X", "population": "supervised",
                 "criteria": [{"fact": "months_on_supervision", "op": ">", "value": "12"}]}]}, "must be a number"),
    ({"rules": [{"key": "x", "label": "X", "population": "supervised",
                 "criteria": [{"fact": "band", "op": "==", "value": "medium"}]}]}, "unknown value(s)"),
    ({"rules": [{"key": "x", "label": "X", "population": "custody", "action": "lower_level",
                 "criteria": [{"fact": "band", "op": "==", "value": "low"}]}]}, "action must be one of"),
    ({"rules": [{"key": "x", "population": "supervised", "criteria": []}]}, "label is required"),
    ({"rules": [{"key": "x", "label": "X", "population": "supervised", "criteria": [], "colour": 1}]}, "unknown key"),
    ({"rules": [{"key": "x", "label": "X", "population": "supervised", "criteria": [
        {"fact": "band", "op": "==", "value": "low"}]}] * 2}, "given twice"),
])
def test_configuration_errors_name_the_setting(value: Any, message: str) -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        build_rules(value)
    assert "REINTEGRA_ELIGIBILITY_RULES" in str(caught.value) and message in str(caught.value)


def test_a_wrong_setting_stops_start_up(settings) -> None:
    from reintegra.supervision.eligibility.rules import register

    settings.REINTEGRA_ELIGIBILITY_RULES = {"disable": ["nope"]}
    with pytest.raises(ImproperlyConfigured, match="REINTEGRA_ELIGIBILITY_RULES"):
        register()


# ---- bulk: a fixed number of queries -------------------------------------------------------------

@pytest.mark.parametrize("size", [2, 12])
def test_population_facts_take_the_same_queries_whatever_the_size(size: int, django_assert_num_queries) -> None:
    office = ProbationOfficeFactory()
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    for n in range(size):
        supervised(office=office, officer=officer, months=14 if n == 0 else 3 + n)
    prison = FacilityFactory()
    for n in range(size):
        sentenced(facility=prison, served_days=250 + n * 20)
    with django_assert_num_queries(1):
        rows = supervised_facts(SupervisionPeriod.objects.filter(office=office), TODAY)
    with django_assert_num_queries(2):
        custody = custody_facts(CustodyEpisode.objects.filter(facility=prison), TODAY)
    assert len(rows) == len(custody) == size
    flags = flags_for(rows + custody, active_rules())
    assert {flag.rule.key for flag in flags} >= {"lower_level", "early_discharge", "parole_review"}
