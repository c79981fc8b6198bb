"""The countdown worklist and the community officer's pending handovers."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.reentry import selectors
from reintegra.reentry.countdown import countdown_weeks

PAGE_SIZE = 25


@require_http_methods(["GET"])
@action_required(Action.RELEASE_VIEW)
def worklist(request: HttpRequest) -> HttpResponse:
    """People in the user's scope whose earliest release date is within the largest countdown point,
    soonest first, with the point passed, days left and what is still open; searched by name."""
    search = request.GET.get("q", "").strip()[:100]
    rows = selectors.countdown_rows(user=request.user, search=search, on=timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reentry/worklist.html", {
        "page": page, "q": search, "weeks": countdown_weeks(),
        "handovers": selectors.handovers_pending(user=request.user).count(),
    })


@require_http_methods(["GET"])
@action_required(Action.RELEASE_VIEW)
def handovers(request: HttpRequest) -> HttpResponse:
    """Release handovers sent to the user that they have not acknowledged yet."""
    page = Paginator(selectors.handovers_pending(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reentry/handovers.html", {"page": page})
