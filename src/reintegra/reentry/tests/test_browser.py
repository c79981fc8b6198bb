"""In a real browser, under the strict Content-Security-Policy: the prison case manager prepares a
release (books the first appointment with a probation officer, waives what is not needed on the
pre-release checklist, records the release through its confirmation page), then the probation
officer logs in, finds the pending handover and acknowledges it."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegra.assessments.instruments import registry
from reintegra.assessments.tests.test_browser import log_in, snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene() -> Any:
    from reintegra.planning.tests.factories import needs_assessment
    from reintegra.reentry import panels
    from reintegra.reentry.tests.factories import sentenced_world

    registry.clear_caches()
    panels.register()  # as ReentryConfig.ready does
    w = sentenced_world()
    w.manager.username, w.manager.first_name, w.manager.last_name = "case.manager", "Lucía", "Fernández"
    w.manager.save()
    w.officer.username, w.officer.first_name, w.officer.last_name = "probation.officer", "Tomás", "Aguirre"
    w.officer.save()
    needs_assessment(w.person)
    return w


def test_case_manager_prepares_the_release_and_the_probation_officer_acknowledges_the_handover(
    page: Any, live_server: Any, scene: Any,
) -> None:
    from playwright.sync_api import expect

    from reintegra.reentry.models import ReleasePreparation

    base, w = live_server.url, scene
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, "case.manager")

    # The person is held at her prison, not in her own caseload: she says why she opens the record.
    page.goto(base + reverse("people:detail", args=[w.person.pk]))
    page.get_by_label("Case management").check()
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(base + reverse("people:detail", args=[w.person.pk]))
    panel = page.locator('[data-panel="release-preparation"]')
    expect(panel).to_contain_text("Preparing for release")
    expect(panel.locator("[data-point]")).to_have_attribute("data-point", "12")
    panel.get_by_role("link", name="Open the release preparation").click()
    detail = base + reverse("reentry:detail", args=[w.preparation.pk])
    page.wait_for_url(detail)
    snap(page, "release-record")

    # The first appointment with the probation officer who takes the person over.
    page.get_by_role("link", name="Book the first appointment").click()
    page.get_by_label("Probation office").select_option(str(w.office.pk))
    page.get_by_label("Community officer").select_option(str(w.officer.pk))
    when = timezone.localtime() + dt.timedelta(days=2)
    page.get_by_label("First appointment").fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(detail)
    main = page.locator("main")
    expect(main.locator(".alert-success")).to_contain_text("first appointment booked")
    expect(main.locator('[data-item="appointment_booked"] [data-state]')).to_have_text("Complete")

    # Pathways and the family notification are not needed for this release: waived with a reason.
    for item, label in (("pathways", "Each pathway resolved or no need"),
                        ("family_decided", "Family notification decided")):
        main.locator(f'[data-item="{item}"]').get_by_role("link", name=re.compile("Complete or waive")).click()
        page.get_by_label("Waive: not needed for this release").check()
        page.get_by_label("Reason for the waiver").fill("Agreed at the pre-release board")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(detail)
        expect(main.locator(f'[data-item="{item}"] [data-state]')).to_have_text("Waived")
    expect(main.locator("[data-checklist-done]")).to_be_visible()

    # The release, through its confirmation page.
    main.get_by_role("link", name="Record the release").click()
    page.get_by_label("Conditional release").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-confirming]")).to_contain_text("will be recorded as released")
    snap(page, "release-confirm")
    page.get_by_role("button", name="Confirm the release").click()
    page.wait_for_url(base + reverse("reentry:worklist"))
    expect(main.locator(".alert-success")).to_contain_text("Release recorded")
    assert ReleasePreparation.objects.get(pk=w.preparation.pk).supervision_period.officer_id == w.officer.pk

    # The probation officer finds the handover waiting and acknowledges it.
    page.context.clear_cookies()
    log_in(page, base, "probation.officer")
    page.goto(base + reverse("reentry:handovers"))
    page.locator("[data-handovers]").get_by_role("link", name=w.person.full_name).click()
    page.wait_for_url(base + reverse("reentry:handover", args=[w.preparation.pk]))
    expect(main.locator("[data-release-record]")).to_contain_text("Conditional release")
    expect(main.locator("[data-assessment]")).to_contain_text("Reintegra")
    snap(page, "release-handover")
    page.get_by_role("button", name="Acknowledge the handover").click()
    page.wait_for_url(base + reverse("reentry:handovers"))
    expect(main.locator(".alert-success")).to_contain_text("Handover acknowledged")
    expect(page.locator("main [data-empty]")).to_be_visible()
    assert ReleasePreparation.objects.get(pk=w.preparation.pk).handover.acknowledged_by_id == w.officer.pk
    assert problems == []
