"""The page shell in a real browser, under the strict Content-Security-Policy: menus work, nothing
is blocked, and charts draw."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, base: str) -> None:
    UserFactory(username="shell.user", first_name="Rosa", last_name="Vidal", role=Role.PRISON_CASE_MANAGER)
    page.goto(base + reverse("login"))
    page.get_by_label(re.compile("username", re.I)).fill("shell.user")
    page.get_by_label(re.compile("password", re.I)).fill("correct-horse-battery")
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(base + reverse("home"))


def _watch_console(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_menus_open_and_nothing_breaks_the_policy(page: Any, live_server: Any) -> None:
    problems = _watch_console(page)
    _log_in(page, live_server.url)
    response = page.goto(live_server.url + reverse("home"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_role("button", name=re.compile("Rosa Vidal")).click()
    assert page.get_by_role("button", name="Log out").is_visible()
    page.keyboard.press("Escape")
    page.get_by_role("button", name=re.compile("Language")).click()
    assert page.get_by_role("button", name="Español").is_visible()
    # The skip link is the first thing the keyboard reaches and moves focus to the main content.
    page.keyboard.press("Escape")
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert problems == []


def test_charts_draw_under_the_strict_policy(page: Any, live_server: Any, settings: Any) -> None:
    settings.ROOT_URLCONF = "reintegra.core.tests.urls_chart"
    problems = _watch_console(page)
    _log_in(page, live_server.url)
    page.goto(live_server.url + "/test-chart/")
    page.locator("#chart canvas").wait_for()
    assert page.locator("#chart canvas").count() == 1
    assert problems == []
