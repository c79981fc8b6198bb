"""Model families: penalised logistic regression, an integer points scorecard, and gradient
boosting as an unexplainable reference.

``family.fit(X, y)`` returns a fitted model with ``predict(X)`` and ``spec()``; the spec is plain
JSON that ``scoring.scorer_from_spec`` turns back into a scorer without the training code.
"""
from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from reintegra.analytics.riskmodels.design import build_terms, category_values, design_matrix
from reintegra.analytics.riskmodels.scoring import scorer_from_spec


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Fitted(Protocol):
    def predict(self, X: pd.DataFrame) -> np.ndarray: ...
    def spec(self) -> dict[str, Any]: ...


def _covariance(design: np.ndarray, p: np.ndarray, ridge: np.ndarray) -> np.ndarray:
    """Approximate covariance of (intercept, coefficients): the inverse of the penalised Hessian."""
    with_intercept = np.column_stack([np.ones(len(design)), design])
    w = p * (1 - p)
    hessian = with_intercept.T @ (with_intercept * w[:, None]) + np.diag(ridge)
    return np.linalg.pinv(hessian)


class _Spec:
    """A fitted model whose predictions come from its own JSON spec (so stored == validated)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec
        self._scorer = scorer_from_spec(spec)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self._scorer.predict_frame(X)

    def spec(self) -> dict[str, Any]:
        return self._spec


class LogisticFamily:
    """L2-penalised logistic regression on standardised terms (``design.build_terms``)."""

    name = "logistic"
    explainable = True

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def fit(self, X: pd.DataFrame, y: np.ndarray, seed: int = 0) -> Fitted:
        terms = build_terms(X)
        design = design_matrix(terms, X)
        model = LogisticRegression(C=self.C, max_iter=1000)
        with threadpool_limits(1):  # small dense problem: BLAS threads only contend (4x slower on a busy 2-core host)
            model.fit(design, y)
        p = model.predict_proba(design)[:, 1]
        ridge = np.r_[0.0, np.full(design.shape[1], 1.0 / self.C)]
        cov = _covariance(design, p, ridge)
        return _Spec({
            "family": self.name,
            "features": list(X.columns),
            "penalty": {"kind": "l2", "C": self.C},
            "terms": terms,
            "intercept": float(model.intercept_[0]),
            "coefficients": [float(c) for c in model.coef_[0]],
            "covariance": cov.round(10).tolist(),
        })


# -- scorecard -------------------------------------------------------------------------------------

def numeric_cuts(values: np.ndarray, *, max_bins: int = 6, min_share: float = 0.03) -> list[float]:
    """Readable cut points for a numeric feature: quantiles (more in the upper tail, where risk
    usually concentrates), rounded to integers for integer data, tiny bins merged."""
    values = values[~np.isnan(values)]
    probs = list(np.linspace(0, 1, max_bins + 1)[1:-1]) + [0.9, 0.95]
    cuts = np.unique(np.quantile(values, probs))
    integer = bool(np.all(np.equal(np.mod(values, 1), 0)))
    cuts = np.unique(np.ceil(cuts) if integer else np.array([float(f"{c:.2g}") for c in cuts]))
    low = float(values.min())
    if integer and np.mean(values > low) >= min_share:
        cuts = np.unique(np.r_[cuts, low + 1])  # counts piled at zero still get a "none vs some" split
    cuts = [float(c) for c in cuts if c > low]
    # merge bins holding too few rows into their lower neighbour (the first bin into the next)
    while cuts:
        counts = np.bincount(np.searchsorted(cuts, values, side="right"), minlength=len(cuts) + 1)
        small = np.flatnonzero(counts / len(values) < min_share)
        if not len(small):
            break
        i = int(small[-1])
        del cuts[i - 1 if i > 0 else 0]
    return [float(c) for c in cuts]


def _numeric_label(lower: float | None, upper: float | None, integer: bool) -> str:
    def fmt(v: float) -> str:
        return f"{v:g}"

    if lower is None and upper is None:
        return "all"
    if lower is None:
        return f"< {fmt(upper)}"
    if upper is None:
        return f"{fmt(lower)}+"
    if integer:
        return fmt(lower) if upper - lower == 1 else f"{fmt(lower)}–{fmt(upper - 1)}"
    return f"{fmt(lower)} – < {fmt(upper)}"


def build_bins(series: pd.Series, *, max_levels: int = 6, min_share: float = 0.03) -> dict[str, Any]:
    """The bins of one feature: numeric ranges or categorical levels (rare ones pooled as other)."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        values = series.astype(float).to_numpy()
        cuts = numeric_cuts(values, min_share=min_share)
        finite = values[~np.isnan(values)]
        integer = bool(np.all(np.equal(np.mod(finite, 1), 0)))
        edges: list[float | None] = [None, *cuts, None]
        bins = [
            {"lower": edges[i], "upper": edges[i + 1], "label": _numeric_label(edges[i], edges[i + 1], integer)}
            for i in range(len(edges) - 1)
        ]
        if bins and bins[0]["lower"] is None and len(bins) > 1:
            low = float(finite.min())
            bins[0]["label"] = _numeric_label(low, bins[0]["upper"], integer) if integer else bins[0]["label"]
        if np.isnan(values).any():
            bins.append({"missing": True, "label": "missing"})
        return {"feature": str(series.name), "kind": "numeric", "cuts": cuts, "bins": bins}
    values = category_values(series)
    levels, counts = np.unique(values, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    kept = [str(levels[i]) for i in order if counts[i] >= min_share * len(values)][:max_levels]
    bins = [{"level": level, "label": level} for level in kept]
    if len(kept) < len(levels):
        bins.append({"level": "__other__", "label": "other", "known": kept})
    return {"feature": str(series.name), "kind": "categorical", "bins": bins}


def bin_index(binning: dict[str, Any], series: pd.Series) -> np.ndarray:
    """Which bin each row of ``series`` falls in."""
    if binning["kind"] == "numeric":
        values = pd.to_numeric(series, errors="coerce").astype(float).to_numpy()
        index = np.searchsorted(binning["cuts"], values, side="right")
        has_missing = bool(binning["bins"] and binning["bins"][-1].get("missing"))
        missing_index = len(binning["bins"]) - 1 if has_missing else 0
        return np.where(np.isnan(values), missing_index, index)
    values = category_values(series)
    levels = [b["level"] for b in binning["bins"]]
    lookup = {level: i for i, level in enumerate(levels)}
    other = lookup.get("__other__", 0)
    return np.array([lookup.get(str(v), other) for v in values], dtype=int)


def _onehot(index: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((len(index), k))
    out[np.arange(len(index)), index] = 1.0
    return out


class ScorecardFamily:
    """An integer points scorecard: each feature cut into a few bins, points per bin from an
    L2-penalised logistic model on the bins (shifted so the lowest bin scores 0 and scaled so the
    strongest feature spans ``max_points``), rounded to integers; total points map to a probability
    through a logistic calibration refitted on the rounded totals of the training rows."""

    name = "scorecard"
    explainable = True

    def __init__(self, max_features: int = 8, max_points: int = 10, C: float = 1.0) -> None:
        self.max_features = max_features
        self.max_points = max_points
        self.C = C

    def select_features(self, X: pd.DataFrame, y: np.ndarray) -> list[str]:
        """Keep the ``max_features`` features whose bins alone separate the outcome best (training rows only)."""
        if X.shape[1] <= self.max_features:
            return list(X.columns)
        strength = {}
        for column in X.columns:
            binning = build_bins(X[column])
            index = bin_index(binning, X[column])
            rates = np.bincount(index, weights=y, minlength=len(binning["bins"])) / np.maximum(
                np.bincount(index, minlength=len(binning["bins"])), 1)
            from reintegra.analytics.riskmodels.metrics import auc

            strength[column] = abs(auc(y, rates[index]) - 0.5)
        return sorted(X.columns, key=lambda c: -strength[c])[: self.max_features]

    def fit(self, X: pd.DataFrame, y: np.ndarray, seed: int = 0) -> Fitted:
        features = self.select_features(X, y)
        # Each bin should hold about 15 of the rarer outcome on average, or its points are noise
        # (small data get fewer, wider bins).
        rarer = max(min(float(y.sum()), float(len(y) - y.sum())), 1.0)
        share = max(0.03, 15.0 / rarer)
        binnings = [build_bins(X[c], min_share=share) for c in features]
        blocks = [_onehot(bin_index(b, X[b["feature"]]), len(b["bins"])) for b in binnings]
        design = np.column_stack(blocks)
        model = LogisticRegression(C=self.C, max_iter=1000)
        with threadpool_limits(1):
            model.fit(design, y)
        coef = model.coef_[0]
        shifted, start = [], 0
        for block in blocks:
            c = coef[start:start + block.shape[1]]
            shifted.append(c - c.min())
            start += block.shape[1]
        strongest = max(float(s.max()) for s in shifted) or 1.0
        unit = strongest / self.max_points
        total = np.zeros(len(X))
        kept = []
        for binning, block, s in zip(binnings, blocks, shifted):
            points = np.rint(s / unit).astype(int)
            for b, pts in zip(binning["bins"], points):
                b["points"] = int(pts)
            if points.any():  # a feature worth 0 points everywhere is left off the card
                kept.append(binning)
                total += block @ points
        binnings = kept or binnings[:1]
        features = [b["feature"] for b in binnings]
        calib = LogisticRegression(C=1e6, max_iter=1000)
        calib.fit(total[:, None], y)
        a, b = float(calib.intercept_[0]), float(calib.coef_[0][0])
        p = sigmoid(a + b * total)
        cov = _covariance(total[:, None], p, np.zeros(2))
        lo = int(sum(min(x["points"] for x in bn["bins"]) for bn in binnings))
        hi = int(sum(max(x["points"] for x in bn["bins"]) for bn in binnings))
        table = [{"points": t, "probability": float(sigmoid(a + b * t))} for t in range(lo, hi + 1)]
        return _Spec({
            "family": self.name,
            "features": features,
            "features_offered": list(X.columns),
            "points_per_logit": 1.0 / unit,
            "bins": binnings,
            "calibration": {"method": "logistic", "intercept": a, "slope": b,
                            "covariance": cov.round(12).tolist()},
            "table": table,
        })


class BoostingFamily:
    """Histogram gradient boosting: a reference for how much accuracy a flexible model adds.
    Not explainable, so it is never stored for scoring and cannot be activated."""

    name = "boosting"
    explainable = False

    def fit(self, X: pd.DataFrame, y: np.ndarray, seed: int = 0) -> Fitted:
        columns = list(X.columns)
        categorical = [c for c in columns if not pd.api.types.is_numeric_dtype(X[c])]
        levels = {c: sorted(set(category_values(X[c]))) for c in categorical}
        model = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=seed,
            categorical_features=[columns.index(c) for c in categorical] or None,
        )
        # One thread: OpenMP workers spin badly on a busy 2-core server and gain little at this size.
        with threadpool_limits(1):
            model.fit(_boosting_matrix(X, levels), y)
        return _Boosted(model, levels, columns)


def _boosting_matrix(X: pd.DataFrame, levels: dict[str, list[str]]) -> np.ndarray:
    cols = []
    for column in X.columns:
        if column in levels:
            lookup = {v: i for i, v in enumerate(levels[column][:250])}
            cols.append(np.array([lookup.get(v, np.nan) for v in category_values(X[column])], dtype=float))
        else:
            cols.append(pd.to_numeric(X[column], errors="coerce").astype(float).to_numpy())
    return np.column_stack(cols)


class _Boosted:
    def __init__(self, model: HistGradientBoostingClassifier, levels: dict[str, list[str]], columns: list[str]) -> None:
        self.model, self.levels, self.columns = model, levels, columns

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        with threadpool_limits(1):
            return self.model.predict_proba(_boosting_matrix(X[self.columns], self.levels))[:, 1]

    def spec(self) -> dict[str, Any]:
        return {"family": "boosting", "features": self.columns, "scorable": False,
                "note": "Reference only: a gradient-boosted model cannot be explained, so it is not stored for scoring."}


FAMILIES: dict[str, type] = {"logistic": LogisticFamily, "scorecard": ScorecardFamily, "boosting": BoostingFamily}


def family_get(name: str, **options: Any) -> Any:
    if name not in FAMILIES:
        raise ValueError(f"unknown model family {name!r}; choose one of {', '.join(FAMILIES)}")
    return FAMILIES[name](**options)
