"""The model card: everything needed to judge a trained model, for the HTML page and the API.

Charts are Vega-Lite specifications built with Altair, so the page, a printed report and API
clients draw the same chart; the data behind each chart is also given as a table.
"""
from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from reintegra.analytics.choices import FairnessPriority, ModelFamily
from reintegra.analytics.models import TrainedModel
from reintegra.analytics.riskmodels.fairness import MIN_GROUP, tradeoff_text

METRIC_ORDER = [
    "auc", "brier", "ece", "calibration_slope", "calibration_intercept", "sensitivity", "specificity",
    "ppv", "npv", "fpr", "fnr", "selection_rate", "base_rate", "mean_predicted",
]


def metric_labels() -> dict[str, str]:
    return {
        "auc": _("AUC (discrimination; 0.5 = chance)"),
        "brier": _("Brier score (lower is better)"),
        "ece": _("Expected calibration error (by decile)"),
        "calibration_slope": _("Calibration slope (1 = ideal)"),
        "calibration_intercept": _("Calibration intercept (0 = ideal)"),
        "sensitivity": _("Sensitivity at the cut-off"),
        "specificity": _("Specificity at the cut-off"),
        "ppv": _("Positive predictive value at the cut-off"),
        "npv": _("Negative predictive value at the cut-off"),
        "fpr": _("False-positive rate at the cut-off"),
        "fnr": _("False-negative rate at the cut-off"),
        "selection_rate": _("Share flagged at the cut-off"),
        "base_rate": _("Observed outcome rate"),
        "mean_predicted": _("Mean estimate"),
    }


def calibration_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Observed rate (with 95% interval) against mean estimate by decile, and the ideal diagonal."""
    data = alt.Data(values=[
        {"predicted": r["mean_predicted"], "observed": r["observed_rate"], "lower": r["lower"],
         "upper": r["upper"], "n": r["n"]} for r in rows
    ])
    ideal = alt.Chart(alt.Data(values=[{"x": 0, "y": 0}, {"x": 1, "y": 1}])).mark_line(
        strokeDash=[4, 4], color="#888").encode(x="x:Q", y="y:Q")
    base = alt.Chart(data)
    bars = base.mark_rule().encode(x="predicted:Q", y="lower:Q", y2="upper:Q")
    points = base.mark_point(filled=True, size=60).encode(
        x=alt.X("predicted:Q", title=_("Mean estimate"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("observed:Q", title=_("Observed rate"), scale=alt.Scale(domain=[0, 1])),
        tooltip=["predicted:Q", "observed:Q", "n:Q"],
    )
    chart = alt.layer(ideal, bars, points).properties(
        width=320, height=320, title=_("Calibration by decile (out of sample)"))
    return chart.to_dict()


def roc_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    data = alt.Data(values=[{"fpr": p["fpr"], "tpr": p["tpr"]} for p in points])
    ideal = alt.Chart(alt.Data(values=[{"x": 0, "y": 0}, {"x": 1, "y": 1}])).mark_line(
        strokeDash=[4, 4], color="#888").encode(x="x:Q", y="y:Q")
    curve = alt.Chart(data).mark_line().encode(
        x=alt.X("fpr:Q", title=_("False-positive rate")),
        y=alt.Y("tpr:Q", title=_("True-positive rate (sensitivity)")),
        order="fpr:Q",
    )
    return alt.layer(ideal, curve).properties(width=320, height=320, title=_("ROC curve (out of sample)")).to_dict()


def _coefficients(spec: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for term, coef in zip(spec.get("terms", []), spec.get("coefficients", [])):
        if term["kind"] == "level":
            what = _("%(feature)s = %(level)s (vs %(reference)s)") % {
                "feature": term["feature"], "level": _("other") if term["level"] == "__other__" else term["level"],
                "reference": term["reference"]}
        elif term["kind"] == "log1p":
            what = _("log(1 + %(feature)s)") % {"feature": term["feature"]}
        elif term["kind"] == "missing":
            what = _("%(feature)s is missing") % {"feature": term["feature"]}
        else:
            what = term["feature"]
        rows.append({"feature": term["feature"], "term": what, "coefficient_per_sd": coef, "sd": term["sd"],
                     "coefficient": coef / term["sd"] if term["sd"] else None})
    return rows


def limitations(model: TrainedModel) -> list[str]:
    items = [
        _("The estimate is a group statistic: of 100 people with this estimate, about that many are expected to "
          "have the outcome. It does not say which of them will."),
        _("Validated on the data described here only; on another population or period its calibration must be "
          "checked again (see the time split and the monitoring results)."),
        _("Recorded offending reflects policing and prosecution as well as behaviour; differences in detection "
          "between groups carry into the outcome and so into the model."),
        _("Static factors only: criminal history and demographics cannot show change; use the estimate beside a "
          "structured assessment of needs, never instead of it."),
    ]
    split = (model.validation or {}).get("time_split") or {}
    if split.get("available") and abs(split["test"]["base_rate"] - split["train"]["base_rate"]) >= 0.05:
        items.append(_(
            "The outcome rate moved from %(train)s in the earlier period to %(test)s in the later one; a model "
            "trained on the earlier period under-estimates or over-estimates the later one until it is recalibrated."
        ) % {"train": f"{100 * split['train']['base_rate']:.1f}%", "test": f"{100 * split['test']['base_rate']:.1f}%"})
    if not model.explainable:
        items.append(_("Reference model: it cannot explain an individual estimate, so it is never used to score people."))
    return items


def intended_use(model: TrainedModel) -> str:
    return _(
        "To inform, not replace, professional judgement about the intensity of supervision and support "
        "(the risk principle), for people like those in the training data, with the outcome defined below. "
        "Not for decisions on guilt, sentence length or detention, and never shown without its explanation."
    )


def model_card(model: TrainedModel) -> dict[str, Any]:
    """The card as JSON-ready data (the API returns it; the HTML page renders it)."""
    labels = metric_labels()
    metrics = [
        {"key": key, "label": labels[key], **model.metrics[key]}
        for key in METRIC_ORDER if key in model.metrics
    ]
    fairness = []
    for column, table in (model.fairness or {}).items():
        fairness.append({
            "column": column,
            "cutoff": table.get("cutoff"),
            "rows": table.get("rows", []),
            "summary": table.get("summary", {}),
            "explanation": tradeoff_text(table.get("rows", []), column, _),
        })
    spec = model.spec or {}
    card: dict[str, Any] = {
        "id": model.pk,
        "purpose": model.purpose,
        "version": model.version,
        "family": model.family,
        "family_label": str(ModelFamily(model.family).label),
        "explainable": model.explainable,
        "scorable": model.scorable,
        "source": model.source,
        "created_at": model.created_at.isoformat(),
        "created_by": model.created_by.get_username() if model.created_by_id else None,
        "active": model.active,
        "approved_by": model.approved_by.get_username() if model.approved_by_id else None,
        "approved_at": model.approved_at.isoformat() if model.approved_at else None,
        "fairness_priority": model.fairness_priority,
        "fairness_priority_label": str(FairnessPriority(model.fairness_priority).label),
        "approval_note": model.approval_note,
        "intended_use": intended_use(model),
        "limitations": limitations(model),
        "data": model.data_description,
        "outcome_definition": model.outcome_definition,
        "target": model.target,
        "features": model.features,
        "group_columns": model.group_columns,
        "audit_note": _("Group columns are used only for the fairness audit, never as model inputs."),
        "metrics": metrics,
        "bootstrap": model.metrics.get("_bootstrap", {}),
        "validation": model.validation,
        "calibration": model.calibration,
        "roc": model.roc,
        "fairness": fairness,
        "min_group_size": MIN_GROUP,
        "charts": {"calibration": calibration_chart(model.calibration), "roc": roc_chart(model.roc)},
    }
    if model.family == ModelFamily.SCORECARD:
        card["points"] = spec.get("bins", [])
        card["points_table"] = spec.get("table", [])
    elif model.family == ModelFamily.LOGISTIC:
        card["coefficients"] = _coefficients(spec)
        card["intercept"] = spec.get("intercept")
    return card
