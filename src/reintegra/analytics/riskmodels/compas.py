"""ProPublica's COMPAS data (Broward County): the standard filter and the inputs a model may use.

Used by ``bench/risk_compas.py`` and the validation tests. Race is loaded only for the audit.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FEATURES = ("age", "sex", "priors_count", "juv_fel_count", "juv_misd_count", "juv_other_count", "c_charge_degree")
TARGET = "two_year_recid"
FILE = Path("compas") / "compas-scores-two-years.csv"


def compas_frame(data_dir: Path) -> pd.DataFrame:
    """The two-year file with ProPublica's filter (6,172 rows)."""
    raw = pd.read_csv(Path(data_dir) / FILE)
    keep = (
        (raw.days_b_screening_arrest <= 30) & (raw.days_b_screening_arrest >= -30)
        & (raw.is_recid != -1) & (raw.c_charge_degree != "O") & (raw.score_text != "N/A")
    )
    return raw[keep].reset_index(drop=True)


def group_error_rates(y: np.ndarray, flagged: np.ndarray, group: np.ndarray, level: str) -> tuple[float, float]:
    """(false-positive rate, false-negative rate) of ``flagged`` within one group."""
    g = np.asarray(group) == level
    yg, fg = np.asarray(y)[g], np.asarray(flagged)[g]
    fpr = float(((fg == 1) & (yg == 0)).sum() / max((yg == 0).sum(), 1))
    fnr = float(((fg == 0) & (yg == 1)).sum() / max((yg == 1).sum(), 1))
    return fpr, fnr
