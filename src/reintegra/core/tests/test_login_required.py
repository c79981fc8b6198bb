"""Login is required everywhere: every route of the project, found by walking the URL
configuration, refuses an anonymous visitor (pages redirect to the log-in page, the API answers
401/403 and never redirects). New routes are covered without editing this test."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Routes open to anonymous visitors, each for a reason.
PUBLIC = {
    "accounts/login/": "the log-in page",
    "accounts/logout/": "logging out needs no session (and only accepts POST)",
    "i18n/setlang/": "the language switcher is on the log-in page",
}


def _routes(patterns: list, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                yield "admin/"  # the admin site has its own log-in; its index stands for it
                continue
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _concrete(route: str) -> str:
    """A path that resolves to ``route``: converters and named groups get the value 1."""
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + route


ALL_ROUTES = sorted({_concrete(route) for route in _routes(get_resolver().url_patterns) if "format" not in route})
ROUTES = [path for path in ALL_ROUTES if path.lstrip("/") not in PUBLIC]


def test_the_walk_finds_the_project_routes() -> None:
    assert "/" in ROUTES and "/people/" in ROUTES and "/api/people/" in ROUTES
    assert len(ROUTES) > 30
    assert {path.lstrip("/") for path in ALL_ROUTES} >= set(PUBLIC)  # the exceptions still exist


@pytest.mark.parametrize("path", ROUTES)
def test_anonymous_visitors_are_refused(client: Client, path: str) -> None:
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code in {401, 403}, (path, response.status_code)
        assert "Location" not in response
    else:
        assert response.status_code == 302, (path, response.status_code)
        login = reverse("admin:login") if path.startswith("/admin/") else reverse("login")
        assert response["Location"].startswith(login), (path, response["Location"])


def test_anonymous_post_to_a_page_changes_nothing_and_redirects(client: Client) -> None:
    from reintegra.people.models import Person

    response = client.post(reverse("people:create"), {"given_name": "Ana", "family_name": "López"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Person.objects.exists()
