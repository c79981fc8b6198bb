"""The risk-estimate panel on the person page: the active model's estimate, always with its
interval, what it means, the factors behind it and a link to the model card."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.accounts.policy import Action, allowed
from reintegra.analytics.history import person_values
from reintegra.analytics.models import TrainedModel
from reintegra.analytics.riskmodels.scoring import Estimate, scorer_from_spec
from reintegra.analytics.templatetags.analytics_format import round_half_up
from reintegra.justice.iccs import section_display_name

_SCORERS: dict[tuple[int, str], Any] = {}

FEATURE_LABELS = {
    "age": gettext_lazy("Age"),
    "sex": gettext_lazy("Sex"),
    "prior_convictions_total": gettext_lazy("Prior proven offences (all)"),
    "prior_custody_stays": gettext_lazy("Prior custody stays"),
    "days_since_last_release": gettext_lazy("Days since the last release"),
    "index_kind": gettext_lazy("Current stage"),
}


def feature_label(name: str) -> str:
    if name.startswith("prior_convictions_") and name[-2:].isdigit():
        return _("Prior proven offences: %(section)s") % {"section": section_display_name(name[-2:], name[-2:])}
    return str(FEATURE_LABELS.get(name, name))


def active_history_model() -> TrainedModel | None:
    """The model in use that was trained on this system's records (so its inputs exist for everyone)."""
    return (
        TrainedModel.objects.filter(active=True, source="history")
        .only("pk", "purpose", "version", "family", "spec", "outcome_definition", "explainable", "approved_at",
              "updated_at")
        .order_by("-approved_at", "-pk").first()
    )


def scorer_for(model: TrainedModel) -> Any:
    key = (model.pk, model.updated_at.isoformat())
    if key not in _SCORERS:
        _SCORERS.clear()
        _SCORERS[key] = scorer_from_spec(model.spec)
    return _SCORERS[key]


def person_estimate(model: TrainedModel, person: Any) -> tuple[Estimate, dict[str, Any]]:
    """Score one person (a loaded Person or an id) with ``model`` from their record as of today."""
    values = person_values(person)
    return scorer_for(model).score(values), values


def risk_context(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """Panel context, or None (hidden) when the user may not see justice data or no model is active."""
    user = request.user
    if not allowed(user, Action.JUSTICE_VIEW) and not allowed(user, Action.ANALYTICS_VIEW):
        return None
    model = active_history_model()
    if model is None or not model.scorable:
        return None
    estimate, values = person_estimate(model, person)
    raising = [c for c in estimate.top(3) if c.effect > 0]
    factors = [
        {"label": feature_label(c.feature), "value": c.label or _display(values.get(c.feature)),
         "effect": c.effect, "unit": estimate.unit}
        for c in raising
    ]
    return {
        "risk_model": model,
        "estimate": estimate,
        "factors": factors,
        "all_factors": [
            {"label": feature_label(c.feature), "value": c.label or _display(values.get(c.feature)), "effect": c.effect}
            for c in sorted(estimate.contributions, key=lambda c: -c.effect)
        ],
        "outcome_text": (model.outcome_definition or {}).get("description", ""),
        "can_view_card": allowed(user, Action.ANALYTICS_VIEW),
        "per_hundred": int(round_half_up(estimate.probability * 100)),  # the same rounding as the percentage
    }


def _display(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return _("none recorded")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
