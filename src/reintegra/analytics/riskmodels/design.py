"""Turning raw feature columns into a numeric design matrix that can be stored as JSON.

A design is a list of terms learnt from the training rows only (medians, means, standard
deviations, category levels). The same terms rebuild the matrix for new rows and score a single
person from a plain dict, so a stored model needs no pickle.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

OTHER = "__other__"
MISSING = "__missing__"


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)


def category_values(series: pd.Series) -> np.ndarray:
    return series.astype("string").fillna(MISSING).to_numpy(dtype=object)


def build_terms(X: pd.DataFrame, *, min_level_count: int | None = None) -> list[dict[str, Any]]:
    """Terms for a penalised logistic model: each numeric feature standardised, plus log(1 + x) for
    non-negative counts and skewed values (risk rarely rises linearly with the number of priors),
    plus a missing indicator when needed; each categorical as standardised one-hot levels (rare
    levels pooled), the most common level as reference."""
    n = len(X)
    min_count = min_level_count or max(10, int(0.005 * n))
    terms: list[dict[str, Any]] = []
    for column in X.columns:
        series = X[column]
        if _is_numeric(series):
            values = series.astype(float).to_numpy()
            missing = np.isnan(values)
            fill = float(np.nanmedian(values))
            filled = np.where(missing, fill, values)
            terms.append(_standardised({"feature": column, "kind": "linear", "fill": fill}, filled))
            if filled.min() >= 0 and len(np.unique(filled)) > 2:
                terms.append(_standardised({"feature": column, "kind": "log1p", "fill": fill}, np.log1p(filled)))
            if missing.any():
                terms.append(_standardised({"feature": column, "kind": "missing"}, missing.astype(float)))
        else:
            values = category_values(series)
            levels, counts = np.unique(values, return_counts=True)
            order = np.argsort(-counts, kind="stable")
            kept = [str(levels[i]) for i in order if counts[i] >= min_count]
            reference = kept[0] if kept else str(levels[order[0]])
            pooled = [lvl for lvl in kept if lvl != reference]
            has_other = len(kept) < len(levels)
            for level in pooled + ([OTHER] if has_other else []):
                indicator = _level_indicator(values, level, kept)
                terms.append(_standardised(
                    {"feature": column, "kind": "level", "level": level, "known": kept, "reference": reference},
                    indicator,
                ))
    return [t for t in terms if t["sd"] > 0]


def _standardised(term: dict[str, Any], column: np.ndarray) -> dict[str, Any]:
    term["mean"] = float(column.mean())
    term["sd"] = float(column.std())
    return term


def _level_indicator(values: np.ndarray, level: str, known: list[str]) -> np.ndarray:
    if level == OTHER:
        return (~np.isin(values, np.array(known, dtype=object))).astype(float)
    return (values == level).astype(float)


def _raw_term(term: dict[str, Any], series: pd.Series) -> np.ndarray:
    kind = term["kind"]
    if kind in {"linear", "log1p", "missing"}:
        values = pd.to_numeric(series, errors="coerce").astype(float).to_numpy()
        if kind == "missing":
            return np.isnan(values).astype(float)
        filled = np.where(np.isnan(values), term["fill"], values)
        return filled if kind == "linear" else np.log1p(np.maximum(filled, 0))
    return _level_indicator(category_values(series), term["level"], term["known"])


def design_matrix(terms: list[dict[str, Any]], X: pd.DataFrame) -> np.ndarray:
    """The standardised design matrix of ``X`` (no intercept column)."""
    if not terms:
        return np.zeros((len(X), 0))
    return np.column_stack([(_raw_term(t, X[t["feature"]]) - t["mean"]) / t["sd"] for t in terms])


def term_value(term: dict[str, Any], value: Any) -> float:
    """One standardised term for one person's raw value (fast path for scoring a single person)."""
    kind = term["kind"]
    if kind in {"linear", "log1p", "missing"}:
        try:
            number = float(value) if value is not None and value != "" else float("nan")
        except (TypeError, ValueError):
            number = float("nan")
        if kind == "missing":
            raw = 1.0 if number != number else 0.0
        else:
            number = term["fill"] if number != number else number
            raw = number if kind == "linear" else float(np.log1p(max(number, 0.0)))
    else:
        text = MISSING if value is None or (isinstance(value, float) and value != value) else str(value)
        if term["level"] == OTHER:
            raw = 0.0 if text in term["known"] else 1.0
        else:
            raw = 1.0 if text == term["level"] else 0.0
    return (raw - term["mean"]) / term["sd"]
