"""Out-of-sample validation: stratified k-fold cross-validation and a train-earlier/test-later split.

Every estimate a model is judged by comes from rows the model did not see while fitting.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from reintegra.analytics.riskmodels import metrics as m
from reintegra.analytics.riskmodels.dataset import DataError, _time_label


def out_of_fold(family: Any, X: pd.DataFrame, y: np.ndarray, *, folds: int = 5, seed: int = 0) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Out-of-fold predictions from stratified ``folds``-fold cross-validation with a fixed seed,
    and each fold's size and AUC."""
    if folds < 2:
        raise DataError("folds", "folds", "Use at least 2 folds for cross-validation.")
    oof = np.empty(len(y))
    per_fold = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for k, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y)):
        fitted = family.fit(X.iloc[train], y[train], seed=seed)
        oof[test] = fitted.predict(X.iloc[test])
        per_fold.append({"fold": k + 1, "n": int(len(test)), "auc": m.auc(y[test], oof[test])})
    return oof, per_fold


def default_split_point(time: np.ndarray) -> Any:
    """Where "later" begins: the start of the last calendar year when the data span several years
    and that year holds 15-60% of rows; otherwise the 70th percentile of time."""
    if np.issubdtype(time.dtype, np.datetime64):
        years = time.astype("datetime64[Y]")
        last = years.max()
        share = float(np.mean(years == last))
        if years.min() < last and 0.15 <= share <= 0.6:
            return last.astype("datetime64[ns]")
        return np.sort(time)[int(0.7 * len(time))]
    return float(np.quantile(time, 0.7))


def time_split(
    family: Any, X: pd.DataFrame, y: np.ndarray, time: np.ndarray, *, split_at: Any = None, seed: int = 0,
    min_rows: int = 30,
) -> dict[str, Any]:
    """Fit on rows before ``split_at`` and test on the rest; report both periods' base rates, since a
    drifting base rate is the commonest reason a model's calibration fails later."""
    point = default_split_point(time) if split_at is None else split_at
    if np.issubdtype(time.dtype, np.datetime64):
        point = np.datetime64(point, "ns")
    train = time < point
    test = ~train
    if train.sum() < min_rows or test.sum() < min_rows or len(np.unique(y[train])) < 2 or len(np.unique(y[test])) < 2:
        return {"available": False, "split_at": _time_label(point),
                "reason": "each period needs at least %d rows with both outcomes" % min_rows}
    fitted = family.fit(X[train], y[train], seed=seed)
    p = fitted.predict(X[test])
    slope, intercept = m.calibration_slope_intercept(y[test], p)
    return {
        "available": True,
        "split_at": _time_label(point),
        "train": {"n": int(train.sum()), "base_rate": float(y[train].mean()),
                  "from": _time_label(time[train].min()), "to": _time_label(time[train].max())},
        "test": {"n": int(test.sum()), "base_rate": float(y[test].mean()),
                 "from": _time_label(time[test].min()), "to": _time_label(time[test].max())},
        "auc": m.auc(y[test], p),
        "brier": m.brier(y[test], p),
        "ece": m.expected_calibration_error(y[test], p),
        "calibration_slope": slope,
        "calibration_intercept": intercept,
        "mean_predicted": float(p.mean()),
    }
