"""In a real browser, under the strict Content-Security-Policy: a case worker starts the screener
from the person page, answers it (each answer saved as it is given), completes it and reads the
explained result with its band, in English and then in Spanish."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import UserFactory
from reintegra.assessments.instruments import registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password
# The screener's answers (English option labels) and the band they give: 2+2+2+2+1+1+1+0 = 11, high.
ANSWERS = {
    "scr_convictions": "Three or more",
    "scr_first_age": "Under 18",
    "scr_work": "No",
    "scr_substance": "Clearly",
    "scr_associates": "Some",
    "scr_attitudes": "Mixed, or makes excuses",
    "scr_housing": "Temporary or insecure",
    "scr_family": "Strong and positive",
}


@pytest.fixture
def world() -> dict[str, Any]:
    from reintegra.people.tests.factories import PersonFactory

    registry.clear_caches()
    worker = UserFactory(username="case.worker", first_name="Carmen", last_name="Ortiz", role=Role.PROBATION_OFFICER)
    person = PersonFactory(actor=worker, given_name="José", family_name="Ramírez")  # registered: her own caseload
    return {"worker": worker, "person": person}


def snap(page: Any, name: str) -> None:
    """Set REINTEGRA_E2E_SCREENSHOTS=<folder> to keep a screenshot of each step for review."""
    folder = os.environ.get("REINTEGRA_E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label(re.compile("username", re.I)).fill(username)
    page.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(base + reverse("home"))


def test_case_worker_completes_the_screener_and_reads_the_result_in_english_and_spanish(
    page: Any, live_server: Any, world: dict[str, Any],
) -> None:
    from playwright.sync_api import expect

    from reintegra.assessments.models import Assessment

    base, person = live_server.url, world["person"]
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, "case.worker")

    # From the person page's panel: choose the instrument (with its kind and description) and the occasion.
    page.goto(base + reverse("people:detail", args=[person.pk]))
    panel = page.locator('[data-panel="assessments"]')
    panel.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Reintegra screener").check()
    assert page.locator("main").get_by_text("Screener", exact=True).first.is_visible()
    page.get_by_label("Occasion").select_option("admission")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    assessment = Assessment.objects.get(person=person)

    # Each answer is saved as it is given; the progress follows.
    assert "0 of 8 required questions answered" in page.locator('[data-progress-text="overall"]').inner_text()
    for code, label in ANSWERS.items():
        page.locator(f'[data-item="{code}"]').get_by_label(label, exact=True).check()
    expect(page.locator("#save-status")).to_have_text("All answers saved.")  # no string eval: the CSP forbids it
    expect(page.locator('[data-progress-text="overall"]')).to_have_text("8 of 8 required questions answered")
    assert Assessment.objects.get(pk=assessment.pk).answers["scr_family"] == "strong"

    # A reload shows what was saved (no whole-page submit happened).
    page.reload()
    assert page.locator('[data-item="scr_housing"]').get_by_label("Temporary or insecure", exact=True).is_checked()

    snap(page, "assessment-form")
    page.get_by_role("button", name="Complete").click()
    page.wait_for_url(base + reverse("assessments:detail", args=[assessment.pk]))
    main = page.locator("main")
    assert main.locator("[data-final-band]").inner_text().strip() == "High"
    assert "11 of 16" in main.locator("[data-total]").inner_text()
    assert "Many signs of need." in main.locator("[data-band-explanation]").inner_text()
    main.get_by_text("How this score was reached").first.click()  # the explanation opens
    explanation = main.locator("details[open] table").first
    expect(explanation).to_be_visible()
    assert "Alcohol and drugs" in explanation.inner_text() and "Pro-criminal attitudes" in explanation.inner_text()
    snap(page, "assessment-result-en")

    # The same result in Spanish: the labels come from the definition file's Spanish texts.
    page.locator("#language-menu").click()
    page.get_by_role("button", name="Español").click()
    page.wait_for_url(base + reverse("assessments:detail", args=[assessment.pk]))
    assert page.locator("html").get_attribute("lang") == "es"
    assert main.locator("[data-final-band]").inner_text().strip() == "Alto"
    assert "Muchos indicios de necesidad." in main.locator("[data-band-explanation]").inner_text()
    body = main.inner_text()
    for spanish in ("Cribado Reintegra", "Puntuación de cribado", "Historial delictivo", "Alcohol y drogas"):
        assert spanish in body
    snap(page, "assessment-result-es")
    assert problems == []
