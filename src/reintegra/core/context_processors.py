from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.conf import settings
from django.http import HttpRequest


@cache
def _version() -> str:
    try:
        return version("reintegra")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return ""


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: the site name and version, and whether to show the demo banner.

    It must not query the database: pages pin their query counts in tests.
    """
    return {"DEMO_MODE": settings.DEMO_MODE, "SITE_NAME": "Reintegra", "REINTEGRA_VERSION": _version()}
