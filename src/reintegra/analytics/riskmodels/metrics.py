"""Accuracy and calibration metrics of a probability estimate against a binary outcome.

Every function takes ``y`` (0/1) and ``p`` (predicted probability) as 1-d arrays. The weighted forms
(``weights`` = how many times each row counts) are what the vectorised bootstrap uses: a bootstrap
resample is the same rows with multinomial counts as weights, so nothing is copied.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EPS = 1e-12


def _as_arrays(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    if y.shape != p.shape:
        raise ValueError("y and p must have the same length")
    return y, p


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """Area under the ROC curve (ties count one half): the chance that a random person with the
    outcome scores higher than a random person without it."""
    y, p = _as_arrays(y, p)
    return float(auc_weighted(y, p, np.ones((1, len(y))))[0])


def auc_weighted(y: np.ndarray, p: np.ndarray, weights: np.ndarray, *, presorted: bool = False) -> np.ndarray:
    """AUC for each row of ``weights`` (shape ``(B, n)``), sorting the scores once.

    Scores are grouped into distinct values; for each value the weighted positives count every
    weighted negative below it plus half of those tied with it. With ``presorted`` the rows are
    already in ascending order of ``p`` (the bootstrap sorts once for all its resamples).
    """
    y, p = _as_arrays(y, p)
    weights = np.atleast_2d(np.asarray(weights))
    if presorted:
        ps, ys, wsorted = p, y, weights
    else:
        order = np.argsort(p, kind="mergesort")
        ps, ys, wsorted = p[order], y[order], weights[:, order]
    pos = ys == 1
    wpos = wsorted * pos
    wneg = wsorted * ~pos
    if len(ps) > 1 and np.any(ps[1:] == ps[:-1]):
        starts = np.flatnonzero(np.r_[True, ps[1:] != ps[:-1]])
        wpos = np.add.reduceat(wpos, starts, axis=1)
        wneg = np.add.reduceat(wneg, starts, axis=1)
    # Counts are integers: float32 cumulative sums stay exact below 2**24 (16.7 million rows).
    neg_cum = np.cumsum(wneg, axis=1, dtype=np.float32 if wneg.dtype == np.float32 and len(ps) < 2**23 else np.float64)
    total_pos = wpos.sum(axis=1, dtype=np.float64)
    total_neg = neg_cum[:, -1].astype(np.float64)
    # negatives strictly below plus half the tied ones = cum - tied/2
    numerator = (wpos * (neg_cum - 0.5 * wneg)).sum(axis=1, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((total_pos > 0) & (total_neg > 0), numerator / (total_pos * total_neg), np.nan)


def brier(y: np.ndarray, p: np.ndarray) -> float:
    """Mean squared difference between predicted probability and outcome (0 perfect, 0.25 = coin)."""
    y, p = _as_arrays(y, p)
    return float(np.mean((p - y) ** 2))


def decile_bins(p: np.ndarray, n_bins: int = 10) -> np.ndarray:
    """Bin index (0..n_bins-1) of each prediction by quantiles of ``p``; tied scores share a bin."""
    p = np.asarray(p, dtype=float).ravel()
    edges = np.unique(np.quantile(p, np.linspace(0, 1, n_bins + 1)[1:-1]))
    return np.searchsorted(edges, p, side="right")


@dataclass(frozen=True)
class CalibrationRow:
    bin: int
    n: int
    mean_predicted: float
    observed_rate: float
    lower: float
    upper: float


def wilson_interval(events: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (well behaved at 0 and 1 and for small n)."""
    if n <= 0:
        return (float("nan"), float("nan"))
    phat = events / n
    denom = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z * np.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denom
    return (float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def calibration_table(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> list[CalibrationRow]:
    """Observed outcome rate against mean prediction in each decile of the predictions."""
    y, p = _as_arrays(y, p)
    bins = decile_bins(p, n_bins)
    rows = []
    for b in np.unique(bins):
        mask = bins == b
        n = int(mask.sum())
        events = float(y[mask].sum())
        lo, hi = wilson_interval(events, n)
        rows.append(CalibrationRow(int(b), n, float(p[mask].mean()), events / n, lo, hi))
    return rows


def expected_calibration_error(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> float:
    """ECE: the n-weighted mean absolute gap between observed rate and mean prediction over the
    deciles of the predictions (0 = observed matches predicted in every decile)."""
    y, p = _as_arrays(y, p)
    return float(ece_weighted(y, p, np.ones((1, len(y))), n_bins)[0])


def ece_weighted(y: np.ndarray, p: np.ndarray, weights: np.ndarray, n_bins: int = 10) -> np.ndarray:
    """ECE for each row of ``weights``, with the decile bins fixed on the full sample."""
    y, p = _as_arrays(y, p)
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    bins = decile_bins(p, n_bins)
    k = int(bins.max()) + 1
    onehot = np.zeros((len(p), k))
    onehot[np.arange(len(p)), bins] = 1.0
    n_b = weights @ onehot
    pred_b = weights @ (onehot * p[:, None])
    obs_b = weights @ (onehot * y[:, None])
    return np.abs(obs_b - pred_b).sum(axis=1) / np.maximum(n_b.sum(axis=1), EPS)


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def calibration_slope_intercept(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the logistic regression of the outcome on logit(p).

    A well-calibrated model has slope 1 and intercept 0; a slope below 1 means the estimates are
    too extreme (overfitting), above 1 too timid. Fitted without penalty by Newton-Raphson.
    """
    y, p = _as_arrays(y, p)
    slope, intercept = calibration_fit_weighted(y, p, np.ones((1, len(y))))
    return float(slope[0]), float(intercept[0])


def calibration_one_step_weighted(
    y: np.ndarray, p: np.ndarray, weights: np.ndarray, start: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """One Newton step from the full-sample fit ``start`` = (slope, intercept) for each weight row.

    At the full-sample fit the fitted probabilities are the same for every resample, so the step
    needs only matrix-vector products; its error is of order 1/n, far below the bootstrap spread
    (the standard one-step bootstrap).
    """
    y, p = _as_arrays(y, p)
    weights = np.atleast_2d(np.asarray(weights))
    x = logit(p)
    mu = 1.0 / (1.0 + np.exp(-np.clip(start[1] + start[0] * x, -35, 35)))
    v = mu * (1 - mu)
    r = y - mu
    g0, g1 = weights @ r, weights @ (r * x)
    h00, h01, h11 = weights @ v, weights @ (v * x), weights @ (v * x * x)
    det = h00 * h11 - h01 * h01
    det = np.where(np.abs(det) < EPS, EPS, det)
    da = (h11 * g0 - h01 * g1) / det
    db = (h00 * g1 - h01 * g0) / det
    return start[0] + db, start[1] + da


def calibration_fit_weighted(
    y: np.ndarray,
    p: np.ndarray,
    weights: np.ndarray,
    iterations: int = 25,
    start: tuple[float, float] = (1.0, 0.0),
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Newton-Raphson for ``logit P(y=1) = a + b * logit(p)``, one fit per weight row.

    Returns ``(slopes, intercepts)``. ``start`` = (slope, intercept) to begin from; the bootstrap
    starts at the full-sample fit, so a few steps suffice.
    """
    y, p = _as_arrays(y, p)
    weights = np.atleast_2d(np.asarray(weights))
    x = logit(p)
    b = np.full(weights.shape[0], float(start[0]))
    a = np.full(weights.shape[0], float(start[1]))
    for _ in range(iterations):
        eta = a[:, None] + b[:, None] * x[None, :]
        mu = 1.0 / (1.0 + np.exp(-np.clip(eta, -35, 35)))
        w = weights * (mu * (1 - mu))
        r = weights * (y[None, :] - mu)
        g0, g1 = r.sum(axis=1), r @ x
        h00, h01, h11 = w.sum(axis=1), w @ x, w @ (x * x)
        det = h00 * h11 - h01 * h01
        det = np.where(np.abs(det) < EPS, EPS, det)
        da = (h11 * g0 - h01 * g1) / det
        db = (h00 * g1 - h01 * g0) / det
        a, b = a + da, b + db
        if np.max(np.abs(da)) < 1e-9 and np.max(np.abs(db)) < 1e-9:
            break
    return b, a


@dataclass(frozen=True)
class CutoffRates:
    cutoff: float
    sensitivity: float
    specificity: float
    ppv: float
    npv: float
    fpr: float
    fnr: float
    selection_rate: float


def _safe_div(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.asarray(b) > 0, np.asarray(a) / np.where(np.asarray(b) > 0, b, 1), np.nan)


def rates_at_cutoff(y: np.ndarray, p: np.ndarray, cutoff: float) -> CutoffRates:
    """Classification rates when everyone with ``p >= cutoff`` is flagged."""
    y, p = _as_arrays(y, p)
    r = rates_weighted(y, p, cutoff, np.ones((1, len(y))))
    return CutoffRates(cutoff=float(cutoff), **{k: float(v[0]) for k, v in r.items()})


def rates_weighted(y: np.ndarray, p: np.ndarray, cutoff: float, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Sensitivity, specificity, PPV, NPV, FPR, FNR and selection rate for each weight row."""
    y, p = _as_arrays(y, p)
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    flagged = (p >= cutoff).astype(float)
    tp = weights @ (flagged * y)
    fp = weights @ (flagged * (1 - y))
    fn = weights @ ((1 - flagged) * y)
    tn = weights @ ((1 - flagged) * (1 - y))
    total = tp + fp + fn + tn
    return {
        "sensitivity": _safe_div(tp, tp + fn),
        "specificity": _safe_div(tn, tn + fp),
        "ppv": _safe_div(tp, tp + fp),
        "npv": _safe_div(tn, tn + fn),
        "fpr": _safe_div(fp, fp + tn),
        "fnr": _safe_div(fn, fn + tp),
        "selection_rate": _safe_div(tp + fp, total),
    }


def selection_rate(p: np.ndarray, cutoff: float) -> float:
    """Share of people flagged at ``cutoff``."""
    return float(np.mean(np.asarray(p, dtype=float) >= cutoff))


def cutoff_for_selection_rate(p: np.ndarray, rate: float) -> float:
    """The cut-off whose selection rate (share with ``p >= cutoff``) is closest to ``rate``.

    People with tied estimates are flagged together, so a discrete score (a points total, a
    decile) can only approach the rate; the achieved rate should be reported alongside.
    """
    p = np.asarray(p, dtype=float)
    values = np.unique(p)  # ascending; cut-off v flags everyone at v or above
    flagged_share = 1.0 - np.searchsorted(np.sort(p), values, side="left") / len(p)
    best = int(np.argmin(np.abs(flagged_share - rate)))
    if rate <= 0:
        return float(values[-1] + 1e-9)
    return float(values[best])


def roc_points(y: np.ndarray, p: np.ndarray, max_points: int = 200) -> list[dict[str, float]]:
    """False- and true-positive rates over the distinct cut-offs, thinned to ``max_points``."""
    y, p = _as_arrays(y, p)
    order = np.argsort(-p, kind="mergesort")
    ps, ys = p[order], y[order]
    last = np.r_[ps[1:] != ps[:-1], True]
    tps = np.cumsum(ys)[last]
    fps = np.cumsum(1 - ys)[last]
    tpr = np.r_[0.0, tps / max(ys.sum(), 1)]
    fpr = np.r_[0.0, fps / max((1 - ys).sum(), 1)]
    cut = np.r_[np.inf, ps[last]]
    if len(tpr) > max_points:
        keep = np.unique(np.r_[np.linspace(0, len(tpr) - 1, max_points).astype(int)])
        tpr, fpr, cut = tpr[keep], fpr[keep], cut[keep]
    return [
        {"fpr": float(f), "tpr": float(t), "cutoff": (None if not np.isfinite(c) else float(c))}
        for f, t, c in zip(fpr, tpr, cut)
    ]
