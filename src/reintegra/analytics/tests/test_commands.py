"""``reintegra model``: the CSV path's messages and the other subcommands."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from reintegra.accounts.tests.factories import Role, user_with_role
from reintegra.analytics.models import TrainedModel

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("model", *args, stdout=out)
    return out.getvalue()


def train_args(csv: Path, *extra: str) -> list[str]:
    return ["train", "--csv", str(csv), "--target", "y", "--features", "age,priors,sex", "--bootstrap", "20", *extra]


def test_train_from_csv_prints_a_summary(csv_file: Path) -> None:
    out = run("train", "--csv", str(csv_file), "--target", "y", "--features", "age,priors", "--bootstrap", "20",
              "--group", "group", "sex", "--time", "when", "--family", "scorecard", "--purpose", "demo")
    assert "Trained model" in out and "demo v1" in out
    assert "audit-only groups (not inputs): group, sex" in out
    assert "fairness by group" in out and "fairness by sex" in out and "time split at" in out
    model = TrainedModel.objects.get()
    assert model.family == "scorecard" and not {"group", "sex"} & set(model.spec["features"])


@pytest.mark.parametrize("change, message", [
    (lambda p: ["train", "--csv", "/no/such.csv", "--target", "y", "--features", "age"], "File not found: /no/such.csv"),
    (lambda p: train_args(p)[:6] + ["age,weight,height"], "These columns are not in the file: weight, height"),
    (lambda p: ["train", "--csv", str(p), "--target", "sex", "--features", "age"], "found 2 distinct values: F, M"),
    (lambda p: train_args(p, "--group", "sex"), "sex is listed both as a group and as a feature"),
])
def test_train_errors_name_the_problem(csv_file: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        run(*change(csv_file))
    assert not TrainedModel.objects.exists()


def test_too_few_rows(tmp_path: Path, csv_file: Path) -> None:
    small = tmp_path / "small.csv"
    pd.read_csv(csv_file).head(30).to_csv(small, index=False)
    with pytest.raises(CommandError, match="has 30 rows; at least 50 are needed"):
        run(*train_args(small))


def test_unparseable_time_column(tmp_path: Path, csv_file: Path) -> None:
    bad = tmp_path / "bad.csv"
    frame = pd.read_csv(csv_file)
    frame.loc[3, "when"] = "soon"
    frame.to_csv(bad, index=False)
    with pytest.raises(CommandError, match="time: The time column when has 1 values that are not dates"):
        run(*train_args(bad, "--time", "when"))


def test_list_card_activate_and_monitor(csv_file: Path, tmp_path: Path) -> None:
    assert "No trained models yet." in run("list")
    run(*train_args(csv_file, "--family", "logistic"))
    model = TrainedModel.objects.get()
    assert f"{model.pk:>4}  csv-y" in run("list")
    card = json.loads(run("card", str(model.pk)))
    assert card["family"] == "logistic" and card["coefficients"] and card["charts"]["roc"]["layer"]
    html = tmp_path / "card.html"
    run("card", str(model.pk), "--html", str(html))
    assert "Fairness by group" in html.read_text()
    officer = user_with_role(Role.PROBATION_OFFICER)
    with pytest.raises(CommandError, match="may not approve models"):
        run("activate", str(model.pk), "--by", officer.username)
    analyst = user_with_role(Role.ANALYST)
    assert "is now active" in run("activate", str(model.pk), "--by", analyst.username, "--priority", "calibration")
    model.refresh_from_db()
    assert model.active and model.approved_by == analyst
    assert "at least 30 needed" in run("monitor")
