"""Scoring from a stored model spec: a whole table, or one person with an interval and reasons.

Single-person scoring runs in plain Python over a few dozen terms (well under a millisecond), so
a person page can show it without precomputation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from reintegra.analytics.riskmodels.design import design_matrix, term_value

Z95 = 1.959964


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


@dataclass(frozen=True)
class Contribution:
    feature: str
    value: Any
    effect: float  # log-odds relative to the reference (logistic) or points (scorecard)
    label: str = ""


@dataclass(frozen=True)
class Estimate:
    probability: float
    lower: float
    upper: float
    contributions: list[Contribution]
    points: int | None = None
    unit: str = "log-odds"

    def top(self, k: int = 3) -> list[Contribution]:
        """The factors that raise the estimate most (largest positive effect first)."""
        return sorted(self.contributions, key=lambda c: -c.effect)[:k]


class LogisticScorer:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.terms = spec["terms"]
        self.intercept = spec["intercept"]
        self.coef = np.asarray(spec["coefficients"], dtype=float)
        self.cov = np.asarray(spec["covariance"], dtype=float)
        self.features = spec["features"]

    def predict_frame(self, X: pd.DataFrame) -> np.ndarray:
        eta = design_matrix(self.terms, X) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-eta))

    def score(self, values: Mapping[str, Any]) -> Estimate:
        """Probability, 95% interval (delta method on the log-odds) and each feature's contribution
        in log-odds against the average person of the training data."""
        z = [term_value(t, values.get(t["feature"])) for t in self.terms]
        effects: dict[str, float] = {f: 0.0 for f in self.features}
        eta = self.intercept
        for term, zi, ci in zip(self.terms, z, self.coef):
            effects[term["feature"]] += ci * zi
            eta += ci * zi
        x = np.r_[1.0, z]
        se = float(math.sqrt(max(x @ self.cov @ x, 0.0)))
        return Estimate(
            probability=_sigmoid(eta),
            lower=_sigmoid(eta - Z95 * se),
            upper=_sigmoid(eta + Z95 * se),
            contributions=[Contribution(f, values.get(f), effects[f]) for f in self.features],
        )


class ScorecardScorer:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.bins = spec["bins"]
        self.features = spec["features"]
        cal = spec["calibration"]
        self.a, self.b = cal["intercept"], cal["slope"]
        self.cov = np.asarray(cal["covariance"], dtype=float)

    def _bin(self, binning: dict[str, Any], value: Any) -> dict[str, Any]:
        bins = binning["bins"]
        if binning["kind"] == "numeric":
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            if number != number:
                return bins[-1] if bins[-1].get("missing") else bins[0]
            index = int(np.searchsorted(binning["cuts"], number, side="right"))
            return bins[index]
        text = "__missing__" if value is None else str(value)
        for b in bins:
            if b["level"] == text:
                return b
        return next((b for b in bins if b["level"] == "__other__"), bins[0])

    def points_frame(self, X: pd.DataFrame) -> np.ndarray:
        from reintegra.analytics.riskmodels.families import bin_index

        total = np.zeros(len(X))
        for binning in self.bins:
            points = np.array([b["points"] for b in binning["bins"]])
            total += points[bin_index(binning, X[binning["feature"]])]
        return total

    def predict_frame(self, X: pd.DataFrame) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.a + self.b * self.points_frame(X))))

    def score(self, values: Mapping[str, Any]) -> Estimate:
        """Points per feature, their total, and the calibrated probability with a 95% interval."""
        contributions = []
        total = 0
        for binning in self.bins:
            chosen = self._bin(binning, values.get(binning["feature"]))
            total += chosen["points"]
            contributions.append(Contribution(binning["feature"], values.get(binning["feature"]),
                                              float(chosen["points"]), chosen["label"]))
        eta = self.a + self.b * total
        x = np.array([1.0, float(total)])
        se = float(math.sqrt(max(x @ self.cov @ x, 0.0)))
        return Estimate(
            probability=_sigmoid(eta), lower=_sigmoid(eta - Z95 * se), upper=_sigmoid(eta + Z95 * se),
            contributions=contributions, points=int(total), unit="points",
        )


def scorer_from_spec(spec: dict[str, Any]) -> LogisticScorer | ScorecardScorer:
    family = spec.get("family")
    if family == "logistic":
        return LogisticScorer(spec)
    if family == "scorecard":
        return ScorecardScorer(spec)
    raise ValueError(f"a {family!r} model cannot score people (it is a reference model only)")
