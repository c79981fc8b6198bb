"""The fairness table on a constructed case whose rates are known by construction."""
from __future__ import annotations

import numpy as np
import pytest
from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate, selection_rate

from reintegra.analytics.riskmodels.fairness import age_band, fairness_table, tradeoff_text


def constructed() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group A: 100 people, 60 with the outcome; 45 of them flagged (0.8), 15 not (0.2);
    of the 40 without, 10 flagged, 30 not. Group B: 100 people, 30 with the outcome; 15 flagged,
    15 not; of the 70 without, 7 flagged, 63 not."""
    def block(tp: int, fn: int, fp: int, tn: int) -> tuple[list[int], list[float]]:
        return [1] * tp + [1] * fn + [0] * fp + [0] * tn, [0.8] * tp + [0.2] * fn + [0.8] * fp + [0.2] * tn

    ya, pa = block(45, 15, 10, 30)
    yb, pb = block(15, 15, 7, 63)
    return np.array(ya + yb), np.array(pa + pb), np.array(["A"] * 100 + ["B"] * 100, dtype=object)


def test_fairness_table_known_rates() -> None:
    y, p, g = constructed()
    rows = {r["group"]: r for r in fairness_table(y, p, g, cutoff=0.5)}
    a, b = rows["A"], rows["B"]
    assert (a["n"], b["n"]) == (100, 100)
    assert a["base_rate"] == pytest.approx(0.60) and b["base_rate"] == pytest.approx(0.30)
    assert a["fpr"] == pytest.approx(10 / 40) and b["fpr"] == pytest.approx(7 / 70)
    assert a["fnr"] == pytest.approx(15 / 60) and b["fnr"] == pytest.approx(15 / 30)
    assert a["ppv"] == pytest.approx(45 / 55) and b["ppv"] == pytest.approx(15 / 22)
    assert a["selection_rate"] == pytest.approx(0.55) and b["selection_rate"] == pytest.approx(0.22)
    # calibration: A's 0.8 band observes 45/55, its 0.2 band 15/45
    calib = {round(r["mean_predicted"], 1): r["observed_rate"] for r in a["calibration"]}
    assert calib[0.8] == pytest.approx(45 / 55) and calib[0.2] == pytest.approx(15 / 45)


def test_fairness_table_agrees_with_fairlearn() -> None:
    y, p, g = constructed()
    flagged = (p >= 0.5).astype(int)
    frame = MetricFrame(metrics={"fpr": false_positive_rate, "fnr": false_negative_rate, "sel": selection_rate},
                        y_true=y, y_pred=flagged, sensitive_features=g)
    rows = {r["group"]: r for r in fairness_table(y, p, g, cutoff=0.5)}
    for group in ("A", "B"):
        assert rows[group]["fpr"] == pytest.approx(frame.by_group.loc[group, "fpr"])
        assert rows[group]["fnr"] == pytest.approx(frame.by_group.loc[group, "fnr"])
        assert rows[group]["selection_rate"] == pytest.approx(frame.by_group.loc[group, "sel"])


def test_small_groups_are_suppressed() -> None:
    y, p, g = constructed()
    g = g.copy()
    g[:10] = "C"
    rows = {r["group"]: r for r in fairness_table(y, p, g, cutoff=0.5)}
    assert rows["C"]["suppressed"] and "fpr" not in rows["C"]


def test_tradeoff_text_names_the_impossibility_when_base_rates_differ() -> None:
    y, p, g = constructed()
    text = " ".join(tradeoff_text(fairness_table(y, p, g, cutoff=0.5), "race"))
    assert "30.0 percentage points" in text
    assert "Kleinberg" in text and "Chouldechova" in text
    assert "record the choice" in text


def test_age_bands() -> None:
    assert list(age_band(np.array([18, 25, 34, 35, 45, np.nan]))) == [
        "under 25", "25-34", "25-34", "35-44", "45+", "missing"]
