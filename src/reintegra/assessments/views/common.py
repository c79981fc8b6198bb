"""What every assessment page shares: loading through the selectors, the instrument an assessment
was scored with, band labels and turning service errors into form errors."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from reintegra.assessments import selectors, services
from reintegra.assessments.choices import Band
from reintegra.assessments.instruments import Instrument, tr

FULL, SUMMARY = "full", "summary"


def instrument_for(assessment: Any) -> Instrument:
    """The instrument version ``assessment`` was started with (kept in memory by the services)."""
    return services.instrument_for(assessment.instrument)


def assessment_or_404(request: HttpRequest, pk: int) -> Any:
    """The assessment if the user may see it (``.visibility`` set by the selector), else 404."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if assessment is None:
        raise Http404
    return assessment


def require_full(assessment: Any) -> None:
    """Answers and explanations are for viewers of the person's full record only."""
    if getattr(assessment, "visibility", None) != FULL:
        raise PermissionDenied


def band_label(instrument: Instrument | None, code: str) -> str:
    """A band code in the active language: from the instrument's primary scale, else the shared vocabulary."""
    if not code:
        return ""
    if instrument is not None and instrument.scales:
        for band in instrument.primary_scale.bands:
            if band.code == code:
                return tr(band.label)
    return str(Band(code).label) if code in Band.values else code


def band_choices(instrument: Instrument, *, excluding: str = "") -> list[tuple[str, str]]:
    return [(band.code, tr(band.label)) for band in instrument.primary_scale.bands if band.code != excluding]


def title_of(assessment: Any) -> str:
    """The instrument's title in the active language, from the stored version (no file read)."""
    return tr(assessment.instrument.title or assessment.instrument.code)


def person_url(person_id: int) -> str:
    try:
        return reverse("people:detail", args=[person_id])
    except NoReverseMatch:  # pragma: no cover - people always installs its URLs
        return reverse("assessments:person-list", args=[person_id])


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Service errors next to their fields; anything else (a stale version) at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def error_messages(exc: ValidationError) -> dict[str, list[str]]:
    """``{item code or "__all__": [messages]}`` from a service's ValidationError."""
    if hasattr(exc, "error_dict"):
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(message) for message in exc.messages]}


def refused_message() -> str:
    return _("You may not do this with this assessment.")
