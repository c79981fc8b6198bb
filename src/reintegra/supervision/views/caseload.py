"""The officer's caseload: who is due, overdue and unseen for longest (a supervisor chooses an
officer of their offices)."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.supervision.selectors import caseload as selectors

PAGE_SIZE = 25
FILTER_LABELS = {
    selectors.ALL: gettext_lazy("Everyone"),
    selectors.DUE_THIS_WEEK: gettext_lazy("Due this week"),
    selectors.OVERDUE: gettext_lazy("Overdue"),
}
SORT_LABELS = {
    selectors.UNSEEN: gettext_lazy("Unseen for longest"),
    selectors.NEXT_DUE: gettext_lazy("Next contact due"),
    selectors.NAME: gettext_lazy("Name"),
}


@require_http_methods(["GET"])
@action_required(Action.SUPERVISION_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    """The open supervision periods of the user (or, for a supervisor, of the officer chosen),
    each with level, last contact, next contact due, overdue flag and days unseen; filtered
    (everyone, due this week, overdue), sorted (unseen longest by default) and paginated."""
    officers = selectors.supervisable_officers(user=request.user)
    officer = selectors.caseload_officer(user=request.user, officer_id=request.GET.get("officer"), officers=officers)
    today = timezone.localdate()
    found = selectors.caseload(user=request.user, officer=officer, show=request.GET.get("show", ""),
                               sort=request.GET.get("sort", ""), today=today)
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/caseload/caseload.html", {
        "found": found, "page": page, "today": today, "officers": officers if len(officers) > 1 else [],
        "own": officer.pk == request.user.pk,
        "filters": [(key, label, found.counts[key]) for key, label in FILTER_LABELS.items()],
        "sorts": list(SORT_LABELS.items()),
    })
