"""Vectorised bootstrap 95% intervals for every headline metric.

A resample is represented by multinomial counts over the rows (how often each row was drawn), so
each metric is computed for a block of resamples at once with matrix products; no row is copied.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from reintegra.analytics.riskmodels import metrics as m

# Bounded memory: a block of resamples x rows of float64 is at most ~64 MB.
_BLOCK_CELLS = 4_000_000


def resample_counts(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` bootstrap resamples of ``n`` rows as counts, shape ``(size, n)`` (float32: counts
    are small integers, exact in float32, and half the memory traffic of float64)."""
    draws = rng.integers(0, n, size=(size, n), dtype=np.int64 if n > 2**31 - 1 else np.int32)
    counts = np.empty((size, n), dtype=np.float32)
    for row in range(size):  # one row at a time keeps the histogram in cache
        counts[row] = np.bincount(draws[row], minlength=n)
    return counts


def bootstrap_metrics(*args: Any, **kwargs: Any) -> dict[str, dict[str, Any]]:
    """See ``_bootstrap_metrics``. Runs with one BLAS thread: the products are memory-bound, and
    on a busy 2-core server extra BLAS threads made it twice as slow."""
    with threadpool_limits(1):
        return _bootstrap_metrics(*args, **kwargs)


def _bootstrap_metrics(
    y: np.ndarray,
    p: np.ndarray,
    *,
    cutoff: float,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, dict[str, Any]]:
    """Point estimate and percentile 95% interval of AUC, Brier, ECE, calibration slope and
    intercept, and the rates at ``cutoff``. Returns ``{metric: {"value", "lower", "upper"}}``."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    # Rows are exchangeable in a resample, so sort once by score and let AUC skip its sort.
    order = np.argsort(p, kind="mergesort")
    y, p = y[order], p[order]
    n = len(y)
    point: dict[str, float] = {
        "auc": m.auc(y, p),
        "brier": m.brier(y, p),
        "ece": m.expected_calibration_error(y, p),
    }
    slope, intercept = m.calibration_slope_intercept(y, p)
    point["calibration_slope"], point["calibration_intercept"] = slope, intercept
    point["base_rate"] = float(y.mean())
    point["mean_predicted"] = float(p.mean())
    cut = m.rates_at_cutoff(y, p, cutoff)
    for key in ("sensitivity", "specificity", "ppv", "npv", "fpr", "fnr", "selection_rate"):
        point[key] = getattr(cut, key)

    samples: dict[str, list[np.ndarray]] = {key: [] for key in point}
    rng = np.random.default_rng(seed)
    block = max(1, min(resamples, _BLOCK_CELLS // max(n, 1)))
    done = 0
    sq = (p - y) ** 2
    while done < resamples:
        size = min(block, resamples - done)
        w = resample_counts(n, size, rng)
        total = w.sum(axis=1)
        samples["auc"].append(m.auc_weighted(y, p, w, presorted=True))
        samples["brier"].append(w @ sq / total)
        samples["ece"].append(m.ece_weighted(y, p, w))
        b, a = m.calibration_one_step_weighted(y, p, w, start=(slope, intercept))
        samples["calibration_slope"].append(b)
        samples["calibration_intercept"].append(a)
        samples["base_rate"].append(w @ y / total)
        samples["mean_predicted"].append(w @ p / total)
        for key, values in m.rates_weighted(y, p, cutoff, w).items():
            samples[key].append(values)
        done += size

    result: dict[str, dict[str, Any]] = {}
    for key, value in point.items():
        values = np.concatenate(samples[key]) if resamples else np.array([])
        values = values[np.isfinite(values)]
        if len(values):
            lo, hi = np.percentile(values, [2.5, 97.5])
            result[key] = {"value": _clean(value), "lower": float(lo), "upper": float(hi)}
        else:
            result[key] = {"value": _clean(value), "lower": None, "upper": None}
    result["_bootstrap"] = {"resamples": int(resamples), "seed": int(seed), "cutoff": float(cutoff)}
    return result


def _clean(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
