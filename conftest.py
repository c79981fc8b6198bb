"""Suite-wide test set-up: required back-ends in CI, the browser, and the validation data."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
CHROMIUM = os.environ.get("REINTEGRA_CHROMIUM", "/usr/bin/chromium")


def _required(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes"}


def pytest_sessionstart(session: pytest.Session) -> None:
    if _required("REINTEGRA_REQUIRE_POSTGRES") and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError("REINTEGRA_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is empty.")


def _unavailable(reason: str, requirement: str) -> None:
    """Skip on a developer's machine; fail in CI, where the requirement is declared."""
    if _required(requirement):
        pytest.fail(f"{reason} ({requirement} is set, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def validation_data() -> Path:
    """The folder of real public data (../shared/data by default), or skip/fail when absent."""
    from django.conf import settings

    folder = Path(settings.REINTEGRA_VALIDATION_DATA)
    if not (folder / "compas").is_dir():
        _unavailable(f"validation data not found at {folder}", "REINTEGRA_REQUIRE_VALIDATION_DATA")
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (no downloaded browser)."""
    if os.environ.get("REINTEGRA_SKIP_BROWSER") and not _required("REINTEGRA_REQUIRE_BROWSER_EACH_RUN"):
        pytest.skip("browser tests run once per `make test` (in the SQLite pass)")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        _unavailable("Chromium is not installed (apt-get install chromium)", "REINTEGRA_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _role_groups_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush every table, including the role groups a data migration loads;
    give them back before each such test (pytest-django runs these tests last)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db", "live_server"} & set(request.fixturenames)
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from reintegra.accounts.services import role_groups_ensure

    role_groups_ensure()
