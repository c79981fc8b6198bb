"""The fairness audit: the same accuracy, calibration and error rates, group by group, and the
trade-off between them explained in plain words.

When groups have different base rates, a score cannot be calibrated within every group and also
have equal false-positive and false-negative rates across them (Kleinberg, Mullainathan & Raghavan
2016; Chouldechova 2017). The table shows all of them so an agency can see the trade-off and
record which property it prioritises.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from reintegra.analytics.riskmodels import metrics as m

MIN_GROUP = 30  # smaller groups are listed with their n but no rates (unstable and re-identifying)


def age_band(age: np.ndarray) -> np.ndarray:
    """Age bands used for the audit: under 25, 25-34, 35-44, 45 and over."""
    age = np.asarray(age, dtype=float)
    labels = np.array(["under 25", "25-34", "35-44", "45+", "missing"], dtype=object)
    index = np.where(np.isnan(age), 4, np.searchsorted([25, 35, 45], np.nan_to_num(age), side="right"))
    return labels[index]


def fairness_table(
    y: np.ndarray, p: np.ndarray, group: np.ndarray, *, cutoff: float, calibration_bins: int = 5
) -> list[dict[str, Any]]:
    """One row per group: n, base rate, mean prediction, AUC, Brier, ECE, calibration by band,
    FPR, FNR, PPV and selection rate at ``cutoff``."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    group = np.asarray(group, dtype=object)
    rows: list[dict[str, Any]] = []
    levels, counts = np.unique(group.astype(str), return_counts=True)
    for level in levels[np.argsort(-counts, kind="stable")]:
        mask = group.astype(str) == level
        n = int(mask.sum())
        row: dict[str, Any] = {"group": str(level), "n": n, "suppressed": n < MIN_GROUP}
        if n < MIN_GROUP:
            rows.append(row)
            continue
        yg, pg = y[mask], p[mask]
        rates = m.rates_at_cutoff(yg, pg, cutoff)
        row.update({
            "base_rate": float(yg.mean()),
            "mean_predicted": float(pg.mean()),
            "auc": m.auc(yg, pg) if 0 < yg.sum() < n else None,
            "brier": m.brier(yg, pg),
            "ece": m.expected_calibration_error(yg, pg, calibration_bins),
            "calibration": [r.__dict__ for r in m.calibration_table(yg, pg, calibration_bins)],
            "fpr": _num(rates.fpr),
            "fnr": _num(rates.fnr),
            "ppv": _num(rates.ppv),
            "selection_rate": _num(rates.selection_rate),
        })
        rows.append(row)
    return rows


def _num(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _spread(rows: list[dict[str, Any]], key: str) -> tuple[float, str, str] | None:
    values = [(r[key], r["group"]) for r in rows if not r.get("suppressed") and r.get(key) is not None]
    if len(values) < 2:
        return None
    high = max(values)
    low = min(values)
    return (high[0] - low[0], high[1], low[1])


def tradeoff_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The largest between-group differences, as numbers (the text is built from these)."""
    summary: dict[str, Any] = {}
    for key in ("base_rate", "fpr", "fnr", "ppv", "selection_rate", "ece", "auc"):
        spread = _spread(rows, key)
        if spread:
            summary[key] = {"difference": spread[0], "highest": spread[1], "lowest": spread[2]}
    return summary


def tradeoff_text(
    rows: list[dict[str, Any]], column: str, _: Callable[[str], str] = lambda s: s
) -> list[str]:
    """Plain-language paragraphs on what this table means; ``_`` is ``gettext`` in the app."""
    summary = tradeoff_summary(rows)
    if "base_rate" not in summary:
        return [_("Too few groups with enough people to compare.")]
    pp = lambda v: f"{100 * v:.1f}"  # noqa: E731
    paragraphs = []
    base = summary["base_rate"]
    paragraphs.append(
        _("Observed reoffending differs between %(column)s groups by %(diff)s percentage points "
          "(highest: %(high)s, lowest: %(low)s).")
        % {"column": column, "diff": pp(base["difference"]), "high": base["highest"], "low": base["lowest"]}
    )
    if base["difference"] >= 0.02:
        paragraphs.append(_(
            "Because the base rates differ, no score can at the same time be equally well calibrated in "
            "every group (a given estimate meaning the same chance whatever the group) and have equal "
            "false-positive and false-negative rates across groups (Kleinberg, Mullainathan and Raghavan "
            "2016; Chouldechova 2017). Improving one of these properties worsens another; this is a "
            "property of the numbers, not of this model."
        ))
    else:
        paragraphs.append(_(
            "The base rates are close, so calibration within groups and equal error rates can nearly "
            "hold together."
        ))
    if "fpr" in summary and "fnr" in summary:
        paragraphs.append(
            _("At the chosen cut-off, false-positive rates differ by %(fpr)s points (highest for %(fpr_high)s) "
              "and false-negative rates by %(fnr)s points (highest for %(fnr_high)s); the largest difference in "
              "calibration error between groups is %(ece)s points.")
            % {"fpr": pp(summary["fpr"]["difference"]), "fpr_high": summary["fpr"]["highest"],
               "fnr": pp(summary["fnr"]["difference"]), "fnr_high": summary["fnr"]["highest"],
               "ece": pp(summary.get("ece", {}).get("difference", 0.0))}
        )
    paragraphs.append(_(
        "The agency must choose which property it prioritises (calibration within groups, equal "
        "false-positive rates, or equal false-negative rates), record the choice and its reasons when "
        "it approves the model, and review it with the monitoring results."
    ))
    return paragraphs
