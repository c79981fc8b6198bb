"""The case-plan pages: the caseload list, building a plan, the plan page with its dosage bar and
suggestions, goals and actions, "add to plan and enrol", the workflow (agreement, submission,
countersignature, review, handover, closing), versions and their comparison; every read audited,
users without the right refused and people outside one's scope not found, with nothing changed."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.audit.tests.helpers import state_purpose
from reintegra.planning import services
from reintegra.planning.inputs import plan_inputs
from reintegra.planning.choices import ActionStatus, Agreement, OwnerKind, PlanStatus
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanHandover
from reintegra.planning.tests.factories import (
    active_plan, cohort, goal_of, programme, ready_plan, staff_action, world,
)
from reintegra.programmes.choices import EnrolmentStatus, Intensity, SexEligibility
from reintegra.programmes.models import Enrolment

pytestmark = pytest.mark.django_db
TODAY = dt.date.today


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w() -> Any:
    return world()


def _login(client: Any, user: Any, person: Any) -> Any:
    """Log in and give the purpose for opening the person's record (custody at one's prison is
    not one's own caseload, so the pages ask it first)."""
    client.force_login(user)
    state_purpose(client, person.pk)
    return client


@pytest.fixture
def manager(client: Any, w: Any) -> Any:
    return _login(client, w.manager, w.person)


def _plan(w: Any) -> CasePlan:
    return services.plan_create(actor=w.manager, person=w.person)


def _reads(person: Any, object_type: str = "case_plan") -> int:
    return AuditEvent.objects.filter(action="read", person_id=person.pk, object_type=object_type).count()


def _body(response: Any) -> str:
    return response.content.decode()


class TestList:
    def test_empty_state(self, manager: Any) -> None:
        response = manager.get(reverse("planning:list"))
        assert response.status_code == 200 and "data-empty" in _body(response)
        assert "Nobody in your caseload has an open case plan yet" in _body(response)

    def test_lists_the_caseload_and_searches_by_name(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        body = _body(manager.get(reverse("planning:list")))
        assert reverse("planning:detail", args=[plan.pk]) in body and w.person.full_name in body
        assert w.person.full_name not in _body(manager.get(reverse("planning:list"), {"q": "zzzz-nobody"}))
        found = _body(manager.get(reverse("planning:list"), {"q": w.person.family_name.upper()}))
        assert reverse("planning:detail", args=[plan.pk]) in found

    def test_due_for_review_and_awaiting_countersignature(self, client: Any, w: Any) -> None:
        plan = active_plan(w)
        CasePlan.objects.filter(pk=plan.pk).update(next_review_on=timezone.localdate() - dt.timedelta(days=1))
        _login(client, w.manager, w.person)
        body = _body(client.get(reverse("planning:list"), {"show": "review"}))
        assert "data-review-due" in body and "Overdue" in body and "Scheduled review" in body
        assert "Awaiting countersignature" not in body  # the tab is for those who countersign
        other = world()
        submitted = ready_plan(other)
        services.plan_submit(actor=other.manager, plan=submitted, expected_version=submitted.version)
        _login(client, other.supervisor, other.person)
        body = _body(client.get(reverse("planning:list"), {"show": "countersign"}))
        assert reverse("planning:detail", args=[submitted.pk]) in body

    def test_paginates(self, manager: Any, w: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        from reintegra.justice.tests.factories import CustodyEpisodeFactory
        from reintegra.planning.tests.factories import needs_assessment
        from reintegra.planning.views import lists

        monkeypatch.setattr(lists, "PAGE_SIZE", 1)
        _plan(w)
        person = CustodyEpisodeFactory(facility=w.prison, admitted_on=dt.date(2024, 1, 10)).person
        needs_assessment(person)
        services.plan_create(actor=w.manager, person=person)
        body = _body(manager.get(reverse("planning:list")))
        assert "Page 1 of 2" in body and "page=2" in body

    def test_queries_do_not_grow_with_the_plans(self, manager: Any, w: Any,
                                                django_assert_max_num_queries: Any) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from reintegra.justice.tests.factories import CustodyEpisodeFactory
        from reintegra.planning.tests.factories import needs_assessment

        _plan(w)
        url = reverse("planning:list")
        with CaptureQueriesContext(connection) as one:
            manager.get(url)
        for _ in range(3):
            person = CustodyEpisodeFactory(facility=w.prison, admitted_on=dt.date(2024, 1, 10)).person
            needs_assessment(person)
            services.plan_create(actor=w.manager, person=person)
        with django_assert_max_num_queries(len(one)):
            assert manager.get(url).content.decode().count("Open the plan") == 4

    @pytest.mark.parametrize("role", [Role.ANALYST, Role.VOLUNTEER, Role.PROGRAMME_STAFF, Role.AUDITOR])
    def test_users_without_the_right_are_refused(self, client: Any, role: str) -> None:
        client.force_login(user_with_role(role))
        assert client.get(reverse("planning:list")).status_code == 403

    def test_anonymous_users_are_sent_to_log_in(self, client: Any) -> None:
        response = client.get(reverse("planning:list"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


class TestCreate:
    def test_asks_the_purpose_first_outside_the_own_caseload(self, client: Any, w: Any) -> None:
        client.force_login(w.manager)
        body = _body(client.get(reverse("planning:create", args=[w.person.pk])))
        assert "Why are you opening this record?" in body and "data-needs" not in body
        assert _reads(w.person, "person") == 0

    def test_shows_what_the_plan_starts_from(self, manager: Any, w: Any) -> None:
        response = manager.get(reverse("planning:create", args=[w.person.pk]))
        body = _body(response)
        assert response.status_code == 200 and "data-needs" in body
        labels = plan_inputs(person=w.person).need_labels
        assert all(labels[code] in body for code in ("substance", "school_work", "attitudes"))
        assert _reads(w.person, "person") == 1

    def test_builds_the_draft_and_opens_it(self, manager: Any, w: Any) -> None:
        response = manager.post(reverse("planning:create", args=[w.person.pk]))
        plan = CasePlan.objects.get(person=w.person)
        assert response.status_code == 302 and response["Location"] == reverse("planning:detail", args=[plan.pk])
        assert plan.status == PlanStatus.DRAFT and plan.goals.count() >= 3

    def test_without_an_assessment_nothing_is_created(self, client: Any) -> None:
        w = world(assessed=False)
        _login(client, w.manager, w.person)
        assert "data-no-assessment" in _body(client.get(reverse("planning:create", args=[w.person.pk])))
        response = client.post(reverse("planning:create", args=[w.person.pk]))
        assert response.status_code == 400 and "completed needs assessment" in _body(response)
        assert not CasePlan.objects.exists()

    def test_an_open_plan_is_linked_instead_of_a_second_one(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        body = _body(manager.get(reverse("planning:create", args=[w.person.pk])))
        assert reverse("planning:detail", args=[plan.pk]) in body
        manager.post(reverse("planning:create", args=[w.person.pk]))
        assert CasePlan.objects.filter(person=w.person).count() == 1

    def test_outside_scope_404_and_without_the_right_403(self, client: Any, w: Any) -> None:
        client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))  # another prison
        assert client.post(reverse("planning:create", args=[w.person.pk])).status_code == 404
        client.force_login(user_with_role(Role.PROGRAMME_STAFF, w.prison))
        assert client.post(reverse("planning:create", args=[w.person.pk])).status_code == 403
        assert not CasePlan.objects.exists()


class TestDetail:
    def test_goals_dosage_and_suggestions(self, manager: Any, w: Any) -> None:
        found = programme(w.prison, name="Substance recovery", targeted_needs=["substance"], hours=80)
        cohort(found, starts_on=TODAY() + dt.timedelta(days=10), ends_on=TODAY() + dt.timedelta(days=70))
        plan = _plan(w)
        goal = goal_of(plan, "substance")
        services.goal_update(actor=w.manager, goal=goal, expected_version=goal.version,
                             own_words="Stay clean for my kids")
        response = manager.get(reverse("planning:detail", args=[plan.pk]))
        body = _body(response)
        assert response.status_code == 200
        assert "Stay clean for my kids" in body and goal.title in body
        assert "data-dosage" in body and "<meter" in body and 'data-planned-hours="0"' in body
        assert 'data-dosage-warning="under_guidance"' in body  # a high-risk person with nothing planned
        assert 'data-suggestion="%s"' % found.pk in body and "Add to plan and enrol" in body
        assert "targets" in body  # the reasons
        assert _reads(w.person) == 1

    def test_ineligible_programmes_on_request_with_why(self, manager: Any, w: Any) -> None:
        women = programme(w.prison, name="Women's recovery", targeted_needs=["substance"],
                          sex_eligibility=SexEligibility.FEMALE)
        cohort(women)
        plan = _plan(w)
        url = reverse("planning:detail", args=[plan.pk])
        body = _body(manager.get(url))
        assert 'data-suggestion="%s"' % women.pk not in body and "?ineligible=1" in body
        body = _body(manager.get(url, {"ineligible": "1"}))
        start = body.index('data-suggestion="%s"' % women.pk)
        item = body[start:body.index("</li>", start)]
        assert "data-problems" in item and "Add to plan" not in item

    def test_low_risk_person_with_an_intensive_programme_is_warned(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        CasePlan.objects.filter(pk=plan.pk).update(band="low")
        intensive = programme(w.prison, intensity=Intensity.HIGH, hours=30)
        services.action_add(actor=w.manager, goal=goal_of(plan, "substance"), description="Intensive course",
                            owner_kind=OwnerKind.PERSON, due_on=TODAY() + dt.timedelta(days=30), programme=intensive)
        body = _body(manager.get(reverse("planning:detail", args=[plan.pk])))
        assert 'data-dosage-warning="intensive_for_low_risk"' in body and 'role="alert"' in body

    def test_queries_do_not_grow_with_goals_and_actions(self, manager: Any, w: Any,
                                                        django_assert_max_num_queries: Any) -> None:
        plan = _plan(w)
        url = reverse("planning:detail", args=[plan.pk])
        manager.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            manager.get(url)
        for goal in plan.goals.all():
            staff_action(plan, goal, w.manager)
            staff_action(plan, goal, w.manager, description="Another")
        with django_assert_max_num_queries(len(one)):
            manager.get(url)

    def test_outside_scope_404_without_the_right_403(self, client: Any, w: Any) -> None:
        plan = _plan(w)
        client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
        assert client.get(reverse("planning:detail", args=[plan.pk])).status_code == 404
        client.force_login(user_with_role(Role.PROGRAMME_STAFF, w.prison))
        assert client.get(reverse("planning:detail", args=[plan.pk])).status_code == 403
        assert _reads(w.person) == 0


class TestSuggestions:
    def test_add_to_plan_and_enrol(self, manager: Any, w: Any) -> None:
        found = programme(w.prison, name="Substance recovery", targeted_needs=["substance"], hours=80)
        group = cohort(found, starts_on=TODAY() + dt.timedelta(days=10), ends_on=TODAY() + dt.timedelta(days=70))
        plan = _plan(w)
        goal = goal_of(plan, "substance")
        response = manager.post(reverse("planning:suggestion-add", args=[plan.pk]),
                                {"goal": goal.pk, "programme": found.pk, "cohort": group.pk})
        assert response.status_code == 302
        action = PlanAction.objects.get(plan=plan, programme=found)
        assert action.goal == goal and action.planned_hours == 80 and action.due_on == group.ends_on
        assert action.enrolment.status == EnrolmentStatus.WAITING and action.enrolment.cohort == group
        body = _body(manager.get(response["Location"]))
        assert "added to the plan and the person put on the waiting list" in body
        assert 'data-planned-hours="80"' in body and 'data-suggestion="%s"' % found.pk not in body
        waiting = _body(manager.get(reverse("programmes:detail", args=[found.pk])))
        assert w.person.full_name in waiting

    def test_add_to_plan_without_a_cohort(self, manager: Any, w: Any) -> None:
        found = programme(w.prison, targeted_needs=["substance"], hours=30)
        plan = _plan(w)
        response = manager.post(reverse("planning:suggestion-add", args=[plan.pk]),
                                {"goal": goal_of(plan, "substance").pk, "programme": found.pk})
        action = PlanAction.objects.get(plan=plan)
        assert response.status_code == 302 and action.programme == found and action.enrolment is None
        assert action.due_on == TODAY() + dt.timedelta(days=90) and action.planned_hours == 30

    def test_a_refused_enrolment_leaves_the_plan_as_it_was(self, manager: Any, w: Any) -> None:
        found = programme(w.prison, targeted_needs=["substance"], sex_eligibility=SexEligibility.FEMALE)
        assert w.person.sex == "M"
        group = cohort(found)
        plan = _plan(w)
        response = manager.post(reverse("planning:suggestion-add", args=[plan.pk]),
                                {"goal": goal_of(plan, "substance").pk, "programme": found.pk, "cohort": group.pk},
                                follow=True)
        assert response.status_code == 200 and "alert-danger" in _body(response)
        assert "women" in _body(response).lower()
        assert not PlanAction.objects.exists() and not Enrolment.objects.exists()

    def test_another_prisons_case_manager_cannot_add(self, client: Any, w: Any) -> None:
        found = programme(w.prison)
        plan = _plan(w)
        client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
        response = client.post(reverse("planning:suggestion-add", args=[plan.pk]),
                               {"goal": goal_of(plan, "substance").pk, "programme": found.pk})
        assert response.status_code == 404 and not PlanAction.objects.exists()


class TestGoalsAndActions:
    def test_add_and_edit_a_goal(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        assert manager.get(reverse("planning:goal-add", args=[plan.pk])).status_code == 200
        response = manager.post(reverse("planning:goal-add", args=[plan.pk]), {
            "version": plan.version, "title": "Get my driving licence back", "own_words": "So I can work"})
        assert response.status_code == 302
        goal = PlanGoal.objects.get(plan=plan, title="Get my driving licence back")
        assert goal.own_words == "So I can work" and goal.need == ""
        response = manager.post(reverse("planning:goal-edit", args=[plan.pk, goal.pk]), {
            "version": goal.version, "title": goal.title, "own_words": "So I can drive to work",
            "strengths": "Motivated", "status": "open"})
        goal.refresh_from_db()
        assert response.status_code == 302 and goal.own_words == "So I can drive to work"

    def test_a_stale_edit_is_refused_with_a_message(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        goal = goal_of(plan, "substance")
        stale = goal.version
        services.goal_update(actor=w.manager, goal=goal, expected_version=goal.version, own_words="First")
        response = manager.post(reverse("planning:goal-edit", args=[plan.pk, goal.pk]), {
            "version": stale, "title": goal.title, "own_words": "Second", "strengths": "", "status": "open"})
        goal.refresh_from_db()
        assert response.status_code == 400 and "changed by someone else" in _body(response)
        assert goal.own_words == "First"

    def test_an_action_without_an_owner_is_refused(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        goal = goal_of(plan, "substance")
        response = manager.post(reverse("planning:action-add", args=[plan.pk, goal.pk]), {
            "version": plan.version, "description": "See the GP", "owner_kind": OwnerKind.STAFF, "owner_user": "",
            "due_on": (TODAY() + dt.timedelta(days=9)).isoformat()})
        assert response.status_code == 400 and "Every action needs an owner" in _body(response)
        assert not PlanAction.objects.exists()

    def test_add_edit_and_void_an_action(self, manager: Any, w: Any) -> None:
        plan = _plan(w)
        goal = goal_of(plan, "substance")
        page = manager.get(reverse("planning:action-add", args=[plan.pk, goal.pk]))
        assert page.status_code == 200 and 'name="owner_kind"' in _body(page)
        response = manager.post(reverse("planning:action-add", args=[plan.pk, goal.pk]), {
            "version": plan.version, "description": "Keep a diary", "owner_kind": OwnerKind.PERSON,
            "due_on": (TODAY() + dt.timedelta(days=9)).isoformat()})
        assert response.status_code == 302
        action = PlanAction.objects.get(plan=plan)
        response = manager.post(reverse("planning:action-edit", args=[plan.pk, action.pk]), {
            "version": action.version, "description": "Keep a diary", "owner_kind": OwnerKind.PERSON,
            "due_on": action.due_on.isoformat(), "status": ActionStatus.IN_PROGRESS})
        action.refresh_from_db()
        assert response.status_code == 302 and action.status == ActionStatus.IN_PROGRESS
        response = manager.post(reverse("planning:action-void", args=[plan.pk, action.pk]), {
            "version": action.version, "reason": "Added twice"})
        action.refresh_from_db()
        assert response.status_code == 302 and action.is_voided

    def test_enrol_an_action_on_a_cohort_of_its_programme(self, manager: Any, w: Any) -> None:
        found = programme(w.prison, targeted_needs=["substance"])
        group = cohort(found)
        plan = _plan(w)
        action = services.action_add(actor=w.manager, goal=goal_of(plan, "substance"), description="Attend",
                                     owner_kind=OwnerKind.PERSON, due_on=group.ends_on, programme=found)
        url = reverse("planning:action-enrol", args=[plan.pk, action.pk])
        assert 'name="cohort"' in _body(manager.get(url))
        assert manager.post(url, {"cohort": group.pk}).status_code == 302
        action.refresh_from_db()
        assert action.enrolment.cohort == group and action.enrolment.status == EnrolmentStatus.WAITING
        assert manager.get(url).status_code == 403  # enrolled already

    def test_a_submitted_plan_offers_no_edit_forms(self, client: Any, w: Any) -> None:
        plan = ready_plan(w)
        plan = services.plan_submit(actor=w.manager, plan=plan, expected_version=plan.version)
        _login(client, w.manager, w.person)
        body = _body(client.get(reverse("planning:detail", args=[plan.pk])))
        assert reverse("planning:goal-add", args=[plan.pk]) not in body
        assert client.get(reverse("planning:goal-add", args=[plan.pk])).status_code == 403
        response = client.post(reverse("planning:goal-add", args=[plan.pk]),
                               {"version": plan.version, "title": "Late goal"})
        assert response.status_code == 400 and "awaiting countersignature" in _body(response)
        assert not PlanGoal.objects.filter(title="Late goal").exists()


class TestWorkflow:
    def test_agreement_submission_and_countersignature(self, client: Any, w: Any) -> None:
        plan = _plan(w)
        for goal in plan.goals.all():
            staff_action(plan, goal, w.manager)
        _login(client, w.manager, w.person)
        response = client.post(reverse("planning:agreement", args=[plan.pk]), {
            "version": plan.version, "agreement": Agreement.DISAGREED, "words": ""})
        assert response.status_code == 400 and "what they disagree with" in _body(response)
        plan.refresh_from_db()
        client.post(reverse("planning:agreement", args=[plan.pk]), {
            "version": plan.version, "agreement": Agreement.AGREED, "words": "Sounds right"})
        plan.refresh_from_db()
        assert plan.agreement == Agreement.AGREED
        response = client.post(reverse("planning:submit", args=[plan.pk]), {"version": plan.version})
        plan.refresh_from_db()
        assert response.status_code == 302 and plan.status == PlanStatus.SUBMITTED
        assert client.get(reverse("planning:countersign", args=[plan.pk])).status_code == 403  # not a supervisor
        _login(client, w.supervisor, w.person)
        assert "Countersign or return" in _body(client.get(reverse("planning:detail", args=[plan.pk])))
        response = client.post(reverse("planning:countersign", args=[plan.pk]), {
            "version": plan.version, "decision": "return", "note": ""})
        assert response.status_code == 400 and "Say what needs to change" in _body(response)
        client.post(reverse("planning:countersign", args=[plan.pk]), {
            "version": plan.version, "decision": "approve", "note": ""})
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE and plan.countersigned_by == w.supervisor

    def test_review_handover_acknowledge_and_close(self, client: Any, w: Any) -> None:
        plan = active_plan(w)
        _login(client, w.manager, w.person)
        response = client.post(reverse("planning:review", args=[plan.pk]), {
            "version": plan.version, "reason": "scheduled", "summary": "Good progress", "event_note": ""})
        assert response.status_code == 302 and plan.reviews.count() == 1
        plan.refresh_from_db()
        officer = w.probation_officer()
        page = client.get(reverse("planning:handover", args=[plan.pk]))
        assert page.status_code == 200
        response = client.post(reverse("planning:handover", args=[plan.pk]), {
            "version": plan.version, "to_officer": officer.pk, "to_organisation": w.office.pk,
            "reason": "Released on licence"})
        assert response.status_code == 302
        handover = PlanHandover.objects.get(plan=plan)
        url = reverse("planning:handover-acknowledge", args=[plan.pk, handover.pk])
        assert client.post(url).status_code == 403  # only the receiving officer
        _login(client, officer, w.person)
        assert "data-handovers" in _body(client.get(reverse("planning:list")))
        assert client.post(url).status_code == 302
        handover.refresh_from_db()
        assert handover.acknowledged_at is not None
        plan.refresh_from_db()
        response = client.post(reverse("planning:close", args=[plan.pk]), {"version": plan.version, "reason": ""})
        assert response.status_code == 400
        client.post(reverse("planning:close", args=[plan.pk]), {"version": plan.version, "reason": "Licence ended"})
        plan.refresh_from_db()
        assert plan.status == PlanStatus.CLOSED


class TestVersions:
    def test_list_and_compare(self, manager: Any, w: Any) -> None:
        plan = active_plan(w)
        body = _body(manager.get(reverse("planning:versions", args=[plan.pk])))
        assert 'data-version="1"' in body and 'data-version="3"' in body
        response = manager.get(reverse("planning:compare", args=[plan.pk]), {"a": 2, "b": 3})
        body = _body(response)
        assert response.status_code == 200 and "Awaiting countersignature" in body and "Active" in body
        assert _reads(w.person) == 2

    def test_compare_shows_goal_and_action_changes(self, manager: Any, w: Any) -> None:
        plan = active_plan(w)
        goal = goal_of(plan, "substance")
        services.goal_update(actor=w.manager, goal=goal, expected_version=goal.version, own_words="One day at a time")
        staff_action(plan, goal, w.manager, description="Meet the drugs worker")
        plan.refresh_from_db()
        services.plan_review(actor=w.manager, plan=plan, reason="scheduled", summary="Going well",
                             expected_version=plan.version)
        body = _body(manager.get(reverse("planning:compare", args=[plan.pk]), {"a": 4, "b": 3}))
        assert "From version 3 (Countersigned) to version 4 (Reviewed)" in body
        assert "In the person&#x27;s own words" in body and "One day at a time" in body
        assert "Meet the drugs worker" in body and "data-action-changes" in body

    def test_compare_a_missing_version(self, manager: Any, w: Any) -> None:
        plan = active_plan(w)
        response = manager.get(reverse("planning:compare", args=[plan.pk]), {"a": 1, "b": 99})
        assert response.status_code == 400 and "Choose two versions" in _body(response)


class TestRefusals:
    """Every page: 403 without the right (before anything is read), 404 for a plan outside one's scope."""

    def _urls(self, w: Any) -> list[tuple[str, str]]:
        found = programme(w.prison)
        plan = ready_plan(w)
        goal = goal_of(plan, "substance")
        action = services.action_add(actor=w.manager, goal=goal, description="Attend", owner_kind=OwnerKind.PERSON,
                                     due_on=TODAY() + dt.timedelta(days=5), programme=found)
        handover = services.plan_handover(actor=w.manager, plan=plan, to_officer=w.supervisor, reason="Leave",
                                          expected_version=plan.version)
        return [
            ("get", reverse("planning:detail", args=[plan.pk])),
            ("get", reverse("planning:goal-add", args=[plan.pk])),
            ("get", reverse("planning:goal-edit", args=[plan.pk, goal.pk])),
            ("get", reverse("planning:goal-void", args=[plan.pk, goal.pk])),
            ("get", reverse("planning:action-add", args=[plan.pk, goal.pk])),
            ("get", reverse("planning:action-edit", args=[plan.pk, action.pk])),
            ("get", reverse("planning:action-void", args=[plan.pk, action.pk])),
            ("get", reverse("planning:action-enrol", args=[plan.pk, action.pk])),
            ("post", reverse("planning:suggestion-add", args=[plan.pk])),
            ("get", reverse("planning:agreement", args=[plan.pk])),
            ("get", reverse("planning:submit", args=[plan.pk])),
            ("get", reverse("planning:review", args=[plan.pk])),
            ("get", reverse("planning:handover", args=[plan.pk])),
            ("post", reverse("planning:handover-acknowledge", args=[plan.pk, handover.pk])),
            ("get", reverse("planning:close", args=[plan.pk])),
            ("get", reverse("planning:versions", args=[plan.pk])),
            ("get", reverse("planning:compare", args=[plan.pk])),
            ("get", reverse("planning:create", args=[w.person.pk])),
        ]

    @pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.ANALYST, Role.VOLUNTEER])
    def test_without_the_right_403_and_nothing_read(self, client: Any, w: Any, role: str) -> None:
        urls = self._urls(w)
        before = AuditEvent.objects.filter(action="read").count()
        client.force_login(user_with_role(role, w.prison))
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 403, url
        assert AuditEvent.objects.filter(action="read").count() == before

    def test_outside_scope_404(self, client: Any, w: Any) -> None:
        urls = self._urls(w)
        client.force_login(user_with_role(Role.SUPERVISOR))  # every right, another prison
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, url
        countersign = reverse("planning:countersign", args=[CasePlan.objects.get().pk])
        assert client.get(countersign).status_code == 404
        client.force_login(w.manager)
        assert client.get(countersign).status_code == 403
