from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from reintegra.core.access import action_allowed


@cache
def _version() -> str:
    try:
        return version("reintegra")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return ""


class NavigationAccess:
    """What the navigation bar may offer the user, asked of the access policy only when a
    template reads it (the login and error pages never do, so they stay query-free)."""

    def __init__(self, user: Any) -> None:
        self._user = user
        self._answers: dict[str, bool] = {}

    def _allowed(self, action: str) -> bool:
        if action not in self._answers:
            self._answers[action] = bool(getattr(self._user, "is_authenticated", False)) and action_allowed(
                self._user, action
            )
        return self._answers[action]

    @property
    def person_view(self) -> bool:
        return self._allowed("person.view")

    @property
    def person_edit(self) -> bool:
        return self._allowed("person.edit")

    @property
    def analytics_view(self) -> bool:
        return self._allowed("analytics.view")

    @property
    def audit_view(self) -> bool:
        return self._allowed("audit.view")


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: the site name and version, whether to show the demo banner, and
    which navigation links the user may follow.

    Nothing here queries the database unless a template asks for ``nav`` (pages pin their query
    counts in tests; the policy caches the user's roles for the request, so a view that already
    checked access pays nothing more).
    """
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SITE_NAME": "Reintegra",
        "REINTEGRA_VERSION": _version(),
        "nav": NavigationAccess(getattr(request, "user", None)),
    }
