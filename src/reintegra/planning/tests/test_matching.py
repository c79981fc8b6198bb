"""Programme matching (pure): which programmes are suggested for which need, in what order, with
which reasons, problems, adaptations and warnings. Hand-built candidates, no database."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.planning.matching import (
    Candidate, NeedSuggestions, Suggestion, distance_km, suggest,
)
from reintegra.programmes.eligibility import Facts

ON = dt.date(2026, 3, 1)
HERE = (51.5074, -0.1278)  # London
PARIS = (48.8566, 2.3522)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def candidate(pk: int, needs: tuple[str, ...] = ("substance",), **kwargs: Any) -> Candidate:
    values: dict[str, Any] = dict(
        programme_id=pk, name=f"Programme {pk}", type="substance_use", targeted_needs=needs, hours=40,
        intensity="moderate", latitude=HERE[0], longitude=HERE[1], places_free=10,
        next_start=ON + dt.timedelta(days=10), cohort_id=pk * 10,
    )
    values.update(kwargs)
    return Candidate(**values)


FACTS = Facts(band="moderate", sex="M", age=30, languages=("es", "en"), literacy="functional")


def run(candidates: list[Candidate], *, needs: tuple[str, ...] = ("substance",), facts: Facts = FACTS,
        flags: frozenset[str] = frozenset(), origin: tuple[float, float] | None = HERE, **kwargs: Any,
        ) -> list[NeedSuggestions]:
    return suggest(needs=needs, facts=facts, flags=flags, candidates=candidates, origin=origin, on=ON, **kwargs)


def ids(group: NeedSuggestions) -> list[int]:
    return [s.programme_id for s in group.suggestions]


def test_haversine_matches_a_known_distance() -> None:
    assert distance_km(HERE, PARIS) == pytest.approx(343.5, abs=1.0)
    assert distance_km(HERE, HERE) == 0
    assert distance_km(None, HERE) is None


def test_one_group_per_need_in_the_assessments_order_with_only_programmes_targeting_it() -> None:
    result = run([candidate(1, ("substance",)), candidate(2, ("attitudes",)), candidate(3, ("family",))],
                 needs=("attitudes", "substance", "leisure"), need_labels={"substance": "Alcohol and drugs"})
    assert [(g.need, g.rank) for g in result] == [("attitudes", 1), ("substance", 2), ("leisure", 3)]
    assert [ids(g) for g in result] == [[2], [1], []]
    assert result[1].label == "Alcohol and drugs"
    assert result[0].label == "Pro-criminal attitudes"  # the catalogue's label when none is given


def test_a_programme_centred_on_the_need_ranks_above_one_where_it_is_secondary() -> None:
    result = run([candidate(1, ("attitudes", "substance")), candidate(2, ("substance", "attitudes"))],
                 needs=("substance",))
    assert ids(result[0]) == [2, 1]


def test_a_programme_also_targeting_the_persons_other_needs_ranks_higher_and_says_so() -> None:
    result = run([candidate(1, ("substance",)), candidate(2, ("substance", "family"))],
                 needs=("substance", "family"))
    assert ids(result[0]) == [2, 1]
    assert "also targets family and marital" in result[0].suggestions[0].reasons


def test_ineligible_programmes_are_left_out_unless_asked_for_and_then_come_last_with_reasons() -> None:
    women = candidate(1, sex_eligibility="F", name="Women's recovery")
    open_ = candidate(2, places_free=0, cohort_id=None, next_start=None)
    default = run([women, open_])
    assert ids(default[0]) == [2] and default[0].ineligible == 1
    everything = run([women, open_], include_ineligible=True)
    assert ids(everything[0]) == [2, 1]
    refused = everything[0].suggestions[1]
    assert not refused.eligible
    assert [p.rule for p in refused.problems] == ["sex"]
    assert "moderate-risk eligible" not in refused.reasons


def test_availability_places_and_sooner_start_rank_higher() -> None:
    none = candidate(1, places_free=0, cohort_id=None, next_start=None)
    later = candidate(2, next_start=ON + dt.timedelta(days=150))
    soon = candidate(3, next_start=ON + dt.timedelta(days=5))
    assert ids(run([none, later, soon])[0]) == [3, 2, 1]


def test_nearer_venues_rank_higher_and_unknown_distance_sits_in_between() -> None:
    near = candidate(1, latitude=51.6, longitude=-0.1)  # about 10 km
    far = candidate(2, latitude=PARIS[0], longitude=PARIS[1])
    unknown = candidate(3, latitude=None, longitude=None)
    result = run([far, unknown, near])[0]
    assert ids(result) == [1, 3, 2]
    assert result.suggestions[0].distance_km == pytest.approx(10.4, abs=0.5)
    assert result.suggestions[1].distance_km is None
    assert "344 km away" in result.suggestions[2].reasons


def test_reasons_read_like_the_issue_example() -> None:
    programme = candidate(1, name="Road to Recovery", languages=("es",), risk_bands=("moderate", "high"),
                          places_free=12, next_start=dt.date(2026, 3, 3), accreditation="accredited",
                          latitude=HERE[0], longitude=HERE[1])
    suggestion = run([programme], need_labels={"substance": "Substance abuse"})[0].suggestions[0]
    assert suggestion.reasons == (
        "targets substance abuse", "moderate-risk eligible", "in Spanish", "accredited",
        "12 places free from March 3, 2026", "where the person is now",
    )
    assert suggestion.eligible and suggestion.problems == ()
    assert (suggestion.cohort_id, suggestion.places_free, suggestion.hours) == (10, 12, 40)


def test_reasons_for_a_running_cohort_a_waiting_list_and_no_cohort() -> None:
    running = candidate(1, next_start=ON - dt.timedelta(days=7), places_free=1, waiting=3)
    closed = candidate(2, places_free=0, cohort_id=None, next_start=None)
    first, second = run([running, closed])[0].suggestions
    assert "1 place free in the current cohort (3 waiting)" in first.reasons
    assert "no cohort with places open" in second.reasons


def test_interpreter_prefers_the_persons_language_and_names_the_adaptation() -> None:
    english = candidate(1, languages=("en",))
    spanish = candidate(2, languages=("es",))
    plain = run([english, spanish])[0]
    assert plain.suggestions[0].adaptations == ()
    adapted = run([english, spanish], flags=frozenset({"interpreter"}))[0]
    assert ids(adapted) == [2, 1]
    assert adapted.suggestions[0].adaptations == (
        "Delivered in Spanish, the person's language (an interpreter is needed)",)
    assert adapted.suggestions[1].adaptations == ()


def test_low_literacy_prefers_programmes_without_a_literacy_minimum() -> None:
    reading = candidate(1, min_literacy="basic", name="A")
    spoken = candidate(2, min_literacy="none", name="B")
    result = run([reading, spoken], flags=frozenset({"low_literacy"}))[0]
    assert ids(result) == [2, 1]
    assert result.suggestions[0].adaptations == ("No reading or writing needed (reading or writing difficulties)",)


@pytest.mark.parametrize(("facts", "flags"), [
    (dataclasses.replace(FACTS, sex="F"), frozenset()),
    (FACTS, frozenset({"gender_responsive"})),
])
def test_women_and_the_gender_flag_prefer_gender_responsive_programmes(facts: Facts, flags: frozenset[str]) -> None:
    result = run([candidate(1, name="A"), candidate(2, name="B", gender_responsive=True)], facts=facts, flags=flags)[0]
    assert ids(result) == [2, 1]
    assert result.suggestions[0].adaptations == ("Gender-responsive",)


def test_without_the_flag_or_for_a_man_gender_responsive_is_not_preferred() -> None:
    result = run([candidate(1, name="A"), candidate(2, name="B", gender_responsive=True)])[0]
    assert ids(result) == [1, 2]  # equal scores: by name


def test_trauma_prefers_trauma_informed_programmes() -> None:
    result = run([candidate(1, name="A"), candidate(2, name="B", trauma_informed=True)],
                 flags=frozenset({"trauma"}))[0]
    assert ids(result) == [2, 1]
    assert result.suggestions[0].adaptations == ("Trauma-informed (trauma history)",)


def test_a_high_intensity_programme_for_a_low_risk_person_ranks_lower_and_carries_a_warning() -> None:
    low = dataclasses.replace(FACTS, band="low")
    intensive = candidate(1, intensity="high", name="Intensive")
    light = candidate(2, intensity="low", name="Light", next_start=ON + dt.timedelta(days=60))
    result = run([intensive, light], facts=low)[0]
    assert ids(result) == [2, 1]
    assert result.suggestions[1].warnings and "Intensive" in result.suggestions[1].warnings[0]
    assert result.suggestions[0].warnings == ()
    # The same programme for a high-risk person: no warning, and it wins on start date.
    assert ids(run([intensive, light], facts=dataclasses.replace(FACTS, band="high"))[0]) == [1, 2]


def test_limit_keeps_the_best_and_counts_stay_honest() -> None:
    cands = [candidate(pk, next_start=ON + dt.timedelta(days=pk)) for pk in range(1, 9)]
    result = run(cands, limit=3)[0]
    assert ids(result) == [1, 2, 3]
    assert run(cands, limit=0)[0].suggestions == ()


def test_scores_are_bounded_and_the_best_possible_programme_scores_100() -> None:
    best = candidate(1, next_start=ON, gender_responsive=True)
    suggestion = run([best], flags=frozenset({"gender_responsive"}))[0].suggestions[0]
    assert suggestion.score == 100.0


def test_duplicate_and_empty_needs_are_ignored() -> None:
    result = run([candidate(1)], needs=("substance", "", "substance"))
    assert [g.need for g in result] == ["substance"]


def test_reasons_follow_the_active_language() -> None:
    with translation.override("es"):
        suggestion = run([candidate(1, languages=("es",))])[0].suggestions[0]
    assert any("espa" in reason.lower() for reason in suggestion.reasons)  # Django's own language names


# --- properties ---------------------------------------------------------------------------------

needs_codes = ["attitudes", "associates", "personality", "family", "school_work", "leisure", "substance"]
candidate_st = st.builds(
    lambda pk, needs, intensity, bands, sex, places, days, lat, lon, langs, literacy, gr, ti: candidate(
        pk, tuple(needs), intensity=intensity, risk_bands=tuple(bands), sex_eligibility=sex, places_free=places,
        cohort_id=pk if places else None, next_start=ON + dt.timedelta(days=days) if places else None,
        latitude=lat, longitude=lon, languages=tuple(langs), min_literacy=literacy, gender_responsive=gr,
        trauma_informed=ti),
    st.integers(min_value=1, max_value=10_000), st.lists(st.sampled_from(needs_codes), min_size=1, max_size=3, unique=True),
    st.sampled_from(["low", "moderate", "high"]),
    st.lists(st.sampled_from(["low", "moderate", "high", "very_high"]), max_size=3, unique=True),
    st.sampled_from(["any", "F", "M"]), st.integers(min_value=0, max_value=30), st.integers(min_value=-30, max_value=400),
    st.none() | st.floats(min_value=-60, max_value=60), st.floats(min_value=-170, max_value=170),
    st.lists(st.sampled_from(["en", "es", "fr"]), max_size=2, unique=True),
    st.sampled_from(["none", "basic", "functional", "full"]), st.booleans(), st.booleans(),
)
facts_st = st.builds(
    Facts, band=st.sampled_from(["low", "moderate", "high", "very_high", ""]), sex=st.sampled_from(["F", "M", "U"]),
    age=st.none() | st.integers(min_value=16, max_value=80), languages=st.sampled_from([(), ("es",), ("en", "fr")]),
    literacy=st.sampled_from(["", "none", "basic", "full"]),
)
flags_st = st.frozensets(st.sampled_from(["interpreter", "low_literacy", "gender_responsive", "trauma", "denial"]))


def _check(result: list[NeedSuggestions], needs: list[str], facts: Facts, limit: int, include: bool) -> None:
    for group in result:
        scores = [(not s.eligible, -s.score) for s in group.suggestions]
        assert scores == sorted(scores)
        assert len(group.suggestions) <= limit
        for s in group.suggestions:
            assert isinstance(s, Suggestion) and s.need == group.need
            assert -20.0 <= s.score <= 100.0
            assert include or s.eligible
            assert s.eligible == (not s.problems)
            if facts.band == "low" and s.intensity == "high":
                assert s.warnings, "a low-risk person is never suggested an intensive programme without a warning"


@settings(max_examples=150, deadline=None)
@given(cands=st.lists(candidate_st, max_size=25, unique_by=lambda c: c.programme_id),
       needs=st.lists(st.sampled_from(needs_codes), min_size=1, max_size=4, unique=True),
       facts=facts_st, flags=flags_st, limit=st.integers(min_value=0, max_value=6), include=st.booleans())
def test_suggestions_are_ordered_bounded_and_never_hide_the_risk_principle(
        cands: list[Candidate], needs: list[str], facts: Facts, flags: frozenset[str], limit: int,
        include: bool) -> None:
    with translation.override("en"):
        result = run(cands, needs=tuple(needs), facts=facts, flags=flags, limit=limit, include_ineligible=include)
    assert [g.need for g in result] == needs
    _check(result, needs, facts, limit, include)
    for group in result:
        targeting = [c for c in cands if group.need in c.targeted_needs]
        shown = set(ids(group))
        assert shown <= {c.programme_id for c in targeting}
        if limit >= len(targeting):  # everything eligible is shown when there is room
            eligible = {s.programme_id for s in run(targeting, needs=(group.need,), facts=facts, flags=flags,
                                                    limit=100, include_ineligible=True)[0].suggestions if s.eligible}
            assert eligible <= shown


def test_excluded_programmes_are_left_out() -> None:
    assert ids(run([candidate(1), candidate(2)], exclude_programme_ids=[1])[0]) == [2]
