"""COMPAS on its own data: do transparent models match or beat it, and are they fairer?

    .venv/bin/python bench/risk_compas.py [--data DIR] [--seed 2024] [--bootstrap 1000]

Reads <REINTEGRA_VALIDATION_DATA>/compas/compas-scores-two-years.csv (default ../shared/data),
applies ProPublica's standard filter (6,172 rows) and compares, all out of sample with stratified
5-fold cross-validation and a fixed seed: the COMPAS decile score, the logistic model and the
points scorecard (plus gradient boosting as an unexplainable reference). Race is never an input;
it is used only for the error rates by group. Prints every figure the issue asks for and whether
each target is met.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reintegra.analytics.riskmodels import metrics as m  # noqa: E402
from reintegra.analytics.riskmodels.bootstrap import bootstrap_metrics  # noqa: E402
from reintegra.analytics.riskmodels.compas import FEATURES, TARGET, compas_frame, group_error_rates  # noqa: E402
from reintegra.analytics.riskmodels.dataset import DatasetSpec, dataset_from_frame  # noqa: E402
from reintegra.analytics.riskmodels.families import family_get  # noqa: E402
from reintegra.analytics.riskmodels.validation import out_of_fold  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

AA, CAU = "African-American", "Caucasian"


def decile_calibrated(df: pd.DataFrame, y: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """COMPAS decile turned into a probability fairly: each decile's outcome rate in the training folds."""
    out = np.empty(len(y))
    decile = df["decile_score"].to_numpy()
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(decile, y):
        rates = {d: y[train][decile[train] == d].mean() for d in np.unique(decile[train])}
        out[test] = [rates.get(d, y[train].mean()) for d in decile[test]]
    return out


def race_rates(y: np.ndarray, flagged: np.ndarray, race: np.ndarray) -> dict[str, tuple[float, float]]:
    return {group: group_error_rates(y, flagged, race, group) for group in (AA, CAU)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("REINTEGRA_VALIDATION_DATA", ROOT.parent / "shared" / "data"))
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()

    df = compas_frame(args.data)
    dataset = dataset_from_frame(df, DatasetSpec(target=TARGET, features=tuple(FEATURES), groups=("race",),
                                                 time="compas_screening_date"))
    y = dataset.y
    race = dataset.groups["race"].astype(str)
    assert "race" not in dataset.X.columns
    print(f"COMPAS two-year general recidivism, ProPublica filter: {len(df):,} rows, base rate {y.mean():.3f}")
    print(f"Inputs (race never an input): {', '.join(FEATURES)}")
    print(f"Validation: stratified {args.folds}-fold CV, seed {args.seed}; 95% CI from {args.bootstrap} bootstrap resamples\n")

    decile = df["decile_score"].to_numpy(dtype=float)
    compas_flag = (decile >= 5).astype(int)
    rate = compas_flag.mean()
    scores: dict[str, np.ndarray] = {
        "COMPAS decile/10 (naive)": decile / 10,
        "COMPAS decile, in-fold calibrated": decile_calibrated(df, y, args.folds, args.seed),
    }
    models = [("logistic", {}), ("scorecard", {"max_features": 8}), ("boosting", {})]
    labels = {"logistic": "Logistic (L2)", "scorecard": "Points scorecard", "boosting": "Boosting (reference, not explainable)"}
    for family, options in models:
        oof, _ = out_of_fold(family_get(family, **options), dataset.X, y, folds=args.folds, seed=args.seed)
        scores[labels[family]] = oof
    card = family_get("scorecard", max_features=8).fit(dataset.X, y).spec()

    print(f"{'score':40s} {'AUC (95% CI)':>22s} {'Brier (95% CI)':>22s} {'ECE (95% CI)':>22s}")
    summary: dict[str, dict[str, float]] = {}
    for name, p in scores.items():
        b = bootstrap_metrics(y, p, cutoff=0.5, resamples=args.bootstrap, seed=args.seed)
        summary[name] = {k: b[k]["value"] for k in ("auc", "brier", "ece")}
        cell = lambda k: f"{b[k]['value']:.3f} ({b[k]['lower']:.3f}-{b[k]['upper']:.3f})"  # noqa: E731
        print(f"{name:40s} {cell('auc'):>22s} {cell('brier'):>22s} {cell('ece'):>22s}")
    print(f"{'(COMPAS decile as a rank score: AUC)':40s} {m.auc(y, decile):>10.3f}")

    print(f"\nError rates by race at equal selection rate (COMPAS decile >= 5 flags {100 * rate:.1f}% of people):")
    print(f"{'score':40s} {'cut-off':>8s} {'flagged':>8s} {'FPR AA':>7s} {'FPR Cau':>7s} {'gap':>6s} {'FNR AA':>7s} {'FNR Cau':>7s} {'gap':>6s}")
    gaps: dict[str, float] = {}
    rows = [("COMPAS decile >= 5", None, compas_flag)]
    for name in list(scores)[2:]:
        cut = m.cutoff_for_selection_rate(scores[name], rate)
        rows.append((name, cut, (scores[name] >= cut).astype(int)))
    for name, cut, flagged in rows:
        r = race_rates(y, flagged, race)
        gap_fpr = r[AA][0] - r[CAU][0]
        gap_fnr = r[AA][1] - r[CAU][1]
        gaps[name] = gap_fpr
        cut_text = "5" if cut is None else f"{cut:.3f}"
        print(f"{name:40s} {cut_text:>8s} {100 * flagged.mean():>7.1f}% {r[AA][0]:>7.3f} {r[CAU][0]:>7.3f} {gap_fpr:>6.3f} "
              f"{r[AA][1]:>7.3f} {r[CAU][1]:>7.3f} {gap_fnr:>6.3f}")

    print("\nTime split: train on 2013 screenings, test on 2014")
    t = dataset.time.astype("datetime64[Y]").astype(int) + 1970
    train, test = t == 2013, t == 2014
    print(f"  2013: n={train.sum():,}, base rate {y[train].mean():.3f};  2014: n={test.sum():,}, base rate {y[test].mean():.3f}")
    print(f"  {'COMPAS decile (2014, rank)':38s} AUC {m.auc(y[test], decile[test]):.3f}")
    for family, options in models:
        fitted = family_get(family, **options).fit(dataset.X[train], y[train], seed=args.seed)
        p = fitted.predict(dataset.X[test])
        slope, intercept = m.calibration_slope_intercept(y[test], p)
        print(f"  {labels[family]:38s} AUC {m.auc(y[test], p):.3f}  Brier {m.brier(y[test], p):.3f}  "
              f"ECE {m.expected_calibration_error(y[test], p):.3f}  mean estimate {p.mean():.3f}  "
              f"calibration intercept {intercept:.2f}, slope {slope:.2f}")

    print("\nPoints scorecard (fitted on all rows):")
    for binning in card["bins"]:
        print(f"  {binning['feature']:18s} " + ", ".join(f"{b['label']}: {b['points']}" for b in binning["bins"]))
    print(f"  total points -> probability: " + ", ".join(f"{r['points']}: {r['probability']:.2f}" for r in card["table"][::3]))

    naive = summary["COMPAS decile/10 (naive)"]["ece"]
    lg, sc = summary["Logistic (L2)"], summary["Points scorecard"]
    checks = [
        (f"scorecard AUC >= 0.72 with <= 8 features ({len(card['features'])} used)", sc["auc"] >= 0.72 and len(card["features"]) <= 8, f"{sc['auc']:.3f}"),
        ("logistic AUC >= 0.73", lg["auc"] >= 0.73, f"{lg['auc']:.3f}"),
        ("logistic Brier <= 0.21", lg["brier"] <= 0.21, f"{lg['brier']:.3f}"),
        ("logistic ECE < naive COMPAS rescaling ECE", lg["ece"] < naive, f"{lg['ece']:.3f} vs {naive:.3f}"),
        ("scorecard ECE < naive COMPAS rescaling ECE", sc["ece"] < naive, f"{sc['ece']:.3f} vs {naive:.3f}"),
        ("logistic AA-Cau FPR gap < COMPAS's", abs(gaps["Logistic (L2)"]) < abs(gaps["COMPAS decile >= 5"]),
         f"{gaps['Logistic (L2)']:.3f} vs {gaps['COMPAS decile >= 5']:.3f}"),
        ("scorecard AA-Cau FPR gap < COMPAS's", abs(gaps["Points scorecard"]) < abs(gaps["COMPAS decile >= 5"]),
         f"{gaps['Points scorecard']:.3f} vs {gaps['COMPAS decile >= 5']:.3f}"),
    ]
    print("\nTargets:")
    for text, ok, figure in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {text}: {figure}")
    print(f"\nTotal time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
