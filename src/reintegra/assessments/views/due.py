"""Reassessments due and overdue in the user's caseload."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.assessments import selectors
from reintegra.assessments.instruments import instruments_all, tr

PAGE_SIZE = 25
WINDOW_DAYS = 30
MAX_ROWS = 2000  # a caseload is far smaller; sorting both ways needs every row


@require_http_methods(["GET"])
@action_required(Action.ASSESSMENT_EDIT)
def due_list(request: HttpRequest) -> HttpResponse:
    """Who is due a reassessment within the next 30 days, and who is overdue (highlighted)."""
    today = timezone.localdate()
    descending = request.GET.get("sort") == "-due"
    rows = selectors.reassessment_due(user=request.user, today=today, window_days=WINDOW_DAYS, limit=MAX_ROWS)
    rows = sorted(rows, key=lambda row: (row.due_on, row.person.pk), reverse=descending)
    titles = {i.code: tr(i.title) for i in instruments_all()}
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/due_list.html", {
        "page": page, "rows": [{"row": row, "title": titles.get(row.instrument_code, row.instrument_code)}
                               for row in page.object_list],
        "sort": "-due" if descending else "due", "today": today, "window_days": WINDOW_DAYS,
    })
