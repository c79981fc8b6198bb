"""The latent risk of reoffending and the time to a proven reoffence.

Each person has a latent criminal propensity ``z`` (standard normal). The seven dynamic
Central-Eight domains are noisy, ordinal read-outs of ``z``; criminal history (drawn in
``history``) also grows with ``z``. The two-year risk is a logistic function of age, history and
the domains (coefficients below, documented in docs/synthetic-jurisdiction.md). Reoffence times
follow a Weibull distribution scaled per person so that P(offence within 730 days) equals that
person's risk.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from reintegra.synth.people import Draft

FOLLOW_UP_DAYS = 730        # two years
WAITING_DAYS = 182          # a further six months for the conviction or caution to be recorded
WEIBULL_SHAPE = 0.8         # < 1: the hazard is highest just after release, as observed

# Domain order: attitudes, associates, personality, family, school/work, leisure, substance.
# How strongly each domain reflects the latent propensity (its correlation with z before rounding).
DOMAIN_LOADINGS = (0.70, 0.70, 0.60, 0.40, 0.50, 0.50, 0.45)
DOMAIN_CENTRE = 1.3         # mean level on the 0..3 scale before clipping
DOMAIN_SPREAD = 0.95


@dataclass(frozen=True)
class RiskCoefficients:
    """logit(p) = intercept + history * ln(1 + prior sanctions) + early_onset * [first offence < 18]
    + age * (age at follow-up start - 30) / 10 + female * [female] + sum(domain_k * level_k)."""

    intercept: float = -2.0
    history: float = 0.45
    early_onset: float = 0.30
    age: float = -0.35
    female: float = -0.25
    domains: tuple[float, ...] = (0.18, 0.18, 0.15, 0.08, 0.10, 0.06, 0.14)


COEFFICIENTS = RiskCoefficients()


def draw_domains(draft: Draft, *, age: float) -> list[int]:
    """The seven dynamic domain levels (0..3), correlated through ``z``.

    Younger people lean to associates and leisure problems, women slightly to family and
    substance problems; everything else comes from the propensity and noise.
    """
    s = draft.stream
    young = 1.0 if age < 25 else 0.0
    shifts = (0.0, 0.25 * young, 0.0, 0.3 if draft.female else 0.0, 0.0, 0.25 * young,
              0.2 if draft.female else 0.0)
    levels = []
    for loading, shift in zip(DOMAIN_LOADINGS, shifts):
        latent = loading * draft.z + math.sqrt(1.0 - loading * loading) * s.normal()
        value = round(DOMAIN_CENTRE + shift + DOMAIN_SPREAD * latent)
        levels.append(min(3, max(0, value)))
    return levels


def risk_logit(*, age_at_start: float, prior_sanctions: int, age_first: float, female: bool,
               domains: list[int], c: RiskCoefficients = COEFFICIENTS) -> float:
    """The risk equation (see ``RiskCoefficients``)."""
    value = (
        c.intercept
        + c.history * math.log1p(prior_sanctions)
        + c.early_onset * (1.0 if age_first < 18 else 0.0)
        + c.age * (age_at_start - 30.0) / 10.0
        + c.female * (1.0 if female else 0.0)
    )
    return value + sum(w * level for w, level in zip(c.domains, domains))


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def days_to_reoffence(u: float, p: float) -> float:
    """Inverse-CDF draw from Weibull(shape k, scale lam) where F(730) = p.

    F(t) = 1 - exp(-(t/lam)^k), so lam = 730 / (-ln(1-p))^(1/k) and t = lam * (-ln(1-u))^(1/k).
    """
    p = min(max(p, 1e-6), 1 - 1e-6)
    lam = FOLLOW_UP_DAYS / (-math.log(1.0 - p)) ** (1.0 / WEIBULL_SHAPE)
    return lam * (-math.log(1.0 - u)) ** (1.0 / WEIBULL_SHAPE)
