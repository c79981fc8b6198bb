"""Checking and describing a training table before any model sees it.

Every problem is raised as ``DataError`` with a stable ``code``, the ``field`` it concerns and
``params``; the app turns these into translated messages, the core keeps an English default.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

MIN_ROWS = 50
MIN_EVENTS = 10  # of each outcome class: fewer cannot be split across folds meaningfully
_TRUE = {"1", "1.0", "true", "t", "yes", "y"}
_FALSE = {"0", "0.0", "false", "f", "no", "n"}


class DataError(ValueError):
    """A training table cannot be used as asked. ``code`` names the problem, ``field`` the input."""

    def __init__(self, code: str, field: str, message: str, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.code = code
        self.field = field
        self.params = params
        self.default_message = message


@dataclass(frozen=True)
class DatasetSpec:
    """Which columns are the outcome, the inputs, the audit groups and the time of each row.

    Group columns (race, ethnicity...) exist only for the fairness audit: ``check_spec`` refuses
    a spec that also lists one of them as a feature, and the model families receive only
    ``features``, so a group column cannot reach a model.
    """

    target: str
    features: tuple[str, ...]
    groups: tuple[str, ...] = ()
    time: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", tuple(self.features))
        object.__setattr__(self, "groups", tuple(self.groups))
        check_spec(self)


def check_spec(spec: DatasetSpec) -> None:
    """Refuse impossible specs before reading data: a group used as a feature, the target as one."""
    if not spec.features:
        raise DataError("no_features", "features", "Name at least one feature column.")
    if len(set(spec.features)) != len(spec.features):
        dupes = sorted({f for f in spec.features if spec.features.count(f) > 1})
        raise DataError("duplicate_features", "features", "Features listed twice: %(columns)s.",
                        columns=", ".join(dupes))
    both = sorted(set(spec.groups) & set(spec.features))
    if both:
        raise DataError(
            "group_as_feature", "groups",
            "Group columns are for the fairness audit only and can never be model inputs: "
            "%(columns)s is listed both as a group and as a feature.", columns=", ".join(both),
        )
    if spec.target in spec.features:
        raise DataError("target_as_feature", "features",
                        "The outcome column %(column)s cannot also be a feature.", column=spec.target)
    if spec.time and spec.time in spec.features:
        raise DataError("time_as_feature", "features",
                        "The time column %(column)s cannot also be a feature.", column=spec.time)


@dataclass
class Dataset:
    """A checked table: features only in ``X``; outcome, groups and time kept apart."""

    spec: DatasetSpec
    X: pd.DataFrame
    y: np.ndarray
    groups: dict[str, np.ndarray] = field(default_factory=dict)
    time: np.ndarray | None = None
    description: dict[str, Any] = field(default_factory=dict)


def binary_target(values: pd.Series, column: str) -> np.ndarray:
    """The outcome as 0/1; accepts 0/1, booleans and yes/no, true/false text; refuses anything else."""
    if values.isna().any():
        raise DataError("target_missing", "target",
                        "The outcome column %(column)s is empty in %(count)s rows; fill or drop them first.",
                        column=column, count=int(values.isna().sum()))
    text = values.astype(str).str.strip().str.lower()
    found = sorted(set(text))
    if not set(found) <= (_TRUE | _FALSE):
        shown = sorted(set(values.astype(str)))[:10]
        raise DataError(
            "target_not_binary", "target",
            "The outcome column %(column)s must hold two values, 0 and 1 (or yes/no, true/false); "
            "found %(count)s distinct values: %(values)s.",
            column=column, count=int(values.nunique()), values=", ".join(shown),
        )
    return text.isin(_TRUE).to_numpy(dtype=float)


def parse_time(values: pd.Series, column: str) -> np.ndarray:
    """The time column as datetime64 (dates or timestamps) or as numbers (e.g. a year)."""
    if pd.api.types.is_numeric_dtype(values):
        if values.isna().any():
            raise DataError("time_missing", "time", "The time column %(column)s is empty in %(count)s rows.",
                            column=column, count=int(values.isna().sum()))
        return values.to_numpy(dtype=float)
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = values[parsed.isna()]
    if len(bad):
        examples = ", ".join(repr(str(v)) for v in bad.head(3))
        raise DataError(
            "time_unparseable", "time",
            "The time column %(column)s has %(count)s values that are not dates (for example %(examples)s); "
            "use ISO dates such as 2014-03-31.", column=column, count=len(bad), examples=examples,
        )
    return parsed.to_numpy(dtype="datetime64[ns]")


def dataset_from_frame(frame: pd.DataFrame, spec: DatasetSpec, *, min_rows: int = MIN_ROWS) -> Dataset:
    """Check ``frame`` against ``spec`` and split it into features, outcome, groups and time."""
    check_spec(spec)
    wanted = [spec.target, *spec.features, *spec.groups, *([spec.time] if spec.time else [])]
    missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
    if missing:
        raise DataError(
            "missing_columns", "columns",
            "These columns are not in the file: %(missing)s. Columns found: %(found)s.",
            missing=", ".join(missing), found=", ".join(map(str, frame.columns[:40])),
        )
    n = len(frame)
    if n < min_rows:
        raise DataError("too_few_rows", "rows",
                        "The table has %(rows)s rows; at least %(minimum)s are needed to train and validate a model.",
                        rows=n, minimum=min_rows)
    y = binary_target(frame[spec.target], spec.target)
    events = int(y.sum())
    if min(events, n - events) < MIN_EVENTS:
        raise DataError(
            "too_few_events", "target",
            "The outcome %(column)s has %(events)s rows with 1 and %(non_events)s with 0; each needs at "
            "least %(minimum)s.", column=spec.target, events=events, non_events=n - events, minimum=MIN_EVENTS,
        )
    X = frame[list(spec.features)].copy()
    for column in spec.features:
        if X[column].isna().all():
            raise DataError("feature_empty", "features", "The feature column %(column)s is empty.", column=column)
        if X[column].nunique(dropna=True) < 2:
            raise DataError("feature_constant", "features",
                            "The feature column %(column)s has a single value, so it cannot inform a model.",
                            column=column)
    groups = {g: frame[g].astype("string").fillna("missing").to_numpy(dtype=object) for g in spec.groups}
    time = parse_time(frame[spec.time], spec.time) if spec.time else None
    description: dict[str, Any] = {
        "rows": n,
        "events": events,
        "base_rate": events / n,
        "target": spec.target,
        "features": {
            c: {
                "type": "numeric" if pd.api.types.is_numeric_dtype(X[c]) else "categorical",
                "missing": int(X[c].isna().sum()),
                "distinct": int(X[c].nunique(dropna=True)),
            }
            for c in spec.features
        },
        "groups": list(spec.groups),
        "time": spec.time,
    }
    if time is not None:
        description["time_range"] = [_time_label(time.min()), _time_label(time.max())]
    return Dataset(spec=spec, X=X, y=y, groups=groups, time=time, description=description)


def _time_label(value: Any) -> str:
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[D]"))
    return f"{float(value):g}"
