"""What plans are built from, read from the database: band, needs, strengths and flags from the
latest assessments, where the person is, the catalogue with each programme's next cohort with
places, and the suggestions that come of them (with a bounded number of queries)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from reintegra.accounts.tests.factories import FacilityFactory
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.instruments import instrument_get
from reintegra.assessments.models import Assessment
from reintegra.assessments.services.versions import instrument_version_ensure
from reintegra.justice.choices import SupervisionKind
from reintegra.justice.tests.factories import CustodyEpisodeFactory, ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.people.tests.factories import PersonFactory
from reintegra.planning.inputs import candidates, current_band, plan_inputs, suggestions_for
from reintegra.programmes.choices import EnrolmentStatus
from reintegra.programmes.models import Enrolment
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def assessment(person: Any, code: str = "reintegra-needs", *, band: str = "moderate", needs: list[str] | None = None,
               flags: list[str] = (), strengths: list[dict[str, Any]] = (), days_ago: int = 10,
               status: str = AssessmentStatus.COMPLETED) -> Assessment:
    """A completed assessment with a shipped instrument and a stored result (no answers needed)."""
    version = instrument_version_ensure(instrument_get(code))
    at = timezone.now() - dt.timedelta(days=days_ago)
    return Assessment.objects.create(
        person=person, instrument=version, status=status, occasion="admission", started_at=at,
        completed_at=at if status == AssessmentStatus.COMPLETED else None, computed_band=band, final_band=band,
        result={"needs": list(needs or []), "flags": [{"code": f, "kind": "responsivity"} for f in flags],
                "strengths": list(strengths)},
    )


def test_current_band_is_the_final_band_of_the_latest_completed_assessment() -> None:
    person = PersonFactory()
    assert current_band(person) == ""
    assessment(person, band="low", days_ago=30)
    assessment(person, band="high", days_ago=5)
    assessment(person, band="very_high", days_ago=1, status=AssessmentStatus.DRAFT)
    assessment(person, "reintegra-responsivity", band="low", days_ago=0)  # flags, not a band
    assert current_band(person) == "high"


def test_plan_inputs_without_any_assessment() -> None:
    person = PersonFactory()
    inputs = plan_inputs(person=person, on=ON)
    assert (inputs.assessment, inputs.band, inputs.needs, inputs.flags, inputs.origin) == (None, "", [], frozenset(), None)
    assert inputs.facts.band == "" and inputs.facts.sex == "M"
    assert suggestions_for(person=person, on=ON) == []


def test_plan_inputs_read_needs_labels_strengths_flags_and_the_facility() -> None:
    prison = FacilityFactory(latitude=40.4, longitude=-3.7, name="Centro Norte")
    person = PersonFactory(languages=["es"], literacy_level="basic")
    CustodyEpisodeFactory(person=person, facility=prison, admitted_on=dt.date(2025, 6, 1))
    needs = assessment(person, band="high", needs=["substance", "attitudes"], strengths=[
        {"domain": "attitudes", "item": "att_prosocial_goals", "category": "human_capital", "label": "Yes, clear goals"}])
    assessment(person, "reintegra-responsivity", flags=["interpreter", "trauma"], days_ago=3)
    inputs = plan_inputs(person=person, on=ON)
    assert inputs.assessment == needs and inputs.needs_assessment == needs
    assert inputs.band == "high" and inputs.facts.band == "high"
    assert inputs.needs == ["substance", "attitudes"]
    assert inputs.need_labels == {"substance": "Alcohol and drugs", "attitudes": "Pro-criminal attitudes"}
    assert inputs.strengths == [
        "Human capital (skills, education, capacity to change): Has goals for a life without offending, in their own words"]
    assert inputs.flags == {"interpreter", "trauma"}
    assert inputs.facts.languages == ("es",) and inputs.facts.literacy == "basic"
    assert inputs.origin == (40.4, -3.7) and inputs.origin_name == "Centro Norte"
    with translation.override("es"):
        assert plan_inputs(person=person, on=ON).need_labels["substance"] == "Alcohol y drogas"


def test_the_band_comes_from_a_later_screener_and_the_needs_from_the_last_needs_assessment() -> None:
    person = PersonFactory()
    assessment(person, band="moderate", needs=["family"], days_ago=20)
    assessment(person, band="low", needs=["leisure"], days_ago=15)
    screener = assessment(person, "reintegra-screener", band="high", days_ago=2)
    inputs = plan_inputs(person=person, on=ON)
    assert inputs.assessment == screener and inputs.band == "high"
    assert inputs.needs == ["leisure"]


def test_origin_is_the_supervising_office_in_the_community() -> None:
    office = ProbationOfficeFactory(latitude=10.0, longitude=20.0)
    person = PersonFactory()
    SupervisionPeriodFactory(person=person, office=office, kind=SupervisionKind.PROBATION, starts_on=dt.date(2025, 1, 1))
    assert plan_inputs(person=person, on=ON).origin == (10.0, 20.0)


def test_candidates_carry_programme_facts_venue_coordinates_and_the_next_cohort_with_places() -> None:
    venue = FacilityFactory(latitude=1.5, longitude=2.5, name="North Prison")
    programme = ProgrammeFactory(name="Recovery", targeted_needs=["substance", "family"], hours=60, intensity="high",
                                 risk_bands=["high"], languages=["es"], trauma_informed=True, venue=venue)
    CohortFactory(programme=programme, starts_on=ON - dt.timedelta(days=20), ends_on=ON + dt.timedelta(days=40), capacity=5)
    later = CohortFactory(programme=programme, starts_on=ON + dt.timedelta(days=30), ends_on=ON + dt.timedelta(days=90), capacity=3)
    sooner = CohortFactory(programme=programme, starts_on=ON + dt.timedelta(days=10), ends_on=ON + dt.timedelta(days=70), capacity=2)
    CohortFactory(programme=programme, starts_on=ON - dt.timedelta(days=90), ends_on=ON - dt.timedelta(days=1))  # ended
    for _ in range(2):  # the sooner cohort is full
        Enrolment.objects.create(person=PersonFactory(), cohort=sooner, status=EnrolmentStatus.ENROLLED,
                                 requested_on=ON, enrolled_on=ON)
    Enrolment.objects.create(person=PersonFactory(), cohort=later, status=EnrolmentStatus.WAITING, requested_on=ON)
    ProgrammeFactory(voided_at=timezone.now())
    (found,) = candidates(on=ON)
    assert (found.programme_id, found.name, found.targeted_needs, found.hours, found.intensity) == (
        programme.pk, "Recovery", ("substance", "family"), 60, "high")
    assert (found.risk_bands, found.languages, found.trauma_informed) == (("high",), ("es",), True)
    assert (found.venue_name, found.latitude, found.longitude) == ("North Prison", 1.5, 2.5)
    assert (found.cohort_id, found.next_start, found.places_free, found.waiting) == (later.pk, later.starts_on, 3, 1)


def test_a_running_cohort_is_offered_when_no_later_one_has_places() -> None:
    programme = ProgrammeFactory()
    running = CohortFactory(programme=programme, starts_on=ON - dt.timedelta(days=5), ends_on=ON + dt.timedelta(days=5))
    (found,) = candidates(on=ON)
    assert found.cohort_id == running.pk
    bare = ProgrammeFactory()
    assert [(c.cohort_id, c.places_free) for c in candidates(on=ON, programme_ids=[bare.pk])] == [(None, 0)]


def test_candidates_filter_by_need() -> None:
    substance = ProgrammeFactory(targeted_needs=["substance"])
    ProgrammeFactory(targeted_needs=["family"])
    assert [c.programme_id for c in candidates(on=ON, needs=["substance", "leisure"])] == [substance.pk]
    assert candidates(on=ON, needs=[]) == []


def test_suggestions_for_a_person_end_to_end() -> None:
    prison = FacilityFactory(latitude=40.4, longitude=-3.7)
    person = PersonFactory(languages=["es"], sex="F")
    CustodyEpisodeFactory(person=person, facility=prison, admitted_on=dt.date(2025, 6, 1))
    assessment(person, band="moderate", needs=["substance", "school_work"])
    here = ProgrammeFactory(name="Here", targeted_needs=["substance"], venue=prison, gender_responsive=True)
    CohortFactory(programme=here, starts_on=ON + dt.timedelta(days=7), ends_on=ON + dt.timedelta(days=60), capacity=12)
    far = ProgrammeFactory(name="Far", targeted_needs=["substance"], venue=FacilityFactory(latitude=43.3, longitude=-8.4))
    CohortFactory(programme=far, starts_on=ON + dt.timedelta(days=7), ends_on=ON + dt.timedelta(days=60))
    ProgrammeFactory(name="Men only", targeted_needs=["substance"], sex_eligibility="M")
    groups = suggestions_for(person=person, on=ON)
    assert [(g.need, g.label) for g in groups] == [("substance", "Alcohol and drugs"), ("school_work", "Education and employment")]
    substance, work = groups
    assert [s.programme_name for s in substance.suggestions] == ["Here", "Far"]
    assert substance.ineligible == 1 and work.suggestions == ()
    top = substance.suggestions[0]
    assert top.adaptations == ("Gender-responsive",)
    assert "moderate-risk eligible" in top.reasons and "where the person is now" in top.reasons
    assert "12 places free from March 8, 2026" in top.reasons
    with_ineligible = suggestions_for(person=person, on=ON, include_ineligible=True)[0]
    assert [s.programme_name for s in with_ineligible.suggestions] == ["Here", "Far", "Men only"]


def test_suggestions_take_a_fixed_number_of_queries_whatever_the_catalogue_size() -> None:
    person = PersonFactory()
    assessment(person, needs=["substance", "attitudes"])
    ProgrammeFactory(targeted_needs=["substance"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            suggestions_for(person=person, on=ON)
        return len(queries)

    few = count()
    for i in range(15):
        programme = ProgrammeFactory(targeted_needs=["substance", "attitudes"][: 1 + i % 2], venue=FacilityFactory())
        CohortFactory(programme=programme, starts_on=ON + dt.timedelta(days=i), ends_on=ON + dt.timedelta(days=90))
    assert count() == few
    assert few <= 8


def test_programmes_already_taken_or_excluded_are_not_suggested_again() -> None:
    person = PersonFactory()
    assessment(person, needs=["substance"])
    waiting, completed, dropped, fresh, in_plan = (
        ProgrammeFactory(name=name, targeted_needs=["substance"]) for name in ("W", "C", "D", "F", "P"))
    for programme, status in ((waiting, EnrolmentStatus.WAITING), (completed, EnrolmentStatus.COMPLETED),
                              (dropped, EnrolmentStatus.DROPPED)):
        cohort = CohortFactory(programme=programme)
        Enrolment.objects.create(person=person, cohort=cohort, status=status, requested_on=ON,
                                 enrolled_on=ON if status != EnrolmentStatus.WAITING else None,
                                 completed_on=ON if status == EnrolmentStatus.COMPLETED else None)
    (group,) = suggestions_for(person=person, on=ON, exclude_programme_ids=[in_plan.pk])
    assert sorted(s.programme_name for s in group.suggestions) == ["D", "F"]  # dropping out is no bar
