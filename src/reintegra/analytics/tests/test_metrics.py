"""Metrics against hand-computed cases and against scikit-learn / statsmodels."""
from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, roc_auc_score

from reintegra.analytics.riskmodels import metrics as m
from reintegra.analytics.riskmodels.bootstrap import bootstrap_metrics, resample_counts


def test_auc_hand_computed_with_a_tie() -> None:
    # positives at 0.8 and 0.4; negatives at 0.4 and 0.1. Pairs: (0.8>0.4) 1, (0.8>0.1) 1,
    # (0.4=0.4) 0.5, (0.4>0.1) 1 -> 3.5 / 4
    y = [1, 1, 0, 0]
    p = [0.8, 0.4, 0.4, 0.1]
    assert m.auc(y, p) == pytest.approx(0.875)


def test_auc_perfect_and_reversed() -> None:
    assert m.auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert m.auc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]) == 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 6)), min_size=4, max_size=60))
def test_auc_matches_sklearn_including_ties(rows: list[tuple[bool, int]]) -> None:
    y = np.array([int(r[0]) for r in rows])
    p = np.array([r[1] / 6 for r in rows])
    if y.min() == y.max():
        assert np.isnan(m.auc(y, p))
        return
    assert m.auc(y, p) == pytest.approx(roc_auc_score(y, p))


def test_weighted_auc_equals_auc_of_the_explicit_resample() -> None:
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200)
    p = np.round(rng.uniform(size=200), 2)  # ties on purpose
    counts = resample_counts(200, 5, rng)
    weighted = m.auc_weighted(y, p, counts)
    for row, value in zip(counts, weighted):
        index = np.repeat(np.arange(200), row.astype(int))
        assert value == pytest.approx(roc_auc_score(y[index], p[index]))


def test_brier_hand_and_sklearn() -> None:
    assert m.brier([1, 0], [0.8, 0.4]) == pytest.approx((0.04 + 0.16) / 2)
    rng = np.random.default_rng(0)
    y, p = rng.integers(0, 2, 500), rng.uniform(size=500)
    assert m.brier(y, p) == pytest.approx(brier_score_loss(y, p))


def test_expected_calibration_error_hand_computed() -> None:
    # Two bins (two distinct predictions): 0.2 predicted, 1 of 4 observed (gap 0.05);
    # 0.7 predicted, 2 of 4 observed (gap 0.2). ECE = (4*0.05 + 4*0.2) / 8 = 0.125
    p = [0.2] * 4 + [0.7] * 4
    y = [1, 0, 0, 0, 1, 1, 0, 0]
    assert m.expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.125)
    assert m.expected_calibration_error(y, p, n_bins=10) == pytest.approx(0.125)  # ties share a bin


def test_expected_calibration_error_is_near_zero_when_calibrated_and_large_when_not() -> None:
    rng = np.random.default_rng(1)
    p = rng.uniform(size=200_000)
    y = (rng.uniform(size=p.size) < p).astype(int)
    assert m.expected_calibration_error(y, p) < 0.01
    assert m.expected_calibration_error(y, np.clip(p + 0.2, 0, 1)) == pytest.approx(0.18, abs=0.02)


def test_calibration_table_rows() -> None:
    p = [0.2] * 4 + [0.7] * 4
    y = [1, 0, 0, 0, 1, 1, 0, 0]
    rows = m.calibration_table(y, p, n_bins=2)
    assert [(r.n, r.mean_predicted, r.observed_rate) for r in rows] == [(4, 0.2, 0.25), (4, 0.7, 0.5)]
    assert rows[0].lower < 0.25 < rows[0].upper


def test_calibration_slope_and_intercept_match_statsmodels() -> None:
    rng = np.random.default_rng(2)
    p = rng.uniform(0.05, 0.95, 2000)
    true = 1 / (1 + np.exp(-(0.3 + 0.6 * m.logit(p))))  # over-confident estimates
    y = (rng.uniform(size=p.size) < true).astype(int)
    slope, intercept = m.calibration_slope_intercept(y, p)
    fit = sm.Logit(y, sm.add_constant(m.logit(p))).fit(disp=0)
    assert intercept == pytest.approx(fit.params[0], abs=1e-6)
    assert slope == pytest.approx(fit.params[1], abs=1e-6)
    assert 0.4 < slope < 0.8


def test_rates_at_cutoff_hand_computed() -> None:
    y = [1, 1, 1, 0, 0, 0, 0, 0]
    p = [0.9, 0.6, 0.2, 0.7, 0.3, 0.2, 0.1, 0.1]
    r = m.rates_at_cutoff(y, p, 0.5)  # flagged: 0.9 (TP), 0.6 (TP), 0.7 (FP)
    assert r.sensitivity == pytest.approx(2 / 3)
    assert r.specificity == pytest.approx(4 / 5)
    assert r.ppv == pytest.approx(2 / 3)
    assert r.fpr == pytest.approx(1 / 5)
    assert r.fnr == pytest.approx(1 / 3)
    assert r.selection_rate == pytest.approx(3 / 8)
    assert m.selection_rate(p, 0.5) == pytest.approx(3 / 8)


def test_cutoff_for_selection_rate() -> None:
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    cut = m.cutoff_for_selection_rate(p, 0.3)
    assert cut == pytest.approx(0.8)
    assert m.selection_rate(p, cut) == pytest.approx(0.3)
    tied = np.array([0.1] * 5 + [0.5] * 5)
    assert m.selection_rate(tied, m.cutoff_for_selection_rate(tied, 0.45)) == pytest.approx(0.5)


def test_roc_points_end_at_corners() -> None:
    points = m.roc_points([0, 1, 0, 1], [0.1, 0.9, 0.4, 0.3])
    assert (points[0]["fpr"], points[0]["tpr"]) == (0.0, 0.0)
    assert (points[-1]["fpr"], points[-1]["tpr"]) == (1.0, 1.0)


def test_bootstrap_intervals_cover_the_estimate_and_are_reproducible() -> None:
    rng = np.random.default_rng(5)
    p = rng.uniform(size=3000)
    y = (rng.uniform(size=p.size) < p).astype(int)
    first = bootstrap_metrics(y, p, cutoff=0.5, resamples=300, seed=7)
    again = bootstrap_metrics(y, p, cutoff=0.5, resamples=300, seed=7)
    assert first == again
    for key in ("auc", "brier", "ece", "calibration_slope", "sensitivity", "ppv", "selection_rate"):
        assert first[key]["lower"] <= first[key]["value"] <= first[key]["upper"], key
    assert first["auc"]["value"] == pytest.approx(roc_auc_score(y, p))
    # the AUC interval has roughly the analytic width (~ +/- 0.016 for this sample)
    assert 0.02 < first["auc"]["upper"] - first["auc"]["lower"] < 0.05
