"""In a real browser, under the strict Content-Security-Policy: a prison case manager opens the
record of a person with a completed needs assessment, builds the case plan from it, sees the
dosage against the guidance for the person's band, adds a suggested programme to the plan and
enrols the person, and finds them on the cohort's waiting list."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from reintegra.assessments.instruments import registry
from reintegra.assessments.tests.test_browser import log_in, snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene() -> dict[str, Any]:
    from reintegra.planning import panels
    from reintegra.planning.tests.factories import cohort, programme, world

    registry.clear_caches()
    panels.register()  # as PlanningConfig.ready does
    w = world()
    w.manager.username, w.manager.first_name, w.manager.last_name = "case.manager", "Lucía", "Fernández"
    w.manager.save()
    recovery = programme(w.prison, name="Substance recovery group", targeted_needs=["substance"], hours=80)
    today = dt.date.today()
    group = cohort(recovery, starts_on=today + dt.timedelta(days=14), ends_on=today + dt.timedelta(days=84))
    return {"world": w, "programme": recovery, "cohort": group}


def test_case_manager_builds_a_plan_and_enrols_the_person_in_a_suggested_programme(
    page: Any, live_server: Any, scene: dict[str, Any],
) -> None:
    from playwright.sync_api import expect

    from reintegra.planning.models import CasePlan, PlanAction
    from reintegra.programmes.choices import EnrolmentStatus

    base, w, recovery = live_server.url, scene["world"], scene["programme"]
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, "case.manager")

    # The person is held at her prison, not in her own caseload: she says why she opens the record.
    page.goto(base + reverse("people:detail", args=[w.person.pk]))
    page.get_by_label("Case management").check()
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(base + reverse("people:detail", args=[w.person.pk]))

    # From the person page's panel: what the plan starts from, then the draft.
    panel = page.locator('[data-panel="case-plan"]')
    expect(panel).to_contain_text("No open case plan.")
    panel.get_by_role("link", name="Build a case plan").click()
    page.wait_for_url(base + reverse("planning:create", args=[w.person.pk]))
    expect(page.locator("[data-needs] li")).to_have_count(len(w.assessment.result["needs"]))
    snap(page, "plan-basis")
    page.get_by_role("button", name="Build the draft plan").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    plan = CasePlan.objects.get(person=w.person)
    main = page.locator("main")
    expect(main.locator("[data-plan-status]")).to_have_text("Draft")

    # Nothing planned yet for a person with these needs: the dosage bar says so, prominently.
    dosage = main.locator("[data-dosage]")
    expect(dosage.locator("meter")).to_be_visible()
    assert dosage.locator("[data-planned-hours]").get_attribute("data-planned-hours") == "0"
    assert dosage.locator('[data-dosage-warning="under_guidance"]').count() == 1

    # The substance-use goal suggests the programme, with why; add it and enrol.
    goal = main.locator('[data-need="substance"]')
    suggestion = goal.locator(f'[data-suggestion="{recovery.pk}"]')
    expect(suggestion).to_contain_text("Substance recovery group")
    expect(suggestion.locator("[data-reasons]")).to_contain_text("targets")
    snap(page, "plan-suggestions")
    suggestion.get_by_role("button", name=re.compile("Add to plan and enrol")).click()
    page.wait_for_url(base + reverse("planning:detail", args=[plan.pk]))
    expect(main.locator(".alert-success")).to_contain_text("put on the waiting list")
    action = PlanAction.objects.get(plan=plan, programme=recovery)
    row = goal.locator(f'[data-action="{action.pk}"]')
    expect(row).to_contain_text("Substance recovery group")
    expect(row.locator("[data-enrolment-status]")).to_have_text(re.compile("Waiting"))
    assert main.locator("[data-planned-hours]").get_attribute("data-planned-hours") == "80"
    expect(goal.locator(f'[data-suggestion="{recovery.pk}"]')).to_have_count(0)  # in the plan: not suggested again
    snap(page, "plan-enrolled")

    # The programme's waiting list shows the person.
    row.get_by_role("link", name="Substance recovery group", exact=True).click()
    page.wait_for_url(base + reverse("programmes:detail", args=[recovery.pk]))
    waiting = page.locator("main table").first
    expect(waiting).to_contain_text(w.person.full_name)
    expect(waiting).to_contain_text("Waiting")
    assert action.enrolment.status == EnrolmentStatus.WAITING and action.enrolment.cohort == scene["cohort"]
    snap(page, "waiting-list")
    assert problems == []
