"""Train a model and validate it completely: the one function every entry point calls."""
from __future__ import annotations

import time as _time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reintegra.analytics.riskmodels import metrics as m
from reintegra.analytics.riskmodels.bootstrap import bootstrap_metrics
from reintegra.analytics.riskmodels.dataset import Dataset
from reintegra.analytics.riskmodels.fairness import age_band, fairness_table, tradeoff_summary
from reintegra.analytics.riskmodels.families import family_get
from reintegra.analytics.riskmodels.validation import out_of_fold, time_split

SEX_NAMES = {"sex", "gender"}


@dataclass
class TrainingResult:
    family: str
    explainable: bool
    spec: dict[str, Any]
    metrics: dict[str, Any]
    calibration: list[dict[str, Any]]
    roc: list[dict[str, float]]
    folds: list[dict[str, Any]]
    time_split: dict[str, Any] | None
    fairness: dict[str, Any]
    oof: np.ndarray = field(repr=False)
    seconds: dict[str, float] = field(default_factory=dict)


def audit_groups(dataset: Dataset) -> dict[str, np.ndarray]:
    """Groups for the fairness audit: every group column given, plus sex and age band when they are
    features (auditing by them is always useful; the group columns are never features)."""
    groups = dict(dataset.groups)
    for column in dataset.X.columns:
        if column.lower() in SEX_NAMES and column not in groups:
            groups[column] = dataset.X[column].astype("string").fillna("missing").to_numpy(dtype=object)
        if column.lower() == "age" and "age band" not in groups:
            groups["age band"] = age_band(dataset.X[column].astype(float).to_numpy())
    return groups


def train_and_validate(
    dataset: Dataset,
    *,
    family: str = "logistic",
    folds: int = 5,
    seed: int = 0,
    bootstrap: int = 1000,
    cutoff: float | None = None,
    split_at: Any = None,
    family_options: dict[str, Any] | None = None,
) -> TrainingResult:
    """Cross-validate ``family`` on ``dataset`` (out-of-fold predictions, bootstrap intervals,
    calibration, ROC, fairness by group, time split), then fit it on every row for use.

    The default cut-off is the base rate: people whose estimate exceeds the average are flagged.
    """
    clock: dict[str, float] = {}
    start = _time.perf_counter()
    model = family_get(family, **(family_options or {}))
    X, y = dataset.X, dataset.y  # features only: group and time columns never reach a model
    oof, per_fold = out_of_fold(model, X, y, folds=folds, seed=seed)
    clock["cross_validation"] = _time.perf_counter() - start
    cut = float(y.mean()) if cutoff is None else float(cutoff)
    t = _time.perf_counter()
    metrics = bootstrap_metrics(y, oof, cutoff=cut, resamples=bootstrap, seed=seed)
    metrics["_validation"] = {"method": "stratified k-fold", "folds": folds, "seed": seed}
    clock["bootstrap"] = _time.perf_counter() - t
    t = _time.perf_counter()
    fairness = {}
    for name, values in audit_groups(dataset).items():
        rows = fairness_table(y, oof, values, cutoff=cut)
        fairness[name] = {"rows": rows, "summary": tradeoff_summary(rows), "cutoff": cut}
    clock["fairness"] = _time.perf_counter() - t
    split = None
    if dataset.time is not None:
        t = _time.perf_counter()
        split = time_split(model, X, y, dataset.time, split_at=split_at, seed=seed)
        clock["time_split"] = _time.perf_counter() - t
    t = _time.perf_counter()
    final = model.fit(X, y, seed=seed)
    clock["final_fit"] = _time.perf_counter() - t
    clock["total"] = _time.perf_counter() - start
    return TrainingResult(
        family=family,
        explainable=bool(model.explainable),
        spec=final.spec(),
        metrics=metrics,
        calibration=[r.__dict__ for r in m.calibration_table(y, oof)],
        roc=m.roc_points(y, oof),
        folds=per_fold,
        time_split=split,
        fairness=fairness,
        oof=oof,
        seconds=clock,
    )
