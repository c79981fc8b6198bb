"""The pure allocation ranking against hand-computed cases (no database).

The worked example (default weights: security 30, programmes 30, capacity 20, family 20,
family_km 500). A man aged 30 who requires medium security, needs ranked substance > education >
attitudes (weights 3, 2, 1 of 6), family at (0, 0):

  A  medium, men, adults; 90 of 100 places; at (0, 1); programmes for substance and attitudes
     security 30 + programmes 30*(3+1)/6 = 20 + capacity 20*(100-90)/20 = 10
     + family 20*(1 - 111.195/500) = 15.552                                          = 75.55
  B  high (one above), mixed; 100 of 200 places; at (0, 0); a programme for education
     security 30-10 = 20 + programmes 30*2/6 = 10 + capacity 20 (50 %) + family 20     = 70.00
  C  medium, men, adults; no capacity, no location; programmes for all three needs
     30 + 30 + 0 + 0                                                                   = 60.00
  D  low security (below medium), E women only, F juveniles: never ranked.
"""
from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from reintegra.custody import allocation
from reintegra.custody.allocation import FacilityFacts, FacilityProgramme, FamilyPlace, PersonFacts, Weights, rank
from reintegra.custody.allocation_selectors import weights_from_settings

KM_PER_DEGREE = 111.19508  # 2 * pi * 6371.0088 / 360


def _person(**kw) -> PersonFacts:
    values = {"required_security": "medium", "sex": "M", "age": 30, "needs": ("substance", "education", "attitudes"),
              "need_labels": {"substance": "Substance use", "education": "Education", "attitudes": "Attitudes"},
              "family": (FamilyPlace("Mum", 0.0, 0.0),)}
    return PersonFacts(**(values | kw))


def _facility(pk: int, name: str, **kw) -> FacilityFacts:
    values = {"security_level": "medium", "sex_category": "male", "age_category": "adult", "capacity": 100,
              "population": 0}
    return FacilityFacts(facility_id=pk, name=name, **(values | kw))


FACILITIES = [
    _facility(1, "A", population=90, latitude=0.0, longitude=1.0, programmes=(
        FacilityProgramme(11, "Drug recovery", ("substance",)), FacilityProgramme(12, "Thinking skills", ("attitudes",)),
        FacilityProgramme(13, "Gardening", ()))),
    _facility(2, "B", security_level="high", sex_category="mixed", age_category="mixed", capacity=200, population=100,
              latitude=0.0, longitude=0.0, programmes=(FacilityProgramme(21, "Literacy", ("education",)),)),
    _facility(3, "C", capacity=None, programmes=(FacilityProgramme(31, "All in one", ("substance", "education",
                                                                                    "attitudes")),)),
    _facility(4, "D", security_level="low", latitude=0.0, longitude=0.0),
    _facility(5, "E", sex_category="female", latitude=0.0, longitude=0.0),
    _facility(6, "F", age_category="juvenile", latitude=0.0, longitude=0.0),
]


def test_the_worked_example_ranks_and_scores_as_computed_by_hand() -> None:
    results = rank(person=_person(), facilities=FACILITIES)
    assert [(r.name, r.rank, r.score) for r in results] == [
        ("A", 1, 75.55), ("B", 2, 70.0), ("C", 3, 60.0), ("D", None, 0.0), ("E", None, 0.0), ("F", None, 0.0)]
    a = {c.code: c for c in results[0].criteria}
    assert {code: round(c.points, 3) for code, c in a.items()} == {
        "security": 30, "sex": 0, "age": 0, "programmes": 20, "capacity": 10, "family": 15.552}
    assert results[0].programme_ids == (11, 12) and results[0].places_left == 10
    assert results[0].distance_km == pytest.approx(KM_PER_DEGREE, abs=0.01)


def test_every_criterion_is_explained() -> None:
    a, b, c, d, e, f = rank(person=_person(), facilities=FACILITIES)
    text = {x.code: x.explanation for x in a.criteria}
    assert text["security"] == "Medium security: the required level."
    assert text["programmes"] == ("Programmes for Substance use (Drug recovery); Attitudes (Thinking skills). "
                                  "Nothing for Education.")
    assert text["capacity"] == "10 places left of 100 (occupancy 90.0 %)."
    assert text["family"] == "111 km from Mum."
    assert {x.code: x.explanation for x in b.criteria}["security"] == (
        "High security: 1 level above the required Medium (over-classification).")
    assert {x.code: x.explanation for x in c.criteria}["capacity"] == "Official capacity not recorded."
    assert {x.code: x.explanation for x in c.criteria}["family"] == "The facility's location is not recorded."
    assert [x.explanation for x in d.problems] == ["Low security is below the required level (Medium)."]
    assert [x.code for x in e.problems] == ["sex"] and [x.code for x in f.problems] == ["age"]


@pytest.mark.parametrize(("required", "level", "points", "fits"), [
    ("medium", "medium", 30, True), ("medium", "high", 20, True), ("medium", "maximum", 10, True),
    ("open", "maximum", 0, True), ("high", "medium", 0, False), ("maximum", "open", 0, False),
])
def test_security_never_below_and_over_classification_costs_a_third_a_level(required, level, points, fits) -> None:
    criterion = allocation.security_criterion(required, level, 30)
    assert (round(criterion.points, 6), criterion.fits) == (points, fits)


@pytest.mark.parametrize(("population", "points", "left"), [(70, 20, 30), (80, 20, 20), (90, 10, 10), (95, 5, 5),
                                                            (100, 0, 0), (130, 0, -30)])
def test_capacity_points_fall_in_a_line_from_80_to_100_percent(population, points, left) -> None:
    criterion, places_left, occupancy = allocation.capacity_criterion(100, population, 20)
    assert (round(criterion.points, 6), places_left, occupancy) == (points, left, population)


def test_a_full_facility_says_so_but_stays_ranked() -> None:
    criterion, _left, _pct = allocation.capacity_criterion(100, 130, 20)
    assert criterion.explanation == "Full: 130 people for 100 places (occupancy 130.0 %)." and criterion.fits


def test_programme_points_weigh_needs_by_rank() -> None:
    needs = ("a", "b", "c")  # weights 3, 2, 1 of 6
    only_b = (FacilityProgramme(1, "P", ("b", "zzz")),)
    assert allocation.programmes_criterion(needs, {}, only_b, 30)[0].points == 10
    assert allocation.programmes_criterion(needs, {}, (), 30)[0].points == 0
    twice_a = (FacilityProgramme(1, "P", ("a",)), FacilityProgramme(2, "Q", ("a",)))
    assert allocation.programmes_criterion(needs, {}, twice_a, 30)[0].points == 15  # a need counts once
    none = allocation.programmes_criterion((), {}, only_b, 30)[0]
    assert (none.points, none.explanation) == (0, "No assessed needs: programmes not weighed.")


def test_family_distance_uses_the_nearest_unrestricted_contact_and_stops_at_family_km() -> None:
    here = _facility(1, "A", latitude=0.0, longitude=0.0)
    family = (FamilyPlace("Far", 0.0, 10.0), FamilyPlace("Near", 0.0, 1.0))
    criterion, distance = allocation.family_criterion(family, here, Weights())
    assert distance == pytest.approx(KM_PER_DEGREE, abs=0.01) and "Near" in criterion.explanation
    far, _d = allocation.family_criterion((FamilyPlace("Far", 0.0, 10.0),), here, Weights())
    assert far.points == 0  # 1,112 km is beyond 500 km
    none, distance = allocation.family_criterion((), here, Weights())
    assert (none.points, distance) == (0, None)


def test_ties_go_to_the_nearer_family_then_the_name() -> None:
    twins = [_facility(1, "Zed", latitude=0.0, longitude=0.0), _facility(2, "Abe", latitude=0.0, longitude=0.0),
             _facility(3, "Mid", latitude=0.0, longitude=0.0)]
    person = _person(family=(), needs=())
    assert [r.name for r in rank(person=person, facilities=twins)] == ["Abe", "Mid", "Zed"]
    no_family_points = Weights(family=0)
    person = _person(family=(FamilyPlace("Mum", 0.0, 0.5),), needs=())
    far = _facility(4, "Aaa", latitude=0.0, longitude=0.0)
    near = _facility(5, "Zzz", latitude=0.0, longitude=0.5)
    assert [r.name for r in rank(person=person, facilities=[far, near], weights=no_family_points)] == ["Zzz", "Aaa"]


@pytest.mark.parametrize(("sex", "category", "fits"), [
    ("F", "female", True), ("F", "male", False), ("F", "mixed", True), ("M", "male", True), ("M", "female", False),
    ("X", "mixed", True), ("X", "male", None), ("U", "female", None),
])
def test_sex_category(sex, category, fits) -> None:
    assert allocation.sex_fits(sex, category) is fits


@pytest.mark.parametrize(("age", "category", "fits"), [
    (17, "juvenile", True), (17, "mixed", False), (17, "adult", False), (18, "juvenile", False),
    (19, "young_adult", True), (19, "adult", True), (19, "mixed", True), (30, "adult", True), (30, "mixed", True),
    (30, "young_adult", False), (None, "juvenile", False), (None, "adult", None),
])
def test_age_category_keeps_juveniles_apart(age, category, fits) -> None:
    assert allocation.age_fits(age, category) is fits


def test_a_facility_without_a_profile_is_never_ranked() -> None:
    bare = FacilityFacts(facility_id=9, name="Bare", capacity=10)
    (result,) = rank(person=_person(), facilities=[bare])
    assert not result.suitable and result.rank is None and [c.code for c in result.problems] == ["profile"]


def test_weights_change_the_points_and_unknown_levels_are_refused() -> None:
    no_family = Weights(family=0)
    results = rank(person=_person(), facilities=FACILITIES[:3], weights=no_family)
    # A (30+20+10) and C (30+30+0) tie at 60: A's family distance is known (111 km), C's is not
    assert [(r.name, r.score, r.max_score) for r in results] == [("A", 60.0, 80), ("C", 60.0, 80), ("B", 50.0, 80)]
    with pytest.raises(ValueError):
        rank(person=_person(required_security="supermax"), facilities=FACILITIES)


def test_weights_setting_is_validated(settings) -> None:
    settings.REINTEGRA_ALLOCATION_WEIGHTS = {"family": 0, "family_km": 250}
    assert weights_from_settings() == Weights(family=0, family_km=250)
    for bad in ({"distance": 3}, {"family": -1}, {"family_km": 0}, {"security": "high"}, [1, 2],
                {"security": 0, "programmes": 0, "capacity": 0, "family": 0}):
        settings.REINTEGRA_ALLOCATION_WEIGHTS = bad
        with pytest.raises(ImproperlyConfigured):
            weights_from_settings()
