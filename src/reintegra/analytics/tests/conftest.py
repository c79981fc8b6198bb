from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reintegra.analytics.riskmodels.dataset import DatasetSpec, dataset_from_frame
from reintegra.analytics.tests.test_training import synthetic


@pytest.fixture
def small_dataset():  # type: ignore[no-untyped-def]
    return dataset_from_frame(synthetic(600, seed=4), DatasetSpec(
        target="y", features=("age", "priors", "sex"), groups=("group",), time="when"))


@pytest.fixture
def make_model(small_dataset):  # type: ignore[no-untyped-def]
    from reintegra.analytics.services import trained_model_train

    def make(family: str = "scorecard", purpose: str = "test-purpose", **kw):  # type: ignore[no-untyped-def]
        return trained_model_train(dataset=small_dataset, source="csv", family=family, purpose=purpose,
                                   bootstrap=50, **kw)

    return make


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    synthetic(300, seed=8).to_csv(path, index=False)
    return path


@pytest.fixture(autouse=True)
def _case_staff_see_everyone(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests here are about records, not scope (see ``accounts.tests.scoping``)."""
    from reintegra.accounts.tests.scoping import case_staff_see_everyone

    yield from case_staff_see_everyone()
