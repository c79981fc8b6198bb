"""The training table's checks: each problem gets a message that names it."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reintegra.analytics.riskmodels.dataset import DataError, DatasetSpec, dataset_from_frame


def frame(n: int = 100, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "age": rng.integers(18, 70, n),
        "priors": rng.poisson(2, n),
        "sex": rng.choice(["F", "M"], n),
        "race": rng.choice(["A", "B"], n),
        "when": pd.date_range("2013-01-01", periods=n, freq="D").astype(str),
        "outcome": rng.integers(0, 2, n),
    })


def spec(**kw: object) -> DatasetSpec:
    base = dict(target="outcome", features=("age", "priors", "sex"), groups=("race",), time="when")
    base.update(kw)
    return DatasetSpec(**base)  # type: ignore[arg-type]


def test_a_good_table_is_split_into_features_outcome_groups_and_time() -> None:
    ds = dataset_from_frame(frame(), spec())
    assert list(ds.X.columns) == ["age", "priors", "sex"]
    assert set(np.unique(ds.y)) == {0.0, 1.0}
    assert "race" in ds.groups and "race" not in ds.X.columns
    assert ds.time is not None and ds.description["time_range"][0] == "2013-01-01"


def test_missing_columns_are_listed() -> None:
    with pytest.raises(DataError) as err:
        dataset_from_frame(frame(), spec(features=("age", "income", "postcode")))
    assert err.value.code == "missing_columns"
    assert "income, postcode" in str(err.value)


def test_non_binary_target_shows_the_values_found() -> None:
    df = frame()
    df["outcome"] = np.resize([0, 1, 2], len(df))
    with pytest.raises(DataError) as err:
        dataset_from_frame(df, spec())
    assert err.value.code == "target_not_binary"
    assert "found 3 distinct values: 0, 1, 2" in str(err.value)


def test_yes_no_and_boolean_targets_are_accepted() -> None:
    df = frame()
    df["outcome"] = np.where(df["outcome"] == 1, "Yes", "no")
    assert dataset_from_frame(df, spec()).y.sum() == (df["outcome"] == "Yes").sum()


def test_too_few_rows_says_how_many_and_the_minimum() -> None:
    with pytest.raises(DataError) as err:
        dataset_from_frame(frame(20), spec())
    assert err.value.code == "too_few_rows"
    assert "has 20 rows; at least 50" in str(err.value)


def test_too_few_events() -> None:
    df = frame()
    df["outcome"] = 0
    df.loc[:3, "outcome"] = 1
    with pytest.raises(DataError) as err:
        dataset_from_frame(df, spec())
    assert "4 rows with 1" in str(err.value)


def test_group_column_listed_as_feature_is_refused_before_reading() -> None:
    with pytest.raises(DataError) as err:
        spec(features=("age", "race"))
    assert err.value.code == "group_as_feature"
    assert "race is listed both as a group and as a feature" in str(err.value)


def test_unparseable_time_column_names_examples() -> None:
    df = frame()
    df.loc[5, "when"] = "last tuesday"
    with pytest.raises(DataError) as err:
        dataset_from_frame(df, spec())
    assert err.value.code == "time_unparseable"
    assert "'last tuesday'" in str(err.value)


def test_constant_feature_is_refused() -> None:
    df = frame()
    df["priors"] = 3
    with pytest.raises(DataError) as err:
        dataset_from_frame(df, spec())
    assert err.value.code == "feature_constant"
