"""Calibration drift: do recent estimates still match what happens?"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from reintegra.analytics.riskmodels import metrics as m


def calibration_drift(
    y: np.ndarray, p: np.ndarray, *, validated_ece: float | None = None, min_n: int = 30, tolerance: float = 0.05
) -> dict[str, Any]:
    """Compare observed outcomes with the estimates made for them.

    Flags drift when the observed rate is outside the 95% range expected from the estimates
    (calibration-in-the-large, a binomial z-test with the variance implied by the estimates) or
    when the calibration error exceeds the validated one by more than ``tolerance``.
    """
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    n = len(y)
    if n < min_n:
        return {"n": n, "status": "insufficient", "drift": False, "reasons": ["too few outcomes"]}
    expected = float(p.sum())
    observed = float(y.sum())
    sd = math.sqrt(float((p * (1 - p)).sum())) or 1e-9
    z = (observed - expected) / sd
    ece = m.expected_calibration_error(y, p, 5 if n < 500 else 10)
    reasons = []
    if abs(z) > 1.96:
        reasons.append("observed rate differs from the estimates (z = %.2f)" % z)
    if validated_ece is not None and ece > validated_ece + tolerance:
        reasons.append("calibration error %.3f exceeds the validated %.3f by more than %.2f" % (ece, validated_ece, tolerance))
    return {
        "n": n,
        "observed_rate": observed / n,
        "mean_predicted": expected / n,
        "z": z,
        "ece": ece,
        "validated_ece": validated_ece,
        "auc": m.auc(y, p) if 0 < observed < n else None,
        "drift": bool(reasons),
        "status": "drift" if reasons else "ok",
        "reasons": reasons,
    }
