"""``/community/``: the measures in the user's scope, by kind, with a status filter, a search by the
person's name and pages of 25. A facilitator sees the restorative cases they facilitate."""
from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action, allowed
from reintegra.community import selectors
from reintegra.community.choices import DiversionStatus, OrderStatus, RestorativeStatus

PAGE_SIZE = 25
KINDS = {
    "orders": (gettext_lazy("Community service orders"), OrderStatus, selectors.order_list),
    "diversions": (gettext_lazy("Diversion and treatment"), DiversionStatus, selectors.diversion_list),
    "restorative": (gettext_lazy("Restorative justice"), RestorativeStatus, selectors.rj_list),
}


def default_kind(user: Any) -> str:
    """Facilitators who are not case staff start on their restorative cases."""
    if allowed(user, Action.RESTORATIVE_FACILITATE) and not allowed(user, Action.MEASURE_EDIT):
        return "restorative"
    return "orders"


@require_http_methods(["GET"])
@action_required(Action.MEASURE_VIEW)
def measure_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or default_kind(request.user)
    kind = kind if kind in KINDS else "orders"
    title, statuses, select = KINDS[kind]
    status = request.GET.get("status", "")
    status = status if status in statuses.values else ""
    search = request.GET.get("q", "").strip()[:100]
    mine = request.GET.get("mine") == "1"
    rows = select(user=request.user, status=status, search=search, mine=mine)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if kind == "orders":
        for order in page.object_list:
            order.percent = selectors.progress(order.verified, order.hours_ordered)
    return render(request, "community/list.html", {
        "kind": kind, "kinds": [(key, label) for key, (label, _s, _f) in KINDS.items()], "title": title,
        "statuses": statuses.choices, "status": status, "q": search, "mine": mine, "page": page,
    })
