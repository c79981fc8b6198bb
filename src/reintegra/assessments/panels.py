"""The assessments panel of the person page (registered in ``apps.py``): the latest result, when a
reassessment is due and how the needs scores changed over time. Summary-level viewers (volunteers)
get the latest band, its date and the need labels only."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, PersonAccess, allowed
from reintegra.assessments import selectors
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.instruments import Instrument, instruments_all, tr
from reintegra.assessments.views import present
from reintegra.assessments.views.common import band_label, instrument_for, title_of
from reintegra.people.models import Person

TOP_NEEDS = 3
DRAFTS_SHOWN = 3


def _needs_instrument() -> Instrument | None:
    """The needs instrument whose domain scores are charted (the shipped one when installed)."""
    found = [i for i in instruments_all() if i.kind == "needs"]
    for instrument in reversed(found):
        if instrument.code == selectors.DEFAULT_NEEDS_INSTRUMENT:
            return instrument
    return found[-1] if found else None


def chart(instrument: Instrument, series: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A Vega-Lite line chart of each domain's score across completed assessments, and the same
    figures as a table (dates down, domains across) for screen readers and without JavaScript."""
    if not series:
        return None
    domains = [d for d in instrument.domains if any(row["domains"].get(d.code) is not None for row in series)]
    labels = {d.code: tr(d.label) for d in domains}
    values = [
        {"date": row["completed_at"].date().isoformat(), "domain": labels[d.code], "score": row["domains"][d.code]}
        for row in series for d in domains if row["domains"].get(d.code) is not None
    ]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _("Domain scores of each completed needs assessment"),
        "width": "container", "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": _("Completed on"), "timeUnit": "yearmonthdate"},
            "y": {"field": "score", "type": "quantitative", "title": _("Score")},
            "color": {"field": "domain", "type": "nominal", "title": _("Domain")},
            "tooltip": [{"field": "domain", "title": _("Domain")}, {"field": "score", "title": _("Score")},
                        {"field": "date", "type": "temporal", "title": _("Completed on")}],
        },
    }
    table = {
        "columns": [labels[d.code] for d in domains],
        "rows": [{"date": date_format(row["completed_at"], "DATE_FORMAT"), "band": band_label(instrument, row["band"]),
                  "scores": [present.score_text(row["domains"].get(d.code)) for d in domains]} for row in series],
    }
    return {"spec": spec, "table": table, "title": tr(instrument.title), "draw": len(series) > 1}


def assessments_context(request: HttpRequest, person: Person, access: PersonAccess) -> dict[str, Any] | None:
    """Panel context; ``None`` (hidden) for users who may not see assessments of this person."""
    user = request.user
    if not access.visible or not allowed(user, Action.ASSESSMENT_VIEW):
        return None
    full = access.full
    latest = selectors.assessment_latest(person=person)
    context: dict[str, Any] = {"full": full, "latest": None}
    if latest is not None:
        instrument = instrument_for(latest)
        context["latest"] = {
            "assessment": latest, "title": title_of(latest), "band": latest.final_band,
            "band_label": band_label(instrument, latest.final_band),
            "needs": present.needs_labels(instrument, latest.result or {})[:TOP_NEEDS],
        }
    if not full:
        return context
    can_edit = allowed(user, Action.ASSESSMENT_EDIT) and not person.is_voided
    drafts = []
    if can_edit:
        drafts = [{"assessment": a, "title": title_of(a)} for a in selectors.assessment_list_for_person(
            user=user, person=person).filter(status=AssessmentStatus.DRAFT, voided_at__isnull=True)[:DRAFTS_SHOWN]]
    needs = _needs_instrument()
    context.update({
        "can_start": can_edit, "drafts": drafts,
        "due_on": latest.next_due if latest is not None else None,
        "chart": chart(needs, selectors.assessment_series(person=person, instrument_code=needs.code)) if needs else None,
    })
    return context
