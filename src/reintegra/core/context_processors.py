from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: the demo banner and the languages for the switcher."""
    return {"DEMO_MODE": settings.DEMO_MODE, "SITE_NAME": "Reintegra"}
