"""Visibility of assessments, the latest band and series, and the reassessment due list."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory
from reintegra.assessments import selectors, services
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.models import Assessment
from reintegra.assessments.tests.factories import (  # noqa: F401
    HIGH, LOW, NEEDS, SCREEN, completed, draft, officer, person_for, svc_instruments,
)
from reintegra.justice.choices import CustodyKind, ReleaseType
from reintegra.justice.tests.factories import CustodyEpisodeFactory, SupervisionPeriodFactory
from reintegra.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("svc_instruments")]
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def backdate(assessment: Assessment, completed_on: dt.date, next_due: dt.date | None = None) -> Assessment:
    at = timezone.make_aware(dt.datetime.combine(completed_on, dt.time(12)))
    changes: dict[str, Any] = {"completed_at": at, "started_at": at}
    if next_due is not None:
        changes["next_due"] = next_due
    Assessment.objects.filter(pk=assessment.pk).update(**changes)
    return Assessment.objects.get(pk=assessment.pk)


def volunteer_for(person: Any, assigner: Any) -> Any:
    from reintegra.supervision.services import volunteer_assign

    volunteer = officer(Role.VOLUNTEER)
    volunteer_assign(actor=assigner, volunteer=volunteer, person=person)
    return volunteer


class TestVisibility:
    def test_levels(self) -> None:
        user = officer()
        person = person_for(user)
        assert selectors.assessment_visibility(user, person) == "full"
        assert selectors.assessment_visibility(officer(), person) is None
        assert selectors.assessment_visibility(volunteer_for(person, user), person) == "summary"
        assert selectors.assessment_visibility(officer(Role.ANALYST), person) is None

    def test_full_viewer_sees_everything_newest_first(self) -> None:
        user = officer()
        person = person_for(user)
        first = completed(person, user, LOW)
        second = completed(person, user, HIGH)
        open_draft = draft(person, user)
        listed = list(selectors.assessment_list_for_person(user=user, person=person))
        assert listed == [open_draft, second, first]
        got = selectors.assessment_get(user=user, pk=first.pk)
        assert got == first and got.visibility == "full"
        assert selectors.assessment_get(user=officer(), pk=first.pk) is None
        assert selectors.assessment_get(user=user, pk=10**9) is None

    def test_a_volunteer_gets_the_latest_band_only(self) -> None:
        user = officer()
        person = person_for(user)
        older = completed(person, user, LOW)
        latest = completed(person, user, HIGH)
        draft(person, user)
        volunteer = volunteer_for(person, user)
        assert list(selectors.assessment_list_for_person(user=volunteer, person=person)) == [latest]
        assert selectors.assessment_get(user=volunteer, pk=older.pk) is None
        got = selectors.assessment_get(user=volunteer, pk=latest.pk)
        assert got is not None and got.visibility == "summary"
        summary = selectors.assessment_summary(user=volunteer, person=person)
        assert summary is not None and summary.band == "high" and summary.band_label == "High"
        assert summary.needs == ["Work", "Drugs"] and summary.completed_on == timezone.localdate()
        assert not {"answers", "result", "total"} & set(vars(summary))
        with translation.override("es"):
            assert selectors.assessment_summary(user=volunteer, person=person).needs == ["Trabajo", "Drogas"]
        assert selectors.reassessment_due(user=volunteer, today=timezone.localdate(), window_days=3650) == []

    def test_latest_and_series_skip_voided_superseded_and_drafts(self) -> None:
        user = officer()
        person = person_for(user)
        assert selectors.assessment_latest(person=person) is None
        first = completed(person, user, LOW)
        second = completed(person, user, HIGH)
        correction = services.assessment_correct(assessment=second, actor=user, reason="fix")
        correction = services.assessment_answer(assessment=correction, actor=user,
                                                expected_version=correction.version, answers={"drugs_use": "yes"})
        corrected = services.assessment_complete(assessment=correction, actor=user,
                                                 expected_version=correction.version)
        completed(person, user, {"drugs_any": "yes"}, code=SCREEN)
        draft(person, user)
        assert Assessment.objects.get(pk=second.pk).status == AssessmentStatus.SUPERSEDED
        series = selectors.assessment_series(person=person, instrument_code=NEEDS)
        assert [row["id"] for row in series] == [first.pk, corrected.pk]
        assert series[1]["band"] == "very_high" and series[1]["domains"] == {"work": 3.0, "drugs": 4.0}
        latest = selectors.assessment_latest(person=person)
        assert latest is not None and latest.instrument.code == SCREEN


class TestDue:
    def test_scheduled_dates_window_and_order(self) -> None:
        user = officer()
        overdue, soon, later, never = (person_for(user) for _ in range(4))
        backdate(completed(overdue, user, HIGH), TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=3))
        backdate(completed(soon, user, HIGH), TODAY - dt.timedelta(days=170), TODAY + dt.timedelta(days=10))
        backdate(completed(later, user, LOW), TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=355))
        completed(never, user, {"drugs_any": "no"}, code=SCREEN)  # not a scheduled instrument
        rows = selectors.reassessment_due(user=user, today=TODAY, window_days=30)
        assert [(r.person, r.overdue, r.kind) for r in rows] == [(overdue, True, "scheduled"), (soon, False, "scheduled")]
        assert rows[0].due_on == TODAY - dt.timedelta(days=3) and rows[0].instrument_code == NEEDS
        assert rows[0].reason.startswith("Scheduled reassessment: last assessed on") and "high band" in rows[0].reason
        assert selectors.reassessment_due(user=user, today=TODAY, window_days=30, offset=1, limit=5)[0].person == soon
        assert len(selectors.reassessment_due(user=user, today=TODAY, window_days=400)) == 3

    def test_a_trigger_after_the_last_assessment(self) -> None:
        user = officer()
        person = person_for(user)
        backdate(completed(person, user, LOW), TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=300))
        services.reassessment_trigger_record(person=person, event="breach", actor=user,
                                             occurred_on=TODAY - dt.timedelta(days=100))  # before: ignored
        assert selectors.reassessment_due(user=user, today=TODAY) == []
        services.reassessment_trigger_record(person=person, event="breach", actor=user,
                                             occurred_on=TODAY - dt.timedelta(days=5))
        [row] = selectors.reassessment_due(user=user, today=TODAY)
        assert row.kind == "event" and row.due_on == TODAY + dt.timedelta(days=23) and not row.overdue
        assert row.reason.startswith("Breach of conditions on")

    def test_custody_admission_and_release_after_the_last_assessment(self, settings: Any) -> None:
        settings.REINTEGRA_REASSESSMENT_EVENT_DAYS = 10
        prison = FacilityFactory()
        manager = officer(Role.PRISON_CASE_MANAGER, prison)
        person = PersonFactory(actor=manager)
        backdate(completed(person, manager, LOW), TODAY - dt.timedelta(days=90), TODAY + dt.timedelta(days=300))
        admitted = TODAY - dt.timedelta(days=30)
        episode = CustodyEpisodeFactory(person=person, facility=prison, kind=CustodyKind.REMAND, admitted_on=admitted)
        assert selectors.reassessment_due(user=manager, today=TODAY) == []  # not their own caseload
        [row] = selectors.reassessment_due(user=manager, today=TODAY, caseload_only=False)
        assert row.kind == "event" and row.due_on == admitted + dt.timedelta(days=10) and row.overdue
        assert row.reason.startswith("Admission to custody on")
        # A new assessment after the admission clears it.
        backdate(completed(person, manager, LOW), TODAY - dt.timedelta(days=20), TODAY + dt.timedelta(days=300))
        assert selectors.reassessment_due(user=manager, today=TODAY, caseload_only=False) == []
        assert episode.pk

    def test_a_release_after_the_last_assessment(self) -> None:
        from reintegra.justice.services import custody_release

        user = officer()
        person = PersonFactory()
        SupervisionPeriodFactory(person=person, officer=user, starts_on=TODAY - dt.timedelta(days=100))
        first = CustodyEpisodeFactory(person=person, admitted_on=TODAY - dt.timedelta(days=95))
        second = CustodyEpisodeFactory.build(person=person, admitted_on=TODAY - dt.timedelta(days=40))
        backdate(completed(person, user, LOW), TODAY - dt.timedelta(days=90), TODAY + dt.timedelta(days=300))
        # A transfer is neither a release nor an admission.
        from reintegra.justice.services import custody_transfer

        custody_transfer(actor=None, episode=first, to_facility=FacilityFactory(), transferred_on=second.admitted_on,
                         expected_version=first.version)
        assert selectors.reassessment_due(user=user, today=TODAY) == []
        current = person.custody_episodes.get(released_on__isnull=True)
        custody_release(actor=None, episode=current, released_on=TODAY - dt.timedelta(days=2),
                        release_type=ReleaseType.BAIL, expected_version=current.version)
        [row] = selectors.reassessment_due(user=user, today=TODAY)
        assert row.kind == "event" and row.due_on == TODAY + dt.timedelta(days=26)
        assert row.reason.startswith("Release from custody on")

    def test_people_never_assessed_in_custody_or_under_supervision(self) -> None:
        user = officer()
        supervised = PersonFactory()
        starts = TODAY - dt.timedelta(days=40)
        SupervisionPeriodFactory(person=supervised, officer=user, starts_on=starts)
        screened = PersonFactory()
        SupervisionPeriodFactory(person=screened, officer=user, starts_on=starts)
        completed_screen = services.assessment_start(person=screened, instrument_code=SCREEN, occasion="other",
                                                     actor=user)
        completed_screen = services.assessment_answer(assessment=completed_screen, actor=user, expected_version=1,
                                                      answers={"drugs_any": "no"})
        services.assessment_complete(assessment=completed_screen, actor=user, expected_version=2)
        assessed = PersonFactory()
        SupervisionPeriodFactory(person=assessed, officer=user, starts_on=starts)
        backdate(completed(assessed, user, LOW), TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=355))
        rows = selectors.reassessment_due(user=user, today=TODAY)
        assert {r.person for r in rows} == {supervised, screened}
        row = next(r for r in rows if r.person == supervised)
        assert row.kind == "initial" and row.due_on == starts + dt.timedelta(days=28) and row.overdue
        assert row.reason.startswith("Under supervision since") and row.last_completed_at is None

    def test_people_outside_the_scope_are_never_listed(self) -> None:
        owner = officer()
        person = person_for(owner)
        backdate(completed(person, owner, HIGH), TODAY - dt.timedelta(days=400), TODAY - dt.timedelta(days=30))
        assert len(selectors.reassessment_due(user=owner, today=TODAY)) == 1
        assert selectors.reassessment_due(user=officer(), today=TODAY, caseload_only=False) == []

    def test_query_count_does_not_grow_with_the_caseload(self, django_assert_max_num_queries: Any) -> None:
        user = officer()
        for index in range(12):
            person = person_for(user)
            backdate(completed(person, user, HIGH), TODAY - dt.timedelta(days=300 + index),
                     TODAY - dt.timedelta(days=index))
        user = type(user).objects.get(pk=user.pk)  # a fresh request's user: nothing cached
        with django_assert_max_num_queries(6):
            rows = selectors.reassessment_due(user=user, today=TODAY, limit=50)
            assert len(rows) == 12 and all(r.person.family_name for r in rows)
