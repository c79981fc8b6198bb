"""Plan services: building from the assessment, goals and actions, agreement, submission and
countersignature by someone else, reviews, handover and closure; refusals change nothing."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.core.models import RecordVersion
from reintegra.people.models import TimelineEvent
from reintegra.planning import services
from reintegra.planning.choices import ActionStatus, Agreement, OwnerKind, PlanStatus, ReviewReason, VersionEvent
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanHandover, PlanVersion
from reintegra.planning.snapshot import compare
from reintegra.planning.tests.factories import (
    active_plan, cohort, goal_of, needs_assessment, plan_with_items, programme, ready_plan, staff_action, world,
)
from reintegra.programmes.choices import EnrolmentStatus
from reintegra.programmes.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _refusals(operation: str) -> int:
    return AuditEvent.objects.filter(action="denied", object_type="planning.caseplan",
                                     detail__operation=operation).count()


class TestCreate:
    def test_goals_come_from_the_ranked_needs_with_strengths_and_band(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        assert plan.status == PlanStatus.DRAFT and plan.band == w.assessment.final_band
        assert plan.assessment == w.assessment and plan.responsible_officer == w.manager
        assert plan.responsible_organisation == w.prison
        goals = list(plan.goals.order_by("need_rank"))
        assert [g.need for g in goals] == w.assessment.result["needs"]
        assert [g.need_rank for g in goals] == list(range(1, len(goals) + 1))
        assert {g.need for g in goals} >= {"substance", "school_work", "attitudes"}
        assert goals[0].title and goals[0].title != goals[0].need  # the need's label, not its code
        assert TimelineEvent.objects.filter(person=w.person, kind="plan.created").count() == 1
        assert AuditEvent.objects.filter(action="create", object_type="planning.caseplan", object_id=str(plan.pk),
                                         person_id=w.person.pk).exists()
        assert plan.current_version == 0 and not plan.versions.exists()

    def test_refused_without_a_completed_assessment_and_nothing_is_created(self) -> None:
        w = world(assessed=False)
        with pytest.raises(ValidationError) as caught:
            services.plan_create(actor=w.manager, person=w.person)
        assert "completed needs assessment" in caught.value.message_dict["person"][0]
        assert not CasePlan.objects.exists() and not PlanGoal.objects.exists()
        assert _refusals("create") == 1

    def test_refused_when_an_open_plan_exists(self) -> None:
        w = world()
        services.plan_create(actor=w.manager, person=w.person)
        with pytest.raises(ValidationError) as caught:
            services.plan_create(actor=w.manager, person=w.person)
        assert "already has an open case plan" in caught.value.message_dict["person"][0]
        assert CasePlan.objects.count() == 1

    def test_refused_outside_scope_or_without_the_right(self) -> None:
        w = world()
        elsewhere = user_with_role(Role.PRISON_CASE_MANAGER, FacilityFactory())
        programme_staff = user_with_role(Role.PROGRAMME_STAFF, w.prison)  # sees the person, no plan.edit
        for actor in (elsewhere, programme_staff):
            with pytest.raises(AccessDenied):
                services.plan_create(actor=actor, person=w.person)
        assert not CasePlan.objects.exists() and _refusals("create") == 2


class TestGoalsAndActions:
    def test_an_action_without_an_owner_is_refused_with_nothing_changed(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        goal = goal_of(plan, "substance")
        due = timezone.localdate() + dt.timedelta(days=10)
        for kind, field in ((OwnerKind.STAFF, "owner_user"), (OwnerKind.PARTNER, "owner_organisation"),
                            ("", "owner_kind")):
            with pytest.raises(ValidationError) as caught:
                services.action_add(actor=w.manager, goal=goal, description="See the drugs worker",
                                    owner_kind=kind, due_on=due)
            assert caught.value.message_dict[field][0].startswith("Every action needs an owner:")
        assert not PlanAction.objects.exists() and _refusals("action_add") == 3

    def test_owners_and_programme_hours(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        goal = goal_of(plan, "substance")
        course = programme(w.prison, hours=120)
        due = timezone.localdate() + dt.timedelta(days=10)
        on_course = services.action_add(actor=w.manager, goal=goal, description="Substance course", due_on=due,
                                        owner_kind=OwnerKind.PARTNER, owner_organisation=w.office,
                                        owner_user=w.manager, programme=course)
        assert on_course.planned_hours == 120 and on_course.owner_user is None  # only the kind's owner is kept
        own = services.action_add(actor=w.manager, goal=goal, description="Keep a diary", due_on=due,
                                  owner_kind=OwnerKind.PERSON)
        assert own.planned_hours == 0 and own.owner_kind == OwnerKind.PERSON
        done = services.action_update(actor=w.manager, action=own, expected_version=own.version,
                                      status=ActionStatus.DONE)
        assert done.completed_on == timezone.localdate() and done.version == 2
        with pytest.raises(StaleEditError):
            services.action_update(actor=w.manager, action=own, expected_version=1, description="Changed")
        own.refresh_from_db()
        assert own.description == "Keep a diary" and own.version == 2

    def test_a_plan_with_items_for_other_tests(self) -> None:
        w = world(assessed=False)
        needs_assessment(w.person, high=())  # assessed, no needs: the goal is the person's own
        made = plan_with_items(w.person, w.manager)
        assert made["goal"].plan == made["plan"] and made["action"].goal == made["goal"]
        assert list(made["plan"].goals.all()) == [made["goal"]]

    def test_goal_edit_and_void_with_its_actions(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        goal = goal_of(plan, "attitudes")
        goal = services.goal_update(actor=w.manager, goal=goal, expected_version=goal.version,
                                    own_words="  Stop thinking it is fine to take things  ")
        assert goal.own_words == "Stop thinking it is fine to take things"
        action = staff_action(plan, goal, w.manager)
        with pytest.raises(ValidationError):
            services.goal_void(actor=w.manager, goal=goal, expected_version=goal.version, reason=" ")
        voided = services.goal_void(actor=w.manager, goal=goal, expected_version=goal.version, reason="Duplicate")
        action.refresh_from_db()
        assert voided.is_voided and action.is_voided and action.void_reason == "Duplicate"
        own = services.goal_add(actor=w.manager, plan=plan, title="Get back in touch with my daughter",
                                own_words="I want to see her")
        assert own.need == "" and own.need_rank is None


class TestSubmitAndCountersign:
    def test_submit_needs_actions_and_agreement(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        with pytest.raises(ValidationError) as caught:
            services.plan_submit(actor=w.manager, plan=plan, expected_version=plan.version)
        errors = caught.value.message_dict
        assert "Every goal needs at least one action" in errors["goals"][0] and "agreement" in errors
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT and not plan.versions.exists()

    def test_disagreement_needs_the_persons_words(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        with pytest.raises(ValidationError) as caught:
            services.agreement_record(actor=w.manager, plan=plan, agreement=Agreement.DISAGREED, words="",
                                      expected_version=plan.version)
        assert "words" in caught.value.message_dict
        plan = services.agreement_record(actor=w.manager, plan=plan, agreement=Agreement.PARTLY,
                                         words="Not the drugs course", expected_version=plan.version)
        assert plan.agreement == Agreement.PARTLY and plan.current_version == 1
        assert plan.versions.get().event == VersionEvent.AGREEMENT

    def test_countersigned_by_someone_else_returned_with_a_note(self) -> None:
        w = world()
        plan = ready_plan(w)
        plan = services.plan_submit(actor=w.manager, plan=plan, expected_version=plan.version)
        assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == w.manager
        # Frozen while awaiting countersignature.
        with pytest.raises(ValidationError):
            services.goal_add(actor=w.manager, plan=plan, title="Another goal")
        # The case manager may not countersign at all.
        with pytest.raises(AccessDenied):
            services.plan_countersign(actor=w.manager, plan=plan, approve=True, expected_version=plan.version)
        # Returning needs a note.
        with pytest.raises(ValidationError) as caught:
            services.plan_countersign(actor=w.supervisor, plan=plan, approve=False, note="",
                                      expected_version=plan.version)
        assert "note" in caught.value.message_dict
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED
        plan = services.plan_countersign(actor=w.supervisor, plan=plan, approve=False,
                                         note="Add a housing goal", expected_version=plan.version)
        assert plan.status == PlanStatus.DRAFT and plan.countersign_note == "Add a housing goal"
        services.goal_add(actor=w.manager, plan=plan, title="Somewhere to live on release")
        plan.refresh_from_db()
        housing = plan.goals.get(title="Somewhere to live on release")
        staff_action(plan, housing, w.manager)
        plan = services.plan_submit(actor=w.manager, plan=plan, expected_version=plan.version)
        plan = services.plan_countersign(actor=w.supervisor, plan=plan, approve=True, expected_version=plan.version)
        assert plan.status == PlanStatus.ACTIVE and plan.countersigned_by == w.supervisor
        assert plan.next_review_on == timezone.localdate() + dt.timedelta(days=services.review_days()[plan.band])
        assert list(plan.versions.values_list("number", "event")) == [
            (1, "agreement"), (2, "submitted"), (3, "returned"), (4, "submitted"), (5, "countersigned")]
        assert TimelineEvent.objects.filter(person=w.person, kind__in=["plan.returned", "plan.countersigned"]).count() == 2

    def test_a_supervisor_cannot_countersign_their_own_submission(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.supervisor, person=w.person)
        for goal in plan.goals.all():
            staff_action(plan, goal, w.supervisor)
        plan.refresh_from_db()
        plan = services.agreement_record(actor=w.supervisor, plan=plan, agreement=Agreement.AGREED, words="",
                                         expected_version=plan.version)
        plan = services.plan_submit(actor=w.supervisor, plan=plan, expected_version=plan.version)
        with pytest.raises(ValidationError) as caught:
            services.plan_countersign(actor=w.supervisor, plan=plan, approve=True, expected_version=plan.version)
        assert "submitted yourself" in caught.value.message_dict["approve"][0]
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED and plan.countersigned_by is None
        assert _refusals("countersign") == 1

    def test_a_stale_version_is_refused_and_changes_nothing(self) -> None:
        w = world()
        plan = ready_plan(w)
        stale = plan.version - 1
        with pytest.raises(StaleEditError):
            services.plan_submit(actor=w.manager, plan=plan, expected_version=stale)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT and plan.current_version == 1
        assert AuditEvent.objects.filter(action="denied", detail__operation="submit", fields=["version"]).exists()


class TestVersions:
    def test_versions_are_comparable(self) -> None:
        w = world()
        plan = active_plan(w)
        first = plan.versions.get(event=VersionEvent.COUNTERSIGNED)
        goal = goal_of(plan, "substance")
        course = programme(w.prison, hours=100)
        services.action_add(actor=w.manager, goal=goal, description="Substance course", owner_kind=OwnerKind.STAFF,
                            owner_user=w.manager, programme=course, due_on=timezone.localdate() + dt.timedelta(days=60))
        attitudes = goal_of(plan, "attitudes")
        services.goal_update(actor=w.manager, goal=attitudes, expected_version=attitudes.version,
                             own_words="Think before I act")
        plan.refresh_from_db()
        review = services.plan_review(actor=w.manager, plan=plan, reason=ReviewReason.REQUEST,
                                      summary="Added the course", expected_version=plan.version)
        second = plan.versions.get(number=review.version_number)
        changes = compare(first.snapshot, second.snapshot)
        assert [a["description"] for a in changes.actions_added] == ["Substance course"]
        assert changes.actions_added[0]["programme"]["name"] == course.name
        assert [(c.label, [f.field for f in c.changes]) for c in changes.goals_changed] == [
            (attitudes.title, ["own_words"])]
        hours = {c.field: (c.before, c.after) for c in changes.dosage}
        assert hours["planned_hours"][1] - hours["planned_hours"][0] == 100
        assert not changes.goals_added and not changes.goals_removed
        assert compare(second.snapshot, second.snapshot).unchanged


class TestReview:
    def test_new_needs_become_goals_and_the_band_follows_the_assessment(self) -> None:
        w = world(high=("substance",))
        plan = active_plan(w)
        assert {g.need for g in plan.goals.all()} == set(w.assessment.result["needs"])
        newer = needs_assessment(w.person, high=("substance", "family", "leisure", "associates", "school_work"),
                                 completed_at=timezone.now() - dt.timedelta(hours=1))
        assert newer.final_band != plan.band
        review = services.plan_review(actor=w.manager, plan=plan, reason=ReviewReason.ASSESSMENT,
                                      summary="New assessment after the adjudication",
                                      event_note="Reassessed", expected_version=plan.version)
        plan.refresh_from_db()
        assert plan.band == newer.final_band and plan.assessment == newer
        assert {g.need for g in plan.goals.filter(voided_at__isnull=True)} == set(
            w.assessment.result["needs"]) | set(newer.result["needs"])
        assert review.version_number == plan.current_version and review.reviewed_by == w.manager
        assert plan.next_review_on == timezone.localdate() + dt.timedelta(days=services.review_days()[plan.band])
        assert plan.versions.last().event == VersionEvent.REVIEWED

    def test_only_active_plans_are_reviewed_and_a_summary_is_needed(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        with pytest.raises(ValidationError) as caught:
            services.plan_review(actor=w.manager, plan=plan, reason="nonsense", summary="",
                                 expected_version=plan.version)
        assert set(caught.value.message_dict) == {"status", "reason", "summary"}
        assert not plan.reviews.exists() and plan.goals.count() == len(w.assessment.result["needs"])


class TestHandover:
    def test_handover_on_release_acknowledged_only_by_the_receiver(self) -> None:
        w = world()
        plan = active_plan(w)
        officer = w.probation_officer()
        handover = services.plan_handover(actor=w.manager, plan=plan, to_officer=officer, to_organisation=w.office,
                                          reason="Released on licence", expected_version=plan.version)
        plan.refresh_from_db()
        assert plan.responsible_officer == officer and plan.responsible_organisation == w.office
        assert handover.from_officer == w.manager and handover.version_number == plan.current_version
        for someone in (w.manager, w.supervisor):
            with pytest.raises(AccessDenied):
                services.handover_acknowledge(actor=someone, handover=handover)
        handover.refresh_from_db()
        assert handover.acknowledged_at is None and _refusals("acknowledge") == 2
        handover = services.handover_acknowledge(actor=officer, handover=handover)
        assert handover.acknowledged_at is not None
        with pytest.raises(ValidationError):
            services.handover_acknowledge(actor=officer, handover=handover)
        # The plan is the same one, now in the officer's hands: they review it.
        services.plan_review(actor=officer, plan=plan, reason=ReviewReason.RELEASE, summary="First meeting",
                             expected_version=plan.version)

    def test_refused_to_someone_who_cannot_take_it(self) -> None:
        w = world()
        plan = active_plan(w)
        stranger = user_with_role(Role.PROBATION_OFFICER, w.office)  # does not supervise the person
        with pytest.raises(ValidationError) as caught:
            services.plan_handover(actor=w.manager, plan=plan, to_officer=stranger, reason="Release",
                                   expected_version=plan.version)
        assert "to_officer" in caught.value.message_dict
        plan.refresh_from_db()
        assert plan.responsible_officer == w.manager and not PlanHandover.objects.exists()


class TestEnrolAndClose:
    def test_enrol_from_an_action_puts_the_person_on_the_waiting_list_with_the_band(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        course = programme(w.prison)
        run = cohort(course)
        action = services.action_add(actor=w.manager, goal=goal_of(plan, "substance"), description="Course",
                                     owner_kind=OwnerKind.STAFF, owner_user=w.manager, programme=course,
                                     due_on=run.ends_on)
        action = services.action_enrol(actor=w.manager, action=action, cohort=run)
        enrolment = Enrolment.objects.get(person=w.person, cohort=run)
        assert action.enrolment == enrolment and action.status == ActionStatus.IN_PROGRESS
        assert enrolment.status == EnrolmentStatus.WAITING and enrolment.risk_band == plan.band
        with pytest.raises(ValidationError):
            services.action_enrol(actor=w.manager, action=action, cohort=run)
        assert Enrolment.objects.filter(person=w.person).count() == 1

    def test_the_programme_of_an_action_with_an_open_enrolment_stays(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        course, other = programme(w.prison, hours=40), programme(w.prison, hours=90)
        run = cohort(course)
        action = services.action_add(actor=w.manager, goal=goal_of(plan, "substance"), description="Course",
                                     owner_kind=OwnerKind.PERSON, programme=course, due_on=run.ends_on)
        moved = services.action_update(actor=w.manager, action=action, expected_version=action.version,
                                       programme=other)
        assert moved.programme == other and moved.planned_hours == 90  # the new programme's hours
        moved = services.action_update(actor=w.manager, action=moved, expected_version=moved.version,
                                       programme=course, planned_hours=30)
        assert moved.planned_hours == 30
        moved = services.action_enrol(actor=w.manager, action=moved, cohort=run)
        with pytest.raises(ValidationError) as caught:
            services.action_update(actor=w.manager, action=moved, expected_version=moved.version, programme=other)
        assert "dropping out" in caught.value.message_dict["programme"][0]
        moved.refresh_from_db()
        assert moved.programme == course

    def test_an_ineligible_person_is_refused_and_nothing_changes(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        others = [band for band in ("low", "moderate", "high", "very_high") if band != plan.band]
        course = programme(w.prison, risk_bands=others)
        run = cohort(course)
        action = services.action_add(actor=w.manager, goal=goal_of(plan, "substance"), description="Course",
                                     owner_kind=OwnerKind.PERSON, programme=course, due_on=run.ends_on)
        with pytest.raises(ValidationError) as caught:
            services.action_enrol(actor=w.manager, action=action, cohort=run)
        assert caught.value.message_dict["person"][0].startswith("Not eligible")
        action.refresh_from_db()
        assert action.enrolment is None and action.status == ActionStatus.NOT_STARTED
        assert not Enrolment.objects.exists() and _refusals("action_enrol") == 1

    @pytest.mark.parametrize("eligible", [True, False])
    def test_adding_with_a_cohort_enrols_in_the_same_step_or_adds_nothing(self, eligible: bool) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        bands = [band for band in ("low", "moderate", "high", "very_high") if (band == plan.band) == eligible]
        run = cohort(programme(w.prison, risk_bands=bands))
        add = functools.partial(services.action_add, actor=w.manager, goal=goal_of(plan, "substance"),
                                description="Course", owner_kind=OwnerKind.PERSON, programme=run.programme,
                                due_on=run.ends_on, cohort=run)
        if eligible:
            action = add()
            assert action.enrolment == Enrolment.objects.get(person=w.person, cohort=run)
            assert action.status == ActionStatus.IN_PROGRESS
            return
        with pytest.raises(ValidationError) as caught:
            add()
        assert caught.value.message_dict["person"][0].startswith("Not eligible")
        assert not PlanAction.objects.filter(plan=plan, programme=run.programme).exists()
        assert not Enrolment.objects.exists() and _refusals("action_add") == 1

    def test_close_needs_a_reason_and_frees_the_person_for_a_new_plan(self) -> None:
        w = world()
        plan = active_plan(w)
        with pytest.raises(ValidationError):
            services.plan_close(actor=w.manager, plan=plan, reason="", expected_version=plan.version)
        plan = services.plan_close(actor=w.manager, plan=plan, reason="Sentence ended", expected_version=plan.version)
        assert plan.status == PlanStatus.CLOSED and plan.closed_at is not None
        assert PlanVersion.objects.filter(plan=plan, event=VersionEvent.CLOSED).exists()
        with pytest.raises(ValidationError):
            services.goal_add(actor=w.manager, plan=plan, title="Too late")
        assert services.plan_create(actor=w.manager, person=w.person).pk != plan.pk
        assert RecordVersion.objects.filter(object_id=str(plan.pk), action="update").exists()


class TestReviewDaysSetting:
    def test_defaults_a_number_or_a_mapping(self, settings: Any) -> None:
        from reintegra.planning.services.schedule import DEFAULT_REVIEW_DAYS

        assert services.review_days() == DEFAULT_REVIEW_DAYS
        settings.REINTEGRA_PLAN_REVIEW_DAYS = 30
        assert set(services.review_days().values()) == {30}
        settings.REINTEGRA_PLAN_REVIEW_DAYS = {"high": 45}
        assert services.review_days()["high"] == 45 and services.review_days()["low"] == DEFAULT_REVIEW_DAYS["low"]
        assert services.next_review_on(band="high", on=dt.date(2026, 1, 1)) == dt.date(2026, 2, 15)

    @pytest.mark.parametrize("value", ["90", {"severe": 30}, {"high": 0}, {"high": "90"}, True])
    def test_anything_else_is_a_configuration_error(self, settings: Any, value: Any) -> None:
        from django.core.exceptions import ImproperlyConfigured

        settings.REINTEGRA_PLAN_REVIEW_DAYS = value
        with pytest.raises(ImproperlyConfigured, match="REINTEGRA_PLAN_REVIEW_DAYS"):
            services.review_days()


class TestMatrixPlan:
    @pytest.mark.parametrize("role", [Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.ANALYST])
    def test_a_plan_for_the_authorisation_matrix_world(self, role: str) -> None:
        from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
        from reintegra.planning.tests.factories import matrix_plan

        w = world()
        office = ProbationOfficeFactory()
        officer = user_with_role(Role.PROBATION_OFFICER, office)
        period = SupervisionPeriodFactory(person=w.person, office=office, officer=officer)
        user = {Role.PRISON_CASE_MANAGER: w.manager, Role.PROBATION_OFFICER: officer}.get(role) or user_with_role(role)
        made = matrix_plan({"user": user, "person": w.person, "officer": officer, "period": period})
        assert made["number"] >= 1 and made["action"].goal == made["goal"]
        if role == Role.ANALYST:
            assert made["handover"] is None
        else:
            assert made["handover"].to_officer == user and made["plan"].responsible_officer == user
