"""Vega-Lite specs for the facility pages (drawn by ``static/js/charts.js`` under the strict CSP).
Each page also shows the same figures as a table, for screen readers and without JavaScript."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from reintegra.custody.selectors import OccupancyReport, SeriesPoint

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def occupancy_chart(report: OccupancyReport) -> dict[str, Any] | None:
    """Bars of each facility's occupancy (facilities with a capacity), overcrowded ones coloured, and a
    rule at 100 %."""
    values = [
        {"facility": f.name, "occupancy": _one_decimal(f.occupancy_pct), "held": f.held.total, "capacity": f.capacity,
         "status": _("Overcrowded") if f.overcrowded else _("Within capacity")}
        for f in report.facilities if f.occupancy_pct is not None
    ]
    if not values:
        return None
    return {
        "$schema": SCHEMA,
        "description": _("Occupancy of each facility, as a percentage of its official capacity"),
        "width": "container", "height": max(120, 22 * len(values)),
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": {"field": "facility", "type": "nominal", "sort": "-x", "title": _("Facility")},
                    "x": {"field": "occupancy", "type": "quantitative", "title": _("Occupancy (%)")},
                    "color": {"field": "status", "type": "nominal", "title": _("Status"),
                              "scale": {"domain": [_("Within capacity"), _("Overcrowded")],
                                        "range": ["#4c78a8", "#c0392b"]}},
                    "tooltip": [{"field": "facility", "title": _("Facility")},
                                {"field": "occupancy", "title": _("Occupancy (%)")},
                                {"field": "held", "title": _("People held")},
                                {"field": "capacity", "title": _("Official capacity")}],
                },
            },
            {"mark": {"type": "rule", "strokeDash": [4, 4]}, "encoding": {"x": {"datum": 100}}},
        ],
    }


def series_chart(series: list[SeriesPoint]) -> dict[str, Any] | None:
    """A line of people held at each month end, and one of the official capacity when it is known."""
    if len(series) < 2:
        return None
    held_label, capacity_label = _("People held"), _("Official capacity")
    values = [{"date": p.on.isoformat(), "measure": held_label, "people": p.held} for p in series]
    values += [{"date": p.on.isoformat(), "measure": capacity_label, "people": p.capacity}
               for p in series if p.capacity is not None]
    return {
        "$schema": SCHEMA,
        "description": _("People held at the end of each month, against the official capacity"),
        "width": "container", "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "yearmonth", "title": _("Month")},
            "y": {"field": "people", "type": "quantitative", "title": _("People")},
            "color": {"field": "measure", "type": "nominal", "title": ""},
            "tooltip": [{"field": "measure", "title": _("Measure")}, {"field": "people", "title": _("People")},
                        {"field": "date", "type": "temporal", "title": _("Date")}],
        },
    }
