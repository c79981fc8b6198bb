"""Real public data: the Rossi trial through the CSV path, and the COMPAS benchmark targets."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reintegra.analytics.models import TrainedModel
from reintegra.analytics.riskmodels import metrics as m
from reintegra.analytics.riskmodels.compas import FEATURES, TARGET, compas_frame, group_error_rates
from reintegra.analytics.riskmodels.dataset import DatasetSpec, dataset_from_frame
from reintegra.analytics.riskmodels.families import family_get
from reintegra.analytics.riskmodels.validation import out_of_fold
from reintegra.analytics.services import trained_model_train_csv

pytestmark = pytest.mark.validation_data


@pytest.mark.django_db
def test_rossi_csv_trains_and_reports_an_auc(validation_data: Path) -> None:
    model = trained_model_train_csv(
        path=validation_data / "rossi" / "rossi.csv", target="arrest",
        features=["fin", "age", "wexp", "mar", "paro", "prio"], groups=["race"], bootstrap=200,
    )
    assert isinstance(model, TrainedModel) and model.data_description["rows"] == 432
    assert model.data_description["base_rate"] == pytest.approx(0.264, abs=0.001)
    assert 0.5 < model.metrics["auc"]["value"] < 1
    assert "race" not in model.spec["features"] and "race" in model.fairness


@pytest.fixture(scope="module")
def compas(validation_data: Path):  # type: ignore[no-untyped-def]
    df = compas_frame(validation_data)
    dataset = dataset_from_frame(df, DatasetSpec(target=TARGET, features=FEATURES, groups=("race",)))
    oof = {
        family: out_of_fold(family_get(family), dataset.X, dataset.y, folds=5, seed=2024)[0]
        for family in ("logistic", "scorecard")
    }
    return df, dataset, oof


def test_compas_filter_and_decile_auc(compas) -> None:  # type: ignore[no-untyped-def]
    df, dataset, _ = compas
    assert len(df) == 6172
    assert dataset.y.mean() == pytest.approx(0.455, abs=0.001)
    assert m.auc(dataset.y, df["decile_score"]) == pytest.approx(0.710, abs=0.002)
    assert "race" not in dataset.X.columns


def test_compas_targets(compas) -> None:  # type: ignore[no-untyped-def]
    df, dataset, oof = compas
    y = dataset.y
    spec = family_get("scorecard").fit(dataset.X, y).spec()
    assert len(spec["features"]) <= 8
    assert m.auc(y, oof["scorecard"]) >= 0.72
    assert m.auc(y, oof["logistic"]) >= 0.73
    assert m.brier(y, oof["logistic"]) <= 0.21
    naive_ece = m.expected_calibration_error(y, df["decile_score"] / 10)
    assert m.expected_calibration_error(y, oof["logistic"]) < naive_ece
    assert m.expected_calibration_error(y, oof["scorecard"]) < naive_ece

    race = dataset.groups["race"]
    compas_flag = (df["decile_score"].to_numpy() >= 5).astype(int)
    def gap(flagged: np.ndarray) -> float:
        return (group_error_rates(y, flagged, race, "African-American")[0]
                - group_error_rates(y, flagged, race, "Caucasian")[0])
    compas_gap = gap(compas_flag)
    assert compas_gap == pytest.approx(0.20, abs=0.01)  # 0.42 vs 0.22, as ProPublica reported
    for family in ("logistic", "scorecard"):
        cut = m.cutoff_for_selection_rate(oof[family], compas_flag.mean())
        flagged = (oof[family] >= cut).astype(int)
        assert abs(flagged.mean() - compas_flag.mean()) < 0.01
        assert abs(gap(flagged)) < abs(compas_gap), family
