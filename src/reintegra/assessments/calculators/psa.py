"""The Public Safety Assessment (PSA, Arnold Ventures), a pretrial tool for people aged 18 and over.

Nine factors give three scores: failure to appear (FTA, raw 0-7 -> scaled 1-6), new criminal
activity (NCA, raw 0-13 -> scaled 1-6) and new violent criminal activity (NVCA, raw 0-7 -> a
violence flag at 4 or more). Weights and conversion tables as published by Advancing Pretrial
Policy and Research, "How the PSA works" (https://www.advancingpretrial.org/how-the-psa-works,
also https://www.psapretrial.org/about/factors) and the PSA Scoring Manual
(https://www.advancingpretrial.org/resource/psa-scoring-manual-2022-edition, "the PSA should be
used for people age 18 and older")::

    factor                                     FTA          NCA              NVCA
    age at current arrest                       -      22 or younger: 2       -
    current violent offence                     -           -            yes: 2
    current violent offence and age <= 20       -           -            yes: 1
    pending charge at the time of the offence  yes: 1     yes: 3           yes: 1
    prior misdemeanour conviction               -         yes: 1            -
    prior felony conviction                     -         yes: 1            -
    prior conviction (misdemeanour or felony)  yes: 1       -              yes: 1
    prior violent conviction (count)            -     1-2: 1, 3+: 2    1-2: 1, 3+: 2
    prior FTA in the past two years (count)  1: 2, 2+: 4  1: 1, 2+: 2       -
    prior FTA older than two years             yes: 1       -               -
    prior sentence to incarceration             -         yes: 2            -

    FTA raw  0 1 2 3 4 5 6 7            NCA raw  0 1 2 3 4 5 6 7 8 9-13
    scaled   1 2 3 4 4 5 5 6            scaled   1 2 2 3 3 4 4 5 5 6

The stored pages of those sites hold the factor list and the weighting text but not the tables'
cells; the cells above were checked against two independent public implementations that agree
with each other: cnxtech/psa-check ``riskfactors_and_formula.md`` and ``index.js``, and
Bradley-Butcher/nsduh_modelling ``cj_pipeline`` (the NCA and FTA scorers).

Reintegra's presentation choice, not part of the PSA: the assessment band (the contract's
low/moderate/high/very_high) is the NCA scaled score mapped 1-2 low, 3-4 moderate, 5 high,
6 very high. The PSA itself has no bands; a locally agreed Release Conditions Matrix reads the
scaled scores. FTA and NVCA are further scales (and NVCA a flag).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reintegra.assessments.instruments.model import CalculatorResult, Contribution

MIN_AGE = 18
MAX_AGE = 110
MAX_COUNT = 99

#: raw -> scaled (index = raw score)
FTA_SCALE: tuple[int, ...] = (1, 2, 3, 4, 4, 5, 5, 6)
NCA_SCALE: tuple[int, ...] = (1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6, 6, 6)
NVCA_FLAG_AT = 4
FTA_MAX, NCA_MAX, NVCA_MAX = 7, 13, 7

#: Reintegra's presentation of the NCA scaled score as the assessment band (not part of the PSA).
NCA_BANDS: tuple[tuple[str, int], ...] = (("low", 1), ("moderate", 3), ("high", 5), ("very_high", 6))

# item codes of the psa definition file
AGE = "age_arrest"
CURRENT_VIOLENT = "current_violent"
PENDING = "pending_charge"
PRIOR_MISDEMEANOUR = "prior_misdemeanour"
PRIOR_FELONY = "prior_felony"
PRIOR_VIOLENT = "prior_violent"
FTA_RECENT = "fta_recent"
FTA_OLD = "fta_old"
PRIOR_INCARCERATION = "prior_incarceration"

YES_NO_ITEMS = (CURRENT_VIOLENT, PENDING, PRIOR_MISDEMEANOUR, PRIOR_FELONY, FTA_OLD, PRIOR_INCARCERATION)
COUNT_ITEMS = (PRIOR_VIOLENT, FTA_RECENT)

LABELS: dict[str, dict[str, str]] = {
    "age": {"en": "Age at current arrest", "es": "Edad en la detención actual"},
    "current_violent": {"en": "Current violent offence", "es": "Delito violento actual"},
    "violent_young": {"en": "Current violent offence and aged 20 or younger",
                      "es": "Delito violento actual y 20 años o menos"},
    "pending": {"en": "Pending charge at the time of the offence", "es": "Cargo pendiente en el momento del delito"},
    "prior_misdemeanour": {"en": "Prior misdemeanour conviction", "es": "Condena previa por delito menor"},
    "prior_felony": {"en": "Prior felony conviction", "es": "Condena previa por delito grave"},
    "prior_conviction": {"en": "Prior conviction (misdemeanour or felony)",
                         "es": "Condena previa (delito menor o grave)"},
    "prior_violent": {"en": "Prior violent convictions", "es": "Condenas previas por delitos violentos"},
    "fta_recent": {"en": "Prior failures to appear in the past two years",
                   "es": "Incomparecencias previas en los dos últimos años"},
    "fta_old": {"en": "Prior failure to appear older than two years",
                "es": "Incomparecencia previa de hace más de dos años"},
    "prior_incarceration": {"en": "Prior sentence to incarceration", "es": "Condena previa a privación de libertad"},
}


@dataclass(frozen=True)
class PsaInputs:
    """Validated PSA inputs (the nine factors)."""

    age: int
    current_violent: bool
    pending_charge: bool
    prior_misdemeanour: bool
    prior_felony: bool
    prior_violent: int
    fta_recent: int
    fta_old: bool
    prior_incarceration: bool

    @property
    def prior_conviction(self) -> bool:
        """Factor 5A: any prior conviction, misdemeanour or felony."""
        return self.prior_misdemeanour or self.prior_felony


@dataclass(frozen=True)
class PsaScale:
    """One PSA score: the points of each factor, the raw total and its scaled form."""

    factors: tuple[tuple[str, int, Any], ...]  # (factor code, points, answer shown)
    raw: int
    scaled: int


def _violent_points(count: int) -> int:
    """Prior violent convictions: 0 -> 0, 1-2 -> 1, 3 or more -> 2 (NCA and NVCA)."""
    return 0 if count == 0 else 1 if count <= 2 else 2


def _scale(factors: list[tuple[str, int, Any]], conversion: tuple[int, ...] | None) -> PsaScale:
    raw = sum(points for _code, points, _answer in factors)
    return PsaScale(tuple(factors), raw, conversion[raw] if conversion else raw)


def psa_fta(inputs: PsaInputs) -> PsaScale:
    """Failure to appear: raw 0-7, scaled 1-6."""
    fta_recent = 0 if inputs.fta_recent == 0 else 2 if inputs.fta_recent == 1 else 4
    return _scale([
        ("pending", 1 if inputs.pending_charge else 0, inputs.pending_charge),
        ("prior_conviction", 1 if inputs.prior_conviction else 0, inputs.prior_conviction),
        ("fta_recent", fta_recent, inputs.fta_recent),
        ("fta_old", 1 if inputs.fta_old else 0, inputs.fta_old),
    ], FTA_SCALE)


def psa_nca(inputs: PsaInputs) -> PsaScale:
    """New criminal activity: raw 0-13, scaled 1-6."""
    fta_recent = 0 if inputs.fta_recent == 0 else 1 if inputs.fta_recent == 1 else 2
    return _scale([
        ("age", 2 if inputs.age <= 22 else 0, inputs.age),
        ("pending", 3 if inputs.pending_charge else 0, inputs.pending_charge),
        ("prior_misdemeanour", 1 if inputs.prior_misdemeanour else 0, inputs.prior_misdemeanour),
        ("prior_felony", 1 if inputs.prior_felony else 0, inputs.prior_felony),
        ("prior_violent", _violent_points(inputs.prior_violent), inputs.prior_violent),
        ("fta_recent", fta_recent, inputs.fta_recent),
        ("prior_incarceration", 2 if inputs.prior_incarceration else 0, inputs.prior_incarceration),
    ], NCA_SCALE)


def psa_nvca(inputs: PsaInputs) -> PsaScale:
    """New violent criminal activity: raw 0-7 (``scaled`` is the raw score; the flag is raw >= 4)."""
    young_violent = inputs.current_violent and inputs.age <= 20
    return _scale([
        ("current_violent", 2 if inputs.current_violent else 0, inputs.current_violent),
        ("violent_young", 1 if young_violent else 0, young_violent),
        ("pending", 1 if inputs.pending_charge else 0, inputs.pending_charge),
        ("prior_conviction", 1 if inputs.prior_conviction else 0, inputs.prior_conviction),
        ("prior_violent", _violent_points(inputs.prior_violent), inputs.prior_violent),
    ], None)


def nvca_flag(raw: int) -> bool:
    """The violence flag: NVCA raw score 4 or more."""
    return raw >= NVCA_FLAG_AT


def nca_band(scaled: int) -> str:
    """Reintegra's band for an NCA scaled score (presentation choice, not part of the PSA)."""
    chosen = NCA_BANDS[0][0]
    for code, lowest in NCA_BANDS:
        if scaled >= lowest:
            chosen = code
    return chosen


def _yes_no(value: Any) -> bool | None:
    """'yes'/'no' (or a bool) as a bool; None when it is neither."""
    if isinstance(value, bool):
        return value
    if value in ("yes", "no"):
        return value == "yes"
    return None


def _count(value: Any) -> int | None:
    """A whole number of 0 or more, or None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def psa_validate(answers: Mapping[str, Any]) -> PsaInputs:
    """Check the answers and return the inputs, or raise ValidationError keyed by item code."""
    errors: dict[str, list[Any]] = {}
    age = _count(answers.get(AGE))
    if age is None:
        errors[AGE] = [_("Enter the age at the current arrest in whole years.")]
    elif age < MIN_AGE:
        errors[AGE] = [_("The PSA is for people aged %(min)s or older; it cannot be scored for someone aged %(age)s.")
                       % {"min": MIN_AGE, "age": age}]
    elif age > MAX_AGE:
        errors[AGE] = [_("Enter an age of at most %(max)s.") % {"max": MAX_AGE}]
    flags: dict[str, bool] = {}
    for code in YES_NO_ITEMS:
        value = _yes_no(answers.get(code))
        if value is None:
            errors[code] = [_("Answer yes or no: this answer is needed to score the PSA.")]
        else:
            flags[code] = value
    counts: dict[str, int] = {}
    for code in COUNT_ITEMS:
        value = _count(answers.get(code))
        if value is None or not 0 <= value <= MAX_COUNT:
            errors[code] = [_("Enter a whole number from 0 to %(max)s.") % {"max": MAX_COUNT}]
        else:
            counts[code] = value
    if errors:
        raise ValidationError(errors)
    return PsaInputs(
        age=int(age or 0), current_violent=flags[CURRENT_VIOLENT], pending_charge=flags[PENDING],
        prior_misdemeanour=flags[PRIOR_MISDEMEANOUR], prior_felony=flags[PRIOR_FELONY],
        prior_violent=counts[PRIOR_VIOLENT], fta_recent=counts[FTA_RECENT], fta_old=flags[FTA_OLD],
        prior_incarceration=flags[PRIOR_INCARCERATION],
    )


def _contributions(scale: PsaScale) -> list[Contribution]:
    return [Contribution("factor", code, LABELS[code], float(points), answer=answer)
            for code, points, answer in scale.factors]


def calculate_nca(answers: Mapping[str, Any]) -> CalculatorResult:
    """Calculator ``psa_nca``: the NCA scaled score 1-6 (the primary scale; bands are Reintegra's)."""
    scale = psa_nca(psa_validate(answers))
    return CalculatorResult(score=float(scale.scaled), contributions=_contributions(scale),
                            details={"raw": scale.raw, "raw_max": NCA_MAX, "scaled": scale.scaled}, max=6.0)


def calculate_fta(answers: Mapping[str, Any]) -> CalculatorResult:
    """Calculator ``psa_fta``: the FTA scaled score 1-6."""
    scale = psa_fta(psa_validate(answers))
    return CalculatorResult(score=float(scale.scaled), contributions=_contributions(scale),
                            details={"raw": scale.raw, "raw_max": FTA_MAX, "scaled": scale.scaled}, max=6.0)


def calculate_nvca(answers: Mapping[str, Any]) -> CalculatorResult:
    """Calculator ``psa_nvca``: the NVCA raw score 0-7; the violence flag is raised at 4 or more."""
    scale = psa_nvca(psa_validate(answers))
    flag = nvca_flag(scale.raw)
    return CalculatorResult(score=float(scale.raw), contributions=_contributions(scale),
                            details={"raw": scale.raw, "raw_max": NVCA_MAX, "flag": flag,
                                     "flags": ["nvca"] if flag else []}, max=float(NVCA_MAX))


CALCULATORS = {"psa_nca": calculate_nca, "psa_fta": calculate_fta, "psa_nvca": calculate_nvca}
