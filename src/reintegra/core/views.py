from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reintegra.core.selectors import dashboard_links, user_memberships


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard after login: who you are here, and what you can do."""
    memberships = user_memberships(user=request.user)
    entries = dashboard_links(user=request.user)
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "entries": entries,
            # API documentation is open to every logged-in user, so it does not count as work the role allows.
            "has_work": any(entry.link.actions for entry in entries),
        },
    )
