"""Facility pages: aggregate figures only (no person is named or listed). Each parses its input, calls
the selectors and renders; ``facility.view`` is checked before anything is read."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.custody import charts, selectors
from reintegra.custody.forms import OnDateForm

SERIES_MONTHS = 12
UNIT_MONTHS = 6  # the unit table over time shows half a year: one column a month


@action_required(Action.FACILITY_VIEW)
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Occupancy and unsentenced detainees of every facility and nationally, on a date."""
    form = OnDateForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    report = selectors.occupancy_on(user=request.user, on=on or timezone.localdate())
    return render(request, "custody/dashboard.html", {
        "form": form, "report": report, "chart": charts.occupancy_chart(report),
    })


@action_required(Action.FACILITY_VIEW)
@require_safe
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One facility: its profile, today's figures, each unit's occupancy today and at the last six
    month ends, and the facility's occupancy over the last year."""
    facility = selectors.facility_get(user=request.user, pk=pk)
    today = timezone.localdate()
    report = selectors.occupancy_on(user=request.user, on=today, facility_ids=[facility.pk])
    series = selectors.occupancy_series(user=request.user, facility=facility, months=SERIES_MONTHS, until=today)
    return render(request, "custody/facility_detail.html", {
        "facility": facility, "profile": getattr(facility, "facility_profile", None),
        "units": selectors.unit_occupancy(user=request.user, facility=facility, on=today),
        "unit_series": selectors.unit_occupancy_series(user=request.user, facility=facility, months=UNIT_MONTHS,
                                                       until=today),
        "figures": report.facilities[0] if report.facilities else None, "today": today,
        "series": series, "chart": charts.series_chart(series),
    })
