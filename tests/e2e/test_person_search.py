"""In a real browser: log in, find "José Ramírez" by typing "jose", open the record, read the timeline,
and switch the interface to Spanish."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password
# Set REINTEGRA_E2E_SCREENSHOTS=<folder> to keep a screenshot of each step for review.
SCREENSHOTS = os.environ.get("REINTEGRA_E2E_SCREENSHOTS")


def snap(page: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def record() -> dict[str, Any]:
    """A case manager, and José Ramírez with a custody episode, written through the services."""
    from reintegra.justice.choices import CustodyKind
    from reintegra.justice.services import custody_admit
    from reintegra.people.services import person_create

    # The case manager works for the prison service that runs the prison where José is held:
    # that custody relationship is what lets her see his record.
    service = OrganisationFactory(name="Prison Service", kind=OrganisationKind.PRISON_SERVICE)
    prison = FacilityFactory(name="Central Prison", parent=service)
    manager = UserFactory(
        username="case.manager", first_name="Carmen", last_name="Ortiz",
        role=Role.PRISON_CASE_MANAGER, role__organisation=service,
    )
    person = person_create(
        actor=manager, given_name="José", family_name="Ramírez", date_of_birth=dt.date(1990, 4, 12), sex="M",
    )
    # Someone whose name does not match, to show that search filters.
    person_create(actor=manager, given_name="Ana", family_name="López", date_of_birth=dt.date(1985, 1, 3), sex="F")
    custody_admit(
        actor=manager, person=person, facility=prison, kind=CustodyKind.REMAND,
        admitted_on=dt.date.today() - dt.timedelta(days=30),
    )
    return {"manager": manager, "person": person, "prison": prison}


def log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label(re.compile("username", re.I)).fill(username)
    page.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(base_url + reverse("home"))


def test_case_manager_finds_jose_by_typing_jose_and_reads_his_timeline(page: Any, live_server: Any, record: dict) -> None:
    base = live_server.url
    log_in(page, base, "case.manager")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome, Carmen Ortiz")
    assert "Prison case manager at Prison Service" in page.locator("#roles").inner_text()
    snap(page, "1-home")

    # Search from the navbar link, without accents or capitals.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a person").click()
    page.wait_for_url(re.compile(re.escape(base + reverse("people:search"))))
    search_box = page.locator("main").get_by_role("searchbox").or_(page.locator("main input[name=q]")).first
    search_box.fill("jose")
    search_box.press("Enter")
    results = page.locator("main")
    result_link = results.get_by_role("link", name=re.compile("Ramírez"))
    result_link.first.wait_for()
    assert "José" in result_link.first.inner_text()
    assert results.get_by_text("López").count() == 0
    snap(page, "2-search")

    # The person page: identity and the timeline with the creation and the custody admission.
    result_link.first.click()
    # José is held in her service's prison but is not in her own caseload, so the audit asks why
    # she is opening the record before showing it.
    page.get_by_role("heading", name="Why are you opening this record?").wait_for()
    page.get_by_label("Case management").check()
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(base + reverse("people:detail", args=[record["person"].pk]))
    assert "José Ramírez" in page.get_by_role("heading", level=1).inner_text()
    timeline = page.locator("main").get_by_text("Record created")
    assert timeline.count() >= 1
    assert page.locator("main").get_by_text(re.compile("Admitted to Central Prison")).count() >= 1
    snap(page, "3-person")

    # Switch the interface to Spanish from the language menu: the page comes back translated.
    page.get_by_role("button", name=re.compile("Language")).click()
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("navigation", name="Principal").get_by_role("link", name="Buscar una persona").is_visible()
    assert page.locator("main").get_by_text("Registro creado").count() >= 1
    snap(page, "4-person-es")
    page.goto(base + reverse("home"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hola, Carmen Ortiz")
