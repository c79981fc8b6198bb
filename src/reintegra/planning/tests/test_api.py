"""The case-plans API: the workflow end to end, status codes (400 field errors, 403 without the
right before the body is read, 404 outside scope, 409 stale), audited reads, handover and enrolment."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.planning.choices import PlanStatus
from reintegra.planning.models import CasePlan, PlanAction
from reintegra.planning.tests.factories import active_plan, cohort, goal_of, programme, world
from reintegra.programmes.models import Enrolment

pytestmark = pytest.mark.django_db
BASE = "/api/plans/"
READ = {"purpose": "case_management"}  # the prison's case manager reaches the person through custody


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _due() -> str:
    return (timezone.localdate() + dt.timedelta(days=30)).isoformat()


class TestWorkflow:
    def test_build_act_agree_submit_countersign_compare(self) -> None:
        w = world()
        api = _api(w.manager)
        created = api.post(BASE, {"person": w.person.pk}, format="json")
        assert created.status_code == 201, created.json()
        plan = created.json()
        pk = plan["id"]
        assert plan["status"] == "draft" and plan["band"] == w.assessment.final_band
        assert [g["need"] for g in plan["goals"]] == w.assessment.result["needs"]
        assert plan["dosage"]["planned_hours"] == 0 and plan["dosage"]["band"] == plan["band"]
        assert api.post(BASE, {"person": w.person.pk}, format="json").status_code == 400  # one open plan

        # Reading the plan is an audited read; outside one's own caseload a purpose is asked.
        assert api.get(f"{BASE}{pk}/").status_code == 400
        detail = api.get(f"{BASE}{pk}/", READ)
        assert detail.status_code == 200 and detail.json()["goals"][0]["title"]
        assert AuditEvent.objects.filter(action="read", object_type="planning.caseplan", object_id=str(pk),
                                         person_id=w.person.pk, purpose="case_management").count() == 1

        # Actions: an owner is required.
        goals = {g["need"]: g["id"] for g in plan["goals"]}
        no_owner = api.post(f"{BASE}{pk}/actions/", {"goal": goals["substance"], "description": "See the nurse",
                                                     "owner_kind": "staff", "due_on": _due()}, format="json")
        assert no_owner.status_code == 400 and no_owner.json()["owner_user"][0].startswith("Every action needs an owner")
        assert not PlanAction.objects.exists()
        course = programme(w.prison, hours=120)
        for need, goal in goals.items():
            body = {"goal": goal, "description": f"Work on {need}", "owner_kind": "staff",
                    "owner_user": w.manager.pk, "due_on": _due()}
            if need == "substance":
                body.update(programme=course.pk, owner_kind="partner", owner_organisation=w.office.pk)
            assert api.post(f"{BASE}{pk}/actions/", body, format="json").status_code == 201
        plan = api.get(f"{BASE}{pk}/", READ).json()
        assert plan["dosage"]["planned_hours"] == 120

        # A goal in the person's own words.
        goal = plan["goals"][0]
        changed = api.patch(f"{BASE}{pk}/goals/{goal['id']}/", {"version": goal["version"],
                                                                 "own_words": "I want to stay clean"}, format="json")
        assert changed.status_code == 200 and changed.json()["own_words"] == "I want to stay clean"
        stale = api.patch(f"{BASE}{pk}/goals/{goal['id']}/", {"version": goal["version"], "own_words": "x"},
                          format="json")
        assert stale.status_code == 409

        agreed = api.post(f"{BASE}{pk}/agreement/", {"version": plan["version"], "agreement": "agreed",
                                                     "words": "Yes"}, format="json")
        assert agreed.status_code == 200 and agreed.json()["current_version"] == 1
        version = agreed.json()["version"]
        assert api.post(f"{BASE}{pk}/submit/", {"version": version - 1}, format="json").status_code == 409
        submitted = api.post(f"{BASE}{pk}/submit/", {"version": version}, format="json")
        assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
        version = submitted.json()["version"]
        # The case manager has no plan.countersign: refused before the body is read.
        assert api.post(f"{BASE}{pk}/countersign/", {}, format="json").status_code == 403
        signed = _api(w.supervisor).post(f"{BASE}{pk}/countersign/", {"version": version, "approve": True},
                                         format="json")
        assert signed.status_code == 200, signed.json()
        assert signed.json()["status"] == "active" and signed.json()["next_review_on"]

        versions = api.get(f"{BASE}{pk}/versions/", READ)
        assert [(v["number"], v["event"]) for v in versions.json()] == [
            (1, "agreement"), (2, "submitted"), (3, "countersigned")]
        one = api.get(f"{BASE}{pk}/versions/3/", READ)
        assert one.status_code == 200 and one.json()["snapshot"]["plan"]["status"] == "active"
        assert api.get(f"{BASE}{pk}/versions/9/", READ).status_code == 404
        compared = api.get(f"{BASE}{pk}/compare/", {"a": 3, "b": 1, **READ})
        assert compared.status_code == 200
        assert {"field": "status", "before": "draft", "after": "active"} in compared.json()["plan"]
        assert api.get(f"{BASE}{pk}/compare/", {"a": "x", "b": 1, **READ}).status_code == 400

        suggestions = api.get(f"{BASE}{pk}/suggestions/", {"limit": 3, **READ})
        assert suggestions.status_code == 200
        by_need = {row["need"]: row for row in suggestions.json()}
        assert course.pk in [s["programme_id"] for s in by_need["substance"]["suggestions"]]
        assert api.get(f"{BASE}{pk}/suggestions/", {"limit": 0, **READ}).status_code == 400

        listing = api.get(BASE)
        assert [p["id"] for p in listing.json()["results"]] == [pk]
        assert _api(w.supervisor).get(BASE, {"view": "countersign"}).json()["results"] == []
        assert api.get(BASE, {"view": "nonsense"}).status_code == 400
        of_person = api.get(BASE, {"person": w.person.pk, **READ})
        assert of_person.status_code == 200 and [p["id"] for p in of_person.json()["results"]] == [pk]

    def test_review_and_close(self) -> None:
        w = world()
        plan = active_plan(w)
        api = _api(w.manager)
        missing = api.post(f"{BASE}{plan.pk}/review/", {"version": plan.version, "reason": "release", "summary": ""},
                           format="json")
        assert missing.status_code == 400 and "summary" in missing.json()
        reviewed = api.post(f"{BASE}{plan.pk}/review/", {"version": plan.version, "reason": "release",
                                                         "summary": "Moved to the open wing"}, format="json")
        assert reviewed.status_code == 201 and reviewed.json()["version_number"] == 4
        plan.refresh_from_db()
        history = api.get(f"{BASE}{plan.pk}/history/", READ).json()
        assert [r["summary"] for r in history["reviews"]] == ["Moved to the open wing"] and history["handovers"] == []
        closed = api.post(f"{BASE}{plan.pk}/close/", {"version": plan.version, "reason": "Sentence ended"},
                          format="json")
        assert closed.status_code == 200 and closed.json()["status"] == "closed"


class TestAccess:
    def test_outside_scope_is_404_and_without_the_right_403(self) -> None:
        w = world()
        plan = active_plan(w)
        elsewhere = _api(user_with_role(Role.PRISON_CASE_MANAGER, FacilityFactory()))
        for path in ("", "versions/", "compare/?a=1&b=2", "suggestions/", "history/"):
            assert elsewhere.get(f"{BASE}{plan.pk}/{path}", READ).status_code == 404
        assert elsewhere.post(f"{BASE}{plan.pk}/close/", {"version": plan.version, "reason": "x"},
                              format="json").status_code == 404
        assert elsewhere.get(BASE, {"view": "all"}).json()["results"] == []
        assert elsewhere.get(BASE, {"person": w.person.pk}).status_code == 404
        created = elsewhere.post(BASE, {"person": w.person.pk}, format="json")
        assert created.status_code == 400 and "person" in created.json()

        analyst = _api(user_with_role(Role.ANALYST))
        assert analyst.get(BASE).status_code == 403
        assert analyst.get(f"{BASE}{plan.pk}/").status_code == 403
        # Programme staff see the person in summary and enrol people, but do not write plans:
        # refused before the body is read (an empty body would otherwise be a 400).
        staff = _api(user_with_role(Role.PROGRAMME_STAFF, w.prison))
        for path in ("close/", "submit/", "goals/", "actions/", "agreement/", "review/", "handover/"):
            assert staff.post(f"{BASE}{plan.pk}/{path}", {}, format="json").status_code == 403
        assert staff.post(BASE, {}, format="json").status_code == 403
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE and plan.current_version == 3

    def test_handover_acknowledged_only_by_the_receiver(self) -> None:
        w = world()
        plan = active_plan(w)
        officer = w.probation_officer()
        api = _api(w.manager)
        bad = api.post(f"{BASE}{plan.pk}/handover/", {"version": plan.version, "to_officer": 999999, "reason": "x"},
                       format="json")
        assert bad.status_code == 400 and "to_officer" in bad.json()
        handed = api.post(f"{BASE}{plan.pk}/handover/", {"version": plan.version, "to_officer": officer.pk,
                                                         "to_organisation": w.office.pk, "reason": "Released"},
                          format="json")
        assert handed.status_code == 201, handed.json()
        handover = handed.json()["id"]
        assert api.post(f"{BASE}{plan.pk}/handovers/{handover}/acknowledge/").status_code == 403
        receiver = _api(officer)
        assert [h["id"] for h in receiver.get(f"{BASE}handovers/").json()] == [handover]
        done = receiver.post(f"{BASE}{plan.pk}/handovers/{handover}/acknowledge/")
        assert done.status_code == 200 and done.json()["acknowledged_at"]
        assert receiver.post(f"{BASE}{plan.pk}/handovers/{handover}/acknowledge/").status_code == 400
        assert receiver.post(f"{BASE}{plan.pk}/handovers/{handover + 1}/acknowledge/").status_code == 404
        # The officer's own caseload now: reads need no purpose.
        assert receiver.get(f"{BASE}{plan.pk}/").status_code == 200
        assert [p["id"] for p in receiver.get(BASE).json()["results"]] == [plan.pk]
        assert CasePlan.objects.get(pk=plan.pk).responsible_officer == officer


class TestEnrol:
    def test_enrol_from_an_action(self) -> None:
        w = world()
        api = _api(w.manager)
        pk = api.post(BASE, {"person": w.person.pk}, format="json").json()["id"]
        plan = CasePlan.objects.get(pk=pk)
        course = programme(w.prison)
        run = cohort(course)
        other_run = cohort(programme(w.prison))
        action = api.post(f"{BASE}{pk}/actions/", {
            "goal": goal_of(plan, "substance").pk, "description": "Course", "owner_kind": "person",
            "due_on": run.ends_on.isoformat(), "programme": course.pk}, format="json").json()
        assert action["planned_hours"] == course.hours
        url = f"{BASE}{pk}/actions/{action['id']}/enrol/"
        wrong = api.post(url, {"version": action["version"], "cohort": other_run.pk}, format="json")
        assert wrong.status_code == 400 and "cohort" in wrong.json() and not Enrolment.objects.exists()
        enrolled = api.post(url, {"version": action["version"], "cohort": run.pk}, format="json")
        assert enrolled.status_code == 200, enrolled.json()
        assert enrolled.json()["enrolment_status"] == "waiting" and enrolled.json()["status"] == "in_progress"
        assert Enrolment.objects.get(person=w.person, cohort=run).risk_band == plan.band
        assert api.post(url, {"version": enrolled.json()["version"], "cohort": run.pk},
                        format="json").status_code == 400


class TestListQueries:
    def test_the_list_costs_the_same_for_one_plan_or_several(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from reintegra.justice.tests.factories import CustodyEpisodeFactory
        from reintegra.planning import services
        from reintegra.planning.tests.factories import needs_assessment

        w = world()
        services.plan_create(actor=w.manager, person=w.person)

        def count() -> tuple[int, int]:
            api = _api(w.manager)
            with CaptureQueriesContext(connection) as queries:
                response = api.get(BASE)
            assert response.status_code == 200
            return len(response.json()["results"]), len(queries)

        one = count()
        for _ in range(2):
            person = CustodyEpisodeFactory(facility=w.prison).person
            needs_assessment(person)
            services.plan_create(actor=w.manager, person=person)
        several = count()
        assert (one[0], several[0]) == (1, 3) and one[1] == several[1]
