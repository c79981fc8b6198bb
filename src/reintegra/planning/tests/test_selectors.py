"""Plan selectors: scoping, the lists (caseload, countersignature, reviews due), contents and versions."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.people.services import timeline_record
from reintegra.planning import selectors, services
from reintegra.planning.choices import OwnerKind, ReviewReason
from reintegra.planning.models import CasePlan
from reintegra.planning.tests.factories import (
    active_plan, goal_of, needs_assessment, programme, ready_plan, world,
)

pytestmark = pytest.mark.django_db


def _countersigned_days_ago(plan: CasePlan, days: int) -> CasePlan:
    """Arrange time: the plan was countersigned ``days`` ago."""
    CasePlan.objects.filter(pk=plan.pk).update(countersigned_at=timezone.now() - dt.timedelta(days=days))
    plan.refresh_from_db()
    return plan


class TestScope:
    def test_seen_with_plan_view_and_the_full_record_only(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        assert selectors.plan_get(user=w.manager, pk=plan.pk) == plan
        assert selectors.plan_get(user=w.supervisor, pk=plan.pk) == plan
        assert selectors.plan_for_person(user=w.manager, person=w.person) == plan
        elsewhere = user_with_role(Role.PRISON_CASE_MANAGER, FacilityFactory())
        programme_staff = user_with_role(Role.PROGRAMME_STAFF, w.prison)  # sees a summary, no plan.view
        for user in (elsewhere, programme_staff):
            assert selectors.plan_get(user=user, pk=plan.pk) is None
            assert selectors.plan_for_person(user=user, person=w.person) is None
            assert not selectors.plan_list(user=user, view="all").exists()
        assert selectors.plan_get(user=w.manager, pk=plan.pk + 1000) is None


class TestLists:
    def test_caseload_countersign_all_and_search(self) -> None:
        w = world()
        plan = ready_plan(w)
        other = world()
        services.plan_create(actor=other.manager, person=other.person)
        assert list(selectors.plan_list(user=w.manager, view="caseload")) == [plan]
        assert not selectors.plan_list(user=w.supervisor, view="caseload").exists()  # not responsible
        assert not selectors.plan_list(user=w.supervisor, view="countersign").exists()  # nothing submitted yet
        plan = services.plan_submit(actor=w.manager, plan=plan, expected_version=plan.version)
        assert list(selectors.plan_list(user=w.supervisor, view="countersign")) == [plan]
        assert not selectors.plan_list(user=w.manager, view="countersign").exists()  # no plan.countersign
        assert list(selectors.plan_list(user=w.supervisor, view="all")) == [plan]
        assert list(selectors.plan_list(user=w.manager, view="all", search=w.person.given_name.upper())) == [plan]
        assert not selectors.plan_list(user=w.manager, view="all", search="nobody-by-this-name").exists()
        assert not selectors.plan_list(user=w.manager, view="nonsense").exists()


class TestReviewsDue:
    def test_scheduled_and_after_an_event(self) -> None:
        w = world()
        plan = _countersigned_days_ago(active_plan(w), 20)
        today = timezone.localdate()
        # The scheduled date is months away: not due within 30 days.
        assert plan.next_review_on > today + dt.timedelta(days=30)
        assert selectors.reviews_due(user=w.manager, on=today) == []
        # Release ten days ago, after the countersignature: due since then.
        timeline_record(person=w.person, kind="custody.released", occurred_on=today - dt.timedelta(days=10),
                        source_app="justice")
        (row,) = selectors.reviews_due(user=w.manager, on=today)
        assert (row.plan, row.due_on, row.reason, row.event_kind, row.overdue) == (
            plan, today - dt.timedelta(days=10), "release", "custody.released", True)
        assert selectors.reviews_due(user=w.supervisor, on=today) == []  # not theirs
        assert len(selectors.reviews_due(user=w.supervisor, on=today, caseload_only=False)) == 1
        # Reviewed: the event is dealt with; the next scheduled date is what remains.
        plan = services.plan_review(actor=w.manager, plan=plan, reason=ReviewReason.RELEASE, summary="Released",
                                    next_review_on=today + dt.timedelta(days=14), expected_version=plan.version)
        plan = plan.plan
        (row,) = selectors.reviews_due(user=w.manager, on=today)
        assert (row.due_on, row.reason, row.overdue) == (today + dt.timedelta(days=14), "scheduled", False)
        assert selectors.reviews_due(user=w.manager, on=today, window_days=7) == []
        # Events before the last review do not count again.
        timeline_record(person=w.person, kind="programme.completed", occurred_on=today - dt.timedelta(days=3),
                        source_app="programmes")
        assert [r.reason for r in selectors.reviews_due(user=w.manager, on=today)] == ["scheduled"]

    def test_a_new_assessment_is_due_but_not_the_one_the_plan_stands_on(self) -> None:
        w = world()
        plan = _countersigned_days_ago(active_plan(w), 20)  # built on an assessment of 2 days ago
        assert selectors.reviews_due(user=w.manager) == []
        newer = needs_assessment(w.person, high=("family",), completed_at=timezone.now() - dt.timedelta(hours=1))
        (row,) = selectors.reviews_due(user=w.manager)
        assert (row.plan, row.reason, row.due_on) == (plan, "assessment", timezone.localtime(newer.completed_at).date())

    def test_drafts_are_not_due(self) -> None:
        w = world()
        services.plan_create(actor=w.manager, person=w.person)
        timeline_record(person=w.person, kind="custody.released", occurred_on=timezone.localdate(),
                        source_app="justice")
        assert selectors.reviews_due(user=w.manager) == []


class TestContents:
    def test_goals_with_their_actions_and_the_dosage_in_a_fixed_number_of_queries(
            self, django_assert_num_queries: Any) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        due = timezone.localdate() + dt.timedelta(days=30)
        for hours in (40, 60):
            services.action_add(actor=w.manager, goal=goal_of(plan, "substance"), description=f"{hours} h",
                                owner_kind=OwnerKind.STAFF, owner_user=w.manager, due_on=due,
                                programme=programme(w.prison, hours=hours))
        with django_assert_num_queries(2):
            contents = selectors.plan_contents(plan=plan)
        substance = next(g for g in contents.goals if g.need == "substance")
        assert [a.planned_hours for a in substance.plan_actions] == [40, 60]
        assert contents.dosage.planned_hours == 100 and contents.dosage.band == plan.band

    def test_versions_and_compare(self) -> None:
        w = world()
        plan = active_plan(w)
        assert [v.number for v in selectors.plan_versions(plan=plan)] == [1, 2, 3]
        older, newer, comparison = selectors.plan_compare(plan=plan, a=3, b=1)
        assert (older.number, newer.number) == (1, 3)
        assert ("status", "draft", "active") in [(c.field, c.before, c.after) for c in comparison.plan]
        assert selectors.plan_compare(plan=plan, a=1, b=9) is None


class TestHandovers:
    def test_awaiting_acknowledgement(self) -> None:
        w = world()
        plan = active_plan(w)
        officer = w.probation_officer()
        handover = services.plan_handover(actor=w.manager, plan=plan, to_officer=officer, reason="Released",
                                          expected_version=plan.version)
        assert handover.to_organisation == w.office  # the receiver's organisation
        assert CasePlan.objects.get(pk=plan.pk).responsible_organisation == w.office
        assert list(selectors.handovers_awaiting(user=officer)) == [handover]
        assert not selectors.handovers_awaiting(user=w.manager).exists()
        assert selectors.handover_get(user=officer, pk=handover.pk) == handover
        services.handover_acknowledge(actor=officer, handover=handover)
        assert not selectors.handovers_awaiting(user=officer).exists()
