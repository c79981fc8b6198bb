"""OGRS3, the Offender Group Reconviction Scale version 3, as a calculator.

OGRS3 (Howard, Francis, Soothill and Humphreys, *OGRS 3: the revised Offender Group Reconviction
Scale*, Ministry of Justice, 2009) estimates the probability of a proven reoffence within one and
two years from four static facts: sex and age, the criminal career (the Copas rate), whether this
is a first sanction, and the current offence group::

    copas = ln((1 + previous sanctions) / (10 + age at current conviction - age at first sanction))
    x     = 1.251124464 * copas + status + age_sex[sex, age at start of follow-up] + offence[group]
    p1    = logistic(x + 1.402562384)      p2 = logistic(x + 2.121705678)

Sources of the coefficients (see docs/decisions/0007-ogrs3-table-choices.md for every choice):

* ministryofjustice/hmpps-arns-risk-actuarial-api (MIT licence, as the lead's brief and the
  project's DOMAIN.md state; the LICENSE file itself is not in the stored copy that was read):
  ``src/main/kotlin/uk/gov/justice/digital/hmpps/arnsriskactuarialapi/service/transformation/
  OGRS3TransformationHelper.kt`` (constants, status, age-sex table, bands) and
  ``src/main/resources/offensegroupparameters/CT_Offence_min.csv`` (offence-group weights per Home
  Office code). That code prints the values rounded to 4 or 5 decimals.
* The same coefficients at the 9 decimals of Howard et al. (2009), which is the precision of the
  constants above, in two independent public copies: an R calculator ("OGRS 3 - Calculator", after
  Breiling, Dahle, Oberlader and Rettenberger 2022 and Howard et al. 2009) and
  Bradley-Butcher/nsduh_modelling ``cj_pipeline/ogrs3_coefs.py``. Every value used here rounds to
  the MoJ value at the MoJ's precision, except the two entries where published copies disagree
  (the test suite checks this entry by entry):

  - females aged 10-15: MoJ prints +0.785 / +0.61385 / +0.66952, the full-precision copies print
    the same digits negative. Reintegra uses the negative values.
  - "sexual (not against a child)": MoJ 0.0328, the R copy 0.003276327. Reintegra uses 0.0328.

This module is pure Python: the functions need nothing but ``math``; ``ogrs3_two_year`` and
``ogrs3_one_year`` adapt them to the instrument engine's calculator interface.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reintegra.assessments.instruments.model import CalculatorResult, Contribution

# -- coefficients (Howard et al. 2009; see the module docstring) ---------------------------------
COPAS_WEIGHT = 1.251124464
STATUS_FIRST_SANCTION = 0.126142106
STATUS_REPEAT = 0.463062792
INTERCEPT_ONE_YEAR = 1.402562384
INTERCEPT_TWO_YEAR = 2.121705678

#: Age bands of the age-sex table: (lowest age, highest age or None for "and over").
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (10, 11), (12, 13), (14, 15), (16, 17), (18, 20), (21, 24),
    (25, 29), (30, 34), (35, 39), (40, 49), (50, None),
)

#: Age-sex weights, one per AGE_BANDS entry.
AGE_SEX: dict[str, tuple[float, ...]] = {
    "male": (
        0.0, 0.083922902, 0.075775765, -0.061594199, -0.625103618, -1.051515067,
        -1.166679288, -1.325976554, -1.368045933, -1.499690953, -2.025261458,
    ),
    # 10-11, 12-13, 14-15: negative, as in the full-precision copies (decision 0007; MoJ prints them positive)
    "female": (
        -0.785038489, -0.613852078, -0.669521331, -0.959179629, -0.897480934, -1.028488454,
        -1.052777806, -1.129127959, -1.42187494, -1.524652221, -2.44983716,
    ),
}

#: Offence-group weights; the keys are the option codes of the ``offence_group`` item.
OFFENCE_GROUPS: dict[str, float] = {
    "violence": 0.0,
    "robbery": -0.634795912,
    "public_order": 0.181917975,
    "sexual_not_child": 0.0328,  # as MoJ publishes it (decision 0007; another copy has 0.003276327)
    "sexual_child": -0.653434071,
    "soliciting": 0.760608858,
    "burglary_domestic": -0.12394352,
    "burglary_other": 0.240604429,
    "theft_non_motor": 0.661244321,
    "handling": 0.351866973,
    "fraud_forgery": 0.159910192,
    "absconding_bail": 0.733378677,
    "vehicle_taking": 0.380059431,
    "theft_from_vehicle": 0.427225615,
    "other_motoring": 0.262228428,
    "drink_driving": -0.121439408,
    "criminal_damage": 0.204960477,
    "drug_import_production": -0.795556373,
    "drug_possession_supply": 0.077165871,
    "other": -0.060667525,
}

#: Published OGRS3 bands on the two-year score in whole per cent: (band code, lowest per cent).
BANDS: tuple[tuple[str, int], ...] = (("low", 0), ("moderate", 50), ("high", 75), ("very_high", 90))

MIN_AGE = 10
MAX_AGE = 100
MAX_SANCTIONS = 500

# item codes of the ogrs3 definition file
SEX = "sex"
AGE_FIRST_SANCTION = "age_first_sanction"
AGE_CONVICTION = "age_conviction"
AGE_FOLLOWUP = "age_followup"
SANCTIONS_TOTAL = "sanctions_total"
OFFENCE_GROUP = "offence_group"

# English labels of the contributions (the definition file carries the translations)
LABELS = {
    "copas": {"en": "Criminal career (Copas rate)", "es": "Carrera delictiva (tasa de Copas)"},
    "status": {"en": "First sanction or repeat", "es": "Primera sanción o reincidencia"},
    "age_sex": {"en": "Age and sex", "es": "Edad y sexo"},
    "offence": {"en": "Current offence group", "es": "Grupo del delito actual"},
}


@dataclass(frozen=True)
class Ogrs3Inputs:
    """Validated OGRS3 inputs."""

    sex: str
    age_first_sanction: int
    age_conviction: int
    age_followup: int
    sanctions_total: int
    offence_group: str

    @property
    def previous_sanctions(self) -> int:
        """Sanctions before the current one."""
        return self.sanctions_total - 1


@dataclass(frozen=True)
class Ogrs3Score:
    """Every term of an OGRS3 calculation, kept so the result can be explained."""

    copas_rate: float
    copas_term: float
    status: float
    age_sex: float
    offence: float
    logit: float  # x, before the one- or two-year intercept
    one_year: float
    two_year: float

    @property
    def one_year_percent(self) -> int:
        """The one-year probability as shown: whole per cent, halves rounded up."""
        return percent(self.one_year)

    @property
    def two_year_percent(self) -> int:
        """The two-year probability as shown: whole per cent, halves rounded up."""
        return percent(self.two_year)

    @property
    def band(self) -> str:
        """The published OGRS3 band of the two-year score (as shown, in whole per cent)."""
        return band_for_percent(self.two_year_percent)


def logistic(x: float) -> float:
    """1 / (1 + e^-x), computed without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    ex = math.exp(x)
    return ex / (1.0 + ex)


def percent(probability: float) -> int:
    """A probability as a whole percentage, halves rounded up (0.165 -> 17)."""
    return math.floor(probability * 100 + 0.5)


def band_for_percent(value: int) -> str:
    """The OGRS3 band code of a whole-percent two-year score."""
    chosen = BANDS[0][0]
    for code, lowest in BANDS:
        if value >= lowest:
            chosen = code
    return chosen


def age_band_index(age: int) -> int:
    """Index into AGE_BANDS of ``age`` (10 and over)."""
    for i, (low, high) in enumerate(AGE_BANDS):
        if age >= low and (high is None or age <= high):
            return i
    raise ValueError(f"OGRS3 has no age band for age {age}")


def age_sex_weight(sex: str, age: int) -> float:
    """The age-sex weight for ``sex`` ("male" | "female") at ``age`` (start of follow-up)."""
    return AGE_SEX[sex][age_band_index(age)]


def copas_rate(previous_sanctions: int, age_conviction: int, age_first_sanction: int) -> float:
    """ln((1 + previous sanctions) / (10 + age at current conviction - age at first sanction))."""
    return math.log((1 + previous_sanctions) / (10 + age_conviction - age_first_sanction))


def ogrs3_compute(inputs: Ogrs3Inputs) -> Ogrs3Score:
    """Compute OGRS3 from validated inputs."""
    rate = copas_rate(inputs.previous_sanctions, inputs.age_conviction, inputs.age_first_sanction)
    copas_term = COPAS_WEIGHT * rate
    status = STATUS_FIRST_SANCTION if inputs.sanctions_total == 1 else STATUS_REPEAT
    age_sex = age_sex_weight(inputs.sex, inputs.age_followup)
    offence = OFFENCE_GROUPS[inputs.offence_group]
    x = copas_term + status + age_sex + offence
    return Ogrs3Score(
        copas_rate=rate, copas_term=copas_term, status=status, age_sex=age_sex, offence=offence,
        logit=x, one_year=logistic(x + INTERCEPT_ONE_YEAR), two_year=logistic(x + INTERCEPT_TWO_YEAR),
    )


def _whole_number(answers: Mapping[str, Any], code: str, errors: dict[str, list[Any]]) -> int | None:
    """The answer to number item ``code`` as an int, or None with a message in ``errors``."""
    value = answers.get(code)
    if value is None or value == "":
        errors[code] = [_("This answer is needed to calculate OGRS3.")]
        return None
    if isinstance(value, bool):
        errors[code] = [_("Enter a whole number.")]
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors[code] = [_("Enter a whole number.")]
        return None
    if not number.is_integer():
        errors[code] = [_("Enter a whole number.")]
        return None
    return int(number)


def ogrs3_validate(answers: Mapping[str, Any]) -> Ogrs3Inputs:
    """Check the answers and return the inputs, or raise ValidationError keyed by item code."""
    errors: dict[str, list[Any]] = {}
    sex = answers.get(SEX)
    if sex not in AGE_SEX:
        errors[SEX] = [_("OGRS3 needs the sex recorded as male or female; its tables cover only these.")]
    group = answers.get(OFFENCE_GROUP)
    if group not in OFFENCE_GROUPS:
        errors[OFFENCE_GROUP] = [_("Choose one of the OGRS3 offence groups.")]
    ages = {code: _whole_number(answers, code, errors) for code in (AGE_FIRST_SANCTION, AGE_CONVICTION, AGE_FOLLOWUP)}
    for code, age in ages.items():
        if age is not None and not MIN_AGE <= age <= MAX_AGE:
            errors[code] = [_("Enter an age from %(min)s to %(max)s.") % {"min": MIN_AGE, "max": MAX_AGE}]
            ages[code] = None
    total = _whole_number(answers, SANCTIONS_TOTAL, errors)
    if total is not None and not 1 <= total <= MAX_SANCTIONS:
        errors[SANCTIONS_TOTAL] = [
            _("Enter the number of sanctions including the current one: at least 1, at most %(max)s.")
            % {"max": MAX_SANCTIONS}
        ]
    first, conviction, followup = ages[AGE_FIRST_SANCTION], ages[AGE_CONVICTION], ages[AGE_FOLLOWUP]
    if first is not None and conviction is not None and first > conviction:
        errors[AGE_FIRST_SANCTION] = [_("The age at first sanction cannot be above the age at the current conviction.")]
    if conviction is not None and followup is not None and followup < conviction:
        errors[AGE_FOLLOWUP] = [_("The age at the start of follow-up cannot be below the age at the current conviction.")]
    if total == 1 and first is not None and conviction is not None and first != conviction and AGE_FIRST_SANCTION not in errors:
        errors[AGE_FIRST_SANCTION] = [
            _("With one sanction in all, the current conviction is the first sanction: the two ages must be equal.")
        ]
    if errors:
        raise ValidationError(errors)
    return Ogrs3Inputs(
        sex=str(sex), age_first_sanction=int(first or 0), age_conviction=int(conviction or 0),
        age_followup=int(followup or 0), sanctions_total=int(total or 0), offence_group=str(group),
    )


def _result(score: Ogrs3Score, inputs: Ogrs3Inputs, probability: float) -> CalculatorResult:
    """The engine result for one of the two probabilities; contributions explain the logit."""
    contributions = [
        Contribution("factor", "copas", LABELS["copas"], score.copas_term,
                     answer=f"(1 + {inputs.previous_sanctions}) / (10 + {inputs.age_conviction} - {inputs.age_first_sanction})"),
        Contribution("factor", "status", LABELS["status"], score.status,
                     answer="first" if inputs.sanctions_total == 1 else "repeat"),
        Contribution("factor", "age_sex", LABELS["age_sex"], score.age_sex, answer=f"{inputs.sex} {inputs.age_followup}"),
        Contribution("factor", "offence", LABELS["offence"], score.offence, answer=inputs.offence_group),
    ]
    details = {
        "copas_rate": score.copas_rate,
        "logit": score.logit,
        "one_year": score.one_year,
        "two_year": score.two_year,
        "one_year_percent": score.one_year_percent,
        "two_year_percent": score.two_year_percent,
        "ogrs3_band": score.band,
        "tables": "decision-0007",
    }
    return CalculatorResult(score=probability, contributions=contributions, details=details, max=1.0)


def ogrs3_two_year(answers: Mapping[str, Any]) -> CalculatorResult:
    """Calculator ``ogrs3``: the two-year probability (the scale that gives the OGRS3 band)."""
    inputs = ogrs3_validate(answers)
    score = ogrs3_compute(inputs)
    return _result(score, inputs, score.two_year)


def ogrs3_one_year(answers: Mapping[str, Any]) -> CalculatorResult:
    """Calculator ``ogrs3_one_year``: the one-year probability."""
    inputs = ogrs3_validate(answers)
    score = ogrs3_compute(inputs)
    return _result(score, inputs, score.one_year)


CALCULATORS = {"ogrs3": ogrs3_two_year, "ogrs3_one_year": ogrs3_one_year}
