"""Model families, the scorer that reads their stored spec, and the full training run."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from reintegra.analytics.riskmodels.dataset import DataError, DatasetSpec, dataset_from_frame
from reintegra.analytics.riskmodels.families import family_get
from reintegra.analytics.riskmodels.scoring import scorer_from_spec
from reintegra.analytics.riskmodels.training import train_and_validate


def synthetic(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 70, n)
    priors = rng.poisson(2, n)
    sex = rng.choice(["F", "M"], n, p=[0.2, 0.8])
    group = rng.choice(["A", "B"], n)
    eta = -0.5 - 0.04 * (age - 35) + 0.5 * np.log1p(priors) + 0.3 * (sex == "M") + 1.5 * (group == "B")
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    day = pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    return pd.DataFrame({"age": age, "priors": priors, "sex": sex, "group": group, "when": day, "y": y})


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return dataset_from_frame(synthetic(), DatasetSpec(target="y", features=("age", "priors", "sex"),
                                                       groups=("group",), time="when"))


@pytest.mark.parametrize("family", ["logistic", "scorecard"])
def test_spec_is_json_and_the_scorer_reproduces_the_predictions(dataset, family: str) -> None:  # type: ignore[no-untyped-def]
    fitted = family_get(family).fit(dataset.X, dataset.y)
    spec = json.loads(json.dumps(fitted.spec()))
    scorer = scorer_from_spec(spec)
    frame_p = fitted.predict(dataset.X)
    for i in (0, 7, 99):
        estimate = scorer.score(dataset.X.iloc[i].to_dict())
        assert estimate.probability == pytest.approx(frame_p[i], rel=1e-9)
        assert estimate.lower < estimate.probability < estimate.upper
        assert {c.feature for c in estimate.contributions} <= set(dataset.X.columns)


def test_logistic_contributions_add_up_to_the_log_odds(dataset) -> None:  # type: ignore[no-untyped-def]
    spec = family_get("logistic").fit(dataset.X, dataset.y).spec()
    estimate = scorer_from_spec(spec).score({"age": 20, "priors": 6, "sex": "M"})
    eta = spec["intercept"] + sum(c.effect for c in estimate.contributions)
    assert estimate.probability == pytest.approx(1 / (1 + np.exp(-eta)))
    top = estimate.top(1)[0]
    assert top.feature in {"age", "priors"} and top.effect > 0  # young, many priors


def test_scorecard_points_are_small_integers_and_total_maps_to_the_table(dataset) -> None:  # type: ignore[no-untyped-def]
    spec = family_get("scorecard", max_points=10).fit(dataset.X, dataset.y).spec()
    points = [b["points"] for f in spec["bins"] for b in f["bins"]]
    assert all(isinstance(p, int) and 0 <= p <= 10 for p in points)
    assert len(spec["features"]) <= 8
    estimate = scorer_from_spec(spec).score({"age": 19, "priors": 4, "sex": "M"})
    assert estimate.points == sum(int(c.effect) for c in estimate.contributions)
    table = {row["points"]: row["probability"] for row in spec["table"]}
    assert estimate.probability == pytest.approx(table[estimate.points])


def test_scorecard_keeps_at_most_max_features() -> None:
    rng = np.random.default_rng(1)
    X = pd.DataFrame({f"f{i}": rng.normal(size=800) for i in range(12)})
    y = (rng.uniform(size=800) < 1 / (1 + np.exp(-(X["f0"] + X["f1"])))).astype(float)
    spec = family_get("scorecard", max_features=3).fit(X, y).spec()
    assert len(spec["features"]) <= 3 and {"f0", "f1"} <= set(spec["features"])


def test_group_column_never_becomes_a_feature(dataset) -> None:  # type: ignore[no-untyped-def]
    # The group predicts the outcome strongly in these data: it must still never reach the model.
    result = train_and_validate(dataset, family="logistic", bootstrap=50)
    assert "group" not in result.spec["features"]
    assert all(t["feature"] != "group" for t in result.spec["terms"])
    assert "group" in result.fairness  # ...but the audit covers it
    with pytest.raises(DataError, match="never be model inputs"):
        DatasetSpec(target="y", features=("age", "group"), groups=("group",))


def test_train_and_validate_reports_everything(dataset) -> None:  # type: ignore[no-untyped-def]
    result = train_and_validate(dataset, family="scorecard", folds=5, seed=3, bootstrap=100)
    assert 0.6 < result.metrics["auc"]["value"] < 0.9
    assert result.metrics["_bootstrap"]["resamples"] == 100
    assert len(result.folds) == 5 and sum(f["n"] for f in result.folds) == len(dataset.y)
    assert len(result.calibration) == 10
    assert set(result.fairness) == {"group", "sex", "age band"}
    split = result.time_split
    assert split["available"] and split["split_at"] == "2014-01-01"
    assert split["train"]["to"] < split["test"]["from"]
    assert 0 < split["train"]["base_rate"] < 1 and 0 < split["test"]["base_rate"] < 1


def test_same_seed_same_result(dataset) -> None:  # type: ignore[no-untyped-def]
    a = train_and_validate(dataset, family="logistic", seed=9, bootstrap=50)
    b = train_and_validate(dataset, family="logistic", seed=9, bootstrap=50)
    assert np.array_equal(a.oof, b.oof) and a.metrics == b.metrics


def test_boosting_is_reference_only(dataset) -> None:  # type: ignore[no-untyped-def]
    result = train_and_validate(dataset, family="boosting", bootstrap=20)
    assert result.explainable is False
    with pytest.raises(ValueError):
        scorer_from_spec(result.spec)
