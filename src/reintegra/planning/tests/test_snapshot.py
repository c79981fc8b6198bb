"""Plan snapshots (what a kept version holds) and their comparison (pure)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from reintegra.planning import services
from reintegra.planning.choices import ActionStatus, OwnerKind
from reintegra.planning.snapshot import compare, describe, plan_snapshot
from reintegra.planning.tests.factories import goal_of, programme, staff_action, world
from reintegra.programmes.choices import Intensity


def _snapshot(**plan: Any) -> dict[str, Any]:
    return {
        "schema": 1,
        "plan": {"status": "draft", "band": "high", "agreement": "pending", **plan},
        "goals": [{"id": 1, "need": "substance", "need_rank": 1, "title": "Substance abuse", "own_words": "",
                   "strengths": "", "status": "open"},
                  {"id": 2, "need": "family", "need_rank": 2, "title": "Family", "own_words": "", "strengths": "",
                   "status": "open"}],
        "actions": [{"id": 10, "goal": 1, "description": "Course", "owner_kind": "staff",
                     "owner": {"id": 5, "name": "Ana Ruiz"}, "due_on": "2026-03-01", "status": "not_started",
                     "programme": {"id": 7, "name": "Drug course", "hours": 100, "intensity": "moderate"},
                     "enrolment": None, "planned_hours": 100}],
        "dosage": {"band": "high", "planned_hours": 100, "min_hours": 200, "max_hours": None,
                   "max_intensity": None, "warnings": ["under_guidance"]},
    }


class TestCompare:
    def test_the_same_snapshot_is_unchanged(self) -> None:
        assert compare(_snapshot(), _snapshot()).unchanged

    def test_changes_added_removed_and_changed(self) -> None:
        a = _snapshot()
        b = _snapshot(status="active", agreement="agreed")
        b["goals"] = [dict(b["goals"][0], own_words="I want to stop"),
                      {"id": 3, "need": "", "need_rank": None, "title": "Housing", "own_words": "", "strengths": "",
                       "status": "open"}]
        b["actions"] = [dict(b["actions"][0], owner={"id": 6, "name": "Luis Gil"}, status="in_progress"),
                        {"id": 11, "goal": 3, "description": "Apply for a flat", "owner_kind": "person", "owner": None,
                         "due_on": "2026-04-01", "status": "not_started", "programme": None, "enrolment": None,
                         "planned_hours": 0}]
        b["dosage"] = dict(b["dosage"], planned_hours=220, warnings=[])
        changes = compare(a, b)
        assert [(c.field, c.before, c.after) for c in changes.plan] == [
            ("status", "draft", "active"), ("agreement", "pending", "agreed")]
        assert [g["title"] for g in changes.goals_added] == ["Housing"]
        assert [g["title"] for g in changes.goals_removed] == ["Family"]
        assert [(c.id, c.label, [(f.field, f.after) for f in c.changes]) for c in changes.goals_changed] == [
            (1, "Substance abuse", [("own_words", "I want to stop")])]
        assert [a["id"] for a in changes.actions_added] == [11] and not changes.actions_removed
        (changed,) = changes.actions_changed
        assert [f.field for f in changed.changes] == ["owner", "status"]
        assert describe(changed.changes[0].before) == "Ana Ruiz" and describe(changed.changes[0].after) == "Luis Gil"
        assert {c.field: (c.before, c.after) for c in changes.dosage} == {
            "planned_hours": (100, 220), "warnings": (["under_guidance"], [])}
        assert not changes.unchanged

    def test_describe(self) -> None:
        assert describe(None) == "" and describe(["a", {"name": "B"}]) == "a, B" and describe(3) == "3"


@pytest.mark.django_db
class TestPlanSnapshot:
    def test_what_a_version_holds(self) -> None:
        w = world()
        plan = services.plan_create(actor=w.manager, person=w.person)
        substance = goal_of(plan, "substance")
        course = programme(w.prison, hours=80, intensity=Intensity.HIGH)
        due = timezone.localdate() + dt.timedelta(days=20)
        on_course = services.action_add(actor=w.manager, goal=substance, description="Course", due_on=due,
                                        owner_kind=OwnerKind.PARTNER, owner_organisation=w.office, programme=course)
        dropped = staff_action(plan, substance, w.manager, planned_hours=30)
        services.action_update(actor=w.manager, action=dropped, expected_version=dropped.version,
                               status=ActionStatus.CANCELLED)
        attitudes = goal_of(plan, "attitudes")
        services.goal_void(actor=w.manager, goal=attitudes, expected_version=attitudes.version, reason="Mistake")
        plan.refresh_from_db()
        snap = plan_snapshot(plan)
        json.dumps(snap)  # JSON-ready as stored
        assert snap["plan"]["responsible_officer"]["id"] == w.manager.pk
        assert snap["plan"]["responsible_organisation"] == {"id": w.prison.pk, "name": w.prison.name}
        needs = [n for n in w.assessment.result["needs"] if n != "attitudes"]
        assert [g["need"] for g in snap["goals"]] == needs  # by rank, voided goal left out
        by_id = {a["id"]: a for a in snap["actions"]}
        assert by_id[on_course.pk]["owner"] == {"id": w.office.pk, "name": w.office.name}
        assert by_id[on_course.pk]["programme"] == {"id": course.pk, "name": course.name, "hours": 80,
                                                   "intensity": "high"}
        assert by_id[dropped.pk]["status"] == "cancelled"
        # Cancelled actions do not count towards the dosage.
        assert snap["dosage"]["planned_hours"] == 80 and snap["dosage"]["band"] == plan.band

    def test_a_low_risk_plan_with_an_intensive_programme_keeps_the_warning(self) -> None:
        w = world(high=())
        plan = services.plan_create(actor=w.manager, person=w.person)
        assert plan.band == "low" and not plan.goals.exists()
        goal = services.goal_add(actor=w.manager, plan=plan, title="Keep my job")
        services.action_add(actor=w.manager, goal=goal, description="Intensive course", owner_kind=OwnerKind.PERSON,
                            due_on=timezone.localdate(), programme=programme(w.prison, hours=150,
                                                                              intensity=Intensity.HIGH))
        snap = plan_snapshot(plan)
        assert "intensive_for_low_risk" in snap["dosage"]["warnings"]
